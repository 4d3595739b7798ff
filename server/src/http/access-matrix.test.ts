import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSummary } from '../app';
import { hashResetToken, hashVerificationToken } from '../modules/auth/auth.service';
import type { Access } from '../modules/auth/principal';
import { createUnsubscribeTokens } from '../modules/notifications/unsubscribe-tokens';
import {
  PASSWORD,
  addApplication,
  bearer,
  call,
  hoursFromNow,
  postJob,
  registerClient,
  registerRecruiter,
  signTestToken,
  uniqueEmail,
} from '../test/api';
import { cvUpload, pdfBytes } from '../test/files';
import { type EventStream, openEventStream } from '../test/sse-client';
import { TEST_JWT_SECRET, type TestApp, createTestApp } from '../test/test-app';

/**
 * Every /v1 route × every kind of caller × resources owned by tenant B (client B and recruiter Y).
 * Generated from the app's own route table, so a new route is in the matrix the day it is added;
 * a route this file has no sample request for fails the test until one is written.
 */

/** P and Z hold B's connection ID: P's link waits for B's approval, Z's was blocked by B. */
type Side = 'A' | 'B' | 'P' | 'Z' | null;
interface Identity {
  name: string;
  /** Whose data this caller may see; null for callers that must be refused outright. */
  side: Side;
  /** What the caller's credential is accepted as (a company admin is a client too); null for callers refused outright. */
  kinds: Access[] | null;
  headers: () => Promise<Record<string, string>>;
}

interface World {
  t: TestApp;
  clientB: { client_id: string };
  markers: Record<'A' | 'B', string[]>;
  params: Record<string, string>;
}

const SAMPLE_BODIES: Record<string, (() => object | undefined) | undefined> = {
  'POST /v1/auth/logout': () => undefined,
  'POST /v1/auth/password-reset': () => ({ email: uniqueEmail(), role: 'client' }),
  // The same password again: the account keeps it (the matrix signs in with it), and its sessions end.
  'POST /v1/auth/password': () => ({ current_password: PASSWORD, new_password: PASSWORD }),
  'POST /v1/client/register': () => ({ company_name: 'Matrix Co', email: uniqueEmail(), password: PASSWORD }),
  'POST /v1/recruiter/register': () => ({ name: 'Matrix Recruiter', email: uniqueEmail(), password: PASSWORD }),
  'POST /v1/jobs': () => ({ title: 'Matrix job' }),
  'PATCH /v1/jobs/:job_id': () => ({ location: 'Matrix City' }),
  'POST /v1/jobs/:job_id/applications': () => ({ candidate_name: 'Matrix Candidate', candidate_email: uniqueEmail() }),
  'PATCH /v1/applications/:application_id': () => ({ notes: 'matrix note', client_summary: 'matrix summary' }),
  'POST /v1/applications/:application_id/share': () => undefined,
  'POST /v1/client/applications/:application_id/feedback': () => ({ decision: 'reject', comment: 'matrix reason' }),
  'POST /v1/applications/:application_id/comments': () => ({ comment: 'matrix reply' }),
  // DELETE /v1/applications/:application_id takes no body; it runs after the routes above (see its route).
  'POST /v1/applications/:application_id/interviews': () => ({ scheduled_at: hoursFromNow(24) }),
  'PATCH /v1/interviews/:interview_id': () => ({ outcome: 'matrix outcome' }),
  'POST /v1/applications/:application_id/offers': () => ({}),
  'PATCH /v1/offers/:offer_id': () => ({ status: 'extended' }),
  'POST /v1/recruiter/api-keys': () => ({ label: 'matrix key' }),
  // Keeps approval required, as the world set it up.
  'PATCH /v1/client/settings': () => ({ require_link_approval: true }),
  'POST /v1/client/recruiters/:recruiter_id/block': () => undefined,
  'POST /v1/client/recruiters/:recruiter_id/unblock': () => undefined,
  'POST /v1/client/recruiters/:recruiter_id/approve': () => undefined,
  'POST /v1/me/notifications/read': () => ({ all: true }),
  'PUT /v1/me/notification-preferences': () => ({ time_zone: 'Europe/Berlin' }),
  // Its token is in the query (see UNSUBSCRIBE_ROUTES); the form body is optional.
  'POST /v1/notifications/unsubscribe': () => undefined,
  'POST /v1/auth/mfa/totp': () => undefined,
  'POST /v1/client/invitations': () => ({ email: uniqueEmail('invited'), role: 'member' }),
  // The same role again: the target keeps it, and the matrix's later cases see the same team.
  'PATCH /v1/client/users/:user_id': () => ({ role: 'member' }),
  'POST /v1/auth/verify-email/resend': () => undefined,
  // No caller's app is set up here (mfa.test.ts confirms for real): a wrong code past the access gate is the refusal below.
  'POST /v1/auth/mfa/totp/confirm': () => ({ code: '000000' }),
  'DELETE /v1/auth/mfa/totp': () => ({ code: '000000' }),
};
/** One-click unsubscribe: public, with a token (of tenant B) that a mail carried. */
const UNSUBSCRIBE_ROUTES = new Set(['GET /v1/notifications/unsubscribe', 'POST /v1/notifications/unsubscribe']);
/**
 * Answers that show the caller got past the access gate, for routes whose success needs what the
 * matrix does not set up: a right code from the caller's own authenticator app.
 */
const PAST_THE_GATE: Record<string, number> = {
  'POST /v1/auth/mfa/totp/confirm': 400,
  'DELETE /v1/auth/mfa/totp': 409,
};
/** The sessions route's id is client B's own: only client B may end it (a recruiter of tenant B is another account). */
const SESSION_ROUTE = 'DELETE /v1/auth/sessions/:session_id';
/** Each second step of a sign-in uses one of ten recovery codes of an account with TOTP on. */
const MFA_ROUTE = 'POST /v1/auth/mfa';
/** Each confirmation uses up a verification token of an account of its own. */
const VERIFY_EMAIL_ROUTE = 'POST /v1/auth/verify-email';
/** Routes that take a file (multipart) rather than JSON. */
const SAMPLE_UPLOADS: Record<string, (() => { payload: Buffer; headers: Record<string, string> }) | undefined> = {
  'POST /v1/applications/:application_id/cv': () => cvUpload(pdfBytes('matrix CV')),
};
/** Each acceptance uses up an invitation of tenant B (one per caller); each preview reads one that stays open. */
const INVITATION_ACCEPT_ROUTE = 'POST /v1/client/invitations/accept';
const INVITATION_PREVIEW_ROUTE = 'POST /v1/client/invitations/preview';
/** Routes whose sample needs an existing account (filled in once the world exists). */
const LOGIN_ROUTES = ['POST /v1/client/login', 'POST /v1/recruiter/login'];
/** Each confirmation uses up a reset token, of an account of its own (its password changes). */
const RESET_CONFIRM_ROUTE = 'POST /v1/auth/password-reset/confirm';
/** Streams are read separately (live.test.ts); here only their status line matters. */
const STREAM_ROUTES = new Set(['GET /v1/client/events', 'GET /v1/recruiter/events']);
/** Tenant B's connection ID is meant to be looked up by any recruiter: it answers B's name by design. */
const LOOKUP_ROUTE = 'GET /v1/client/by-connection/:connection_id';

async function buildWorld() {
  const t = await createTestApp();
  const clientA = await registerClient(t.app, { company_name: `Alpha ${randomUUID().slice(0, 6)}` });
  const clientB = await registerClient(t.app, { company_name: `Bravo ${randomUUID().slice(0, 6)}` });
  const recruiterX = await registerRecruiter(t.app, { name: `Xavier ${randomUUID().slice(0, 6)}` });
  const recruiterY = await registerRecruiter(t.app, { name: `Yolanda ${randomUUID().slice(0, 6)}` });

  async function pipelineFor(recruiterToken: string, connectionId: string, tag: string) {
    const job = await postJob(t.app, recruiterToken, { title: `${tag} secret role ${randomUUID().slice(0, 6)}`, connection_id: connectionId });
    const application = await addApplication(t.app, recruiterToken, job.job_id, {
      candidate_name: `${tag} Candidate ${randomUUID().slice(0, 6)}`,
      candidate_email: uniqueEmail(`${tag}-candidate`),
    });
    const interview = await call(t.app, {
      method: 'POST',
      url: `/v1/applications/${application.application_id}/interviews`,
      headers: bearer(recruiterToken),
      payload: { scheduled_at: hoursFromNow(24) },
    });
    const offer = await call(t.app, {
      method: 'POST',
      url: `/v1/applications/${application.application_id}/offers`,
      headers: bearer(recruiterToken),
      payload: { notes: `${tag} offer note ${randomUUID().slice(0, 6)}` },
    });
    const cvMarker = `${tag} CV text ${randomUUID().slice(0, 6)}`;
    const cv = await t.app.inject({
      method: 'POST',
      url: `/v1/applications/${application.application_id}/cv`,
      ...withHeaders(cvUpload(pdfBytes(cvMarker)), bearer(recruiterToken)),
    });
    expect(cv.statusCode, cv.body).toBe(201);
    const commentMarker = `${tag} thread text ${randomUUID().slice(0, 6)}`;
    const comment = await call(t.app, {
      method: 'POST',
      url: `/v1/applications/${application.application_id}/comments`,
      headers: bearer(recruiterToken),
      payload: { comment: commentMarker },
    });
    expect(comment.status, JSON.stringify(comment.body)).toBe(201);
    return { job, application, interview: interview.body, offer: offer.body, cvMarker, commentMarker };
  }
  const a = await pipelineFor(recruiterX.token, clientA.connection_id, 'Alpha');
  const b = await pipelineFor(recruiterY.token, clientB.connection_id, 'Bravo');
  // What no client may read even of its own jobs: a candidate hidden from it (its job shows only
  // hires), candidates' e-mail addresses (no job shares contact details) and recruiters' notes.
  const hiddenJob = await postJob(t.app, recruiterY.token, {
    title: `Bravo hidden role ${randomUUID().slice(0, 6)}`,
    connection_id: clientB.connection_id,
  });
  await call(t.app, {
    method: 'PATCH',
    url: `/v1/jobs/${hiddenJob.job_id}`,
    headers: bearer(recruiterY.token),
    payload: { client_visible_from: 'hired' },
  });
  const hidden = await addApplication(t.app, recruiterY.token, hiddenJob.job_id, {
    candidate_name: `Hidden Candidate ${randomUUID().slice(0, 6)}`,
    candidate_email: uniqueEmail('hidden-candidate'),
    notes: `Recruiter-only note ${randomUUID().slice(0, 6)}`,
  });
  await call(t.app, {
    method: 'POST',
    url: `/v1/applications/${hidden.application_id}/offers`,
    headers: bearer(recruiterY.token),
    payload: {},
  });
  const hiddenThread = `Thread of a hidden candidate ${randomUUID().slice(0, 6)}`;
  await call(t.app, {
    method: 'POST',
    url: `/v1/applications/${hidden.application_id}/comments`,
    headers: bearer(recruiterY.token),
    payload: { comment: hiddenThread },
  });
  // A recruiter B blocked (after it posted), and one waiting for B's approval.
  const recruiterZ = await registerRecruiter(t.app, { name: `Zed ${randomUUID().slice(0, 6)}` });
  await postJob(t.app, recruiterZ.token, { title: `Blocked role ${randomUUID().slice(0, 6)}`, connection_id: clientB.connection_id });
  const asB = bearer(clientB.token);
  expect((await call(t.app, { method: 'POST', url: `/v1/client/recruiters/${recruiterZ.recruiter_id}/block`, headers: asB })).status).toBe(200);
  expect((await call(t.app, { method: 'PATCH', url: '/v1/client/settings', headers: asB, payload: { require_link_approval: true } })).status).toBe(
    200,
  );
  const recruiterP = await registerRecruiter(t.app, { name: `Pam ${randomUUID().slice(0, 6)}` });
  const pendingJob = await postJob(t.app, recruiterP.token, {
    title: `Pending role ${randomUUID().slice(0, 6)}`,
    connection_id: clientB.connection_id,
  });
  expect(pendingJob.link_status).toBe('pending');
  // B's team: a member (a caller), a user removed from it (a caller whose session ended), a
  // target for the user routes, an invitation to revoke and one to preview.
  const inviteToB = async (role: 'admin' | 'member' = 'member') => {
    const created = await call(t.app, { method: 'POST', url: '/v1/client/invitations', headers: asB, payload: { email: uniqueEmail('team'), role } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { ...created.body, token: new URLSearchParams(new URL(created.body.invitation_url).hash.slice(1)).get('token')! };
  };
  const joinB = async (name: string) => {
    const invitation = await inviteToB();
    const accepted = await call(t.app, {
      method: 'POST',
      url: '/v1/client/invitations/accept',
      payload: { token: invitation.token, name, password: PASSWORD },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    return { ...accepted.body, email: invitation.email as string };
  };
  const memberB = await joinB(`Member ${randomUUID().slice(0, 6)}`);
  const targetB = await joinB(`Target ${randomUUID().slice(0, 6)}`);
  const removedB = await joinB(`Removed ${randomUUID().slice(0, 6)}`);
  expect((await call(t.app, { method: 'DELETE', url: `/v1/client/users/${removedB.user_id}`, headers: asB })).status).toBe(204);
  const invitationToRevoke = await inviteToB();
  const invitationToPreview = await inviteToB();
  const recruiterNote = `Recruiter-only note ${randomUUID().slice(0, 6)}`;
  for (const [token, application] of [
    [recruiterX.token, a.application],
    [recruiterY.token, b.application],
  ] as const) {
    await call(t.app, {
      method: 'PATCH',
      url: `/v1/applications/${application.application_id}`,
      headers: bearer(token),
      payload: { notes: recruiterNote },
    });
  }
  const neverToClients = [
    hidden.application_id,
    hidden.candidate_name,
    hidden.candidate_email,
    hidden.notes,
    hiddenThread,
    recruiterNote,
    a.application.candidate_email,
    b.application.candidate_email,
  ];

  const createKey = async (token: string) =>
    (await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: bearer(token), payload: { label: 'k' } })).body;
  const keyX = await createKey(recruiterX.token);
  const keyY = await createKey(recruiterY.token);
  const revokedKey = await createKey(recruiterX.token);
  await call(t.app, { method: 'DELETE', url: `/v1/recruiter/api-keys/${revokedKey.key_id}`, headers: bearer(recruiterX.token) });

  const secret = new TextEncoder().encode(TEST_JWT_SECRET);
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims: object, key = secret, iat = now, exp = now + 600) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('hirelink')
      .setAudience('hirelink-api')
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key);
  const expired = await sign({ role: 'recruiter', sub: recruiterX.recruiter_id }, secret, now - 7200, now - 3600);
  const otherSecret = await sign({ role: 'client', sub: clientA.client_id }, new TextEncoder().encode('x'.repeat(48)));
  const [header, payload, signature] = recruiterX.token.split('.') as [string, string, string];
  const forgedPayload = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'client', sub: clientB.client_id }),
  ).toString('base64url');
  const forgedRole = `${header}.${forgedPayload}.${signature}`;

  const login = async (role: 'client' | 'recruiter', email: string) =>
    (await call(t.app, { method: 'POST', url: `/v1/${role}/login`, payload: { email, password: PASSWORD } })).body.token as string;
  const fixed = (headers: Record<string, string>) => async () => headers;
  const admin: Access[] = ['client', 'client_admin'];
  const identities: Identity[] = [
    { name: 'anonymous', side: null, kinds: null, headers: fixed({}) },
    // Fresh sessions per request, so that a sign-out case cannot end the session other cases use.
    { name: 'client A (admin)', side: 'A', kinds: admin, headers: async () => bearer(await login('client', clientA.email)) },
    { name: 'client B (admin)', side: 'B', kinds: admin, headers: async () => bearer(await login('client', clientB.email)) },
    { name: 'client B member', side: 'B', kinds: ['client'], headers: async () => bearer(await login('client', memberB.email)) },
    { name: 'a user removed from client B', side: null, kinds: null, headers: fixed(bearer(removedB.token)) },
    { name: 'recruiter X', side: 'A', kinds: ['recruiter'], headers: async () => bearer(await login('recruiter', recruiterX.email)) },
    { name: 'recruiter Y', side: 'B', kinds: ['recruiter'], headers: async () => bearer(await login('recruiter', recruiterY.email)) },
    { name: "X's API key", side: 'A', kinds: ['api_key'], headers: fixed({ 'x-api-key': keyX.key }) },
    {
      name: 'recruiter P (pending with B)',
      side: 'P',
      kinds: ['recruiter'],
      headers: async () => bearer(await login('recruiter', recruiterP.email)),
    },
    { name: 'recruiter Z (blocked by B)', side: 'Z', kinds: ['recruiter'], headers: async () => bearer(await login('recruiter', recruiterZ.email)) },
    { name: 'a revoked API key', side: null, kinds: null, headers: fixed({ 'x-api-key': revokedKey.key }) },
    { name: 'an expired token', side: null, kinds: null, headers: fixed(bearer(expired)) },
    { name: 'a token signed with another secret', side: null, kinds: null, headers: fixed(bearer(otherSecret)) },
    { name: 'a token with a forged role', side: null, kinds: null, headers: fixed(bearer(forgedRole)) },
  ];
  const invitationsToAccept: { token: string }[] = [];
  for (let i = 0; i < identities.length; i++) invitationsToAccept.push(await inviteToB());
  let invitationBodies = 0;
  // Each case asks for its body twice (once to check there is one, once to send it).
  const acceptInvitationBody = () => ({
    token: invitationsToAccept[Math.floor(invitationBodies++ / 2)]!.token,
    name: 'Matrix Joiner',
    password: PASSWORD,
  });

  // A reset token per case (a reset ends the account's other links), each of an account of its own.
  // Accounts with TOTP on, and their recovery codes (ten each): one code per caller of POST /v1/auth/mfa.
  const enrolTwoStep = async () => {
    const mfaClient = await registerClient(t.app, { company_name: `Twostep ${randomUUID().slice(0, 6)}` });
    const enrolment = await call(t.app, { method: 'POST', url: '/v1/auth/mfa/totp', headers: bearer(mfaClient.token) });
    const confirmed = await call(t.app, {
      method: 'POST',
      url: '/v1/auth/mfa/totp/confirm',
      headers: bearer(mfaClient.token),
      payload: { code: URI.parse(enrolment.body.otpauth_url).generate() },
    });
    expect(confirmed.status).toBe(200);
    const mfaToken: string = (await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: mfaClient.email, password: PASSWORD } }))
      .body.mfa_token;
    return (confirmed.body.recovery_codes as string[]).map((code) => ({ mfa_token: mfaToken, code }));
  };
  const mfaBodiesNeeded = identities.length;
  const mfaSignIns: { mfa_token: string; code: string }[] = [];
  while (mfaSignIns.length < mfaBodiesNeeded) mfaSignIns.push(...(await enrolTwoStep()));
  let mfaBodies = 0;
  // Each case calls its body twice (once to see whether it has one, once to send it): both get the same code.
  const mfaBody = () => mfaSignIns[Math.floor(mfaBodies++ / 2)]!;

  // Client B's session for the matrix to end. Dated ahead so that the password change the matrix
  // makes first (which ends every session of the account before it) leaves it listed.
  const endableSession = randomUUID();
  await t.database.handle.db
    .insertInto('sessions')
    .values({
      session_id: endableSession,
      role: 'client',
      account_id: clientB.user_id,
      user_agent: 'matrix',
      ip: '127.0.0.1',
      created_at: new Date(Date.now() + 60 * 60_000).toISOString(),
      last_seen_at: new Date(Date.now() + 60 * 60_000).toISOString(),
      expires_at: new Date(Date.now() + 2 * 60 * 60_000).toISOString(),
    })
    .execute();

  const verificationTokens = Array.from({ length: identities.length }, () => randomBytes(32).toString('base64url'));
  for (const token of verificationTokens) {
    const account = await registerRecruiter(t.app, { name: `Verify ${randomUUID().slice(0, 6)}` });
    await t.database.handle.db
      .insertInto('email_verification_tokens')
      .values({
        token_hash: hashVerificationToken(token),
        role: 'recruiter',
        account_id: account.recruiter_id,
        email: account.email,
        created_at: new Date().toISOString(),
        expires_at: new Date(Date.now() + 60 * 60_000).toISOString(),
      })
      .execute();
  }
  let verificationBodies = 0;
  const verifyEmailBody = () => ({ token: verificationTokens[Math.floor(verificationBodies++ / 2)]! });

  const resetTokens = Array.from({ length: identities.length }, () => randomBytes(32).toString('base64url'));
  const issuedAt = Date.now();
  for (const token of resetTokens) {
    const account = await registerClient(t.app, { company_name: `Reset ${randomUUID().slice(0, 6)}` });
    await t.database.handle.db
      .insertInto('password_reset_tokens')
      .values({
        token_hash: hashResetToken(token),
        role: 'client',
        account_id: account.user_id,
        created_at: new Date(issuedAt).toISOString(),
        expires_at: new Date(issuedAt + 30 * 60_000).toISOString(),
      })
      .execute();
  }
  // Each case asks for its body twice (once to check there is one, once to send it).
  let resetBodies = 0;
  const resetConfirmBody = () => ({ token: resetTokens[Math.floor(resetBodies++ / 2)]!, password: 'matrix reset passphrase 9' });

  const world: World & {
    identities: Identity[];
    logins: Record<string, object>;
    resetConfirmBody: () => object;
    mfaBody: () => object;
    verifyEmailBody: () => object;
    acceptInvitationBody: () => object;
    previewInvitationBody: () => object;
    clientBEmail: string;
    neverToClients: string[];
    hiddenApplicationId: string;
    unsubscribeToken: string;
  } = {
    t,
    unsubscribeToken: createUnsubscribeTokens(TEST_JWT_SECRET).sign({ role: 'client', accountId: clientB.user_id, kinds: ['hire'] }),
    acceptInvitationBody,
    previewInvitationBody: () => ({ token: invitationToPreview.token }),
    neverToClients,
    identities,
    resetConfirmBody,
    mfaBody,
    verifyEmailBody,
    clientBEmail: clientB.email,
    logins: {
      'POST /v1/client/login': { email: clientA.email, password: PASSWORD },
      'POST /v1/recruiter/login': { email: recruiterX.email, password: PASSWORD },
    },
    markers: {
      A: [
        clientA.company_name,
        recruiterX.name,
        a.job.title,
        a.application.candidate_name,
        a.application.candidate_email,
        a.offer.notes,
        clientA.connection_id,
        a.job.job_id,
        a.cvMarker,
        a.commentMarker,
      ],
      B: [
        clientB.company_name,
        recruiterY.name,
        b.job.title,
        b.application.candidate_name,
        b.application.candidate_email,
        b.offer.notes,
        clientB.connection_id,
        b.job.job_id,
        b.cvMarker,
        b.commentMarker,
      ],
    },
    clientB,
    hiddenApplicationId: hidden.application_id as string,
    params: {
      job_id: b.job.job_id,
      application_id: b.application.application_id,
      interview_id: b.interview.interview_id,
      offer_id: b.offer.offer_id,
      key_id: keyY.key_id,
      connection_id: clientB.connection_id,
      recruiter_id: recruiterY.recruiter_id,
      session_id: endableSession,
      user_id: targetB.user_id,
      invitation_id: invitationToRevoke.invitation_id,
    },
  };
  // Tenant A's accounts, whose streams the lifetime cases open and end.
  return { ...world, sideA: { clientA, recruiterX, login } };
}

/** A multipart upload with the caller's credentials added. */
function withHeaders(upload: { payload: Buffer; headers: Record<string, string> }, headers: Record<string, string>) {
  return { payload: upload.payload, headers: { ...upload.headers, ...headers } };
}

/** What the contract says this caller gets from this route, with tenant B's ids in the path. */
function expectedOutcome(route: RouteSummary, identity: Identity): 'ok' | 401 | 403 | 404 {
  if (route.access === null) return 'ok';
  if (identity.kinds === null) return 401;
  if (!identity.kinds.some((kind) => route.access!.includes(kind))) return 403;
  const key = `${route.method} ${route.url}`;
  if (key === SESSION_ROUTE) return identity.name === 'client B (admin)' ? 'ok' : 404;
  // B's connection ID is, to the recruiter B blocked, an unknown one.
  if (key === LOOKUP_ROUTE) return identity.side === 'Z' ? 404 : 'ok';
  if (!route.url.includes(':')) return 'ok';
  return identity.side === 'B' ? 'ok' : 404;
}

describe('access matrix: every route × every caller × the other tenant’s ids', () => {
  let world: Awaited<ReturnType<typeof buildWorld>>;
  beforeAll(async () => {
    world = await buildWorld();
  });
  afterAll(() => world.t.close());

  it('answers 401, 403, 404 or success exactly as the contract says, and never shows a tenant another tenant’s data', async () => {
    const routes = world.t.app.routeTable;
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    let cases = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const bodyFor =
        SAMPLE_BODIES[key] ??
        (LOGIN_ROUTES.includes(key)
          ? () => world.logins[key]!
          : key === RESET_CONFIRM_ROUTE
            ? world.resetConfirmBody
            : key === MFA_ROUTE
              ? world.mfaBody
              : key === VERIFY_EMAIL_ROUTE
                ? world.verifyEmailBody
                : key === INVITATION_ACCEPT_ROUTE
                  ? world.acceptInvitationBody
                  : key === INVITATION_PREVIEW_ROUTE
                    ? world.previewInvitationBody
                    : undefined);
      const uploadFor = SAMPLE_UPLOADS[key];
      if (route.method !== 'GET' && route.method !== 'DELETE' && !bodyFor && !uploadFor) {
        failures.push(`${key}: no sample request in access-matrix.test.ts — add one`);
        continue;
      }
      for (const identity of world.identities) {
        cases++;
        const url =
          route.url.replace(/:(\w+)/g, (_match, name: string) => world.params[name] ?? `unknown-${name}`) +
          (UNSUBSCRIBE_ROUTES.has(key) ? `?token=${world.unsubscribeToken}` : '');
        const expected = expectedOutcome(route, identity);
        const headers = await identity.headers();
        let status: number;
        let text: string;
        if (STREAM_ROUTES.has(key)) {
          const base = await world.t.app
            .listen({ host: '127.0.0.1', port: 0 })
            .catch(() => `http://127.0.0.1:${(world.t.app.server.address() as { port: number }).port}`);
          const controller = new AbortController();
          const response = await fetch(`${base}${url}`, { headers, signal: controller.signal });
          status = response.status;
          text = status === 200 ? '' : await response.text();
          controller.abort();
        } else if (uploadFor) {
          const response = await world.t.app.inject({ method: route.method as 'POST', url, ...withHeaders(uploadFor(), headers) });
          status = response.statusCode;
          text = response.body;
        } else {
          const response = await world.t.app.inject({
            method: route.method as 'GET',
            url,
            headers,
            ...(bodyFor?.() !== undefined && { payload: bodyFor() }),
          });
          status = response.statusCode;
          text = response.body;
        }
        const ok = expected === 'ok' ? (status >= 200 && status < 300) || status === PAST_THE_GATE[key] : status === expected;
        if (!ok) failures.push(`${key} as ${identity.name}: expected ${expected}, got ${status} ${text.slice(0, 120)}`);
        const foreign = identity.side === 'A' ? world.markers.B : identity.side === 'B' ? world.markers.A : [...world.markers.A, ...world.markers.B];
        const allowedByDesign = [
          ...(key === LOOKUP_ROUTE ? [world.markers.B[0], world.params.connection_id] : []),
          // An invitation link of B's says which company it invites to, whoever holds it.
          ...(key === INVITATION_PREVIEW_ROUTE ? [world.markers.B[0]] : []),
          // P and Z posted with B's connection ID: their own jobs name B.
          ...(identity.side === 'P' || identity.side === 'Z' ? [world.markers.B[0]] : []),
        ];
        for (const marker of foreign) {
          if (marker && !allowedByDesign.includes(marker) && text.includes(marker)) {
            failures.push(`${key} as ${identity.name}: response shows another tenant's "${marker}"`);
          }
        }
        if (identity.kinds?.includes('client')) {
          for (const secret of world.neverToClients) {
            if (text.includes(secret)) failures.push(`${key} as ${identity.name}: a client reads "${secret}", which is not the client's`);
          }
        }
      }
    }
    console.log(`access matrix: ${routes.length} routes × ${world.identities.length} callers = ${cases} cases`);
    expect(failures).toEqual([]);
    // Hundreds of cases, each a request and its checks: a busy two-core machine needs minutes.
  }, 180_000);

  it("reads the client's own activity log (JSON and CSV) with its own jobs in it, and nothing no client may read", async () => {
    const headers = bearer(await world.sideA.login('client', world.clientBEmail));
    for (const url of ['/v1/client/activity?limit=200', '/v1/client/activity.csv']) {
      const response = await world.t.app.inject({ method: 'GET', url, headers });
      expect(response.statusCode, url).toBe(200);
      // B's job title and candidate: the matrix's checks of these routes read real entries.
      expect(response.body, url).toContain(world.markers.B[2]);
      expect(response.body, url).toContain(world.markers.B[3]);
      for (const secret of [...world.neverToClients, ...world.markers.A].filter(Boolean)) expect(response.body, url).not.toContain(secret);
    }
  });

  it('answers 404 on every client route that names a candidate, for one hidden from the client, and writes nothing', async () => {
    const routes = world.t.app.routeTable.filter((route) => route.access?.includes('client') && route.url.includes(':application_id'));
    expect(routes.map((route) => `${route.method} ${route.url}`)).toEqual(
      expect.arrayContaining(['POST /v1/client/applications/:application_id/feedback', 'GET /v1/client/applications/:application_id/feedback']),
    );
    const headers = bearer(await world.sideA.login('client', world.clientBEmail));
    const feedbackRows = () => world.t.database.handle.db.selectFrom('feedback').select('feedback_id').execute();
    const before = await feedbackRows();
    const failures: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const body = SAMPLE_BODIES[key]?.();
      const response = await world.t.app.inject({
        method: route.method as 'GET',
        url: route.url.replace(':application_id', world.hiddenApplicationId),
        headers,
        ...(body !== undefined && { payload: body }),
      });
      if (response.statusCode !== 404) failures.push(`${key}: expected 404 for a hidden candidate, got ${response.statusCode}`);
      for (const secret of world.neverToClients) if (response.body.includes(secret)) failures.push(`${key}: shows "${secret}"`);
    }
    expect(failures).toEqual([]);
    expect(await feedbackRows()).toEqual(before);
  });

  it("lets only a recruiter linked to tenant B by its connection ID post by B's client_id", async () => {
    const expected: Record<string, number | 'created'> = {
      anonymous: 401,
      'client A (admin)': 403,
      'client B (admin)': 403,
      'client B member': 403,
      'a user removed from client B': 401,
      'recruiter X': 400,
      'recruiter Y': 'created',
      "X's API key": 400,
      'recruiter P (pending with B)': 400,
      'recruiter Z (blocked by B)': 400,
      'a revoked API key': 401,
      'an expired token': 401,
      'a token signed with another secret': 401,
      'a token with a forged role': 401,
    };
    const dashboard = async () =>
      // A fresh session: the matrix's password change ended every earlier one.
      (await call(world.t.app, { method: 'GET', url: '/v1/client/jobs', headers: bearer(await world.sideA.login('client', world.clientBEmail)) }))
        .body.jobs.length as number;
    const failures: string[] = [];
    let created = 0;
    for (const identity of world.identities) {
      const before = await dashboard();
      const response = await world.t.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: await identity.headers(),
        payload: { title: `Posted by ${identity.name}`, client_id: world.clientB.client_id },
      });
      const want = expected[identity.name];
      const got = response.statusCode === 201 ? 'created' : response.statusCode;
      if (got !== want) failures.push(`${identity.name}: expected ${want}, got ${response.statusCode} ${response.body.slice(0, 120)}`);
      if (got === 'created') created++;
      if ((await dashboard()) !== before + (got === 'created' ? 1 : 0)) failures.push(`${identity.name}: B's dashboard changed by a refused post`);
    }
    expect(failures).toEqual([]);
    expect(created).toBe(1);
  });

  it('ends every kind of stream with the credential that opened it, and no other stream of the account', async () => {
    const { t, sideA } = world;
    const { clientA, recruiterX, login } = sideA;
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const accountOf = { client: clientA.user_id, recruiter: recruiterX.recruiter_id };
    type Ending = 'sign-out' | 'expiry' | 'revocation';
    const endingsOf: Record<Access, Ending[]> = {
      client: ['sign-out', 'expiry'],
      client_admin: [],
      recruiter: ['sign-out', 'expiry'],
      api_key: ['revocation'],
    };
    const reasonOf = { 'sign-out': 'signed_out', expiry: 'session_expired', revocation: 'api_key_revoked' } as const;

    // Every stream route × every kind of caller it admits × every way that caller's credential ends.
    const cases: { name: string; stream: EventStream; end: () => Promise<unknown>; reason: string }[] = [];
    const bystanders: EventStream[] = [];
    const open = async (url: string, headers: Record<string, string>) => {
      const stream = await openEventStream(`${base}${url}`, { token: headers.authorization?.slice(7), apiKey: headers['x-api-key'] });
      expect(stream.status, url).toBe(200);
      await stream.waitFor((event) => event.type === 'ready');
      return stream;
    };
    for (const route of t.app.routeTable.filter((route) => STREAM_ROUTES.has(`${route.method} ${route.url}`))) {
      for (const kind of route.access ?? []) {
        const role = kind === 'client' ? 'client' : 'recruiter';
        const email = role === 'client' ? clientA.email : recruiterX.email;
        for (const ending of endingsOf[kind]) {
          const name = `${route.method} ${route.url} opened with ${kind === 'api_key' ? 'an API key' : `a ${role}'s session`}, ended by ${ending}`;
          if (ending === 'revocation') {
            // A fresh session: the matrix's password change ended the one from registration.
            const owner = bearer(await login('recruiter', recruiterX.email));
            const key = (await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: owner, payload: { label: 'lifetime' } })).body;
            const stream = await open(route.url, { 'x-api-key': key.key });
            cases.push({
              name,
              stream,
              reason: reasonOf[ending],
              end: () => call(t.app, { method: 'DELETE', url: `/v1/recruiter/api-keys/${key.key_id}`, headers: owner }),
            });
          } else if (ending === 'expiry') {
            const { token } = await signTestToken(role, accountOf[role], 2, role === 'client' ? clientA.client_id : undefined);
            cases.push({ name, stream: await open(route.url, bearer(token)), reason: reasonOf[ending], end: async () => {} });
          } else {
            const token = await login(role, email);
            const stream = await open(route.url, bearer(token));
            cases.push({
              name,
              stream,
              reason: reasonOf[ending],
              end: () => call(t.app, { method: 'POST', url: '/v1/auth/logout', headers: bearer(token) }),
            });
          }
        }
        // Another session of the same account, which none of the endings may touch.
        bystanders.push(await open(route.url, bearer(await login(role, email))));
      }
    }
    expect(cases.length).toBe(5);

    for (const { end } of cases) await end();
    const failures: string[] = [];
    await Promise.all(
      cases.map(async ({ name, stream, reason }) => {
        try {
          const end = await stream.waitFor((event) => event.type === 'end', 5_000);
          if (end.data.reason !== reason) failures.push(`${name}: ended with ${end.data.reason}, expected ${reason}`);
          await stream.ended;
        } catch {
          failures.push(`${name}: still open`);
        }
      }),
    );
    await postJob(t.app, await login('recruiter', recruiterX.email), { connection_id: clientA.connection_id });
    for (const bystander of bystanders) {
      await bystander.waitForChanges(1);
      if (bystander.events.some((event) => event.type === 'end')) failures.push('a stream of another credential of the account ended');
      bystander.close();
    }
    console.log(`access matrix, stream lifetimes: ${cases.length} cases`);
    expect(failures).toEqual([]);
  });
});
