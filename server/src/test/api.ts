import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import type { ClientRegistered, Job, RecruiterRegistered } from '#contract';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { rememberSecrets } from './secrets';
import { TEST_JWT_SECRET } from './test-app';

/** Small, readable steps for tests: each one asserts its own success so a test can read as a story. */

export const PASSWORD = 'correct horse battery staple';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${randomUUID().slice(0, 8)}@example.test`;
}

export async function call(app: FastifyInstance, options: InjectOptions) {
  const response = await app.inject(options);
  let body: any = null;
  try {
    body = response.body ? JSON.parse(response.body) : null;
  } catch {
    body = response.body;
  }
  rememberSecrets(options.payload, body, options.headers);
  return { status: response.statusCode, body, headers: response.headers };
}

/**
 * Requests to `app` signed in with `token`, for tests that read as one caller's steps:
 * `const clientApi = as(t.app, client.token); await clientApi.get('/v1/client/jobs')`.
 */
export function as(app: FastifyInstance, token: string) {
  return {
    get: (url: string) => call(app, { method: 'GET', url, headers: bearer(token) }),
    patch: (url: string, payload: object) => call(app, { method: 'PATCH', url, headers: bearer(token), payload }),
    post: (url: string, payload?: object) => call(app, { method: 'POST', url, headers: bearer(token), ...(payload !== undefined && { payload }) }),
    delete: (url: string) => call(app, { method: 'DELETE', url, headers: bearer(token) }),
  };
}

/** How a test request arrives, beyond its body: e.g. `remoteAddress`, to play a caller at another IP. */
type Arrival = Omit<InjectOptions, 'method' | 'url' | 'payload'>;

export async function registerClient(
  app: FastifyInstance,
  overrides: Partial<{ company_name: string; email: string; password: string }> = {},
  arrival: Arrival = {},
): Promise<ClientRegistered & { password: string }> {
  const payload = { company_name: `Acme ${randomUUID().slice(0, 4)}`, email: uniqueEmail('client'), password: PASSWORD, ...overrides };
  const response = await call(app, { ...arrival, method: 'POST', url: '/v1/client/register', payload });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { ...response.body, password: payload.password };
}

export async function registerRecruiter(
  app: FastifyInstance,
  overrides: Partial<{ name: string; email: string; password: string }> = {},
  arrival: Arrival = {},
): Promise<RecruiterRegistered & { password: string }> {
  const payload = { name: 'Rita Recruiter', email: uniqueEmail('recruiter'), password: PASSWORD, ...overrides };
  const response = await call(app, { ...arrival, method: 'POST', url: '/v1/recruiter/register', payload });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { ...response.body, password: payload.password };
}

export async function postJob(app: FastifyInstance, recruiterToken: string, body: Record<string, unknown> = {}): Promise<Job> {
  const response = await call(app, {
    method: 'POST',
    url: '/v1/jobs',
    headers: bearer(recruiterToken),
    payload: { title: 'Backend Engineer', ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export async function addApplication(app: FastifyInstance, recruiterToken: string, jobId: string, body: Record<string, unknown> = {}) {
  const response = await call(app, {
    method: 'POST',
    url: `/v1/jobs/${jobId}/applications`,
    headers: bearer(recruiterToken),
    payload: { candidate_name: 'Cara Candidate', candidate_email: uniqueEmail('candidate'), ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** An ISO time `hours` from now (negative: ago); interviews may not be scheduled in the past. */
export function hoursFromNow(hours: number): string {
  return new Date(Date.now() + hours * 60 * 60 * 1000).toISOString();
}

export async function countRows(db: Db, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The invariant the pipeline keeps: every job's counters equal what its rows say, and its client
 * counters (`client_…`) what the rows of the candidates its client may see say.
 */
export async function expectCountersMatchRows(db: Db): Promise<void> {
  const jobs = await db.selectFrom('jobs').selectAll().execute();
  for (const job of jobs) {
    const allApplications = await db.selectFrom('applications').selectAll().where('job_id', '=', job.job_id).execute();
    const allInterviews = await db.selectFrom('interviews').selectAll().where('job_id', '=', job.job_id).execute();
    const allOffers = await db.selectFrom('offers').selectAll().where('job_id', '=', job.job_id).execute();
    const counted = (prefix: '' | 'client_') => {
      const visible = new Set(allApplications.filter((a) => prefix === '' || a.client_visible === 1).map((a) => a.application_id));
      const applications = allApplications.filter((a) => visible.has(a.application_id));
      const interviews = allInterviews.filter((i) => visible.has(i.application_id));
      const offers = allOffers.filter((o) => visible.has(o.application_id));
      const reached = (rank: number) => applications.filter((a) => a.furthest_stage_rank >= rank).length;
      return {
        [`${prefix}applications_count`]: applications.length,
        [`${prefix}hires_count`]: applications.filter((a) => a.stage === 'hired').length,
        [`${prefix}interviews_count`]: interviews.filter((i) => i.status !== 'cancelled').length,
        [`${prefix}interviews_scheduled_count`]: interviews.filter((i) => i.status === 'scheduled').length,
        [`${prefix}offers_count`]: offers.length,
        [`${prefix}offers_accepted_count`]: offers.filter((o) => o.status === 'accepted').length,
        [`${prefix}reached_screening_count`]: reached(1),
        [`${prefix}reached_interview_count`]: reached(2),
        [`${prefix}reached_offer_count`]: reached(3),
        [`${prefix}reached_hired_count`]: reached(4),
      };
    };
    const expected = {
      ...counted(''),
      ...counted('client_'),
      // The candidates waiting, for the client and for the recruiter, however long.
      awaiting_client_count: allApplications.filter((a) => a.awaiting_client_since !== null).length,
      awaiting_recruiter_count: allApplications.filter((a) => a.awaiting_recruiter_since !== null).length,
    };
    const stored = Object.fromEntries(Object.keys(expected).map((column) => [column, Number(job[column as keyof typeof job])]));
    expect(stored, `counters of job ${job.job_id}`).toEqual(expected);
  }
}

/**
 * A sign-in token as the server would issue it, but with any lifetime: the configured one is at
 * least a minute, and a test of what happens at expiry should not wait that long.
 */
export async function signTestToken(role: 'client' | 'recruiter', subject: string, expiresInSeconds: number, clientId?: string) {
  const nowMs = Date.now();
  const now = Math.floor(nowMs / 1000);
  const expiresAt = now + expiresInSeconds;
  // A client user's token names its company (`cid`); without, the subject is the company (tokens from before company users).
  const token = await new SignJWT({ role, iat_ms: nowMs, ...(clientId && { cid: clientId }) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('hirelink')
    .setAudience('hirelink-api')
    .setSubject(subject)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
  rememberSecrets({ token });
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/**
 * Waits until the outbox holds no pending mail (a registration queues one): for tests that time
 * requests, so that the mail worker's rounds run before the clock does, not during it.
 */
export async function mailSent(db: Db, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await db.selectFrom('mail_outbox').select('mail_id').where('status', '=', 'pending').executeTakeFirst();
    if (!pending) return;
    if (Date.now() > deadline) throw new Error(`mail still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Marks an account's address as confirmed, as opening its verification link would (the link
 * itself is proved in email-verification.test.ts): for tests of what only verified accounts get.
 */
export async function markEmailVerified(db: Db, role: 'client' | 'recruiter', accountId: string): Promise<void> {
  const at = new Date().toISOString();
  // A client's id names its company (every user of it is marked) or one user.
  if (role === 'client') {
    await db
      .updateTable('client_users')
      .set({ email_verified_at: at })
      .where((eb) => eb.or([eb('user_id', '=', accountId), eb('client_id', '=', accountId)]))
      .execute();
  } else await db.updateTable('recruiters').set({ email_verified_at: at }).where('recruiter_id', '=', accountId).execute();
}
