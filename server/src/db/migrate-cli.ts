import { loadConfig } from '../config';
import { openDatabase } from './database';
import { migrateToLatest } from './migrate';

// `npm run db:migrate`: apply pending migrations without starting the server (the server also does this at start).
const config = loadConfig();
const handle = openDatabase(config.database);
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database already up to date.');
} finally {
  await handle.close();
}
