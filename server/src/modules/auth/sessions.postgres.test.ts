import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, bearer, call, registerClient } from '../../test/api';
import { type TestApp, createTestApp } from '../../test/test-app';

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Two API instances on one PostgreSQL: a session ended on one is refused by the other, which answers from memory. */
describe('ending sessions across API instances (PostgreSQL)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ sharedDatabase: a.database });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const login = async (app: TestApp, email: string) => {
    const response = await call(app.app, { method: 'POST', url: '/v1/client/login', payload: { email, password: PASSWORD } });
    expect(response.status).toBe(200);
    return response.body.token as string;
  };
  const profileStatus = async (app: TestApp, token: string) =>
    (await call(app.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(token) })).status;

  it('a session ended on instance A is refused on instance B (which had it cached as good)', async () => {
    const client = await registerClient(a.app);
    const phone = await login(b, client.email);
    expect(await profileStatus(b, phone)).toBe(200);

    const listed = await call(a.app, { method: 'GET', url: '/v1/auth/sessions', headers: bearer(client.token) });
    const phoneSession = listed.body.sessions.find((session: { current: boolean }) => !session.current);
    expect((await call(a.app, { method: 'DELETE', url: `/v1/auth/sessions/${phoneSession.session_id}`, headers: bearer(client.token) })).status).toBe(
      204,
    );

    await eventually(async () => (await profileStatus(b, phone)) === 401, 'instance B refuses the ended session');
    expect(await profileStatus(b, client.token)).toBe(200);
  });

  it('"sign out everywhere" on instance B ends the sessions instance A serves', async () => {
    const client = await registerClient(a.app);
    const laptop = await login(a, client.email);
    expect(await profileStatus(a, laptop)).toBe(200);

    expect((await call(b.app, { method: 'DELETE', url: '/v1/auth/sessions', headers: bearer(client.token) })).status).toBe(204);
    await eventually(async () => (await profileStatus(a, laptop)) === 401, 'instance A refuses every session of the account');
    expect(await profileStatus(a, client.token)).toBe(401);
  });
});
