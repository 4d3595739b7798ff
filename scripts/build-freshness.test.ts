import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildState } from './build-freshness.mjs';

const target = { name: 'server', output: 'dist/server/main.js', inputs: ['server/src', 'package.json'], script: 'build:server', tool: 'esbuild' };

describe('whether `npm start` must build first', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Writes a file with a modification time `secondsAgo` in the past. */
  function write(path: string, secondsAgo: number) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, 'x');
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(full, when, when);
  }

  it('builds what is missing, rebuilds what a source edit made stale, and leaves a fresh build alone', () => {
    root = mkdtempSync(join(tmpdir(), 'hirelink-freshness-'));
    write('package.json', 100);
    write('server/src/app.ts', 90);
    expect(buildState(root, target)).toBe('missing');
    write('dist/server/main.js', 50);
    expect(buildState(root, target)).toBe('fresh');
    write('server/src/modules/jobs/jobs.service.ts', 10);
    expect(buildState(root, target)).toBe('stale');
  });

  it('ignores tests, which are not part of the build, and a deployment that ships no sources', () => {
    root = mkdtempSync(join(tmpdir(), 'hirelink-freshness-'));
    write('dist/server/main.js', 50);
    expect(buildState(root, target)).toBe('fresh');
    write('server/src/modules/jobs/jobs.test.ts', 10);
    write('server/src/test/api.ts', 10);
    expect(buildState(root, target)).toBe('fresh');
  });
});
