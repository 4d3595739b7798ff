// @ts-check
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `npm start` checks before it runs the compiled server: each build output against the sources
 * it is made from. Plain JavaScript, so that it runs where no TypeScript tool is installed.
 */

/** @typedef {{ name: string; output: string; inputs: string[]; script: string; tool: string }} BuildTarget */

/** @type {BuildTarget[]} */
export const BUILD_TARGETS = [
  {
    name: 'server',
    output: 'dist/server/main.js',
    inputs: ['server/src', 'contract/src', 'package.json', 'scripts/build-server.mjs'],
    script: 'build:server',
    tool: 'esbuild',
  },
  {
    name: 'web app',
    output: 'web/dist/index.html',
    inputs: ['web/src', 'web/index.html', 'web/public', 'web/vite.config.ts', 'contract/src', 'package.json'],
    script: 'build:web',
    tool: 'vite',
  },
];

/** Tests and test helpers do not go into a build, so editing them does not make one stale. */
const NOT_BUILT = /(\.test\.[cm]?[jt]sx?$)|(^|[\\/])(test|__tests__)([\\/]|$)/;

/**
 * The newest modification time among the files under `paths` (files or folders), or 0 when none
 * exists (a deployment that ships only the build has no sources to compare with).
 * @param {string} root
 * @param {string[]} paths
 */
export function newestSourceTime(root, paths) {
  let newest = 0;
  /** @param {string} path */
  const visit = (path) => {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return;
    }
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path)) {
        if (entry === 'node_modules' || entry === 'dist') continue;
        const child = join(path, entry);
        if (!NOT_BUILT.test(child.slice(root.length))) visit(child);
      }
    } else if (stats.mtimeMs > newest) {
      newest = stats.mtimeMs;
    }
  };
  for (const path of paths) visit(join(root, path));
  return newest;
}

/**
 * 'missing' (no output), 'stale' (a source is newer than the output) or 'fresh'.
 * @param {string} root
 * @param {BuildTarget} target
 * @returns {'missing' | 'stale' | 'fresh'}
 */
export function buildState(root, target) {
  const output = join(root, target.output);
  if (!existsSync(output)) return 'missing';
  return newestSourceTime(root, target.inputs) > statSync(output).mtimeMs ? 'stale' : 'fresh';
}
