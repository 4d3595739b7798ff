import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../config';
import { TEST_DB, createTestDatabase } from './test-app';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const READY_LINE = /Hirelink is ready on http:\/\/localhost:(\d+)/;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the real server (`src/main.ts`) as a child process on a free port, as `npm start` would. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${output}`)), 30_000);
    const onData = () => {
      const match = READY_LINE.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Storage for server processes under test: a fresh DATA_DIR, plus (on the PostgreSQL project) a
 * fresh database that the processes reach by DATABASE_URL.
 */
export async function createServerStorage(tag: string): Promise<{
  env: Record<string, string>;
  database: AppConfig['database'];
  dispose(): Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), `hirelink-${tag}-`));
  const env: Record<string, string> = { DATA_DIR: dataDir };
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (TEST_DB === 'sqlite') {
    return { env, database: { kind: 'sqlite', filename: join(dataDir, 'hirelink.sqlite') }, dispose: async () => removeDataDir() };
  }
  const database = await createTestDatabase();
  await database.handle.close();
  if (database.config.kind === 'postgres') env.DATABASE_URL = database.config.url;
  return {
    env,
    database: database.config,
    async dispose() {
      await database.dispose();
      removeDataDir();
    },
  };
}

/** A JSON request to a server process: `{ status, body }`, whatever the status. */
export async function fetchJson(base: string, method: string, path: string, body?: object, token?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}
