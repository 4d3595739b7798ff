import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { type AppConfig, ConfigError } from './config';

/** Loads the configuration, or prints every problem with it and exits 1. */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

export interface ServeOptions {
  /** Runs first when SIGINT or SIGTERM arrives, before the app closes (e.g. to stop background work). */
  beforeClose?: () => Promise<void>;
}

/**
 * Listens where the configuration says and stops cleanly on SIGINT or SIGTERM: requests in flight
 * are answered, streams closed with a reconnect hint, and the process exits 0.
 */
export async function serve(app: FastifyInstance, config: AppConfig, options: ServeOptions = {}): Promise<{ port: number }> {
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      const startedAt = Date.now();
      app.log.info({ signal }, 'shutting down');
      // In-flight requests get this long to finish before the process gives up on them.
      setTimeout(() => {
        app.log.error('shutdown took longer than 10 s; exiting anyway');
        process.exit(1);
      }, 10_000).unref();
      Promise.resolve()
        .then(() => options.beforeClose?.())
        .then(() => app.close())
        .then(
          () => {
            app.log.info({ ms: Date.now() - startedAt }, 'stopped');
            process.exit(0);
          },
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
  return { port };
}
