import type { Application } from '#contract';
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage, signInAs } from '../../../test/render';
import { CvUpload } from './CvUpload';

const application: Application = {
  application_id: 'app-1',
  job_id: 'job-1',
  candidate_name: 'Ada Lovelace',
  candidate_email: 'ada@example.test',
  notes: null,
  client_summary: null,
  shared_with_client: false,
  client_visible: true,
  stage: 'screening',
  has_cv: false,
  client_decision: null,
  client_decision_at: null,
  created_at: '2026-11-25T09:00:00.000Z',
  updated_at: '2026-11-25T09:00:00.000Z',
};

/** An XMLHttpRequest double: records what was sent, and lets the test report progress and answer. */
class FakeXhr {
  static last: FakeXhr | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = '';
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.last = this;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const zone = () => document.querySelector('[data-cv-for="app-1"]')!;
const drop = (file: File) => fireEvent.drop(zone(), { dataTransfer: { files: [file], types: ['Files'] } });

describe('uploading a CV on the recruiter’s job page', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    FakeXhr.last = null;
  });

  it('sends a dropped file as multipart with the token in the header, showing its progress', async () => {
    signInAs('recruiter');
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    renderPage(<CvUpload application={application} />, '/x');
    expect(screen.getByText('Upload CV', { exact: false })).toBeTruthy();

    drop(new File(['%PDF-1.4 cv'], 'ada.pdf', { type: 'application/pdf' }));
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/v1/applications/app-1/cv');
    expect(xhr.headers.Authorization).toBe('Bearer recruiter-token');
    expect((xhr.body!.get('file') as File).name).toBe('ada.pdf');

    act(() => xhr.progress(40, 100));
    const progress = screen.getByRole('progressbar', { name: 'Uploading ada.pdf' });
    expect(progress.getAttribute('value')).toBe('40');
    expect(screen.getByText('40%')).toBeTruthy();

    act(() =>
      xhr.answer(201, {
        application_id: 'app-1',
        file_name: 'ada.pdf',
        content_type: 'application/pdf',
        size_bytes: 11,
        uploaded_at: '2026-11-30T09:00:00.000Z',
      }),
    );
    expect(await screen.findByText('CV ada.pdf uploaded for Ada Lovelace.')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('refuses an oversized or empty file before sending it, and shows the server’s refusal of the rest', async () => {
    signInAs('recruiter');
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    renderPage(<CvUpload application={{ ...application, has_cv: true }} />, '/x');
    expect(screen.getByRole('button', { name: /^Download CV\s*of Ada Lovelace$/ })).toBeTruthy();
    expect(screen.getByText('Replace CV', { exact: false })).toBeTruthy();

    const huge = new File(['x'], 'huge.pdf');
    Object.defineProperty(huge, 'size', { value: 11 * 1024 * 1024 });
    drop(huge);
    expect((await screen.findByRole('alert')).textContent).toMatch(/at most 10 MB; this file is 11\.0 MB/);
    drop(new File([], 'empty.pdf'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/empty/);
    expect(FakeXhr.last).toBeNull();

    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, { target: { files: [new File(['MZ'], 'cv.pdf')] } });
    act(() =>
      FakeXhr.last!.answer(415, { error: 'unsupported_file_type', message: 'A CV must be a PDF or a Word document (.docx); this file is neither.' }),
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not upload the CV: A CV must be a PDF or a Word document (.docx); this file is neither.',
    );
  });
});
