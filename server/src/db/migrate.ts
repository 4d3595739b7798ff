import { Migrator } from 'kysely';
import type { Db } from './database';
import { migrations } from './migrations/index';

const migratorFor = (db: Db) => new Migrator({ db, provider: { getMigrations: async () => migrations } });

/** Migrations this code knows that the database has not run yet, in order. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  return (await migratorFor(db).getMigrations()).filter((migration) => !migration.executedAt).map((migration) => migration.name);
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String((error as Error).message ?? error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
