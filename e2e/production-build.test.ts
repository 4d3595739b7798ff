import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const READY_LINE = /Hirelink is ready on http:\/\/localhost:(\d+)/;

/**
 * The compiled server as `npm start` runs it in production: `node scripts/start.mjs` on a built tree
 * (the e2e setup has built the web app; this file builds the server), with no TypeScript loader.
 */
describe('the production build', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hirelink-build-'));
    execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: REPO_ROOT, stdio: 'pipe' });
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  function start(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, ['scripts/start.mjs', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, output: () => output, exited };
  }

  it('migrates with `npm run db:migrate` (the release step) without starting the server', async () => {
    const migrate = start(['migrate']);
    expect(await migrate.exited, migrate.output()).toBe(0);
    expect(migrate.output()).toMatch(/Applied: 2026_11_25_0001_accounts_jobs_pipeline, .*2026_11_30_0004_client_links/);
    expect(migrate.output()).not.toMatch(/building it/);
  });

  it('starts from the build without rebuilding or migrating again, serves the API and the web app, and stops cleanly', async () => {
    const started = Date.now();
    const server = start([], { MIGRATE_ON_START: 'false' });
    let child: ChildProcess | null = server.child;
    try {
      const port = await new Promise<string>((resolve, reject) => {
        server.child.stdout.on('data', () => {
          const match = READY_LINE.exec(server.output());
          if (match?.[1]) resolve(match[1]);
        });
        void server.exited.then((code) => reject(new Error(`exited with ${code} before it was ready:\n${server.output()}`)));
      });
      console.info(`production build: ready ${Date.now() - started} ms after the process was spawned`);
      expect(server.output()).not.toMatch(/building it|tsx/);
      const base = `http://127.0.0.1:${port}`;

      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const registered = await fetch(`${base}/v1/client/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ company_name: 'Built Co', email: 'built@example.test', password: 'a build that runs as shipped' }),
      });
      expect(registered.status).toBe(201);
      expect((await registered.json()).connection_id).toMatch(/^[0-9a-f]{24}$/);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      child = null;
    } finally {
      child?.kill('SIGKILL');
    }
  });
});
