/**
 * The small world the route experiments measure against: a dashboard client with 20 jobs, a
 * second client that job posts go to (so posting never grows what the dashboard reads), one
 * recruiter, and a signed token for each side. Shared by profile-route.ts and ab-builds.ts so
 * that both measure the same requests.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createTokenSigner } from '../../server/src/modules/auth/tokens';
import { hex24, makeJobs, openWriter } from '../scale-seed';
import { BENCH_JWT_SECRET, createBenchDatabase } from '../support';

export const ROUTE_NAMES = ['healthz', 'lookup', 'profile', 'stats', 'jobs', 'post'] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

export interface RouteRequest {
  method: 'GET' | 'POST';
  path: string;
  token: string | null;
  body?: string;
}

export interface RouteWorld {
  /** Environment for a server launched on this world's database. */
  serverEnv: Record<string, string>;
  /** Environment for bench/bare-server.ts on the same database (its `/plain` callers included). */
  bareEnv: Record<string, string>;
  requests: Record<RouteName, RouteRequest>;
  dispose(): Promise<void>;
}

export async function seedRouteWorld(db: 'sqlite' | 'postgres', dir: string, tag: string): Promise<RouteWorld> {
  const postgres = db === 'postgres' ? await createBenchDatabase(tag) : null;
  const target = postgres
    ? ({ kind: 'postgres', url: postgres.url } as const)
    : ({ kind: 'sqlite', filename: join(dir, 'hirelink.sqlite') } as const);
  const writer = await openWriter(target);
  const now = new Date().toISOString();
  const [dashboard, postedTo] = [hex24(), hex24()];
  const clientId = randomUUID();
  await writer.insertClients([
    { client_id: clientId, company_name: 'Measured Co', email: 'measured@bench.test', password_hash: 'x', connection_id: dashboard, created_at: now },
    {
      client_id: randomUUID(),
      company_name: 'Measured Posts',
      email: 'measured-posts@bench.test',
      password_hash: 'x',
      connection_id: postedTo,
      created_at: now,
    },
  ]);
  const recruiterId = randomUUID();
  await writer.insertRecruiters([{ recruiter_id: recruiterId, name: 'R', email: 'r@bench.test', password_hash: 'x', created_at: now }]);
  await writer.insertJobs(makeJobs(20, clientId, [recruiterId], 'Measured', Math.random));
  await writer.close();

  const signer = createTokenSigner(BENCH_JWT_SECRET, 3_600);
  const recruiterToken = (await signer.issue('recruiter', recruiterId)).token;
  const clientToken = (await signer.issue('client', clientId)).token;
  return {
    serverEnv: {
      DATA_DIR: dir,
      ...(postgres && { DATABASE_URL: postgres.url }),
      JWT_SECRET: BENCH_JWT_SECRET,
      RATE_LIMIT_CONNECTION_LOOKUPS: '1000000',
      RATE_LIMIT_WINDOW_MS: '1000',
    },
    bareEnv: {
      ...(postgres
        ? { BARE_DB: 'postgres', BARE_DATABASE_URL: postgres.url, BARE_POOL_SIZE: '10' }
        : { BARE_DB: 'sqlite', BARE_SQLITE_FILE: target.kind === 'sqlite' ? target.filename : '' }),
      BARE_JWT_SECRET: BENCH_JWT_SECRET,
      BARE_RECRUITER_ID: recruiterId,
      BARE_CLIENT_ID: clientId,
    },
    requests: {
      healthz: { method: 'GET', path: '/healthz', token: null },
      lookup: { method: 'GET', path: `/v1/client/by-connection/${postedTo}`, token: recruiterToken },
      profile: { method: 'GET', path: '/v1/client/profile', token: clientToken },
      stats: { method: 'GET', path: '/v1/client/stats', token: clientToken },
      jobs: { method: 'GET', path: '/v1/client/jobs', token: clientToken },
      post: { method: 'POST', path: '/v1/jobs', token: recruiterToken, body: JSON.stringify({ title: 'Measured job', connection_id: postedTo }) },
    },
    async dispose() {
      await postgres?.drop();
    },
  };
}

/** autocannon options for one of the world's requests. */
export function cannonRequest({ token, ...request }: RouteRequest) {
  return {
    ...request,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(request.body && { 'content-type': 'application/json' }) },
  };
}
