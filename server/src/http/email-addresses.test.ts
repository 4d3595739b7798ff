import { describe, expect, it } from 'vitest';
import { PASSWORD, addApplication, bearer, call, countRows, postJob, registerClient, registerRecruiter } from '../test/api';
import { useTestApp } from '../test/test-app';

/** Addresses that would carry something more than a recipient into a `mailto:` link. */
const SMUGGLING = [
  'jane@cand.io?bcc=attacker%40evil.io&subject=Your%20offer',
  'jane?bcc=attacker@evil.io',
  'jane&cc=boss@cand.io',
  'jane=x@cand.io',
  'jane%3Fbcc%3Dattacker@cand.io',
  'jane@cand.io#fragment',
  '"jane?bcc=attacker@evil.io"@cand.io',
  'jane doe@cand.io',
  'jane\u202e@cand.io',
];

const ACCEPTED = [' Jane.Doe+offers@Example.COM ', "o'brien@cand.ie", 'müller@bücher.de'];

describe('e-mail addresses the API accepts', () => {
  const t = useTestApp();

  it.each(SMUGGLING)('refuses the candidate e-mail %j with 400, and stores nothing', async (address) => {
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token);
    const before = await countRows(t.database.handle.db, 'applications');
    const response = await call(t.app, {
      method: 'POST',
      url: `/v1/jobs/${job.job_id}/applications`,
      headers: bearer(recruiter.token),
      payload: { candidate_name: 'Jane Candidate', candidate_email: address },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'validation_failed',
      message: expect.stringMatching(/^body\.candidate_email is not an e-mail address we accept: use .*\?.*&.*=/),
    });
    expect(await countRows(t.database.handle.db, 'applications')).toBe(before);
  });

  it.each(SMUGGLING)("refuses to change a candidate's e-mail to %j with 400, and changes nothing", async (address) => {
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token);
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const response = await call(t.app, {
      method: 'PATCH',
      url: `/v1/applications/${application.application_id}`,
      headers: bearer(recruiter.token),
      payload: { candidate_email: address },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'validation_failed',
      message: expect.stringMatching(/^body\.candidate_email is not an e-mail address we accept/),
    });
    const stored = await t.database.handle.db
      .selectFrom('applications')
      .select('candidate_email')
      .where('application_id', '=', application.application_id)
      .executeTakeFirstOrThrow();
    expect(stored.candidate_email).toBe(application.candidate_email);
  });

  it.each(SMUGGLING)('refuses to register a client or a recruiter as %j, and writes nothing', async (address) => {
    const clients = await countRows(t.database.handle.db, 'clients');
    const recruiters = await countRows(t.database.handle.db, 'recruiters');
    const asClient = await call(t.app, {
      method: 'POST',
      url: '/v1/client/register',
      payload: { company_name: 'Acme', email: address, password: PASSWORD },
    });
    const asRecruiter = await call(t.app, {
      method: 'POST',
      url: '/v1/recruiter/register',
      payload: { name: 'Rita', email: address, password: PASSWORD },
    });
    for (const response of [asClient, asRecruiter]) {
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'validation_failed', message: expect.stringContaining('body.email is not an e-mail address') });
    }
    expect(await countRows(t.database.handle.db, 'clients')).toBe(clients);
    expect(await countRows(t.database.handle.db, 'recruiters')).toBe(recruiters);
  });

  it.each(ACCEPTED)('still accepts %j for candidates and accounts, and signs in with it', async (address) => {
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token);
    const application = await addApplication(t.app, recruiter.token, job.job_id, { candidate_email: address });
    expect(application.candidate_email).toBe(address.trim().toLowerCase());

    const unique = address.replace('@', `+${Math.random().toString(36).slice(2, 8)}@`);
    const client = await registerClient(t.app, { email: unique });
    const login = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: unique, password: PASSWORD } });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    expect(login.body.client_id).toBe(client.client_id);
  });

  it('signs in accounts whose address was accepted before the rule, and refuses what is no address at all', async () => {
    // Registration accepted any x@y.z until now: such accounts must keep working.
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const earlierClientEmail = `bill&ted-${client.client_id.slice(0, 8)}@old.example`;
    const earlierRecruiterEmail = `rita?x=${recruiter.recruiter_id.slice(0, 8)}@old.example`;
    await t.database.handle.db.updateTable('client_users').set({ email: earlierClientEmail }).where('client_id', '=', client.client_id).execute();
    await t.database.handle.db
      .updateTable('recruiters')
      .set({ email: earlierRecruiterEmail })
      .where('recruiter_id', '=', recruiter.recruiter_id)
      .execute();

    const clientLogin = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: earlierClientEmail, password: PASSWORD } });
    expect(clientLogin.status, JSON.stringify(clientLogin.body)).toBe(200);
    const recruiterLogin = await call(t.app, {
      method: 'POST',
      url: '/v1/recruiter/login',
      payload: { email: earlierRecruiterEmail, password: PASSWORD },
    });
    expect(recruiterLogin.status, JSON.stringify(recruiterLogin.body)).toBe(200);

    for (const url of ['/v1/client/login', '/v1/recruiter/login']) {
      const notAnAddress = await call(t.app, { method: 'POST', url, payload: { email: 'jane', password: PASSWORD } });
      expect(notAnAddress).toMatchObject({ status: 400, body: { error: 'validation_failed', message: 'body.email is not an e-mail address.' } });
    }
  });

  it('documents the rule in the OpenAPI document', async () => {
    const response = await call(t.app, { method: 'GET', url: '/openapi.json' });
    const register = response.body.paths['/v1/client/register'].post.requestBody.content['application/json'].schema;
    expect(register.properties.email).toMatchObject({ format: 'email', description: expect.stringContaining('? & =') });
  });
});
