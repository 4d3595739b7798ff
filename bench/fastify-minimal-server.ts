/**
 * The framework floor for bench/http.ts: a minimal Fastify app answering GET /healthz with the same
 * bytes as Hirelink's, headers included (a request id, then the security headers, computed by the
 * server's own helmetHeaders) and the bare server's SQLite look-up (for
 * bench/experiments/fastify-floor.ts), nothing else. FLOOR_LOG=1 turns on Fastify's default request
 * logging (pino at info, to standard output, which the benchmark sends to a file): two lines per
 * request, written synchronously.
 */
import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import Fastify from 'fastify';
import { helmetHeaders } from '../server/src/http/security-headers';

const SECURITY_HEADERS = helmetHeaders({ contentSecurityPolicy: false });
const app = Fastify({ logger: process.env.FLOOR_LOG === '1' ? { level: 'info' } : false, genReqId: () => randomUUID() });
const health = { response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } };
app.get('/healthz', { schema: health }, async (request, reply) => {
  reply.header('x-request-id', request.id).headers(SECURITY_HEADERS);
  return { status: 'ok' };
});
app.get('/readyz', { schema: health }, async () => ({ status: 'ready' }));

if (process.env.BARE_SQLITE_FILE) {
  const db = new SqliteDatabase(process.env.BARE_SQLITE_FILE);
  db.pragma('journal_mode = WAL');
  const find = db.prepare<[string], { client_id: string; company_name: string }>(
    'select client_id, company_name from clients where connection_id = ?',
  );
  app.get<{ Params: { id: string } }>(
    '/plain/v1/client/by-connection/:id',
    {
      schema: { response: { 200: { type: 'object', properties: { client_id: { type: 'string' }, company_name: { type: 'string' } } } } },
    },
    async (request, reply) => {
      const row = find.get(request.params.id);
      if (!row) return reply.code(404).send({ error: 'not_found', message: 'x' });
      return row;
    },
  );
}
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
// A close that fails is an unhandled rejection, which ends the process too.
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
