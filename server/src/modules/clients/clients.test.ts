import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, call, countRows, registerClient, registerRecruiter } from '../../test/api';
import { type TestApp, createTestApp, useTestApp } from '../../test/test-app';

describe('connection IDs', () => {
  const t = useTestApp();

  it('gives 30 clients 30 distinct, well-formed connection IDs', async () => {
    const clients = await Promise.all(Array.from({ length: 30 }, () => registerClient(t.app)));
    const ids = clients.map((client) => client.connection_id);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(30);
  });

  it('shows the client its connection ID on its profile, the same one it got at registration', async () => {
    const client = await registerClient(t.app);
    const profile = await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(client.token) });
    expect(profile).toMatchObject({
      status: 200,
      body: {
        client_id: client.client_id,
        company_name: client.company_name,
        connection_id: client.connection_id,
      },
    });
    expect(profile.body).not.toHaveProperty('password_hash');
  });

  it('offers no way to change a connection ID', async () => {
    const client = await registerClient(t.app);
    for (const method of ['PATCH', 'PUT', 'POST'] as const) {
      const response = await call(t.app, {
        method,
        url: '/v1/client/profile',
        headers: bearer(client.token),
        payload: { connection_id: '000000000000000000000000' },
      });
      expect(response.status).toBe(404);
    }
    const profile = await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(client.token) });
    expect(profile.body.connection_id).toBe(client.connection_id);
  });

  describe('look-up by recruiters', () => {
    it('resolves an ID typed in upper case with dashes to the client id and company name, and nothing else', async () => {
      const client = await registerClient(t.app, { company_name: 'Globex Ltd' });
      const recruiter = await registerRecruiter(t.app);
      const dashed = client.connection_id
        .toUpperCase()
        .match(/.{1,4}/g)!
        .join('-');
      const response = await call(t.app, {
        method: 'GET',
        url: `/v1/client/by-connection/${dashed}`,
        headers: bearer(recruiter.token),
      });
      expect(response).toEqual({
        status: 200,
        body: { client_id: client.client_id, company_name: 'Globex Ltd' },
        headers: expect.anything(),
      });
    });

    it('resolves an ID pasted with its label, as it arrives in an e-mail', async () => {
      const client = await registerClient(t.app, { company_name: 'Initech' });
      const recruiter = await registerRecruiter(t.app);
      for (const pasted of [`Connection ID: ${client.connection_id}`, `connection id - ${client.connection_id.toUpperCase()}`]) {
        const response = await call(t.app, {
          method: 'GET',
          url: `/v1/client/by-connection/${encodeURIComponent(pasted)}`,
          headers: bearer(recruiter.token),
        });
        expect(response, pasted).toMatchObject({ status: 200, body: { client_id: client.client_id, company_name: 'Initech' } });
      }
    });

    it('answers a malformed ID with 400 invalid_connection_id_format', async () => {
      const recruiter = await registerRecruiter(t.app);
      for (const bad of ['abc', 'zz820a17e7a0f72f1ead7aca', '69820a17e7a0f72f1ead7aca00', '%20']) {
        const response = await call(t.app, {
          method: 'GET',
          url: `/v1/client/by-connection/${bad}`,
          headers: bearer(recruiter.token),
        });
        expect(response.status, bad).toBe(400);
        expect(response.body.error).toBe('invalid_connection_id_format');
      }
    });

    it('answers a well-formed ID that nobody has with 404 connection_not_found', async () => {
      const recruiter = await registerRecruiter(t.app);
      const response = await call(t.app, {
        method: 'GET',
        url: '/v1/client/by-connection/000000000000000000000000',
        headers: bearer(recruiter.token),
      });
      expect(response).toMatchObject({ status: 404, body: { error: 'connection_not_found' } });
    });

    it('is for recruiters: 401 without a token, 403 for a client', async () => {
      const client = await registerClient(t.app);
      const url = `/v1/client/by-connection/${client.connection_id}`;
      expect((await call(t.app, { method: 'GET', url })).status).toBe(401);
      expect((await call(t.app, { method: 'GET', url, headers: bearer(client.token) })).status).toBe(403);
    });

    it('accepts a recruiter API key', async () => {
      const client = await registerClient(t.app);
      const recruiter = await registerRecruiter(t.app);
      const key = await call(t.app, {
        method: 'POST',
        url: '/v1/recruiter/api-keys',
        headers: bearer(recruiter.token),
        payload: { label: 'integration' },
      });
      const response = await call(t.app, {
        method: 'GET',
        url: `/v1/client/by-connection/${client.connection_id}`,
        headers: { 'x-api-key': key.body.key },
      });
      expect(response).toMatchObject({ status: 200, body: { client_id: client.client_id } });
    });

    it('never writes a connection ID into the logs', async () => {
      const client = await registerClient(t.app);
      const recruiter = await registerRecruiter(t.app);
      await call(t.app, {
        method: 'GET',
        url: `/v1/client/by-connection/${client.connection_id}`,
        headers: bearer(recruiter.token),
      });
      const logs = t.logs.join('');
      expect(logs).toContain('/v1/client/by-connection/[redacted]');
      expect(logs).not.toContain(client.connection_id);
    });
  });
});

describe('connection ID generation', () => {
  it('generates again when a new ID collides with an existing one', async () => {
    const sequence = ['aaaaaaaaaaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbb'];
    const t = await createTestApp({ build: { generateConnectionId: () => sequence.shift()! } });
    try {
      const first = await registerClient(t.app);
      const second = await registerClient(t.app);
      expect(first.connection_id).toBe('aaaaaaaaaaaaaaaaaaaaaaaa');
      expect(second.connection_id).toBe('bbbbbbbbbbbbbbbbbbbbbbbb');
      expect(sequence).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('the limit on failed connection-ID resolutions', () => {
  const limits = { connectionLookupsPerRecruiter: 5, windowMs: 60_000 };
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ config: { rateLimits: limits } });
  });
  afterEach(() => t.close());

  const lookUp = (token: string, id: string) => call(t.app, { method: 'GET', url: `/v1/client/by-connection/${id}`, headers: bearer(token) });
  const post = (token: string, body: Record<string, unknown>) =>
    call(t.app, { method: 'POST', url: '/v1/jobs', headers: bearer(token), payload: { title: 'Guess', ...body } });
  const guess = (i: number) => i.toString(16).padStart(24, '0');

  it('slows one recruiter guessing IDs (429 with Retry-After) without slowing another', async () => {
    const guesser = await registerRecruiter(t.app);
    const honest = await registerRecruiter(t.app);
    const client = await registerClient(t.app);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await lookUp(guesser.token, guess(i))).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    // Past the limit even a right guess is refused, so a 429 never tells which guess was right.
    const limited = await lookUp(guesser.token, client.connection_id);
    expect(limited).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await lookUp(honest.token, client.connection_id)).status).toBe(200);
  });

  it('counts guesses made through POST /v1/jobs against the same limit, and then writes nothing', async () => {
    const guesser = await registerRecruiter(t.app);
    const client = await registerClient(t.app);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(guesser.token, { connection_id: guess(i) })).status);
    statuses.push((await post(guesser.token, { connection_id: 'not hex at all' })).status);
    statuses.push((await lookUp(guesser.token, guess(99))).status);
    expect(statuses).toEqual([400, 400, 400, 400, 404]);
    const jobsBefore = await countRows(t.database.handle.db, 'jobs');
    const limited = await post(guesser.token, { connection_id: client.connection_id });
    expect(limited).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await lookUp(guesser.token, client.connection_id)).status).toBe(429);
    expect(await countRows(t.database.handle.db, 'jobs')).toBe(jobsBefore);
  });

  it('counts client_ids the recruiter is not linked to against the same limit', async () => {
    const guesser = await registerRecruiter(t.app);
    const client = await registerClient(t.app);
    for (let i = 0; i < 5; i++) expect((await post(guesser.token, { client_id: client.client_id })).status).toBe(400);
    expect((await post(guesser.token, { connection_id: client.connection_id })).status).toBe(429);
  });

  it('never counts a resolution that succeeds: 60 posts and 60 look-ups for its own clients in one window', async () => {
    const recruiter = await registerRecruiter(t.app);
    const clients = [await registerClient(t.app), await registerClient(t.app)];
    const statuses = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const client = clients[i % 2]!;
      statuses.add((await post(recruiter.token, { connection_id: client.connection_id })).status);
      statuses.add((await post(recruiter.token, { client_id: client.client_id })).status);
      statuses.add((await lookUp(recruiter.token, client.connection_id)).status);
    }
    expect([...statuses].sort()).toEqual([200, 201]);
  });
});
