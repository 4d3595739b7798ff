import type { Application } from '#contract';
import { render, screen } from '@testing-library/react';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CandidatesByStage } from './CandidatesByStage';

function application(candidate_email: string): Application {
  return {
    application_id: `a-${candidate_email.length}`,
    job_id: 'job-1',
    candidate_name: 'Jane Candidate',
    candidate_email,
    notes: null,
    client_summary: null,
    shared_with_client: false,
    client_visible: true,
    stage: 'applied',
    has_cv: false,
    client_decision: null,
    client_decision_at: null,
    created_at: '2026-11-01T09:00:00.000Z',
    updated_at: '2026-11-01T09:00:00.000Z',
  };
}

function emailLink(address: string): URL {
  render(<CandidatesByStage applications={[application(address)]} emptyText="none" />);
  return new URL(screen.getByRole('link', { name: address }).getAttribute('href')!);
}

describe("a candidate's e-mail link", () => {
  it('writes to the address itself', () => {
    expect(emailLink('jane.doe+offers@cand.io').href).toBe('mailto:jane.doe%2Boffers@cand.io');
  });

  it.each(['jane@cand.io?bcc=attacker%40evil.io&subject=Your%20offer', 'jane?cc=attacker@evil.io', 'jane@cand.io#x&bcc=attacker@evil.io'])(
    'carries no hidden header when the stored address is %j',
    (address) => {
      const link = emailLink(address);
      expect(link.protocol).toBe('mailto:');
      expect(link.search).toBe('');
      expect(link.hash).toBe('');
      expect(decodeURIComponent(link.pathname)).toBe(address);
    },
  );

  it('is the only way the app builds mailto: links', () => {
    const root = join(__dirname, '../../..');
    const files = (readdirSync(root, { recursive: true }) as string[])
      .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
      .filter((file) => readFileSync(join(root, file), 'utf8').includes('mailto:'))
      .map((file) => relative(root, join(root, file)));
    expect(files).toEqual(['lib/mailto.ts']);
  });
});
