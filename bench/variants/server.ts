/**
 * The real app (buildApp, unchanged) with the server changes the benchmarks propose, applied from
 * outside so they can be measured before anyone edits server/:
 *
 *  - VARIANT_SQLITE_STATEMENT_CACHE=1: reuse better-sqlite3 prepared statements (Kysely's SQLite
 *    driver prepares every query again, on every call);
 *  - VARIANT_SQLITE_FIFO=1: one FIFO queue in front of Kysely's single-connection mutex, which resumes
 *    every waiter on each release (all but one go back to waiting): O(waiters) work per query under load;
 *  - VARIANT_SQLITE_CHECKPOINT_WORKER=1: no automatic WAL checkpoints on the app's connection (each one
 *    copies ~1000 pages and fsyncs on the event loop, stalling every request for 8–25 ms about once per
 *    hundred writes); a worker thread with its own connection runs `wal_checkpoint(PASSIVE)` every second;
 *  - started with `--import ./bench/variants/register.mjs`: the JWT key is imported once (jose-key-once.mjs);
 *    with VARIANT_JWT=cache also a bounded cache of already-verified tokens.
 *
 * Started like server/src/main.ts (same env); used by bench/http.ts as "ours + proposed fixes".
 */
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { openVariantDatabase } from './database';

const config = loadConfig();
const database =
  config.database.kind === 'sqlite'
    ? openVariantDatabase(config.database.filename, {
        statementCache: process.env.VARIANT_SQLITE_STATEMENT_CACHE === '1',
        fifo: process.env.VARIANT_SQLITE_FIFO === '1',
        checkpointWorker: process.env.VARIANT_SQLITE_CHECKPOINT_WORKER === '1',
      })
    : openDatabase(config.database);
const app = await buildApp(config, { database });
process.on('SIGTERM', () => {
  app.close().then(
    () => database.close().then(() => process.exit(0)),
    () => process.exit(1),
  );
});
await app.listen({ host: config.host, port: config.port });
app.log.info(`Hirelink (variant) is ready on http://localhost:${(app.server.address() as { port: number }).port}`);
