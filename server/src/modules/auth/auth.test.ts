import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { PASSWORD, bearer, call, mailSent, registerClient, registerRecruiter, uniqueEmail } from '../../test/api';
import { hashPassword } from './passwords';
import { DEFAULT_RATE_LIMITS } from '../../config';
import { TEST_JWT_SECRET, type TestApp, useTestApp } from '../../test/test-app';

describe('accounts and sessions', () => {
  const t = useTestApp();

  describe('registration', () => {
    it('gives a new client its id, its connection ID and a session, and never the password hash', async () => {
      const email = uniqueEmail('Client');
      const response = await call(t.app, {
        method: 'POST',
        url: '/v1/client/register',
        payload: { company_name: '  Acme Corp ', email: `  ${email.toUpperCase()} `, password: PASSWORD },
      });
      expect(response.status).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual(
        ['client_id', 'user_id', 'company_name', 'connection_id', 'email', 'token', 'token_expires_at'].sort(),
      );
      expect(response.body).toMatchObject({ company_name: 'Acme Corp', email: email.toLowerCase() });
      expect(response.body.connection_id).toMatch(/^[0-9a-f]{24}$/);
      const stored = await t.database.handle.db
        .selectFrom('client_users')
        .selectAll()
        .where('email', '=', email.toLowerCase())
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ user_id: response.body.user_id, client_id: response.body.client_id, role: 'admin' });
      expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(JSON.stringify(response.body)).not.toContain(stored.password_hash);
    });

    it.each([
      ['a password under 8 characters', { password: 'short' }],
      ['an invalid e-mail address', { email: 'not-an-email' }],
      ['a missing company name', { company_name: undefined }],
      ['a connection ID chosen by the caller', { connection_id: '69820a17e7a0f72f1ead7aca' }],
      ['a company name that is a number', { company_name: 42 }],
    ])('refuses a client registration with %s, and writes nothing', async (_label, change) => {
      const before = await t.database.handle.db.selectFrom('clients').select('client_id').execute();
      const payload: Record<string, unknown> = { company_name: 'Acme', email: uniqueEmail(), password: PASSWORD, ...change };
      const response = await call(t.app, { method: 'POST', url: '/v1/client/register', payload });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: 'validation_failed', message: expect.any(String) });
      const after = await t.database.handle.db.selectFrom('clients').select('client_id').execute();
      expect(after.length).toBe(before.length);
    });

    it.each([
      ['12345678', /one of the most common passwords/],
      ['password', /one of the most common passwords/],
      ['P@ssw0rd', /one of the most common passwords/],
      ['        ', /cannot be only spaces/],
      ['aaaaaaaaaaaa', /Repeated characters/],
    ])('refuses the password %j for both roles with 400 weak_password saying why, and writes nothing', async (password, why) => {
      const email = uniqueEmail();
      for (const [url, payload] of [
        ['/v1/client/register', { company_name: 'Acme', email, password }],
        ['/v1/recruiter/register', { name: 'Rita', email, password }],
      ] as const) {
        const response = await call(t.app, { method: 'POST', url, payload });
        expect(response.status).toBe(400);
        expect(response.body).toEqual({ error: 'weak_password', message: expect.stringMatching(why) });
      }
      const stored = await t.database.handle.db.selectFrom('client_users').select('email').where('email', '=', email).execute();
      const storedRecruiter = await t.database.handle.db.selectFrom('recruiters').select('email').where('email', '=', email).execute();
      expect([...stored, ...storedRecruiter]).toEqual([]);
    });

    it("refuses the user's own e-mail address or company name as the password", async () => {
      const email = uniqueEmail('jane.doe');
      const byEmail = await call(t.app, { method: 'POST', url: '/v1/recruiter/register', payload: { name: 'Jane Doe', email, password: email } });
      expect(byEmail).toMatchObject({ status: 400, body: { error: 'weak_password', message: expect.stringMatching(/your name or e-mail/) } });
      const byName = await call(t.app, {
        method: 'POST',
        url: '/v1/client/register',
        payload: { company_name: 'Globex Corporation', email, password: 'Globex Corporation' },
      });
      expect(byName).toMatchObject({ status: 400, body: { error: 'weak_password' } });
    });

    it('accepts a password of 256 characters', async () => {
      await registerRecruiter(t.app, { password: 'Tq8-zm4#Lw'.repeat(25) + 'x'.repeat(6) });
    });

    it('still signs in an account whose password was set before the rule', async () => {
      const client = await registerClient(t.app);
      await t.database.handle.db
        .updateTable('client_users')
        .set({ password_hash: await hashPassword('password') })
        .where('client_id', '=', client.client_id)
        .execute();
      const login = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: client.email, password: 'password' } });
      expect(login).toMatchObject({ status: 200, body: { client_id: client.client_id } });
    });

    it('refuses a second account with the same e-mail address, whatever its case', async () => {
      const client = await registerClient(t.app);
      const response = await call(t.app, {
        method: 'POST',
        url: '/v1/client/register',
        payload: { company_name: 'Other', email: client.email.toUpperCase(), password: PASSWORD },
      });
      expect(response).toMatchObject({ status: 409, body: { error: 'email_taken' } });

      const recruiter = await registerRecruiter(t.app);
      const again = await call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/register',
        payload: { name: 'Other', email: recruiter.email, password: PASSWORD },
      });
      expect(again).toMatchObject({ status: 409, body: { error: 'email_taken' } });
    });
  });

  describe('sign-in', () => {
    it('signs a client and a recruiter in with the right password', async () => {
      const client = await registerClient(t.app);
      const clientLogin = await call(t.app, {
        method: 'POST',
        url: '/v1/client/login',
        payload: { email: client.email.toUpperCase(), password: PASSWORD },
      });
      expect(clientLogin).toMatchObject({ status: 200, body: { client_id: client.client_id, token: expect.any(String) } });

      const recruiter = await registerRecruiter(t.app);
      const recruiterLogin = await call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/login',
        payload: { email: recruiter.email, password: PASSWORD },
      });
      expect(recruiterLogin).toMatchObject({ status: 200, body: { recruiter_id: recruiter.recruiter_id } });
    });

    it('answers an unknown e-mail and a wrong password with the same 401', async () => {
      const client = await registerClient(t.app);
      const wrongPassword = await call(t.app, {
        method: 'POST',
        url: '/v1/client/login',
        payload: { email: client.email, password: 'not the password' },
      });
      const unknownEmail = await call(t.app, {
        method: 'POST',
        url: '/v1/client/login',
        payload: { email: uniqueEmail('nobody'), password: 'not the password' },
      });
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      expect(unknownEmail.body).toEqual(wrongPassword.body);
    });

    it('takes as long to refuse an unknown e-mail as a wrong password, so timing does not reveal who has an account', async () => {
      const client = await registerClient(t.app);
      await mailSent(t.database.handle.db);
      const time = async (email: string) => {
        const started = performance.now();
        const response = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email, password: 'not the password' } });
        expect(response.status).toBe(401);
        return performance.now() - started;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 8; i++) {
        known.push(await time(client.email));
        unknown.push(await time(uniqueEmail('nobody')));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      // Without the decoy hash an unknown e-mail answers in ~1 ms against ~40 ms: a ratio near 40.
      const ratio = median(unknown) / median(known);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    });

    it('does not let a client sign in through the recruiter door, but tells it which door is its own', async () => {
      const client = await registerClient(t.app);
      const response = await call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/login',
        payload: { email: client.email, password: PASSWORD },
      });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'wrong_role', message: "This is a company's account: sign in as a company." });
      expect(response.body).not.toHaveProperty('token');
    });

    it('tells a recruiter who chose "Company" with the right password to sign in as a recruiter', async () => {
      const recruiter = await registerRecruiter(t.app);
      const response = await call(t.app, {
        method: 'POST',
        url: '/v1/client/login',
        payload: { email: recruiter.email.toUpperCase(), password: PASSWORD },
      });
      expect(response).toMatchObject({
        status: 401,
        body: { error: 'wrong_role', message: "This is a recruiter's account: sign in as a recruiter." },
      });
    });

    it('tells nobody without the password whether the address has an account of the other role', async () => {
      const recruiter = await registerRecruiter(t.app);
      const signIn = (email: string) => call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email, password: 'not the password' } });
      const otherRoleExists = await signIn(recruiter.email);
      const nobody = await signIn(uniqueEmail('nobody'));
      expect(otherRoleExists.status).toBe(401);
      expect(otherRoleExists.body).toEqual({ error: 'unauthorized', message: 'Wrong e-mail address or password.' });
      expect(nobody.body).toEqual(otherRoleExists.body);
    });

    it('takes as long to refuse a wrong password whether or not the other role has an account', async () => {
      const recruiter = await registerRecruiter(t.app);
      await mailSent(t.database.handle.db);
      const time = async (email: string) => {
        const started = performance.now();
        const response = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email, password: 'not the password' } });
        expect(response.status).toBe(401);
        return performance.now() - started;
      };
      const otherRoleExists: number[] = [];
      const nobody: number[] = [];
      for (let i = 0; i < 8; i++) {
        otherRoleExists.push(await time(recruiter.email));
        nobody.push(await time(uniqueEmail('nobody')));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      // Checking the other role's password only when it has an account would make this ratio about 0.5.
      const ratio = median(nobody) / median(otherRoleExists);
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(1.4);
    });
  });

  describe('tokens', () => {
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const forge = (claims: Record<string, unknown>, options: { secret?: Uint8Array; exp?: number; iat?: number; alg?: string } = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: options.alg ?? 'HS256' })
        .setIssuer('hirelink')
        .setAudience('hirelink-api')
        .setJti(crypto.randomUUID())
        .setIssuedAt(options.iat ?? now)
        .setExpirationTime(options.exp ?? now + 600)
        .sign(options.secret ?? key);
    };

    it('refuses a request with no token, a malformed header or a garbage token with 401', async () => {
      for (const headers of [{}, { authorization: 'Token abc' }, { authorization: 'Bearer not.a.jwt' }]) {
        const response = await call(t.app, { method: 'GET', url: '/v1/client/profile', headers });
        expect(response.status).toBe(401);
        expect(response.body.error).toBe('unauthorized');
        expect(response.headers['www-authenticate']).toBe('Bearer');
      }
    });

    it('refuses a token of the wrong role with 403', async () => {
      const client = await registerClient(t.app);
      const recruiter = await registerRecruiter(t.app);
      expect((await call(t.app, { method: 'GET', url: '/v1/jobs', headers: bearer(client.token) })).status).toBe(403);
      expect((await call(t.app, { method: 'GET', url: '/v1/client/stats', headers: bearer(recruiter.token) })).status).toBe(403);
    });

    it('refuses an expired token, one signed with another secret, and one that lives over a day', async () => {
      const client = await registerClient(t.app);
      const now = Math.floor(Date.now() / 1000);
      const tokens = [
        await forge({ role: 'client', sub: client.client_id }, { iat: now - 7200, exp: now - 3600 }),
        await forge({ role: 'client', sub: client.client_id }, { secret: new TextEncoder().encode('another-secret-another-secret-another-secret') }),
        await forge({ role: 'client', sub: client.client_id }, { exp: now + 2 * 24 * 3600 }),
      ];
      for (const token of tokens) {
        const response = await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(token) });
        expect(response.status).toBe(401);
      }
    });

    it('refuses an unsigned token and one whose role was changed after signing', async () => {
      const recruiter = await registerRecruiter(t.app);
      const [header, payload] = recruiter.token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const asClient = Buffer.from(JSON.stringify({ ...claims, role: 'client' })).toString('base64url');
      const unsignedHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      for (const token of [`${header}.${asClient}.${recruiter.token.split('.')[2]}`, `${unsignedHeader}.${asClient}.`]) {
        const response = await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(token) });
        expect(response.status).toBe(401);
      }
    });

    it("ends only the signed-out session; the same user's other sessions go on", async () => {
      const client = await registerClient(t.app);
      const second = await call(t.app, {
        method: 'POST',
        url: '/v1/client/login',
        payload: { email: client.email, password: PASSWORD },
      });
      expect((await call(t.app, { method: 'POST', url: '/v1/auth/logout', headers: bearer(client.token) })).status).toBe(204);
      expect((await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(client.token) })).status).toBe(401);
      expect((await call(t.app, { method: 'POST', url: '/v1/auth/logout', headers: bearer(client.token) })).status).toBe(401);
      expect((await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(second.body.token) })).status).toBe(200);
    });
  });

  describe('API keys', () => {
    it('creates a key shown once, lists it without its secret, lets it act as the recruiter, and revokes it at once', async () => {
      const recruiter = await registerRecruiter(t.app);
      const created = await call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/api-keys',
        headers: bearer(recruiter.token),
        payload: { label: 'ATS sync' },
      });
      expect(created.status).toBe(201);
      const { key, key_id } = created.body;
      expect(key).toMatch(/^hlk_[A-Za-z0-9_-]{43}$/);

      const stored = await t.database.handle.db.selectFrom('api_keys').selectAll().where('key_id', '=', key_id).executeTakeFirstOrThrow();
      expect(stored.key_hash).not.toContain(key);
      expect(JSON.stringify(stored)).not.toContain(key);

      const listed = await call(t.app, { method: 'GET', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token) });
      expect(listed.body.api_keys).toEqual([expect.objectContaining({ key_id, label: 'ATS sync', key_prefix: key.slice(0, 10), revoked_at: null })]);
      expect(JSON.stringify(listed.body)).not.toContain(key);

      const asKey = await call(t.app, { method: 'POST', url: '/v1/jobs', headers: { 'x-api-key': key }, payload: { title: 'Via key' } });
      expect(asKey).toMatchObject({ status: 201, body: { recruiter_id: recruiter.recruiter_id } });

      const revoked = await call(t.app, { method: 'DELETE', url: `/v1/recruiter/api-keys/${key_id}`, headers: bearer(recruiter.token) });
      expect(revoked.status).toBe(204);
      const afterRevoke = await call(t.app, { method: 'GET', url: '/v1/jobs', headers: { 'x-api-key': key } });
      expect(afterRevoke.status).toBe(401);
      const listedAfter = await call(t.app, { method: 'GET', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token) });
      expect(listedAfter.body.api_keys[0].revoked_at).not.toBeNull();
    });

    it('does not let a key mint keys, sign out, or reach client routes', async () => {
      const recruiter = await registerRecruiter(t.app);
      const { body } = await call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/api-keys',
        headers: bearer(recruiter.token),
        payload: { label: 'k' },
      });
      const headers = { 'x-api-key': body.key };
      expect((await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers, payload: { label: 'x' } })).status).toBe(403);
      expect((await call(t.app, { method: 'POST', url: '/v1/auth/logout', headers })).status).toBe(403);
      expect((await call(t.app, { method: 'GET', url: '/v1/client/stats', headers })).status).toBe(403);
    });

    it("does not let a recruiter revoke another recruiter's key", async () => {
      const owner = await registerRecruiter(t.app);
      const other = await registerRecruiter(t.app);
      const { body } = await call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/api-keys',
        headers: bearer(owner.token),
        payload: { label: 'mine' },
      });
      const attempt = await call(t.app, { method: 'DELETE', url: `/v1/recruiter/api-keys/${body.key_id}`, headers: bearer(other.token) });
      expect(attempt.status).toBe(404);
      expect((await call(t.app, { method: 'GET', url: '/v1/jobs', headers: { 'x-api-key': body.key } })).status).toBe(200);
    });
  });
});

describe('sign-in rate limits', () => {
  const t = useTestApp({ config: { rateLimits: { loginPerIp: 6, loginFailuresPerEmailAndIp: 3 } } });

  it("slows guessing one account's password: 429 with Retry-After, logged without the e-mail address", async () => {
    const client = await registerClient(t.app);
    const attempt = () => call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: client.email, password: 'guess' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password waits: past a limit the password is not looked at, so a 429 says nothing about it.
    const right = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: client.email, password: PASSWORD } });
    expect(right.status).toBe(429);
    const logged = t.logs.filter((line) => line.includes('failure limit reached'));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('')).not.toContain(client.email);
  });

  it('slows one address trying many accounts', async () => {
    // Six attempts are allowed from one IP per window in this app; the earlier test used some.
    let status = 0;
    for (let i = 0; i < 8 && status !== 429; i++) {
      status = (await call(t.app, { method: 'POST', url: '/v1/recruiter/login', payload: { email: uniqueEmail(), password: 'guess' } })).status;
    }
    expect(status).toBe(429);
  });
});

describe('sign-in with the wrong role under the limits (3 wrong passwords per account and source)', () => {
  const t = useTestApp({ config: { rateLimits: { loginFailuresPerEmailAndIp: 3 } } });
  const signIn = (door: 'client' | 'recruiter', email: string, password: string) =>
    call(t.app, { method: 'POST', url: `/v1/${door}/login`, payload: { email, password } });

  it('counts a right password at the wrong door as a failed sign-in there', async () => {
    const recruiter = await registerRecruiter(t.app);
    for (let i = 0; i < 3; i++) expect((await signIn('client', recruiter.email, PASSWORD)).body.error).toBe('wrong_role');
    expect((await signIn('client', recruiter.email, PASSWORD)).status).toBe(429);
    // The recruiter's own door is untouched: it gave its right password every time.
    expect((await signIn('recruiter', recruiter.email, PASSWORD)).status).toBe(200);
  });

  it('counts a wrong password at the other door against the other account too, so two doors give no more guesses', async () => {
    const recruiter = await registerRecruiter(t.app);
    for (let i = 0; i < 2; i++) expect((await signIn('client', recruiter.email, `guess ${i}`)).body.error).toBe('unauthorized');
    expect((await signIn('recruiter', recruiter.email, 'guess 2')).status).toBe(401);
    expect((await signIn('recruiter', recruiter.email, PASSWORD)).status).toBe(429);
  });

  it("checks nothing at the other door past the other account's limit: the plain answer, no hint", async () => {
    // One address with an account of each role, each with its own password.
    const recruiter = await registerRecruiter(t.app, { password: 'recruiting staple battery horse' });
    await registerClient(t.app, { email: recruiter.email });
    // The client's password at the recruiter door: wrong there (counted), right for the client (a hint).
    for (let i = 0; i < 3; i++) expect((await signIn('recruiter', recruiter.email, PASSWORD)).body.error).toBe('wrong_role');
    // The recruiter account has used up its failures at this source, so the client door does not check its password.
    expect((await signIn('client', recruiter.email, recruiter.password)).body).toEqual({
      error: 'unauthorized',
      message: 'Wrong e-mail address or password.',
    });
  });
});

describe('sign-in limits that nobody can use to lock an owner out', () => {
  const HOME = '192.0.2.10';
  const signIn = (app: TestApp['app'], email: string, password: string, remoteAddress: string) =>
    call(app, { method: 'POST', url: '/v1/client/login', remoteAddress, payload: { email, password } });

  describe('with the default limits', () => {
    const t = useTestApp({
      config: {
        rateLimits: {
          loginFailuresPerEmailAndIp: DEFAULT_RATE_LIMITS.loginFailuresPerEmailAndIp,
          loginFailuresPerEmailHourly: DEFAULT_RATE_LIMITS.loginFailuresPerEmailHourly,
        },
      },
    });

    it('lets the owner in while an attacker fails 12 times from another address, and answers the attacker 429 even for the right password', async () => {
      const owner = await registerClient(t.app);
      for (let i = 0; i < DEFAULT_RATE_LIMITS.loginFailuresPerEmailAndIp; i++) {
        expect((await signIn(t.app, owner.email, `guess ${i}`, '203.0.113.66')).status).toBe(401);
      }
      const limited = await signIn(t.app, owner.email, 'guess 11', '203.0.113.66');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await signIn(t.app, owner.email, PASSWORD, '203.0.113.66')).status).toBe(429);

      expect((await signIn(t.app, owner.email, PASSWORD, HOME)).status).toBe(200);
    });
  });

  describe('when attackers at many addresses pass the ceiling for one account (3 per address, 8 in all, in this app)', () => {
    const t = useTestApp({ config: { rateLimits: { loginFailuresPerEmailAndIp: 3, loginFailuresPerEmailHourly: 8 } } });

    it('refuses every new address, the right password included, but still lets the owner in where it has signed in before', async () => {
      const owner = await registerClient(t.app);
      expect((await signIn(t.app, owner.email, PASSWORD, HOME)).status).toBe(200);

      for (const attacker of ['203.0.113.1', '203.0.113.2']) {
        for (let i = 0; i < 3; i++) expect((await signIn(t.app, owner.email, 'guess', attacker)).status).toBe(401);
        expect((await signIn(t.app, owner.email, 'guess', attacker)).status).toBe(429);
      }
      for (let i = 0; i < 2; i++) expect((await signIn(t.app, owner.email, 'guess', '203.0.113.3')).status).toBe(401);
      // Eight wrong passwords in all: the account's ceiling. Every other address now waits...
      expect((await signIn(t.app, owner.email, 'guess', '203.0.113.3')).status).toBe(429);
      const rightGuess = await signIn(t.app, owner.email, PASSWORD, '203.0.113.4');
      expect(rightGuess.status).toBe(429);
      expect(Number(rightGuess.headers['retry-after'])).toBeGreaterThan(0);
      // ...and so would the owner from a network it has never signed in from (the README says so),
      expect((await signIn(t.app, owner.email, PASSWORD, '198.51.100.23')).status).toBe(429);
      // but at home, where it signed in before, the owner is not locked out.
      expect((await signIn(t.app, owner.email, PASSWORD, HOME)).status).toBe(200);

      expect(t.logs.filter((line) => line.includes('failure limit reached')).join('')).not.toContain(owner.email);
    });

    it("still limits wrong passwords from the owner's own address", async () => {
      const owner = await registerClient(t.app);
      expect((await signIn(t.app, owner.email, PASSWORD, HOME)).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await signIn(t.app, owner.email, 'typo', HOME)).status).toBe(401);
      expect((await signIn(t.app, owner.email, PASSWORD, HOME)).status).toBe(429);
    });

    it('keeps where an account signs in as a keyed hash, not as an address', async () => {
      const owner = await registerClient(t.app);
      expect((await signIn(t.app, owner.email, PASSWORD, '2001:db8:5:6::7')).status).toBe(200);
      const rows = await t.database.handle.db.selectFrom('sign_in_sources').selectAll().where('account_id', '=', owner.user_id).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ role: 'client', source: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
      expect(JSON.stringify(rows)).not.toMatch(/2001|db8/);
    });
  });
});

describe('the registration limit per source', () => {
  const t = useTestApp({ config: { rateLimits: { registerPerIp: DEFAULT_RATE_LIMITS.registerPerIp } } });

  it('lets one address ask about 30 e-mail addresses an hour, logs each "taken" with the source only, then answers 429', async () => {
    const taken = await registerClient(t.app, {}, { remoteAddress: '203.0.113.200' });
    const probe = (remoteAddress: string) =>
      call(t.app, {
        method: 'POST',
        url: '/v1/client/register',
        remoteAddress,
        payload: { company_name: 'Probe', email: taken.email, password: PASSWORD },
      });
    // The attacker's address: every attempt counts, so its first 30 probes are answered honestly...
    for (let i = 0; i < DEFAULT_RATE_LIMITS.registerPerIp; i++) {
      expect((await probe('203.0.113.7')).body.error).toBe('email_taken');
    }
    // ...and the 31st, of either role, waits, whatever it asks.
    const limited = await probe('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const asRecruiter = await call(t.app, {
      method: 'POST',
      url: '/v1/recruiter/register',
      remoteAddress: '203.0.113.7',
      payload: { name: 'New', email: uniqueEmail(), password: PASSWORD },
    });
    expect(asRecruiter.status).toBe(429);

    // Another address is not affected.
    await registerRecruiter(t.app, {}, { remoteAddress: '198.51.100.9' });

    const warnings = t.logs.filter((line) => line.includes('already has an account'));
    expect(warnings).toHaveLength(DEFAULT_RATE_LIMITS.registerPerIp);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, ip: '203.0.113.7' });
    expect(warnings.join('')).not.toContain(taken.email);
  });

  it('counts an IPv6 /64 as one source, since one subscriber holds all of it', async () => {
    const register = (remoteAddress: string) =>
      call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/register',
        remoteAddress,
        payload: { name: 'Six', email: 'not an e-mail', password: PASSWORD },
      });
    for (let i = 0; i < DEFAULT_RATE_LIMITS.registerPerIp; i++) {
      expect((await register(`2001:db8:77:1::${(i + 1).toString(16)}`)).status).toBe(400);
    }
    expect((await register('2001:db8:77:1:ffff::1')).status).toBe(429);
    expect((await register('2001:db8:77:2::1')).status).toBe(400);
  });
});
