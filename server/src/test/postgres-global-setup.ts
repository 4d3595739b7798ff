import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTemplate: { adminUrl: string; template: string; prefix: string };
  }
}

/**
 * Migrates one template database per run; every test app then gets its own throw-away copy
 * (CREATE DATABASE … TEMPLATE is a file copy, much faster than migrating again).
 */
export default async function setup(project: TestProject) {
  // Project env reaches the test workers, not this hook: read it from the project's config.
  const adminUrl = String(project.config.env.HIRELINK_TEST_POSTGRES_URL);
  const prefix = `hirelink_test_${process.pid}_${Date.now().toString(36)}`;
  const template = `${prefix}_template`;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${template}"`);
  await admin.end();

  const handle = openDatabase({ kind: 'postgres', url: withDatabase(adminUrl, template), poolSize: 2 });
  await migrateToLatest(handle.db);
  await handle.close();

  project.provide('postgresTemplate', { adminUrl, template, prefix });

  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    const { rows } = await cleanup.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}%`]);
    for (const { datname } of rows) {
      await cleanup.query(`drop database if exists "${datname}" with (force)`);
    }
    await cleanup.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
