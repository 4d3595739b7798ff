// For fastify-floor.ts: one Fastify route doing the bare server's look-up query, and nothing else
// (FLOOR_LOG=1 adds Fastify's default request logging).
import Fastify from 'fastify';
import SqliteDatabase from 'better-sqlite3';
const db = new SqliteDatabase(process.env.BARE_SQLITE_FILE);
db.pragma('journal_mode = WAL');
const find = db.prepare<[string], { client_id: string; company_name: string }>('select client_id, company_name from clients where connection_id = ?');
const app = Fastify({ logger: process.env.FLOOR_LOG === '1' ? { level: 'info' } : false });
app.get('/readyz', async () => ({ status: 'ready' }));
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
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
// A close that fails is an unhandled rejection, which ends the process too.
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
