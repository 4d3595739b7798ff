import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { type TOTP, URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, bearer, call, registerClient, registerRecruiter } from '../../test/api';
import { rememberSecrets } from '../../test/secrets';
import { TEST_JWT_SECRET, type TestApp, type TestConfigOverrides, createTestApp } from '../../test/test-app';

const STEP_MS = 30_000;

/**
 * Waits (at most 12 s) until the current 30-second step has at least 18 s left, so that a test
 * can name the codes of the step before, this one and the next, and they stay within the
 * server's window while it runs.
 */
async function stepWithRoom(): Promise<number> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 18_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  return Date.now();
}

describe('two-step sign-in (TOTP)', () => {
  let t: TestApp;
  const extraApps: TestApp[] = [];
  const appWith = async (config: TestConfigOverrides) => {
    const app = await createTestApp({ config });
    extraApps.push(app);
    return app;
  };
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    for (const app of extraApps) await app.close();
    await t?.close();
  });

  const login = (app: TestApp, role: 'client' | 'recruiter', email: string, password = PASSWORD) =>
    call(app.app, { method: 'POST', url: `/v1/${role}/login`, payload: { email, password } });
  const secondStep = (app: TestApp, mfaToken: string, code: string) =>
    call(app.app, { method: 'POST', url: '/v1/auth/mfa', payload: { mfa_token: mfaToken, code } });
  const status = async (app: TestApp, token: string) =>
    (await call(app.app, { method: 'GET', url: '/v1/auth/mfa', headers: bearer(token) })).body.totp_enabled as boolean;

  /** Enrols the account's authenticator app; the TOTP the test then plays, and the recovery codes. */
  async function turnOn(app: TestApp, token: string): Promise<{ totp: TOTP; recoveryCodes: string[]; base: number }> {
    const enrolment = await call(app.app, { method: 'POST', url: '/v1/auth/mfa/totp', headers: bearer(token) });
    expect(enrolment.status).toBe(201);
    const totp = URI.parse(enrolment.body.otpauth_url) as TOTP;
    const base = await stepWithRoom();
    const confirmed = await call(app.app, {
      method: 'POST',
      url: '/v1/auth/mfa/totp/confirm',
      headers: bearer(token),
      payload: { code: totp.generate({ timestamp: base - STEP_MS }) },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    return { totp, recoveryCodes: confirmed.body.recovery_codes, base };
  }

  it('enrols with a QR code, then asks every sign-in for a code; each code and recovery code works once; turning it off needs a code', async () => {
    const client = await registerClient(t.app);
    expect(await status(t, client.token)).toBe(false);

    const enrolment = await call(t.app, { method: 'POST', url: '/v1/auth/mfa/totp', headers: bearer(client.token) });
    expect(enrolment.status).toBe(201);
    expect(enrolment.body.otpauth_url).toMatch(/^otpauth:\/\/totp\/Hirelink:/);
    const totp = URI.parse(enrolment.body.otpauth_url) as TOTP;
    expect([totp.algorithm, totp.digits, totp.period, totp.issuer]).toEqual(['SHA1', 6, 30, 'Hirelink']);
    expect(totp.label).toBe(client.email);
    expect(enrolment.body.qr_svg).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\s*$/);

    // Not on until a code from the app confirms it: sign-in still takes the password alone.
    expect(await status(t, client.token)).toBe(false);
    expect((await login(t, 'client', client.email)).body.token).toBeTypeOf('string');
    const wrong = await call(t.app, { method: 'POST', url: '/v1/auth/mfa/totp/confirm', headers: bearer(client.token), payload: { code: '000000' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('wrong_mfa_code');

    const base = await stepWithRoom();
    const confirmed = await call(t.app, {
      method: 'POST',
      url: '/v1/auth/mfa/totp/confirm',
      headers: bearer(client.token),
      payload: { code: totp.generate({ timestamp: base - STEP_MS }) },
    });
    expect(confirmed.status).toBe(200);
    const recoveryCodes: string[] = confirmed.body.recovery_codes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await status(t, client.token)).toBe(true);

    // Neither the secret nor a recovery code is stored as it is.
    const db = t.database.handle.db;
    const factor = await db.selectFrom('totp_factors').selectAll().where('account_id', '=', client.user_id).executeTakeFirstOrThrow();
    expect(factor.secret_sealed).not.toContain(totp.secret.base32);
    const stored = JSON.stringify(await db.selectFrom('recovery_codes').selectAll().where('account_id', '=', client.user_id).execute());
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace('-', ''));
    }

    // The password alone now leads to a second step, whose token is no session.
    const first = await login(t, 'client', client.email);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ mfa_required: true });
    expect(first.body.token).toBeUndefined();
    expect(first.body.client_id).toBeUndefined();
    expect((await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(first.body.mfa_token) })).status).toBe(401);

    const code = totp.generate({ timestamp: base });
    const signedIn = await secondStep(t, first.body.mfa_token, code);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.client_id).toBe(client.client_id);
    expect((await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(signedIn.body.token) })).status).toBe(200);

    // The same code again, or the one that confirmed the app: used.
    const again = await login(t, 'client', client.email);
    expect((await secondStep(t, again.body.mfa_token, code)).body.error).toBe('wrong_mfa_code');
    expect((await secondStep(t, again.body.mfa_token, totp.generate({ timestamp: base - STEP_MS }))).status).toBe(400);

    // A recovery code works once, typed any way.
    const recovery = recoveryCodes[0]!;
    expect((await secondStep(t, again.body.mfa_token, recovery)).status).toBe(200);
    expect((await secondStep(t, again.body.mfa_token, recovery)).body.error).toBe('wrong_mfa_code');
    const typedLoosely = ` ${recoveryCodes[1]!.toUpperCase().replace('-', ' ')} `;
    expect((await secondStep(t, again.body.mfa_token, typedLoosely)).status).toBe(200);

    // Setting up another app while one is on is refused.
    expect((await call(t.app, { method: 'POST', url: '/v1/auth/mfa/totp', headers: bearer(signedIn.body.token) })).status).toBe(409);

    // Off, with a fresh code; sign-in is one step again.
    const off = (code: string) =>
      call(t.app, { method: 'DELETE', url: '/v1/auth/mfa/totp', headers: bearer(signedIn.body.token), payload: { code } });
    expect((await off(code)).status).toBe(400);
    expect((await off(totp.generate({ timestamp: base + STEP_MS }))).status).toBe(204);
    expect(await status(t, signedIn.body.token)).toBe(false);
    const plain = await login(t, 'client', client.email);
    expect(plain.body.client_id).toBe(client.client_id);
    expect(plain.body.mfa_required).toBeUndefined();
    expect(await db.selectFrom('recovery_codes').select('code_hash').where('account_id', '=', client.user_id).execute()).toEqual([]);
    expect((await off(totp.generate({ timestamp: base + STEP_MS }))).status).toBe(409);
  });

  it('accepts a code once when two sign-ins send it at the same moment', async () => {
    const client = await registerClient(t.app);
    const { totp, base, recoveryCodes } = await turnOn(t, client.token);
    const tokens = await Promise.all([login(t, 'client', client.email), login(t, 'client', client.email)]);
    const code = totp.generate({ timestamp: base });
    const answers = await Promise.all(tokens.map((first) => secondStep(t, first.body.mfa_token, code)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const recovery = await Promise.all(tokens.map((first) => secondStep(t, first.body.mfa_token, recoveryCodes[5]!)));
    expect(recovery.map((answer) => answer.status).sort()).toEqual([200, 400]);
  });

  it('works for recruiters, and turning it off takes a recovery code too', async () => {
    const recruiter = await registerRecruiter(t.app);
    const { recoveryCodes } = await turnOn(t, recruiter.token);
    const first = await login(t, 'recruiter', recruiter.email);
    expect(first.body.mfa_required).toBe(true);
    const signedIn = await secondStep(t, first.body.mfa_token, recoveryCodes[3]!);
    expect(signedIn.body.recruiter_id).toBe(recruiter.recruiter_id);
    const off = await call(t.app, {
      method: 'DELETE',
      url: '/v1/auth/mfa/totp',
      headers: bearer(signedIn.body.token),
      payload: { code: recoveryCodes[4]! },
    });
    expect(off.status).toBe(204);
  });

  it('refuses an mfa_token that is forged, expired or of another kind (401), and one of an account without TOTP leads nowhere', async () => {
    const client = await registerClient(t.app);
    const { totp } = await turnOn(t, client.token);
    const code = totp.generate();
    const now = Math.floor(Date.now() / 1000);
    const sign = (audience: string, iat: number, exp: number, secret = TEST_JWT_SECRET) =>
      new SignJWT({ role: 'client' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer('hirelink')
        .setAudience(audience)
        .setSubject(client.user_id)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(secret));
    const expired = await sign('hirelink-mfa', now - 400, now - 100);
    const otherSecret = await sign('hirelink-mfa', now, now + 300, 'y'.repeat(48));
    const session = client.token;
    const sessionAudience = await sign('hirelink-api', now, now + 300);
    rememberSecrets({ token: expired }, { token: otherSecret }, { token: sessionAudience });
    for (const mfaToken of ['garbage', expired, otherSecret, session, sessionAudience]) {
      const answer = await secondStep(t, mfaToken, code);
      expect(answer.status, mfaToken.slice(0, 20)).toBe(401);
      expect(answer.body.error).toBe('invalid_mfa_token');
    }

    // A well-signed mfa_token of an account whose TOTP is not on leads nowhere either.
    const plain = await registerClient(t.app);
    const sneaky = await new SignJWT({ role: 'client' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('hirelink')
      .setAudience('hirelink-mfa')
      .setSubject(plain.user_id)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    rememberSecrets({ token: sneaky });
    expect((await secondStep(t, sneaky, code)).status).toBe(400);
  });

  it('limits wrong codes per account, whatever the source, right codes included once the limit is reached (429)', async () => {
    const app = await appWith({ rateLimits: { mfaFailuresPerAccount: 3 } });
    const client = await registerClient(app.app);
    const { totp } = await turnOn(app, client.token);
    const { mfa_token: mfaToken } = (await login(app, 'client', client.email)).body;
    for (const [i, remoteAddress] of ['203.0.113.1', '203.0.113.2', '203.0.113.3'].entries()) {
      const answer = await call(app.app, { method: 'POST', url: '/v1/auth/mfa', payload: { mfa_token: mfaToken, code: `00000${i}` }, remoteAddress });
      expect(answer.status).toBe(400);
    }
    const limited = await secondStep(app, mfaToken, totp.generate());
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    // Another account is not held back.
    const other = await registerClient(app.app);
    const otherTotp = await turnOn(app, other.token);
    const otherToken = (await login(app, 'client', other.email)).body.mfa_token;
    expect((await secondStep(app, otherToken, otherTotp.totp.generate({ timestamp: otherTotp.base }))).status).toBe(200);
  });

  it('limits code attempts per source (429)', async () => {
    const app = await appWith({ rateLimits: { mfaPerIp: 2 } });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await secondStep(app, 'garbage', '123456')).status);
    expect(answers).toEqual([401, 401, 429]);
  });

  it('writes no code, secret or mfa_token to the log', async () => {
    const client = await registerClient(t.app);
    const { totp, recoveryCodes } = await turnOn(t, client.token);
    const { mfa_token: mfaToken } = (await login(t, 'client', client.email)).body;
    await secondStep(t, mfaToken, 'wrong-code-1');
    await secondStep(t, mfaToken, recoveryCodes[0]!);
    const log = t.logs.join('');
    // Six-digit TOTP codes are left out: six digits turn up by chance in any log's timestamps.
    for (const secret of [totp.secret.base32, mfaToken, ...recoveryCodes, 'wrong-code-1']) {
      expect(log).not.toContain(secret);
    }
  });
});
