/**
 * `npm run bench:live`: how fresh live updates are, and how far one event fans out.
 *
 * Freshness: the time from the recruiter's 2xx response to the event's arrival on the client's
 * stream, over ≥ 1,000 changes, for one SQLite instance and for two instances on PostgreSQL (the
 * write through A, the stream on B). An event may arrive before the response does (the stream is
 * told at commit, before the response is written); such arrivals count as 0 ms.
 *
 * Fan-out: N streams of one client on one instance, one change, and the time until all N have it;
 * plus the server's resident memory per open stream.
 */
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../server/src/test/server-process';
import { openEventStream } from '../server/src/test/sse-client';
import { BENCH_JWT_SECRET, api, createBenchDatabase, machineLine, ms, residentBytes, summarise } from './support';

const CHANGES = Number(process.env.BENCH_LIVE_CHANGES ?? 1_000);
const FAN_OUT_STEPS = (process.env.BENCH_FAN_OUT ?? '1000,5000,10000').split(',').map(Number);

interface Actors {
  clientToken: string;
  connectionId: string;
  recruiterToken: string;
  applicationId: string;
}

async function setUpActors(base: string): Promise<Actors> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const client = await api(base, 'POST', '/v1/client/register', {
    company_name: 'Bench Co',
    email: `bench-client-${suffix}@example.test`,
    password: 'bench password',
  });
  const recruiter = await api(base, 'POST', '/v1/recruiter/register', {
    name: 'Bench Recruiter',
    email: `bench-recruiter-${suffix}@example.test`,
    password: 'bench password',
  });
  const job = await api(base, 'POST', '/v1/jobs', { title: 'Bench job', connection_id: client.connection_id }, recruiter.token);
  const application = await api(
    base,
    'POST',
    `/v1/jobs/${job.job_id}/applications`,
    { candidate_name: 'Bench Candidate', candidate_email: `candidate-${suffix}@example.test` },
    recruiter.token,
  );
  return {
    clientToken: client.token,
    connectionId: client.connection_id,
    recruiterToken: recruiter.token,
    applicationId: application.application_id,
  };
}

/** Moves one application back and forth `CHANGES` times, one at a time, timing each event's arrival. */
async function measureFreshness(writeBase: string, streamBase: string, actors: Actors) {
  const stream = await openEventStream(`${streamBase}/v1/client/events`, { token: actors.clientToken });
  await stream.waitFor((event) => event.type === 'ready');
  const latencies: number[] = [];
  let early = 0;
  const stages = ['screening', 'interview'];
  for (let i = 0; i < CHANGES; i++) {
    const before = stream.changes().length;
    await api(writeBase, 'PATCH', `/v1/applications/${actors.applicationId}`, { stage: stages[i % 2] }, actors.recruiterToken);
    const respondedAt = performance.now();
    const [event] = (await stream.waitForChanges(before + 1, 10_000)).slice(before);
    const latency = event!.receivedAt - respondedAt;
    if (latency < 0) early++;
    latencies.push(Math.max(0, latency));
  }
  stream.close();
  return { ...summarise(latencies), early };
}

/** A bare-bones SSE reader: counts `event: job.updated` lines without parsing JSON. */
function openLightStream(base: string, token: string, onEvent: () => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${base}/v1/client/events`,
      { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, agent: false },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
        let buffered = '';
        let ready = false;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffered += chunk;
          if (!ready && buffered.includes('event: ready')) {
            ready = true;
            resolve(request);
          }
          if (buffered.includes('event: job.updated')) {
            buffered = '';
            onEvent();
          } else if (buffered.length > 4096) {
            buffered = buffered.slice(-64);
          }
        });
      },
    );
    request.on('error', reject);
  });
}

async function measureFanOut(server: ServerProcess, actors: Actors, jobId: string, streams: number) {
  const requests: http.ClientRequest[] = [];
  let received = 0;
  let allReceived: () => void = () => {};
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const rssBefore = residentBytes(server.child.pid!);
  const openStarted = performance.now();
  const BATCH = 250;
  for (let opened = 0; opened < streams; opened += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, streams - opened) }, () =>
      openLightStream(server.url, actors.clientToken, () => {
        if (++received === streams) allReceived();
      }),
    );
    requests.push(...(await Promise.all(batch)));
  }
  const openSeconds = (performance.now() - openStarted) / 1000;
  const rssAfter = residentBytes(server.child.pid!);

  const sentAt = performance.now();
  await api(server.url, 'PATCH', `/v1/jobs/${jobId}`, { title: `Fan-out ${streams}` }, actors.recruiterToken);
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000));
  const outcome = await Promise.race([done.then(() => 'ok' as const), timeout]);
  const reachedAllMs = performance.now() - sentAt;
  for (const request of requests) request.destroy();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return {
    streams,
    openSeconds,
    reachedAllMs: outcome === 'ok' ? reachedAllMs : Number.NaN,
    reached: received,
    bytesPerStream: (rssAfter - rssBefore) / streams,
  };
}

async function main() {
  console.log(`Hirelink live-update benchmark — ${machineLine()}`);
  const rows: string[] = [];

  // --- SQLite, one instance ---
  // Fan-out opens every stream as one client from one address: lift the caps that exist to stop that.
  const uncapped = { LIVE_STREAMS_PER_ACCOUNT: '1000000', LIVE_STREAMS_PER_IP: '1000000' };
  const sqliteServer = await startServerProcess({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'hirelink-bench-')),
    JWT_SECRET: BENCH_JWT_SECRET,
    ...uncapped,
  });
  try {
    const actors = await setUpActors(sqliteServer.url);
    const freshness = await measureFreshness(sqliteServer.url, sqliteServer.url, actors);
    rows.push(
      `| SQLite, 1 instance | ${freshness.count} | ${ms(freshness.p50)} | ${ms(freshness.p95)} | ${ms(freshness.p99)} | ${ms(freshness.max)} | ${freshness.early} |`,
    );
    console.log('SQLite freshness', freshness);

    const job = await api(sqliteServer.url, 'POST', '/v1/jobs', { title: 'Fan-out job', connection_id: actors.connectionId }, actors.recruiterToken);
    const fanOutRows: string[] = [];
    for (const streams of FAN_OUT_STEPS) {
      try {
        const result = await measureFanOut(sqliteServer, actors, job.job_id, streams);
        console.log('fan-out', result);
        fanOutRows.push(
          `| ${result.streams} | ${result.openSeconds.toFixed(1)} s | ${Number.isNaN(result.reachedAllMs) ? `timeout (${result.reached} reached)` : ms(result.reachedAllMs)} | ${(result.bytesPerStream / 1024).toFixed(1)} KiB |`,
        );
      } catch (error) {
        fanOutRows.push(`| ${streams} | stopped: ${(error as Error).message} | | |`);
        console.log(`fan-out stopped at ${streams}:`, error);
        break;
      }
    }
    rows.push(
      '',
      '| streams (one client) | time to open them | one event reaches all | server memory per stream |',
      '|---|---|---|---|',
      ...fanOutRows,
    );
  } finally {
    await sqliteServer.stop();
  }

  // --- PostgreSQL, two instances ---
  const database = await createBenchDatabase('live');
  const env = { DATABASE_URL: database.url, JWT_SECRET: BENCH_JWT_SECRET };
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  try {
    a = await startServerProcess({ ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'hirelink-bench-a-')) });
    b = await startServerProcess({ ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'hirelink-bench-b-')) });
    const actors = await setUpActors(a.url);
    const freshness = await measureFreshness(a.url, b.url, actors);
    console.log('PostgreSQL A→B freshness', freshness);
    rows.splice(
      1,
      0,
      `| PostgreSQL, write on A, stream on B | ${freshness.count} | ${ms(freshness.p50)} | ${ms(freshness.p95)} | ${ms(freshness.p99)} | ${ms(freshness.max)} | ${freshness.early} |`,
    );
  } finally {
    await Promise.all([a?.stop(), b?.stop()]);
    await database.drop();
  }

  console.log(`\n### Live updates (${machineLine()})\n`);
  console.log('| setup | events | p50 | p95 | p99 | max | arrived before the 2xx |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(rows.join('\n'));
}

await main();
