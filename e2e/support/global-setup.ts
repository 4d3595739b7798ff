import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { IS_CI, chromiumProblem, shout } from './chromium';

const WEB_CONFIG = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));

/**
 * Runs once before the e2e project: builds the web app, so that `npm test` on a clean clone
 * tests the UI as `npm start` serves it, then checks for Chromium.
 */
export default async function setup(): Promise<void> {
  const problem = chromiumProblem();
  if (problem && IS_CI) throw new Error(`CI=true and the browser tests cannot run: ${problem}`);

  const started = Date.now();
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: WEB_CONFIG, logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  console.info(`e2e: built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  if (problem) shout([`SKIPPING the browser tests: ${problem}`, 'With CI=true this is a failure.']);
}
