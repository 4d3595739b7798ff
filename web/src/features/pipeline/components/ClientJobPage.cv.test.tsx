import type { Application, ClientJobDetail } from '#contract';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs } from '../../../test/render';
import ClientJobPage from './ClientJobPage';

const candidate = (id: string, name: string, hasCv: boolean): Application => ({
  application_id: id,
  job_id: 'job-1',
  candidate_name: name,
  candidate_email: `${id}@example.com`,
  notes: null,
  client_summary: null,
  shared_with_client: false,
  client_visible: true,
  stage: 'screening',
  has_cv: hasCv,
  client_decision: null,
  client_decision_at: null,
  created_at: '2026-11-25T09:00:00.000Z',
  updated_at: '2026-11-25T09:00:00.000Z',
});

const detail: ClientJobDetail = {
  job_id: 'job-1',
  title: 'Senior Backend Engineer',
  status: 'open',
  location: null,
  employment_type: null,
  description: null,
  created_at: '2026-11-25T09:00:00.000Z',
  updated_at: '2026-11-25T09:00:00.000Z',
  counts: { applications: 2, interviews: 0, offers: 0, hires: 0 },
  recruiter: { recruiter_id: 'r-1', name: 'Rob Recruiter' },
  funnel: { applied: 2, screening: 2, interview: 0, offer: 0, hired: 0 },
  applications: [candidate('a-1', 'Ada Lovelace', true), candidate('a-2', 'Alan Turing', false)],
  interviews: [],
  offers: [],
};

describe('a CV on the client’s job page', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is offered for candidates with one, and saved under the name the server gives, the token sent in the header', async () => {
    signInAs('client');
    const asked: { url: string; authorization: string | null }[] = [];
    let cvAnswer = () =>
      new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]), {
        status: 200,
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="Ada _ CV.pdf"; filename*=UTF-8''Ada%20%E2%80%93%20CV.pdf`,
        },
      });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        const url = input;
        asked.push({ url, authorization: new Headers(init?.headers).get('Authorization') });
        if (url === '/v1/client/jobs/job-1')
          return new Response(JSON.stringify(detail), { status: 200, headers: { 'Content-Type': 'application/json' } });
        if (url === '/v1/client/applications/a-1/cv') return cvAnswer();
        throw new Error(`Unexpected request ${url}`);
      }),
    );
    const saved: string[] = [];
    // jsdom has no object URLs: the page only needs one to hand to the link.
    const objectUrls = Object.getOwnPropertyDescriptors(URL);
    URL.createObjectURL = () => 'blob:cv';
    URL.revokeObjectURL = () => {};
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(`${this.download} ${this.href}`);
    });

    renderPage(<ClientJobPage />, '/client/jobs/:jobId', '/client/jobs/job-1');
    const buttons = await screen.findAllByRole('button', { name: /Download CV/ });
    expect(buttons).toHaveLength(1);
    expect(buttons[0]!.textContent).toMatch(/Ada Lovelace/);

    fireEvent.click(buttons[0]!);
    await waitFor(() => expect(saved).toEqual(['Ada – CV.pdf blob:cv']));
    expect(asked.at(-1)).toEqual({ url: '/v1/client/applications/a-1/cv', authorization: 'Bearer client-token' });

    cvAnswer = () => new Response(JSON.stringify({ error: 'not_found', message: 'CV not found.' }), { status: 404 });
    fireEvent.click(buttons[0]!);
    expect((await screen.findByRole('alert')).textContent).toBe('Could not download the CV: CV not found.');
    click.mockRestore();
    for (const name of ['createObjectURL', 'revokeObjectURL'] as const) {
      if (objectUrls[name]) Object.defineProperty(URL, name, objectUrls[name]);
      else delete (URL as Partial<typeof URL>)[name];
    }
  });
});
