import { connect } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIVE_CONFIG } from '../../config';
import { bearer, call, postJob, registerClient, registerRecruiter, signTestToken } from '../../test/api';
import { type EventStream, openEventStream } from '../../test/sse-client';
import { type TestApp, useTestApp } from '../../test/test-app';

/** Polls `check` until it holds: for what the server does after the client hung up, which sends nothing back. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function streamsOn(t: TestApp) {
  let base = '';
  const opened: EventStream[] = [];
  beforeAll(async () => {
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => {
    for (const stream of opened) stream.close();
  });
  return {
    /** Opens a stream and, when it is accepted, waits until it is live. */
    async open(path: string, auth: { token?: string; apiKey?: string }, headers: Record<string, string> = {}) {
      const stream = await openEventStream(`${base}${path}`, auth, null, headers);
      opened.push(stream);
      if (stream.status === 200) await stream.waitFor((event) => event.type === 'ready');
      return stream;
    },
    get base() {
      return base;
    },
  };
}

const endOf = (stream: EventStream, timeoutMs?: number) => stream.waitFor((event) => event.type === 'end', timeoutMs);

describe('a live stream ends with the credential that opened it', () => {
  const t = useTestApp();
  const streams = streamsOn(t);

  it('signing out ends the streams of that session with an end event, and leaves the account’s other sessions streaming', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const otherSession = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: client.email, password: client.password } });
    const signedOut = await streams.open('/v1/client/events', { token: client.token });
    const alsoSignedOut = await streams.open('/v1/client/events', { token: client.token });
    const stillSignedIn = await streams.open('/v1/client/events', { token: otherSession.body.token });

    const logout = await call(t.app, { method: 'POST', url: '/v1/auth/logout', headers: bearer(client.token) });
    expect(logout.status).toBe(204);

    for (const stream of [signedOut, alsoSignedOut]) {
      expect((await endOf(stream)).data).toEqual({ reason: 'signed_out' });
      await stream.ended;
    }
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const [created] = await stillSignedIn.waitForChanges(1);
    expect(created!.data.job_id).toBe(job.job_id);
    expect(signedOut.changes()).toEqual([]);
    expect(stillSignedIn.events.map((event) => event.type)).not.toContain('end');
    // The app that reconnects anyway is refused: the final event is not the only guard.
    expect((await openEventStream(`${streams.base}/v1/client/events`, { token: client.token })).status).toBe(401);
  });

  it('ends a stream when its token expires', async () => {
    const recruiter = await registerRecruiter(t.app);
    const { token, expiresAt } = await signTestToken('recruiter', recruiter.recruiter_id, 2);
    const stream = await streams.open('/v1/recruiter/events', { token });
    expect(stream.status).toBe(200);

    const end = await endOf(stream, 5_000);
    expect(end.data).toEqual({ reason: 'session_expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime() - 20);
    await stream.ended;
    expect((await openEventStream(`${streams.base}/v1/recruiter/events`, { token })).status).toBe(401);
  });

  it('revoking an API key ends the streams opened with it, and no other stream of the recruiter', async () => {
    const recruiter = await registerRecruiter(t.app);
    const createKey = async () =>
      (await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token), payload: { label: 'feed' } })).body;
    const [revoked, kept] = [await createKey(), await createKey()];
    const revokedStream = await streams.open('/v1/recruiter/events', { apiKey: revoked.key });
    const keptStream = await streams.open('/v1/recruiter/events', { apiKey: kept.key });
    const tokenStream = await streams.open('/v1/recruiter/events', { token: recruiter.token });

    const revoke = await call(t.app, { method: 'DELETE', url: `/v1/recruiter/api-keys/${revoked.key_id}`, headers: bearer(recruiter.token) });
    expect(revoke.status).toBe(204);
    expect((await endOf(revokedStream)).data).toEqual({ reason: 'api_key_revoked' });
    await revokedStream.ended;

    await postJob(t.app, recruiter.token);
    await keptStream.waitForChanges(1);
    await tokenStream.waitForChanges(1);
    expect(revokedStream.changes()).toEqual([]);
    expect((await openEventStream(`${streams.base}/v1/recruiter/events`, { apiKey: revoked.key })).status).toBe(401);
  });
});

describe('open live streams are capped per account and per IP address', () => {
  const t = useTestApp({ config: { trustProxy: true, live: { ...DEFAULT_LIVE_CONFIG, streamsPerIp: 3 } } });
  const streams = streamsOn(t);
  const fromIp = (ip: string) => ({ 'x-forwarded-for': ip });

  it('refuses the 11th stream of one account with 429, Retry-After and the error shape, and logs the counts; closing one frees its slot', async () => {
    expect(DEFAULT_LIVE_CONFIG.streamsPerAccount).toBe(10);
    const client = await registerClient(t.app);
    const secondSession = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: client.email, password: client.password } });
    // Spread over addresses, so that only the account's cap is in play.
    const open: EventStream[] = [];
    for (let i = 0; i < 10; i++) {
      const token = i % 2 === 0 ? client.token : secondSession.body.token;
      const stream = await streams.open('/v1/client/events', { token }, fromIp(`198.51.100.${i}`));
      expect(stream.status).toBe(200);
      open.push(stream);
    }

    const refused = await streams.open('/v1/client/events', { token: secondSession.body.token }, fromIp('198.51.100.99'));
    expect(refused.status).toBe(429);
    expect(refused.errorBody).toEqual({ error: 'rate_limited', message: expect.stringContaining('10') });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const warning = t.logs.map((line) => JSON.parse(line)).find((line) => line.msg === 'live stream refused');
    expect(warning).toMatchObject({ level: 40, limit: 'LIVE_STREAMS_PER_ACCOUNT', accountStreams: 10, max: 10 });

    // Another account is not held back by this one.
    const other = await registerClient(t.app);
    expect((await streams.open('/v1/client/events', { token: other.token }, fromIp('198.51.100.99'))).status).toBe(200);

    open[0]!.close();
    let reopened: EventStream | undefined;
    await eventually(async () => {
      reopened?.close();
      reopened = await streams.open('/v1/client/events', { token: client.token }, fromIp('198.51.100.99'));
      return reopened.status === 200;
    }, 'the closed stream’s slot is free again');
  });

  it('refuses a stream over the per-address cap, whoever asks, and takes streams from other addresses', async () => {
    const ip = '203.0.113.7';
    const clients = await Promise.all([1, 2, 3, 4].map(() => registerClient(t.app)));
    const held: EventStream[] = [];
    for (const client of clients.slice(0, 3)) {
      const stream = await streams.open('/v1/client/events', { token: client.token }, fromIp(ip));
      expect(stream.status).toBe(200);
      held.push(stream);
    }
    const refused = await streams.open('/v1/client/events', { token: clients[3]!.token }, fromIp(ip));
    expect(refused.status).toBe(429);
    expect(refused.errorBody).toMatchObject({ error: 'rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const warning = t.logs.map((line) => JSON.parse(line)).findLast((line) => line.msg === 'live stream refused');
    expect(warning).toMatchObject({ limit: 'LIVE_STREAMS_PER_IP', ipStreams: 3, max: 3 });

    expect((await streams.open('/v1/client/events', { token: clients[3]!.token }, fromIp('203.0.113.8'))).status).toBe(200);

    held[0]!.close();
    await eventually(async () => {
      const again = await streams.open('/v1/client/events', { token: clients[3]!.token }, fromIp(ip));
      if (again.status !== 200) return false;
      again.close();
      return true;
    }, 'the closed stream’s slot is free again');
  });

  it('frees the slot of a stream whose caller hung up while it was being opened', async () => {
    const client = await registerClient(t.app);
    const { port } = new URL(streams.base);
    const { db, dialect } = t.database.handle;
    const connections = () =>
      new Promise<number>((resolve, reject) => t.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    /** A request on its own socket (no pooling), so that the test decides when it hangs up. */
    const rawRequest = (ip: string) => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => {});
      socket.write(`GET /v1/client/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${client.token}\r\nX-Forwarded-For: ${ip}\r\n\r\n`);
      const status = new Promise<number>((resolve) => socket.once('data', (chunk) => resolve(Number(String(chunk).split(' ')[1]))));
      return { socket, status };
    };
    const before = await connections();

    // Opening a stream asks the database where the log ends: hold the database, and every
    // stream stays in the middle of opening, its slot taken.
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let holding!: () => void;
    const isHeld = new Promise<void>((resolve) => (holding = resolve));
    const transaction = db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`lock table events in access exclusive mode`.execute(trx);
      holding();
      await held;
    });
    await isHeld;
    const hungUp = [];
    try {
      for (let i = 0; i < 10; i++) hungUp.push(rawRequest(`192.0.2.${i}`));
      // The account's ten slots are all taken once one more is refused.
      for (;;) {
        const probe = rawRequest('192.0.2.100');
        hungUp.push(probe);
        // Not a wait for an event: a probe that got a slot never answers, so after 100 ms the loop
        // sends another; it is hung up on below with the rest, so a slow 429 costs a round, not the result.
        const status = await Promise.race([probe.status, new Promise((resolve) => setTimeout(resolve, 100))]);
        if (status === 429) break;
      }
      for (const { socket } of hungUp) socket.destroy();
      await eventually(async () => (await connections()) <= before, 'the server saw every caller hang up');
    } finally {
      letGo();
      await transaction;
    }

    // Ten slots, all free again: nothing leaked from the abandoned requests.
    await eventually(async () => {
      const opened = [];
      for (let i = 0; i < 10; i++) opened.push(await streams.open('/v1/client/events', { token: client.token }, fromIp(`192.0.2.${10 + i}`)));
      for (const stream of opened) stream.close();
      return opened.every((stream) => stream.status === 200);
    }, 'ten streams can be opened');
  });
});
