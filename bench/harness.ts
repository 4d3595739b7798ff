/**
 * Shared pieces of the HTTP and scale benchmarks: starting servers, driving autocannon, printing
 * tables and appending them to bench/results.md.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { residentBytes } from './support';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const RESULTS_FILE = fileURLToPath(new URL('./results.md', import.meta.url));

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return value;
}

export function envList(name: string, fallback: string[]): string[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Launched {
  name: string;
  url: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts `node [--import tsx] <script>` on a free loopback port and waits until GET /readyz answers 200.
 * Its stdout and stderr go straight to a file (as a production log would), not through a pipe into
 * this process: the load generator shares the two cores and must not pay for the server's log lines.
 */
export async function launch(name: string, script: string, env: Record<string, string>, logFile: string, nodeArgs: string[] = []): Promise<Launched> {
  const port = await freePort();
  const fd = openSync(logFile, 'a');
  // A built script (dist/…/*.js) runs as production runs it, without the TypeScript loader.
  const loader = script.endsWith('.js') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...loader, ...nodeArgs, script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited before it was ready; its log (${logFile}):\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${url}/readyz`);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within 60 s; its log (${logFile}):\n${tail(logFile)}`);
    }
    await sleep(100);
  }
  return {
    name,
    url,
    child,
    pid: child.pid!,
    logFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4000);
  } catch {
    return '(no log)';
  }
}

export interface CannonRequest {
  method?: 'GET' | 'POST' | 'PATCH';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: any, context: any) => any;
  onResponse?: (status: number, body: string, context: any) => void;
}

export interface CannonOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  method?: 'GET' | 'POST' | 'PATCH';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: CannonRequest[];
  /** Called with every response's status and time, e.g. to keep per-route figures. */
  /** Called with every response; `first` marks a connection's first response. */
  onResponse?: (status: number, ms: number, first: boolean) => void;
}

export interface CannonResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationSeconds: number;
  /** The slowest first response of a connection (left out of the percentiles; see runCannon). */
  firstResponseMaxMs: number;
}

/**
 * One autocannon run on loopback. Latencies are taken from every response's own timer (float ms),
 * not from autocannon's 1 ms histogram, so p95 exists and sub-millisecond figures mean something.
 * Only 2xx responses count towards the percentiles; everything else is an error.
 *
 * The first response on each connection is left out of the percentiles (and its worst time reported
 * apart): autocannon opens every connection at once, and against a saturated server some of those first
 * requests wait seconds to be read, on the bare server too — start-up of the measurement, not a
 * property of the route. Every response still counts for throughput and errors.
 */
export function runCannon(options: CannonOptions): Promise<CannonResult> {
  const host = new URL(options.url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    throw new Error(`benchmarks only target loopback, not ${host}`);
  }
  const MAX_SAMPLES = 5_000_000;
  const latencies: number[] = [];
  const seen = new WeakSet<object>();
  let firstResponseMaxMs = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        // autocannon takes the path from the URL (a `path` option would be ignored).
        url: options.path ? new URL(options.path, options.url).toString() : options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        // Only what is set: an explicit `undefined` would override autocannon's defaults.
        ...(options.method && { method: options.method }),
        ...(options.headers && { headers: options.headers }),
        ...(options.body !== undefined && { body: options.body }),
        ...(options.requests && { requests: options.requests }),
        timeout: 10,
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const statusCodes: Record<string, number> = {};
        for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = Number(count);
        const completed = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
        const sorted = Float64Array.from(latencies).sort();
        const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN);
        resolve({
          requests: completed,
          rps: completed / Math.max(result.duration, 0.001),
          p50: at(50),
          p95: at(95),
          p99: at(99),
          max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          durationSeconds: result.duration,
          firstResponseMaxMs,
        });
      },
    );
    const onResponse = options.onResponse;
    instance.on('response', (client: object, statusCode: number, _bytes: number, responseTime: number) => {
      const first = !seen.has(client);
      if (first) {
        seen.add(client);
        firstResponseMaxMs = Math.max(firstResponseMaxMs, responseTime);
      } else if (statusCode >= 200 && statusCode < 300 && latencies.length < MAX_SAMPLES) {
        latencies.push(responseTime);
      }
      onResponse?.(statusCode, responseTime, first);
    });
  });
}

/** CPU time (user + system, all threads) a process has used so far, in seconds; 0 once it has gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/** CPU seconds a set of processes used while `work` ran (processes that appear meanwhile count from 0). */
export async function measureCpu<T>(pids: () => Promise<number[]> | number[], work: () => Promise<T>): Promise<{ result: T; cpuSeconds: number }> {
  const before = new Map((await pids()).map((pid) => [pid, cpuSeconds(pid)]));
  const result = await work();
  let total = 0;
  for (const pid of new Set([...before.keys(), ...(await pids())])) total += Math.max(0, cpuSeconds(pid) - (before.get(pid) ?? 0));
  // A process that exited during the run loses its last figures; none of ours do.
  return { result, cpuSeconds: total };
}

/** Samples a process's resident memory every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs: number) {
  const samples: { atSeconds: number; bytes: number }[] = [];
  const started = performance.now();
  const take = () => {
    try {
      samples.push({ atSeconds: (performance.now() - started) / 1000, bytes: residentBytes(pid) });
    } catch {
      // the process has gone
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** Least-squares slope of y over x (MiB per minute when fed seconds and MiB, after scaling). */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - meanX) * (p.y - meanY);
    den += (p.x - meanX) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
export const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');

export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** Which server code was measured: the commit, and whether server/ had uncommitted changes (read-only git). */
export function codeVersion(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'contract'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return `server code at ${commit}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'server code version unknown';
  }
}

/** Appends a section to bench/results.md (creating the file with a title the first time). */
export function appendResults(section: string): void {
  if (!existsSync(RESULTS_FILE)) {
    writeFileSync(
      RESULTS_FILE,
      '# Benchmark results\n\nAppended by `npm run bench`, `npm run bench:http` and `npm run bench:scale` (newest last). ' +
        'Numbers come from a shared 2-core machine: treat differences under ~15 % as noise.\n',
    );
  }
  appendFileSync(RESULTS_FILE, `\n${section.trim()}\n`);
}
