import { type Kysely, PostgresAdapter } from 'kysely';

/** Column types that differ between the two databases; migrations ask here instead of branching. */
export function columnTypes(db: Kysely<any>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    timestamp: postgres ? ('timestamptz' as const) : ('text' as const),
    eventId: postgres ? ('bigserial' as const) : ('integer' as const),
    /** A calendar date ('YYYY-MM-DD' on both: PostgreSQL's date is read back as that text). */
    date: postgres ? ('date' as const) : ('text' as const),
  };
}
