import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db, Dialect, Executor } from '../../db/database';

/**
 * Where uploaded files' bytes live, by an opaque key: the one seam between the app and its
 * storage. The default keeps them in the database (`stored_files`), so every instance sees them,
 * a backup holds them, and an upload commits or rolls back with the rows that name it.
 *
 * A store outside the database (object storage) would ignore `tx`: it would write in `put`
 * before the rows commit (an upload that then fails leaves an object nothing names, for a sweep
 * to remove) and should defer `delete` until the transaction has committed.
 */
export interface FileStore {
  put(key: string, bytes: Buffer, tx: Executor): Promise<void>;
  /** The bytes as a stream, read a piece at a time; null when nothing is stored under the key. */
  get(key: string): Promise<Readable | null>;
  delete(key: string, tx: Executor): Promise<void>;
}

/** How much of a file one query reads: a download holds at most this much in memory at a time. */
const CHUNK_BYTES = 512 * 1024;

export function createDatabaseFileStore({ db, dialect }: { db: Db; dialect: Dialect }): FileStore {
  // Both databases slice a BLOB / bytea by bytes, 1-based.
  const slice = (offset: number) =>
    dialect === 'postgres'
      ? sql<Buffer>`substring(content from ${offset + 1}::int for ${CHUNK_BYTES}::int)`
      : sql<Buffer>`substr(content, ${offset + 1}, ${CHUNK_BYTES})`;
  const readChunk = (key: string, offset: number) =>
    db
      .selectFrom('stored_files')
      .select(['size_bytes', slice(offset).as('chunk')])
      .where('file_key', '=', key)
      .executeTakeFirst();

  return {
    async put(key, bytes, tx) {
      await tx
        .insertInto('stored_files')
        .values({ file_key: key, content: bytes, size_bytes: bytes.length, created_at: new Date().toISOString() })
        .execute();
    },

    async get(key) {
      const first = await readChunk(key, 0);
      if (!first) return null;
      const size = first.size_bytes;
      async function* chunks() {
        yield Buffer.from(first!.chunk);
        for (let offset = CHUNK_BYTES; offset < size; offset += CHUNK_BYTES) {
          const next = await readChunk(key, offset);
          // Replaced (or its candidate removed) while being read: end the download as broken, not short.
          if (!next) throw new Error('The file was removed while it was being read.');
          yield Buffer.from(next.chunk);
        }
      }
      return Readable.from(chunks(), { objectMode: false });
    },

    async delete(key, tx) {
      await tx.deleteFrom('stored_files').where('file_key', '=', key).execute();
    },
  };
}
