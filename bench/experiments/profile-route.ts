/**
 * One route of the real server under load, alone, with a V8 CPU profile of the server: the quickest
 * way to see where a request's time goes before changing anything.
 *
 *   EXP_ROUTE=healthz|lookup|profile|stats|jobs|post EXP_DB=sqlite|postgres node --import tsx bench/experiments/profile-route.ts
 *   (EXP_SECONDS=8, EXP_CONNECTIONS=100, EXP_PROFILE_DIR=/tmp/hirelink-profile; then bench/profile-summary.ts)
 *   EXP_SOURCE=1 runs server/src/main.ts through tsx instead of the build (dist/server/main.js, `npm run build:server`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, envNumber, fixed, int, launch, runCannon } from '../harness';
import { cannonRequest, ROUTE_NAMES, seedRouteWorld } from './route-world';

const ROUTE = ROUTE_NAMES.find((name) => name === process.env.EXP_ROUTE) ?? 'lookup';
const SCRIPT = process.env.EXP_SOURCE === '1' ? 'server/src/main.ts' : 'dist/server/main.js';
const DB = process.env.EXP_DB === 'postgres' ? 'postgres' : 'sqlite';
const SECONDS = envNumber('EXP_SECONDS', 8);
const CONNECTIONS = envNumber('EXP_CONNECTIONS', 100);
const PROFILE_DIR = process.env.EXP_PROFILE_DIR ?? join(tmpdir(), 'hirelink-profile');
/** EXP_PROFILE=0 measures without the profiler, which costs CPU of its own. */
const PROFILE = process.env.EXP_PROFILE !== '0';
/** EXP_PIN=1 pins the server to core 0 and this process (the load) to core 1 (needs taskset). */
const PIN = process.env.EXP_PIN === '1';

const dir = mkdtempSync(join(tmpdir(), 'hirelink-profile-route-'));
const world = await seedRouteWorld(DB, dir, 'profile');
try {
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  const server = await launch(
    'server',
    SCRIPT,
    {
      ...world.serverEnv,
      ...(Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('ABL_') || name === 'LOG_LEVEL')) as Record<
        string,
        string
      >),
    },
    join(dir, 'server.log'),
    PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [],
  );
  try {
    if (PIN) {
      // The server alone on core 0, the load generator on core 1: the server is then rarely
      // descheduled, so a wall-clock profile reads as a CPU profile and runs vary less.
      execFileSync('taskset', ['-a', '-p', '-c', '0', String(server.pid)], { stdio: 'ignore' });
      execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    }
    const request = cannonRequest(world.requests[ROUTE]);
    await runCannon({ url: server.url, connections: CONNECTIONS, durationSeconds: 2, ...request });
    const before = cpuSeconds(server.pid);
    const result = await runCannon({ url: server.url, connections: CONNECTIONS, durationSeconds: SECONDS, ...request });
    const cpu = cpuSeconds(server.pid) - before;
    console.log(
      `${DB} ${ROUTE}: ${int(result.rps)} req/s, p50 ${fixed(result.p50, 2)} ms, p99 ${fixed(result.p99, 2)} ms, ` +
        `${fixed((cpu * 1e6) / result.requests, 0)} µs CPU/request, non-2xx ${result.non2xx}`,
    );
  } finally {
    await server.stop();
  }
  if (PROFILE)
    console.log(
      `profiles: ${readdirSync(PROFILE_DIR)
        .map((name) => join(PROFILE_DIR, name))
        .join(' ')}`,
    );
} finally {
  await world.dispose();
  rmSync(dir, { recursive: true, force: true });
}
