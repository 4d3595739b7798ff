import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Left in a directory the demo made its database in: only there will it delete a database. */
export const DEMO_MARKER_FILE = 'made-by-npm-run-demo.txt';

export class DemoDataDirError extends Error {
  override name = 'DemoDataDirError';
}

/**
 * Makes way for a fresh demo database: deletes the one the demo made last time (with its WAL
 * files). A database the demo did not make — `npm start`'s ./data, say, named by DATA_DIR by
 * mistake — is never deleted: that is refused with an explanation.
 */
export function resetDemoDatabase(dataDir: string, filename: string): void {
  const files = [filename, `${filename}-wal`, `${filename}-shm`, `${filename}-journal`];
  const marker = join(dataDir, DEMO_MARKER_FILE);
  if (!existsSync(marker) && files.some((file) => existsSync(file))) {
    throw new DemoDataDirError(
      `${dataDir} holds a Hirelink database that npm run demo did not make, and the demo deletes its ` +
        'database on every run, so it leaves this one alone. Point DATA_DIR at another directory ' +
        '(unset, it is ./data-demo).',
    );
  }
  for (const file of files) rmSync(file, { force: true });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(marker, 'The database of `npm run demo`, which deletes it and makes it again on every run.\n');
}
