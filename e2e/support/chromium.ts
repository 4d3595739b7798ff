import { existsSync } from 'node:fs';

/** Debian's Chromium (`apt-get install -y chromium`); the tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const IS_CI = process.env.CI === 'true';

export const chromiumAvailable = existsSync(CHROMIUM_PATH);

/** Without Chromium the browser tests are skipped loudly on a workstation, and fail in CI. */
export function chromiumProblem(): string | null {
  if (chromiumAvailable) return null;
  return `Chromium is not installed at ${CHROMIUM_PATH} (install it with: apt-get update && apt-get install -y chromium).`;
}

export function shout(lines: string[]): void {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n${lines.map((line) => `!! ${line}`).join('\n')}\n${bar}\n`);
}
