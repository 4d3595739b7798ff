import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CV_MAX_BYTES } from '#contract';
import { addApplication, bearer, call, countRows, postJob, registerClient, registerRecruiter } from '../../test/api';
import { cvUpload, docxBytes, elfBytes, multipart, pdfBytes, peBytes, zipBytes } from '../../test/files';
import { openEventStream } from '../../test/sse-client';
import { type TestApp, createTestApp } from '../../test/test-app';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe("candidates' CVs", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp();
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => t.close());

  async function setUp() {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const cvPath = `/v1/applications/${application.application_id}/cv`;
    const clientCvPath = `/v1/client/applications/${application.application_id}/cv`;
    // Not through `call`, which walks every payload for secrets: byte by byte, for a Buffer.
    const upload = async (body: { payload: Buffer; headers: Record<string, string> }, token = recruiter.token) => {
      const response = await t.app.inject({ method: 'POST', url: cvPath, headers: { ...bearer(token), ...body.headers }, payload: body.payload });
      return { status: response.statusCode, body: response.json() };
    };
    const download = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
    return { client, recruiter, job, application, cvPath, clientCvPath, upload, download };
  }

  const stored = async () => ({ cvs: await countRows(t.database.handle.db, 'cvs'), files: await countRows(t.database.handle.db, 'stored_files') });

  it('takes a PDF from the recruiter and hands the same bytes to the recruiter and the client, as an attachment', async () => {
    const { client, recruiter, job, application, cvPath, clientCvPath, upload, download } = await setUp();
    const before = await stored();
    const recruiterStream = await openEventStream(`${base}/v1/recruiter/events`, { token: recruiter.token });
    const clientStream = await openEventStream(`${base}/v1/client/events`, { token: client.token });
    await Promise.all([recruiterStream, clientStream].map((stream) => stream.waitFor((event) => event.type === 'ready')));

    const pdf = pdfBytes();
    const uploaded = await upload(cvUpload(pdf, 'Ada Lovelace CV.pdf'));
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body).toEqual({
      application_id: application.application_id,
      file_name: 'Ada Lovelace CV.pdf',
      content_type: 'application/pdf',
      size_bytes: pdf.length,
      uploaded_at: expect.any(String),
    });
    expect(await stored()).toEqual({ cvs: before.cvs + 1, files: before.files + 1 });

    // Both sides hear of it, and both job pages say the candidate has a CV.
    for (const stream of [recruiterStream, clientStream]) {
      const event = await stream.waitFor((e) => e.type === 'application.updated' && e.data.application_id === application.application_id);
      expect(event.data).toMatchObject({ job_id: job.job_id, stage: 'applied' });
      stream.close();
    }
    const recruiterJob = await call(t.app, { method: 'GET', url: `/v1/jobs/${job.job_id}`, headers: bearer(recruiter.token) });
    const clientJob = await call(t.app, { method: 'GET', url: `/v1/client/jobs/${job.job_id}`, headers: bearer(client.token) });
    expect(recruiterJob.body.applications[0].has_cv).toBe(true);
    expect(clientJob.body.applications[0].has_cv).toBe(true);

    for (const [url, token] of [
      [cvPath, recruiter.token],
      [clientCvPath, client.token],
    ] as const) {
      const response = await download(url, token);
      expect(response.statusCode).toBe(200);
      expect(Buffer.compare(response.rawPayload, pdf)).toBe(0);
      expect(response.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-length': String(pdf.length),
        'content-disposition': `attachment; filename="Ada Lovelace CV.pdf"; filename*=UTF-8''Ada%20Lovelace%20CV.pdf`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
    }
  });

  it('replaces the CV with a new upload, keeping one file per candidate, and streams a large one whole', async () => {
    const { client, recruiter, cvPath, clientCvPath, upload, download } = await setUp();
    expect((await upload(cvUpload(pdfBytes()))).status).toBe(201);
    const before = await stored();

    const docx = docxBytes();
    const replaced = await upload(cvUpload(docx, 'résumé.docx', 'application/octet-stream'));
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(201);
    expect(replaced.body).toMatchObject({ content_type: DOCX, file_name: 'résumé.docx', size_bytes: docx.length });
    expect(await stored()).toEqual(before);
    const response = await download(clientCvPath, client.token);
    expect(response.headers['content-type']).toBe(DOCX);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="r_sum_.docx"; filename*=UTF-8''r%C3%A9sum%C3%A9.docx`);
    expect(Buffer.compare(response.rawPayload, docx)).toBe(0);

    // Exactly 10 MB is allowed, and read back in pieces to the same bytes.
    const largest = Buffer.concat([pdfBytes(), Buffer.alloc(CV_MAX_BYTES - pdfBytes().length, 7)]);
    largest.fill(0x41, 4096, 8192);
    expect((await upload(cvUpload(largest, 'big.pdf'))).status).toBe(201);
    const big = await download(cvPath, recruiter.token);
    expect(big.rawPayload.length).toBe(CV_MAX_BYTES);
    expect(Buffer.compare(big.rawPayload, largest)).toBe(0);
    expect(await stored()).toEqual(before);
  });

  it('judges the type by the bytes: a renamed executable, an oversized or an empty file is refused, and nothing is stored', async () => {
    const { recruiter, cvPath, upload, download } = await setUp();
    const original = pdfBytes('the one to keep');
    expect((await upload(cvUpload(original))).status).toBe(201);
    const before = await stored();

    const refusals: [string, { payload: Buffer; headers: Record<string, string> }, number, string][] = [
      ['an ELF executable named cv.pdf', cvUpload(elfBytes(), 'cv.pdf', 'application/pdf'), 415, 'unsupported_file_type'],
      ['a Windows executable named cv.docx', cvUpload(peBytes(), 'cv.docx', DOCX), 415, 'unsupported_file_type'],
      ['plain text named cv.pdf', cvUpload(Buffer.from('Not a PDF at all, just %PDF- later on'), 'cv.pdf'), 415, 'unsupported_file_type'],
      ['a ZIP without a Word document', cvUpload(zipBytes({ 'word/other.xml': '<x/>' }), 'cv.docx', DOCX), 415, 'unsupported_file_type'],
      [
        'a macro-enabled Word file named .docx',
        cvUpload(zipBytes({ 'word/document.xml': '<x/>', 'word/vbaProject.bin': Buffer.from([1, 2, 3]) }), 'cv.docx', DOCX),
        415,
        'unsupported_file_type',
      ],
      ['a truncated ZIP', cvUpload(docxBytes().subarray(0, 60), 'cv.docx', DOCX), 415, 'unsupported_file_type'],
      ['a PDF one byte over 10 MB', cvUpload(Buffer.concat([pdfBytes(), Buffer.alloc(CV_MAX_BYTES + 1 - pdfBytes().length)])), 413, 'file_too_large'],
      // Refused by its Content-Length, before a byte of it is read.
      ['a body far over 10 MB', cvUpload(Buffer.alloc(CV_MAX_BYTES + 256 * 1024)), 413, 'file_too_large'],
      ['an empty file', cvUpload(Buffer.alloc(0)), 400, 'empty_file'],
      [
        'a JSON body',
        { payload: Buffer.from('{"file":"JVBERi0="}'), headers: { 'content-type': 'application/json' } },
        415,
        'unsupported_media_type',
      ],
      ['no file at all', multipart([]), 400, 'validation_failed'],
      ['the file in another field', multipart([{ name: 'cv', filename: 'cv.pdf', content: pdfBytes() }]), 400, 'validation_failed'],
      [
        'two files',
        multipart([
          { name: 'file', filename: 'a.pdf', content: pdfBytes() },
          { name: 'file', filename: 'b.pdf', content: pdfBytes() },
        ]),
        400,
        'validation_failed',
      ],
      [
        'a file and a field',
        multipart([
          { name: 'file', filename: 'a.pdf', content: pdfBytes() },
          { name: 'note', content: 'hello' },
        ]),
        400,
        'validation_failed',
      ],
      ['a field instead of a file', multipart([{ name: 'file', content: pdfBytes().toString('latin1') }]), 400, 'validation_failed'],
    ];
    for (const [what, body, status, error] of refusals) {
      const response = await upload(body);
      expect({ what, status: response.status, error: response.body?.error }).toEqual({ what, status, error });
      expect(Object.keys(response.body).sort(), what).toEqual(['error', 'message']);
      expect(await stored(), what).toEqual(before);
    }
    const kept = await download(cvPath, recruiter.token);
    expect(Buffer.compare(kept.rawPayload, original)).toBe(0);
  });

  it("is 404 for another tenant's recruiter or client, for a candidate without a CV, and goes with a removed candidate", async () => {
    const mine = await setUp();
    const theirs = await setUp();
    expect((await mine.download(mine.cvPath, mine.recruiter.token)).statusCode).toBe(404);
    expect((await mine.download(mine.clientCvPath, mine.client.token)).statusCode).toBe(404);
    expect((await mine.upload(cvUpload(pdfBytes()))).status).toBe(201);
    const before = await stored();

    const refused = await mine.upload(cvUpload(pdfBytes()), theirs.recruiter.token);
    expect(refused).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await stored()).toEqual(before);
    for (const [url, token] of [
      [mine.cvPath, theirs.recruiter.token],
      [mine.clientCvPath, theirs.client.token],
    ] as const) {
      const response = await mine.download(url, token);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'not_found', message: 'CV not found.' });
    }
    // The wrong role is refused before anything is read.
    expect((await mine.download(mine.clientCvPath, mine.recruiter.token)).statusCode).toBe(403);
    expect((await mine.download(mine.cvPath, mine.client.token)).statusCode).toBe(403);

    const removed = await call(t.app, {
      method: 'DELETE',
      url: `/v1/applications/${mine.application.application_id}`,
      headers: bearer(mine.recruiter.token),
    });
    expect(removed.status).toBe(204);
    expect(await stored()).toEqual({ cvs: before.cvs - 1, files: before.files - 1 });
    expect((await mine.download(mine.clientCvPath, mine.client.token)).statusCode).toBe(404);
  });

  it('offers the file under a safe name whatever it was uploaded as', async () => {
    const { recruiter, cvPath, upload, download } = await setUp();
    const cases: [string, string][] = [
      ['../../etc/passwd', 'passwd.pdf'],
      ['C:\\Users\\ada\\CV final.DOCX', 'CV final.pdf'],
      ['cv\u202efdp.exe', 'cvfdp.pdf'],
      ['', 'cv.pdf'],
      ['Zoë Müller – CV (2026).docx', 'Zoë Müller – CV (2026).pdf'],
    ];
    for (const [uploadedAs, keptAs] of cases) {
      const response = await upload(cvUpload(pdfBytes(), uploadedAs));
      expect(response.body.file_name, uploadedAs).toBe(keptAs);
    }
    const last = await download(cvPath, recruiter.token);
    expect(last.headers['content-disposition']).toBe(
      `attachment; filename="Zo_ M_ller _ CV (2026).pdf"; filename*=UTF-8''Zo%C3%AB%20M%C3%BCller%20%E2%80%93%20CV%20%282026%29.pdf`,
    );
  });
});
