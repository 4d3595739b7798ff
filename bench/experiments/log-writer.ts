/**
 * What writing one access-log line costs, through pino's own buffered writer (sonic-boom, given
 * each line) and through the server's `bufferedStdout` (lines gathered and handed over in chunks).
 * Each mode runs in its own child with standard output sent to /dev/null, alternately, EXP_ROUNDS
 * times: CPU µs per line, and the bytes each line leaves for the garbage collector (V8's sampling
 * heap profiler with collected objects included).
 *
 *   node --import tsx bench/experiments/log-writer.ts   (EXP_ROUNDS=3, EXP_LINES=300000)
 */
import { spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { bufferedStdout } from '../../server/src/http/logging';
import { envNumber, fixed } from '../harness';

const ROUNDS = envNumber('EXP_ROUNDS', 3);
const LINES = envNumber('EXP_LINES', 300_000);
const MODES = ['sonic-boom', 'gathered'] as const;
type Mode = (typeof MODES)[number];

async function child(mode: Mode): Promise<void> {
  const stream =
    mode === 'gathered' ? bufferedStdout().stream : pino.destination({ dest: 1, sync: false, minLength: 4096, maxLength: 16 * 1024 * 1024 });
  const logger = pino({ level: 'info' }, stream).child({ reqId: 'd563af58-8fd7-4a1d-91e5-c3ff77ebc165' });
  const req = { method: 'GET', url: '/v1/client/profile', remoteAddress: '127.0.0.1' };
  const batch = async (lines: number) => {
    for (let i = 0; i < lines; i++) {
      logger.info({ req, res: { statusCode: 200 }, responseTime: 0.412 }, 'request completed');
      // As a busy server does: a turn of the event loop every hundred lines, where writes complete.
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await batch(50_000);
  const started = process.cpuUsage();
  await batch(LINES);
  const cpu = process.cpuUsage(started);
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await batch(50_000);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  let bytes = 0;
  const walk = (node: typeof profile.head) => {
    bytes += node.selfSize;
    node.children.forEach(walk);
  };
  walk(profile.head);
  process.stderr.write(JSON.stringify({ cpuUs: (cpu.user + cpu.system) / LINES, bytes: bytes / 50_000 }) + '\n');
}

if (process.argv[2] === 'child') {
  await child(process.argv[3] as Mode);
} else {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of MODES) {
      const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'child', mode], {
        stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
        encoding: 'utf8',
      });
      const line = run.stderr.trim().split('\n').at(-1) ?? '';
      const result = JSON.parse(line) as { cpuUs: number; bytes: number };
      console.log(`round ${round} ${mode}: ${fixed(result.cpuUs, 2)} µs CPU/line, ${fixed(result.bytes, 0)} bytes allocated/line`);
    }
  }
}
