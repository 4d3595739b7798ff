// @ts-check
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_TARGETS, buildState } from './build-freshness.mjs';

/**
 * `npm start` runs the compiled server (`npm run db:migrate` the compiled migrator, `npm run demo` the
 * demo). What is missing
 * or older than its sources is built first, so a fresh clone still needs only `npm install && npm
 * start`; a production install (`npm ci --omit=dev`, no build tools) runs the build it was shipped
 * with, and writes nothing.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = { main: 'main.js', migrate: 'migrate.js', demo: 'demo.js' };
const entry = /** @type {keyof typeof ENTRIES} */ (process.argv[2] ?? 'main');
if (!(entry in ENTRIES)) {
  console.error(`usage: node scripts/start.mjs [${Object.keys(ENTRIES).join('|')}]`);
  process.exit(2);
}

const say = (/** @type {string} */ text) => console.error(`hirelink: ${text}`);
// The migrator needs only the server.
const targets = entry === 'main' ? BUILD_TARGETS : BUILD_TARGETS.filter((target) => target.name === 'server');
for (const target of targets) {
  const state = buildState(ROOT, target);
  if (state === 'fresh') continue;
  if (existsSync(join(ROOT, 'node_modules', target.tool, 'package.json'))) {
    say(`the ${target.name} build is ${state}; building it (npm run ${target.script})`);
    const built = spawnSync('npm', ['run', '--silent', target.script], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  } else if (state === 'stale') {
    say(`the ${target.name}'s sources are newer than its build, and ${target.tool} is not installed: running the build as it is`);
  } else if (target.name === 'server') {
    say(
      `${target.output} is missing and cannot be made here (${target.tool} is a development dependency): run \`npm run build\` where dev dependencies are installed, and ship dist/ and web/dist/`,
    );
    process.exit(1);
  } else {
    say(`${target.output} is missing and ${target.tool} is not installed: the API runs without the web app`);
  }
}

process.setSourceMapsEnabled(true);
await import(pathToFileURL(join(ROOT, 'dist', 'server', ENTRIES[entry])).href);
