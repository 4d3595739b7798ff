import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PASSWORD, bearer, call, registerClient, registerRecruiter, signTestToken } from '../../test/api';
import { type TestApp, createTestApp } from '../../test/test-app';

const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const SAFARI_ON_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = async (role: 'client' | 'recruiter', email: string, userAgent: string, remoteAddress = '127.0.0.1') => {
    const response = await call(t.app, {
      method: 'POST',
      url: `/v1/${role}/login`,
      payload: { email, password: PASSWORD },
      headers: { 'user-agent': userAgent },
      remoteAddress,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.token as string;
  };
  const sessions = (token: string) => call(t.app, { method: 'GET', url: '/v1/auth/sessions', headers: bearer(token) });
  const profile = (token: string) => call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(token) });

  it('lists each sign-in with its device and address, marks the current one, and ends another at once', async () => {
    const client = await registerClient(t.app);
    const laptop = await login('client', client.email, FIREFOX_ON_LINUX, '203.0.113.7');
    const phone = await login('client', client.email, SAFARI_ON_IOS, '198.51.100.20');

    const listed = await sessions(laptop);
    expect(listed.status).toBe(200);
    // Registration signed in too.
    expect(listed.body.sessions).toHaveLength(3);
    const [newest, middle] = listed.body.sessions;
    expect(newest).toMatchObject({ device: 'Safari on iOS', ip: '198.51.100.20', current: false });
    expect(middle).toMatchObject({ device: 'Firefox on Linux', ip: '203.0.113.7', current: true });
    expect(Date.parse(newest.last_seen_at)).toBeGreaterThanOrEqual(Date.parse(newest.created_at));

    const ended = await call(t.app, { method: 'DELETE', url: `/v1/auth/sessions/${newest.session_id}`, headers: bearer(laptop) });
    expect(ended.status).toBe(204);
    expect((await profile(phone)).status).toBe(401);
    expect((await profile(laptop)).status).toBe(200);
    expect((await sessions(laptop)).body.sessions.map((session: { session_id: string }) => session.session_id)).not.toContain(newest.session_id);

    // Ending it again: it is no longer among the account's sessions.
    expect((await call(t.app, { method: 'DELETE', url: `/v1/auth/sessions/${newest.session_id}`, headers: bearer(laptop) })).status).toBe(404);
  });

  it("never shows or ends another account's session (404, and it keeps working)", async () => {
    const mine = await registerClient(t.app);
    const theirs = await registerRecruiter(t.app);
    const theirSessions = await call(t.app, { method: 'GET', url: '/v1/auth/sessions', headers: bearer(theirs.token) });
    const theirSessionId = theirSessions.body.sessions[0].session_id;

    expect((await sessions(mine.token)).body.sessions.map((session: { session_id: string }) => session.session_id)).not.toContain(theirSessionId);
    const refused = await call(t.app, { method: 'DELETE', url: `/v1/auth/sessions/${theirSessionId}`, headers: bearer(mine.token) });
    expect(refused.status).toBe(404);
    expect((await call(t.app, { method: 'GET', url: '/v1/recruiter/profile', headers: bearer(theirs.token) })).status).toBe(200);
  });

  it('signs out everywhere: every session of the account ends, this one included; other accounts keep theirs', async () => {
    const client = await registerClient(t.app);
    const other = await registerClient(t.app);
    const laptop = await login('client', client.email, FIREFOX_ON_LINUX);
    const phone = await login('client', client.email, SAFARI_ON_IOS);

    expect((await call(t.app, { method: 'DELETE', url: '/v1/auth/sessions', headers: bearer(laptop) })).status).toBe(204);
    for (const token of [client.token, laptop, phone]) expect((await profile(token)).status).toBe(401);
    expect((await profile(other.token)).status).toBe(200);

    const fresh = await login('client', client.email, FIREFOX_ON_LINUX);
    const listed = await sessions(fresh);
    expect(listed.body.sessions).toHaveLength(1);
    expect(listed.body.sessions[0]).toMatchObject({ current: true });
  });

  it('moves "last seen" with answered requests, at most once a minute', async () => {
    const client = await registerClient(t.app);
    const lastSeen = async () => (await sessions(client.token)).body.sessions[0].last_seen_at as string;
    const first = await lastSeen();
    expect((await profile(client.token)).status).toBe(200);
    expect(await lastSeen()).toBe(first);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      // A refused request does not count.
      expect((await call(t.app, { method: 'GET', url: '/v1/recruiter/profile', headers: bearer(client.token) })).status).toBe(403);
      const db = t.database.handle.db;
      const stored = await db.selectFrom('sessions').select('last_seen_at').where('account_id', '=', client.user_id).executeTakeFirstOrThrow();
      expect(stored.last_seen_at).toBe(first);
      expect((await profile(client.token)).status).toBe(200);
      const moved = await lastSeen();
      expect(Date.parse(moved) - Date.parse(first)).toBeGreaterThanOrEqual(61_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('signing out removes the session from the list', async () => {
    const client = await registerClient(t.app);
    const laptop = await login('client', client.email, FIREFOX_ON_LINUX);
    expect((await call(t.app, { method: 'POST', url: '/v1/auth/logout', headers: bearer(laptop) })).status).toBe(204);
    expect((await sessions(client.token)).body.sessions).toHaveLength(1);
  });

  it('a token from before sessions were listed keeps working until it expires, unlisted, and "sign out everywhere" ends it', async () => {
    const client = await registerClient(t.app);
    const { token: older } = await signTestToken('client', client.user_id, 600, client.client_id);
    expect((await profile(older)).status).toBe(200);
    const listed = await sessions(older);
    expect(listed.status).toBe(200);
    expect(listed.body.sessions.some((session: { current: boolean }) => session.current)).toBe(false);

    expect((await call(t.app, { method: 'DELETE', url: '/v1/auth/sessions', headers: bearer(client.token) })).status).toBe(204);
    expect((await profile(older)).status).toBe(401);
  });

  it('a password change ends the listed sessions and lists the new one', async () => {
    const client = await registerClient(t.app);
    await login('client', client.email, SAFARI_ON_IOS);
    const changed = await call(t.app, {
      method: 'POST',
      url: '/v1/auth/password',
      headers: { ...bearer(client.token), 'user-agent': FIREFOX_ON_LINUX },
      payload: { current_password: PASSWORD, new_password: 'a brand new passphrase 42' },
    });
    expect(changed.status).toBe(200);
    const listed = await sessions(changed.body.token);
    expect(listed.body.sessions).toHaveLength(1);
    expect(listed.body.sessions[0]).toMatchObject({ device: 'Firefox on Linux', current: true });
  });

  it('an API key has no sessions to list or end (403)', async () => {
    const recruiter = await registerRecruiter(t.app);
    const key = await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token), payload: { label: 'ci' } });
    const headers = { 'x-api-key': key.body.key };
    expect((await call(t.app, { method: 'GET', url: '/v1/auth/sessions', headers })).status).toBe(403);
    expect((await call(t.app, { method: 'DELETE', url: '/v1/auth/sessions', headers })).status).toBe(403);
  });
});
