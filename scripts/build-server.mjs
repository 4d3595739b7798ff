// @ts-check
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * `npm run build:server`: the server's entry points bundled into plain JavaScript under dist/server,
 * so production runs no TypeScript transpiler. Packages stay external (installed by npm, native
 * ones included); our own modules, the contract among them, are bundled in.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/server`;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'server/src/main.ts', migrate: 'server/src/db/migrate-cli.ts', demo: 'server/src/demo/demo-main.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
