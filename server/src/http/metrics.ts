import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, onResponseHookHandler } from 'fastify';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppConfig } from '../config';
import type { PoolStats } from '../db/pool-stats';
import type { EventHub } from '../modules/live/event-hub';
import type { MailService } from '../modules/mail/mail.service';
import { AppError } from './errors';

export const METRICS_PATH = '/metrics';
/** The route label of a request no route matched: never its URL, which anyone can vary at will. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface MetricSources {
  pool: PoolStats;
  hub: Pick<EventHub, 'streamStats' | 'backlog' | 'onDispatched'>;
  mail: Pick<MailService, 'queueSize'>;
}

/**
 * With METRICS_TOKEN, only that bearer may read /metrics; without it, /metrics is open outside
 * production (a developer's curl) and absent in production, where an open endpoint would tell
 * anyone the traffic, the database's load and the process's memory.
 */
export function metricsAccess(config: Pick<AppConfig, 'env' | 'metricsToken'>): 'off' | 'open' | { token: string } {
  if (config.metricsToken) return { token: config.metricsToken };
  return config.env === 'production' ? 'off' : 'open';
}

let processRegistry: Registry | null = null;

/**
 * prom-client's default metrics describe the process, not an app, and start monitors (an event
 * loop delay timer, a GC observer) that nothing ever stops: one set per process, shared by every
 * app it builds (tests build hundreds).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** GET /metrics in Prometheus's text format, and the request-duration histogram behind it. */
export async function installMetrics(app: FastifyInstance, config: AppConfig, sources: MetricSources): Promise<void> {
  const access = metricsAccess(config);
  if (access === 'off') return;

  const registry = new Registry();
  const registers = [registry];
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request’s arrival to its answer, by route pattern (not URL; "unmatched" when no route matched). Live streams and /metrics are not counted.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  new Gauge({
    name: 'hirelink_live_streams',
    help: 'Live-update streams open on this instance.',
    registers,
    collect() {
      this.set(sources.hub.streamStats().streams);
    },
  });
  new Gauge({
    name: 'hirelink_live_stream_unsent_bytes',
    help: 'Bytes written to this instance’s live streams that their readers have yet to take (a reader past 1 MB is dropped).',
    registers,
    collect() {
      this.set(sources.hub.streamStats().unsentBytes);
    },
  });
  const eventLag = new Histogram({
    name: 'hirelink_event_lag_seconds',
    help: 'Time from an event’s creation (created_at, stamped in the transaction that wrote it) to the hub handing it to this instance’s live streams.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  sources.hub.onDispatched((row) => eventLag.observe(Math.max(0, Date.now() - Date.parse(row.created_at)) / 1000));
  new Gauge({
    name: 'hirelink_event_backlog',
    help: 'Events committed to the log (the outbox) that this instance’s hub has yet to hand to its streams; 0 while no stream is open; NaN when the database did not answer.',
    registers,
    async collect() {
      this.set(await sources.hub.backlog().catch(() => Number.NaN));
    },
  });

  const { pool } = sources;
  const poolGauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  poolGauge('hirelink_db_pool_connections', 'Database connections open (PostgreSQL: at most DATABASE_POOL_SIZE; SQLite: one).', pool.total);
  poolGauge('hirelink_db_pool_connections_idle', 'Open database connections not in use.', pool.idle);
  poolGauge('hirelink_db_pool_waiting', 'Queries waiting for a database connection.', pool.waiting);
  const poolWait = new Histogram({
    name: 'hirelink_db_pool_wait_seconds',
    help: 'How long each query waited for a database connection (0 when one was free).',
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers,
  });
  const stopTimingWaits = pool.onWait((seconds) => poolWait.observe(seconds));
  app.addHook('onClose', async () => stopTimingWaits());

  // After the pool's gauges, which are read as they are collected: this one's query must not be among their waiters.
  new Gauge({
    name: 'hirelink_mail_outbox',
    help: 'Mails in the outbox, over every instance: pending (waiting to be sent or retried) and failed (given up after the last attempt); NaN when the database did not answer.',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      const size = await sources.mail.queueSize().catch(() => ({ pending: Number.NaN, failed: Number.NaN }));
      this.set({ status: 'pending' }, size.pending);
      this.set({ status: 'failed' }, size.failed);
    },
  });

  // Each route times its own answers with a hook that knows the route's pattern, and keeps the
  // histogram's child per method and status: reading `request.routeOptions` (a new object on every
  // read) and hashing the labels on every request cost more than the observation itself.
  const timeAnswers = (route: string, isStream: boolean): onResponseHookHandler => {
    const children = new Map<string, { observe(seconds: number): void }>();
    return (request, reply, done) => {
      const status = reply.statusCode;
      // Live streams last as long as the reader stays; their 200s would only blur the latencies.
      if (!(isStream && status === 200)) {
        const key = `${request.method} ${status}`;
        let child = children.get(key);
        if (!child) children.set(key, (child = requestDuration.labels({ method: request.method, route, status_code: status })));
        child.observe(reply.elapsedTime / 1000);
      }
      done();
    };
  };
  app.addHook('onRoute', (route) => {
    if (route.url === METRICS_PATH) return;
    const ok = (route.schema?.response as Record<string, { content?: Record<string, unknown> }> | undefined)?.[200];
    route.onResponse = [...[route.onResponse ?? []].flat(), timeAnswers(route.url, Boolean(ok?.content?.['text/event-stream']))];
  });
  const timeUnmatched = timeAnswers(UNMATCHED_ROUTE, false);
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) timeUnmatched.call(app, request, reply, done);
    else done();
  });

  const exposed = Registry.merge([registry, processMetrics()]);
  const expectedDigest = access === 'open' ? null : sha256(access.token);
  app.get(METRICS_PATH, { schema: { hide: true } }, async (request, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    if (expectedDigest) {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      // Digests have one length, so the comparison takes as long whatever was sent.
      if (!match?.[1] || !timingSafeEqual(sha256(match[1]), expectedDigest)) {
        reply.header('WWW-Authenticate', 'Bearer');
        throw new AppError('unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN> to read the metrics.');
      }
    }
    reply.type(exposed.contentType);
    return exposed.metrics();
  });
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
