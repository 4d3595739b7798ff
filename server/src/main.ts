import type { Logger } from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';

// Reads config and listens; everything else lives in buildApp.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const app = await buildApp(config);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // In-flight requests get this long to finish before the process gives up on them.
    setTimeout(() => {
      app.log.error('shutdown took longer than 10 s; exiting anyway');
      process.exit(1);
    }, 10_000).unref();
    app.close().then(
      () => process.exit(0),
      (error) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  });
}

await app.listen({ host: config.host, port: config.port });
const { port } = app.server.address() as { port: number };
const where = config.database.kind === 'sqlite' ? `SQLite at ${config.database.filename}` : 'PostgreSQL';
app.log.info(`Hirelink is ready on http://localhost:${port} (${where}); API docs at /docs`);
// Whoever started the server is watching for that line: write it now, not with the next chunk.
(app.log as unknown as Logger).flush();
