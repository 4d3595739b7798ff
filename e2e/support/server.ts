import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface TestServer {
  url: string;
  /** What the server printed (every process, restarts included), for failure messages. */
  output: () => string;
  /** Ends the server and deletes its database. */
  stop: () => Promise<void>;
  /**
   * Ends the server process gracefully (SIGTERM), keeping its database and port for `startProcess`;
   * resolves with its exit code.
   */
  stopProcess: () => Promise<number | null>;
  /** Starts the server again on the same port and DATA_DIR (and so the same signing secret and data). */
  startProcess: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`The server did not become ready within 60 s:\n${output()}`);
}

export interface StartOptions {
  /** The entry point, from the repository root: `server/src/main.ts` (`npm start`) unless given. */
  entry?: string;
  /** More environment for the process. */
  env?: Record<string, string>;
}

/**
 * The real server (`node --import tsx server/src/main.ts`, as `npm start` runs it) on a free
 * port with a throw-away SQLite database; `stop()` ends it and deletes the database.
 */
export async function startServer({ entry = 'server/src/main.ts', env = {} }: StartOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hirelink-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  const output = () => log;
  let child: ChildProcess | null = null;

  async function startProcess(): Promise<void> {
    if (child && child.exitCode === null) throw new Error('The server is already running.');
    const spawned = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        // The suite signs in and looks up IDs far more often than a person would.
        RATE_LIMIT_LOGIN_PER_IP: '10000',
        RATE_LIMIT_LOGIN_PER_EMAIL_AND_IP: '10000',
        RATE_LIMIT_LOGIN_PER_EMAIL_HOURLY: '10000',
        RATE_LIMIT_CONNECTION_LOOKUPS: '10000',
        RATE_LIMIT_REGISTER_PER_IP: '10000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    spawned.stdout?.on('data', collect);
    spawned.stderr?.on('data', collect);
    try {
      await waitUntilReady(url, spawned, output);
    } catch (error) {
      spawned.kill('SIGKILL');
      throw error;
    }
  }

  async function stopProcess(): Promise<number | null> {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return running?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  try {
    await startProcess();
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    url,
    output,
    stopProcess,
    startProcess,
    async stop() {
      await stopProcess();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
