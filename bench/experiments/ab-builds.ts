/**
 * What each change to the request pipeline buys: builds of the server, one per change, measured
 * alternately (every build once per round, the order rotating) on the same database, each pinned
 * to core 0 with the load on core 1, route by route. Prints, for each build against the one before
 * it, the median of the paired ratios (same round) of throughput and CPU per request; pairing
 * cancels most of the drift of a shared machine.
 *
 *   npm run build:server && mkdir -p dist/ab/base && cp dist/server/main.js dist/ab/base/   (before a change; one per step)
 *   EXP_BUILDS=base=dist/ab/base/main.js,new=dist/server/main.js EXP_ROUTES=healthz,lookup node --import tsx bench/experiments/ab-builds.ts
 *   (EXP_ROUNDS=5, EXP_SECONDS=4, EXP_WARMUP=2, EXP_CONNECTIONS=100, EXP_DB=sqlite|postgres)
 *
 * A build must sit below the project (dist/…) so that it finds node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, envList, envNumber, fixed, int, launch, runCannon } from '../harness';
import { cannonRequest, ROUTE_NAMES, seedRouteWorld } from './route-world';

const BUILDS = envList('EXP_BUILDS', ['base=dist/ab/base/main.js', 'new=dist/server/main.js']).map((entry) => {
  const [label, script] = entry.split('=');
  if (!label || !script) throw new Error(`EXP_BUILDS entries are label=path (got "${entry}")`);
  return { label, script };
});
const WARMUP = envNumber('EXP_WARMUP', 2);
const ROUTES = envList('EXP_ROUTES', ['healthz', 'lookup']).map((name) => {
  const route = ROUTE_NAMES.find((known) => known === name);
  if (!route) throw new Error(`EXP_ROUTES: unknown route "${name}" (known: ${ROUTE_NAMES.join(', ')})`);
  return route;
});
const ROUNDS = envNumber('EXP_ROUNDS', 5);
const SECONDS = envNumber('EXP_SECONDS', 4);
const CONNECTIONS = envNumber('EXP_CONNECTIONS', 100);
const DB = process.env.EXP_DB === 'postgres' ? 'postgres' : 'sqlite';

const dir = mkdtempSync(join(tmpdir(), 'hirelink-ab-'));
const world = await seedRouteWorld(DB, dir, 'ab');
try {
  const requests = world.requests;

  const results = new Map<string, { rps: number; cpuUs: number }[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    // Rotate which build goes first, so none always runs on a warmer (or busier) machine.
    const order = BUILDS.map((_, i) => BUILDS[(i + round) % BUILDS.length]!);
    for (const { label, script } of order) {
      const server = await launch(label, script, world.serverEnv, join(dir, `${label}.log`));
      try {
        execFileSync('taskset', ['-a', '-p', '-c', '0', String(server.pid)], { stdio: 'ignore' });
        execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
        for (const route of ROUTES) {
          const options = { url: server.url, connections: CONNECTIONS, ...cannonRequest(requests[route]) };
          if (WARMUP > 0) await runCannon({ ...options, durationSeconds: WARMUP });
          const before = cpuSeconds(server.pid);
          const result = await runCannon({ ...options, durationSeconds: SECONDS });
          const cpuUs = ((cpuSeconds(server.pid) - before) * 1e6) / result.requests;
          const key = `${route}|${label}`;
          results.set(key, [...(results.get(key) ?? []), { rps: result.rps, cpuUs }]);
          console.log(`round ${round} ${label} ${route}: ${int(result.rps)} req/s, ${fixed(cpuUs, 1)} µs CPU/request, non-2xx ${result.non2xx}`);
        }
      } finally {
        await server.stop();
      }
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  console.log(`\n${BUILDS.map((b) => `${b.label} = ${b.script}`).join(', ')}; ${ROUNDS} rounds of ${SECONDS} s, ${DB}`);
  for (const route of ROUTES) {
    console.log(`\n${route}:`);
    for (const [i, build] of BUILDS.entries()) {
      const runs = results.get(`${route}|${build.label}`)!;
      let line = `  ${build.label}: median ${int(median(runs.map((x) => x.rps)))} req/s, ${fixed(median(runs.map((x) => x.cpuUs)), 1)} µs CPU/request`;
      const previous = i > 0 ? results.get(`${route}|${BUILDS[i - 1]!.label}`)! : null;
      if (previous) {
        const rpsRatios = previous.map((x, j) => runs[j]!.rps / x.rps);
        const cpuRatios = previous.map((x, j) => runs[j]!.cpuUs / x.cpuUs);
        line +=
          `; ÷ ${BUILDS[i - 1]!.label}: req/s ${fixed(median(rpsRatios), 3)} [${rpsRatios.map((r) => fixed(r, 2)).join(' ')}], ` +
          `CPU/request ${fixed(median(cpuRatios), 3)} [${cpuRatios.map((r) => fixed(r, 2)).join(' ')}]`;
      }
      console.log(line);
    }
  }
} finally {
  await world.dispose();
  rmSync(dir, { recursive: true, force: true });
}
