import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { Migrator } from 'kysely';
import { URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations/index';
import { hashPassword } from '../auth/passwords';
import { PASSWORD, addApplication, as, bearer, call, postJob, registerClient, registerRecruiter, uniqueEmail } from '../../test/api';
import { openEventStream } from '../../test/sse-client';
import { TEST_JWT_SECRET, type TestApp, createTestApp, createTestDatabase } from '../../test/test-app';

/**
 * A company is a team: its admins invite colleagues by a single-use link, manage roles and remove
 * users (whose sessions end at once); members see everything of the company and give feedback.
 */
describe('company users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const tokenOf = (url: string) => new URLSearchParams(new URL(url).hash.slice(1)).get('token')!;

  async function invite(adminToken: string, role: 'admin' | 'member' = 'member', email = uniqueEmail('colleague')) {
    const created = await as(t.app, adminToken).post('/v1/client/invitations', { email, role });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { ...created.body, token: tokenOf(created.body.invitation_url), email };
  }

  async function join(adminToken: string, role: 'admin' | 'member' = 'member', name = 'Maya Member') {
    const invitation = await invite(adminToken, role);
    const accepted = await call(t.app, {
      method: 'POST',
      url: '/v1/client/invitations/accept',
      payload: { token: invitation.token, name, password: PASSWORD },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    return { ...accepted.body, email: invitation.email, name };
  }

  it('invites by a single-use link whose token is stored only as a hash, and signs the new user in as a member', async () => {
    const admin = await registerClient(t.app, { company_name: 'Teamwork Ltd' });
    const invitation = await invite(admin.token, 'member');
    expect(invitation).toMatchObject({ role: 'member', status: 'pending', invited_by: { user_id: admin.user_id } });
    expect(invitation.invitation_url).toMatch(/\/accept-invitation#token=[A-Za-z0-9_-]{43}$/);
    const stored = await t.database.handle.db
      .selectFrom('client_invitations')
      .selectAll()
      .where('invitation_id', '=', invitation.invitation_id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(invitation.token);
    expect((await as(t.app, admin.token).get('/v1/client/invitations')).body.invitations).toMatchObject([
      { invitation_id: invitation.invitation_id },
    ]);

    const preview = await call(t.app, { method: 'POST', url: '/v1/client/invitations/preview', payload: { token: invitation.token } });
    expect(preview.body).toEqual({ company_name: 'Teamwork Ltd', email: invitation.email, role: 'member' });

    const accepted = await call(t.app, {
      method: 'POST',
      url: '/v1/client/invitations/accept',
      payload: { token: invitation.token, name: 'Maya Member', password: PASSWORD },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ client_id: admin.client_id, user_id: expect.any(String) });
    const profile = await as(t.app, accepted.body.token).get('/v1/client/profile');
    expect(profile.body).toMatchObject({
      client_id: admin.client_id,
      connection_id: admin.connection_id,
      email: invitation.email,
      user: { user_id: accepted.body.user_id, name: 'Maya Member', email: invitation.email, role: 'member' },
    });
    // Used once: the link, the list of open invitations and a second try all say so.
    const again = await call(t.app, {
      method: 'POST',
      url: '/v1/client/invitations/accept',
      payload: { token: invitation.token, name: 'X', password: PASSWORD },
    });
    expect(again).toMatchObject({ status: 404, body: { error: 'invalid_invitation' } });
    expect((await as(t.app, admin.token).get('/v1/client/invitations')).body.invitations).toEqual([]);
    const team = (await as(t.app, accepted.body.token).get('/v1/client/users')).body.users;
    expect(team.map((user: { name: string; role: string }) => [user.name, user.role])).toEqual([
      ['Teamwork Ltd', 'admin'],
      ['Maya Member', 'member'],
    ]);
    // The member signs in with its own address and password.
    const login = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: invitation.email, password: PASSWORD } });
    expect(login.body).toMatchObject({ client_id: admin.client_id, user_id: accepted.body.user_id });
  });

  it('shares the company with its members, who give feedback in their own name; only admins manage', async () => {
    const admin = await registerClient(t.app, { company_name: 'Shared Co' });
    const member = await join(admin.token, 'member', 'Hank Hiring-Manager');
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { title: 'Team Lead', connection_id: admin.connection_id });
    const candidate = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Cleo Candidate', candidate_email: uniqueEmail() });

    const jobs = (await as(t.app, member.token).get('/v1/client/jobs')).body.jobs;
    expect(jobs.map((listed: { job_id: string }) => listed.job_id)).toEqual([job.job_id]);
    const feedback = await as(t.app, member.token).post(`/v1/client/applications/${candidate.application_id}/feedback`, {
      decision: 'approve',
      comment: 'Strong',
    });
    expect(feedback.status).toBe(201);
    // The recruiter reads who at the company said it.
    expect(feedback.body.author_name).toBe('Hank Hiring-Manager, Shared Co');

    for (const [method, url, payload] of [
      ['post', '/v1/client/invitations', { email: uniqueEmail(), role: 'member' }],
      ['get', '/v1/client/invitations', undefined],
      ['patch', `/v1/client/users/${admin.user_id}`, { role: 'member' }],
      ['delete', `/v1/client/users/${admin.user_id}`, undefined],
      ['post', `/v1/client/recruiters/${recruiter.recruiter_id}/block`, undefined],
      ['patch', '/v1/client/settings', { require_link_approval: true }],
    ] as const) {
      const response = await call(t.app, { method: method.toUpperCase() as 'GET', url, headers: bearer(member.token), ...(payload && { payload }) });
      expect(response, `${method} ${url}`).toMatchObject({ status: 403, body: { error: 'admin_only' } });
    }
    expect((await as(t.app, admin.token).get('/v1/client/settings')).body.require_link_approval).toBe(false);

    const activity = (await as(t.app, admin.token).get('/v1/client/activity?type=feedback.given')).body.activities;
    expect(activity[0].actor).toEqual({ type: 'user', id: member.user_id, name: 'Hank Hiring-Manager', api_key_id: null });
  });

  it('keeps the last admin: it cannot be demoted or removed until another admin exists', async () => {
    const admin = await registerClient(t.app);
    const member = await join(admin.token);
    expect(await as(t.app, admin.token).patch(`/v1/client/users/${admin.user_id}`, { role: 'member' })).toMatchObject({
      status: 409,
      body: { error: 'last_admin' },
    });
    expect(await as(t.app, admin.token).delete(`/v1/client/users/${admin.user_id}`)).toMatchObject({ status: 409, body: { error: 'last_admin' } });

    const promoted = await as(t.app, admin.token).patch(`/v1/client/users/${member.user_id}`, { role: 'admin' });
    expect(promoted).toMatchObject({ status: 200, body: { user_id: member.user_id, role: 'admin' } });
    // The promotion counts at once (no new sign-in): the former member manages now.
    expect((await as(t.app, member.token).get('/v1/client/invitations')).status).toBe(200);
    expect((await as(t.app, member.token).patch(`/v1/client/users/${admin.user_id}`, { role: 'member' })).body.role).toBe('member');
    expect((await as(t.app, admin.token).get('/v1/client/invitations')).body).toMatchObject({ error: 'admin_only' });
    expect((await as(t.app, member.token).get('/v1/client/users')).body.users.filter((user: { role: string }) => user.role === 'admin')).toHaveLength(
      1,
    );
  });

  it('removes a user: its session ends at once, it cannot sign in, what it did stays its own, and its address can be invited again', async () => {
    const admin = await registerClient(t.app);
    const member = await join(admin.token, 'member', 'Rhea Removed');
    expect((await as(t.app, member.token).get('/v1/client/jobs')).status).toBe(200);

    expect((await as(t.app, admin.token).delete(`/v1/client/users/${member.user_id}`)).status).toBe(204);
    expect((await as(t.app, member.token).get('/v1/client/jobs')).status).toBe(401);
    const login = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: member.email, password: PASSWORD } });
    expect(login.status).toBe(401);
    expect((await as(t.app, admin.token).get('/v1/client/users')).body.users.map((user: { user_id: string }) => user.user_id)).toEqual([
      admin.user_id,
    ]);
    expect(await as(t.app, admin.token).delete(`/v1/client/users/${member.user_id}`)).toMatchObject({ status: 404 });

    const activity = (await as(t.app, admin.token).get('/v1/client/activity')).body.activities;
    expect(activity.map((entry: { type: string }) => entry.type)).toEqual(['user.removed', 'user.joined', 'user.invited']);
    expect(activity[1]).toMatchObject({ actor: { type: 'user', id: member.user_id, name: 'Rhea Removed' } });
    expect(activity[0]).toMatchObject({ actor: { type: 'user', id: admin.user_id }, detail: `Rhea Removed <${member.email}>` });

    const again = await as(t.app, admin.token).post('/v1/client/invitations', { email: member.email, role: 'member' });
    expect(again.status).toBe(201);
  });

  it('refuses a revoked or expired invitation, an address that has an account, and another company’s ids', async () => {
    const admin = await registerClient(t.app);
    const other = await registerClient(t.app);
    const revoked = await invite(admin.token);
    expect((await as(t.app, admin.token).delete(`/v1/client/invitations/${revoked.invitation_id}`)).status).toBe(204);
    const expired = await invite(admin.token);
    await t.database.handle.db
      .updateTable('client_invitations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('invitation_id', '=', expired.invitation_id)
      .execute();
    expect((await as(t.app, admin.token).get('/v1/client/invitations')).body.invitations).toMatchObject([
      { invitation_id: expired.invitation_id, status: 'expired' },
    ]);
    for (const token of [revoked.token, expired.token, 'A'.repeat(43)]) {
      const accepted = await call(t.app, {
        method: 'POST',
        url: '/v1/client/invitations/accept',
        payload: { token, name: 'Nope', password: PASSWORD },
      });
      expect(accepted).toMatchObject({ status: 404, body: { error: 'invalid_invitation' } });
    }
    expect(await as(t.app, admin.token).post('/v1/client/invitations', { email: other.email, role: 'member' })).toMatchObject({
      status: 409,
      body: { error: 'email_taken' },
    });
    expect((await as(t.app, other.token).delete(`/v1/client/invitations/${expired.invitation_id}`)).status).toBe(404);
    expect((await as(t.app, other.token).patch(`/v1/client/users/${admin.user_id}`, { role: 'member' })).status).toBe(404);
    expect((await as(t.app, other.token).delete(`/v1/client/users/${admin.user_id}`)).status).toBe(404);
    const users = await t.database.handle.db.selectFrom('client_users').select('user_id').where('client_id', '=', admin.client_id).execute();
    expect(users).toHaveLength(1);
  });

  it('gives each user of the company its own notifications', async () => {
    const admin = await registerClient(t.app);
    const member = await join(admin.token);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { title: 'Notified role', connection_id: admin.connection_id });
    const candidate = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Nia Notified', candidate_email: uniqueEmail() });
    await as(t.app, recruiter.token).post(`/v1/applications/${candidate.application_id}/share`);
    const adminList = (await as(t.app, admin.token).get('/v1/me/notifications')).body;
    const memberList = (await as(t.app, member.token).get('/v1/me/notifications')).body;
    expect(adminList.unread_count).toBeGreaterThan(0);
    expect(memberList.unread_count).toBe(adminList.unread_count);
    await as(t.app, member.token).post('/v1/me/notifications/read', { all: true });
    expect((await as(t.app, member.token).get('/v1/me/notifications')).body.unread_count).toBe(0);
    expect((await as(t.app, admin.token).get('/v1/me/notifications')).body.unread_count).toBe(adminList.unread_count);
  });

  it('streams each user its own notifications, and ends a removed user’s stream at once', async () => {
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const admin = await registerClient(t.app);
    const member = await join(admin.token);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { title: 'Streamed role', connection_id: admin.connection_id });
    const adminStream = await openEventStream(`${base}/v1/client/events`, { token: admin.token });
    const memberStream = await openEventStream(`${base}/v1/client/events`, { token: member.token });
    try {
      await Promise.all([adminStream, memberStream].map((stream) => stream.waitFor((event) => event.type === 'ready')));
      const candidate = await addApplication(t.app, recruiter.token, job.job_id, { candidate_name: 'Sia Streamed', candidate_email: uniqueEmail() });
      await as(t.app, recruiter.token).post(`/v1/applications/${candidate.application_id}/share`);
      const mine = (event: { type: string; data: any }, userId: string) => event.type === 'notification.created' && event.data.user_id === userId;
      await adminStream.waitFor((event) => mine(event, admin.user_id));
      await memberStream.waitFor((event) => mine(event, member.user_id));
      // Both saw the same change; neither saw the other's notification.
      await memberStream.waitFor((event) => event.type === 'application.updated');
      expect(adminStream.events.filter((event) => event.type === 'notification.created' && !mine(event, admin.user_id))).toEqual([]);
      expect(memberStream.events.filter((event) => event.type === 'notification.created' && !mine(event, member.user_id))).toEqual([]);

      expect((await as(t.app, admin.token).delete(`/v1/client/users/${member.user_id}`)).status).toBe(204);
      const end = await memberStream.waitFor((event) => event.type === 'end');
      expect(end.data).toEqual({ reason: 'signed_out' });
      expect(adminStream.events.some((event) => event.type === 'end')).toBe(false);
    } finally {
      adminStream.close();
      memberStream.close();
    }
  });

  it('requires two-step sign-in for the whole company once an admin with it on turns it on', async () => {
    const admin = await registerClient(t.app);
    const member = await join(admin.token);
    expect(await as(t.app, admin.token).patch('/v1/client/settings', { require_two_factor: true })).toMatchObject({
      status: 409,
      body: { error: 'mfa_not_enabled' },
    });

    const enrolment = await as(t.app, admin.token).post('/v1/auth/mfa/totp');
    const confirmed = await as(t.app, admin.token).post('/v1/auth/mfa/totp/confirm', { code: URI.parse(enrolment.body.otpauth_url).generate() });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.token).toBeUndefined();
    const required = await as(t.app, admin.token).patch('/v1/client/settings', { require_two_factor: true });
    expect(required).toMatchObject({ status: 200, body: { require_two_factor: true } });
    // The member has none: its session ended, and its next sign-in is good only for setting it up.
    expect((await as(t.app, member.token).get('/v1/client/jobs')).status).toBe(401);
    const login = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: member.email, password: PASSWORD } });
    expect(login.body).toMatchObject({ two_factor_setup_required: true });
    const setup = login.body.token as string;
    expect(await as(t.app, setup).get('/v1/client/jobs')).toMatchObject({ status: 403, body: { error: 'two_factor_setup_required' } });
    expect((await as(t.app, setup).get('/v1/client/profile')).status).toBe(200);
    const memberEnrolment = await as(t.app, setup).post('/v1/auth/mfa/totp');
    expect(memberEnrolment.status).toBe(201);
    const memberConfirmed = await as(t.app, setup).post('/v1/auth/mfa/totp/confirm', {
      code: URI.parse(memberEnrolment.body.otpauth_url).generate(),
    });
    expect(memberConfirmed.body).toMatchObject({ recovery_codes: expect.any(Array), token: expect.any(String) });
    expect((await as(t.app, memberConfirmed.body.token).get('/v1/client/jobs')).status).toBe(200);
    expect((await as(t.app, setup).get('/v1/client/profile')).status).toBe(401);
    // While the company requires it, nobody turns it off.
    const off = await call(t.app, {
      method: 'DELETE',
      url: '/v1/auth/mfa/totp',
      headers: bearer(memberConfirmed.body.token),
      payload: { code: memberConfirmed.body.recovery_codes[0] },
    });
    expect(off).toMatchObject({ status: 409, body: { error: 'two_factor_required' } });
  });
});

describe('company users: the upgrade from one account per company', () => {
  it('keeps the login and the token of a company registered before users existed', async () => {
    const database = await createTestDatabase();
    try {
      const { db } = database.handle;
      const before = Object.keys(migrations).filter((name) => name < '2026_11_30_1001');
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(before.at(-1)!)).error).toBeUndefined();
      const clientId = '11111111-2222-4333-8444-555555555555';
      const email = uniqueEmail('before-users');
      await (db as any)
        .insertInto('clients')
        .values({
          client_id: clientId,
          company_name: 'Old Guard Inc',
          email,
          password_hash: await hashPassword(PASSWORD),
          connection_id: 'abcdef012345abcdef012345',
          created_at: new Date().toISOString(),
        })
        .execute();
      // A token as the server signed them then: the company is its subject, no company claim.
      const now = Math.floor(Date.now() / 1000);
      const oldToken = await new SignJWT({ role: 'client', iat_ms: Date.now() })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer('hirelink')
        .setAudience('hirelink-api')
        .setSubject(clientId)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
      await migrateToLatest(db);

      const t = await createTestApp({ sharedDatabase: database });
      try {
        const profile = await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(oldToken) });
        expect(profile.body).toMatchObject({
          client_id: clientId,
          company_name: 'Old Guard Inc',
          email,
          user: { user_id: clientId, name: 'Old Guard Inc', email, role: 'admin' },
        });
        const login = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email, password: PASSWORD } });
        expect(login.body).toMatchObject({ client_id: clientId, user_id: clientId });
        expect((await call(t.app, { method: 'GET', url: '/v1/client/invitations', headers: bearer(oldToken) })).status).toBe(200);
      } finally {
        await t.close();
      }
    } finally {
      await database.dispose();
    }
  });
});
