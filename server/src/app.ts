import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyPlugin from 'fastify-plugin';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { EMAIL_FORMAT, ErrorResponse, LOGIN_EMAIL_FORMAT, isAcceptableEmail, isLoginEmail, loadPasswordPolicy } from '#contract';
import type { AppConfig } from './config';
import { type DatabaseHandle, openDatabase } from './db/database';
import { migrateToLatest, pendingMigrations } from './db/migrate';
import { createNotificationListener } from './db/pg-listener';
import { createFailureLimits, memoryFailureStore, redisFailureStore } from './http/failure-limits';
import { frameworkErrorHandler, installErrorHandlers, installNulCharacterGuard } from './http/errors-install';
import { healthRoutes } from './http/health.routes';
import { installNoStore } from './http/no-store';
import { OneLinePerRequest, bufferedStdout, childLoggerFactory, loggerOptions } from './http/logging';
import { installMetrics } from './http/metrics';
import { installRequestIdHeader, requestIdOf } from './http/request-id';
import { DOCS_CONTENT_SECURITY_POLICY, installSecurityHeaders } from './http/security-headers';
import { webApp } from './http/web-app';
import { installAuthentication } from './modules/auth/auth.hook';
import type { Access } from './modules/auth/principal';
import { authRoutes } from './modules/auth/auth.routes';
import { calendarRoutes } from './modules/calendar/calendar.routes';
import { createCalendarService } from './modules/calendar/calendar.service';
import { createAccountSignOuts } from './modules/auth/account-sign-outs';
import { createApiKeyRevocations } from './modules/auth/api-key-revocations';
import { type AuthService, createAuthService } from './modules/auth/auth.service';
import { createRevocationList } from './modules/auth/revocations';
import { createSecondFactor } from './modules/auth/second-factor';
import { createTokenSigner } from './modules/auth/tokens';
import { clientsRoutes } from './modules/clients/clients.routes';
import { createClientsService } from './modules/clients/clients.service';
import { usersRoutes } from './modules/users/users.routes';
import { createUsersService } from './modules/users/users.service';
import { jobsRoutes } from './modules/jobs/jobs.routes';
import { createEventLog } from './modules/live/event-log';
import { createLinkControlService } from './modules/links/link-control.service';
import { linksRoutes } from './modules/links/links.routes';
import { createLinksService } from './modules/links/links.service';
import { liveRoutes } from './modules/live/live.routes';
import { createLiveService } from './modules/live/live.service';
import { createMailService } from './modules/mail/mail.service';
import type { MailTransport } from './modules/mail/transports';
import { createJobsService } from './modules/jobs/jobs.service';
import { cvRoutes } from './modules/cv/cv.routes';
import { feedbackRoutes } from './modules/feedback/feedback.routes';
import { createFeedbackService } from './modules/feedback/feedback.service';
import { createCvService } from './modules/cv/cv.service';
import { createDatabaseFileStore } from './modules/cv/file-store';
import { pipelineRoutes } from './modules/pipeline/pipeline.routes';
import { createPipelineService } from './modules/pipeline/pipeline.service';
import { notificationsRoutes } from './modules/notifications/notifications.routes';
import { type NotificationsService, createNotificationsService } from './modules/notifications/notifications.service';
import { createRecruitersService } from './modules/recruiters/recruiters.service';
import { statsRoutes } from './modules/stats/stats.routes';
import { activityRoutes } from './modules/activity/activity.routes';
import { type ActivityService, createActivityService } from './modules/activity/activity.service';

export const BODY_LIMIT_BYTES = 64 * 1024;

/** A /v1 route as registered: what the access-matrix test is generated from. */
export interface RouteSummary {
  method: string;
  url: string;
  access: readonly Access[] | null;
  /** Registered in the root context, so its requests share the one Request and Reply class (see the route modules' registration). */
  inRootContext: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteSummary[];
    /** The notification mail worker and retention prune, for tests that run them at a chosen moment. */
    notificationWorker: Pick<NotificationsService, 'runOnce' | 'prune'>;
    /** The activity log's retention prune, for tests that run it at a chosen moment. */
    activityRetention: Pick<ActivityService, 'prune'>;
    /** For the demo's seed, whose made-up addresses cannot receive the link: confirms one without it. */
    demoAccounts: Pick<AuthService, 'confirmEmailWithoutLink'>;
  }
}

export interface BuildOptions {
  /** Use this database instead of opening the configured one (the caller closes it). */
  database?: DatabaseHandle;
  /** Test seam: the clock of notifications (their time, grouping and digest hour), ms since the epoch. */
  notificationClock?: () => number;
  /** Test seam: a generator for connection IDs. */
  generateConnectionId?: () => string;
  /** Test seam: what time it is (ms) for the feedback SLA, so a test moves it days ahead instead of waiting. */
  clock?: () => number;
  /** Test seam: told of each page of rows the activity CSV export reads (to prove it streams). */
  onActivityCsvPageRead?: (rows: number) => void;
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /**
   * The built web app to serve (web/dist by default); null serves the API alone, so that an API
   * suite answers the same whether or not a build happens to exist on disk.
   */
  webRoot?: string | null;
  /** Test seam: where mail goes instead of SMTP_URL or DATA_DIR/mail. */
  mailTransport?: MailTransport;
}

/**
 * The whole API, migrated and ready, but not listening: tests call `app.inject`, and
 * `main.ts` calls `listen`.
 */
export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const database = options.database ?? openDatabase(config.database);
  const ownsDatabase = !options.database;

  const logDestination = options.logStream ? null : bufferedStdout();
  const app = Fastify({
    logger: loggerOptions(config, options.logStream ?? logDestination?.stream, logDestination?.flush),
    logController: new OneLinePerRequest(),
    childLoggerFactory,
    genReqId: requestIdOf,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
    ajv: {
      // Reject what a schema does not name instead of silently dropping it, and never coerce
      // body types: `"title": 123` is a mistake worth telling the caller about.
      customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false },
      // After ajv-formats, so that `email` is ours (the web app's forms use the same functions).
      onCreate: (ajv) => {
        ajv.addFormat(EMAIL_FORMAT, { type: 'string', validate: isAcceptableEmail });
        ajv.addFormat(LOGIN_EMAIL_FORMAT, { type: 'string', validate: isLoginEmail });
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onClose', async () => {
    if (ownsDatabase) await database.close();
    logDestination?.stop();
  });

  try {
    if (config.migrateOnStart) {
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0) app.log.info({ migrations: applied }, 'applied database migrations');
      else app.log.debug('database migrations: nothing to apply');
    } else {
      const pending = await pendingMigrations(database.db);
      if (pending.length > 0) {
        throw new Error(
          `MIGRATE_ON_START=false and the database lacks ${pending.length} migration(s) (${pending.join(', ')}): run \`npm run db:migrate\` first.`,
        );
      }
    }
  } catch (error) {
    app.log.error({ err: error }, 'cannot start: the database is not migrated');
    await app.close();
    throw error;
  }

  const { db, dialect } = database;
  const redis = config.redisUrl ? connectRedis(app, config.redisUrl) : null;
  const failureLimit = createFailureLimits({ store: redis ? redisFailureStore(redis) : memoryFailureStore(), log: app.log });
  const links = createLinksService({ dialect: database.dialect });
  const clients = createClientsService({
    db,
    links,
    generateConnectionId: options.generateConnectionId,
    // Counted per recruiter, so that guessing IDs is slow whichever address it comes from.
    connectionGuesses: failureLimit({
      name: 'connection-id-failures',
      max: config.rateLimits.connectionLookupsPerRecruiter,
      windowMs: config.rateLimits.windowMs,
      message: 'Too many connection IDs that did not resolve.',
    }),
  });
  const recruiters = createRecruitersService({ db });
  const mail = createMailService({
    db,
    dialect,
    config: config.mail,
    dataDir: config.dataDir,
    secret: config.jwtSecret,
    log: app.log,
    ...(options.mailTransport && { transport: options.mailTransport }),
  });
  const tokens = createTokenSigner(config.jwtSecret, config.tokenTtlSeconds);
  // One connection per instance hears what other instances announce: live updates, sign-outs and
  // revoked API keys.
  const notifications = config.database.kind === 'postgres' ? createNotificationListener(config.database.url, app.log) : null;
  const revocations = createRevocationList({ db, dialect, notifications });
  const apiKeyRevocations = createApiKeyRevocations({ db, dialect, notifications });
  const accountSignOuts = createAccountSignOuts({ db, dialect, notifications });
  const secondFactor = createSecondFactor({
    db,
    secret: config.jwtSecret,
    failures: failureLimit({
      name: 'mfa-failures',
      max: config.rateLimits.mfaFailuresPerAccount,
      windowMs: 15 * 60_000,
      message: 'Too many wrong codes for this account.',
    }),
  });
  const users = createUsersService({
    db,
    mail,
    signOutUser: (trx, userId, before) => accountSignOuts.signOutAll(trx, 'client', userId, before),
    rememberSignOut: (userId, before) => accountSignOuts.remember('client', userId, before),
    twoFactorEnabledAmong: (userIds) => secondFactor.enabledAmong('client', userIds),
    companyNameOf: async (clientId) => (await clients.getCompany(clientId)).company_name,
  });
  const auth = createAuthService({
    db,
    clients,
    users,
    recruiters,
    tokens,
    revocations,
    apiKeyRevocations,
    passwordPolicy: await loadPasswordPolicy(),
    sourceSecret: config.jwtSecret,
    accountSignOuts,
    mail,
    secondFactor,
    log: app.log,
    signInLimits: {
      perAccountAndSource: failureLimit({
        name: 'login-failures-email-ip',
        max: config.rateLimits.loginFailuresPerEmailAndIp,
        windowMs: 15 * 60_000,
        message: 'Too many wrong passwords for this account from your network.',
      }),
      perAccount: failureLimit({
        name: 'login-failures-email',
        max: config.rateLimits.loginFailuresPerEmailHourly,
        windowMs: 60 * 60_000,
        message: 'Too many wrong passwords for this account. Its owner can still sign in from a network they have used before.',
      }),
    },
  });
  const live = createLiveService({
    db,
    dialect,
    notifications,
    config: config.live,
    log: app.log,
    credentials: auth,
  });
  const events = createEventLog({ dialect, onRecorded: live.recorded });
  const jobs = createJobsService({ db, clients, recruiters, links, events });
  const pipeline = createPipelineService({ db, dialect, jobs, events });
  const activity = createActivityService({
    db,
    jobs,
    pipeline,
    recruiters,
    users,
    retentionDays: config.activityRetentionDays,
    log: app.log,
    onCsvPageRead: options.onActivityCsvPageRead,
  });
  // Registered before the notifications' listener, so both run inside each change's transaction
  // before the event log's ordering lock (see RecordListener).
  events.onRecord((trx, event) => activity.onEventRecorded(trx, event));
  clients.onSettingsChanged((trx, by, changes) => activity.record(trx, by.clientId, { type: 'settings.changed', changes, by }));
  users.onTeamChanged((trx, change) =>
    activity.record(trx, change.by.clientId, { type: change.type, detail: change.subject, changes: change.changes, by: change.by }),
  );
  const cvs = createCvService({
    db,
    pipeline,
    store: createDatabaseFileStore({ db, dialect }),
    onClientDownload: (trx, by, application) =>
      activity.record(trx, by.clientId, {
        type: 'cv.downloaded',
        by,
        recruiterId: application.recruiter_id,
        jobId: application.job_id,
        applicationId: application.application_id,
      }),
  });
  const calendar = createCalendarService({ pipeline, jobs });
  const feedback = createFeedbackService({
    db,
    pipeline,
    jobs,
    clients,
    users,
    recruiters,
    events,
    options: { slaDays: config.feedbackSlaDays, clock: options.clock },
  });
  const linkControl = createLinkControlService({ db, links, jobs, pipeline, recruiters });
  const notificationsService = createNotificationsService({
    db,
    mail,
    config: config.notifications,
    secret: config.jwtSecret,
    log: app.log,
    now: options.notificationClock,
    usersOfClient: (trx, clientId) => users.userIdsOf(trx, clientId),
    async contactOf(account) {
      try {
        if (account.role === 'client') {
          const user = await users.findUser(account.accountId);
          return user ? { email: user.email, name: user.name, verified: user.email_verified } : null;
        }
        const profile = await recruiters.getProfile(account.accountId);
        return { email: profile.email, name: profile.name, verified: profile.email_verified };
      } catch {
        return null; // the account is gone
      }
    },
    async namesOf(trx, { recruiterId, jobId, applicationId }) {
      const [titles, candidateName] = await Promise.all([
        jobId ? jobs.getJobTitles({ recruiterId }, [jobId], trx) : new Map<string, string>(),
        applicationId ? pipeline.candidateNameOf(trx, recruiterId, applicationId) : null,
      ]);
      return { jobTitle: (jobId && titles.get(jobId)) || null, candidateName };
    },
  });
  events.onRecord(notificationsService.onEventRecorded);
  app.decorate('notificationWorker', { runOnce: notificationsService.runOnce, prune: notificationsService.prune });
  app.decorate('activityRetention', { prune: activity.prune });
  app.decorate('demoAccounts', { confirmEmailWithoutLink: (role, accountId) => auth.confirmEmailWithoutLink(role, accountId) });

  const routeTable: RouteSummary[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', function (route) {
    if (!route.url.startsWith('/v1/')) return;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, access: route.config?.access ?? null, inRootContext: this === app });
    }
  });

  installRequestIdHeader(app);
  installErrorHandlers(app);
  installNulCharacterGuard(app);
  installNoStore(app);
  installSecurityHeaders(app, {
    // The API answers JSON; the docs page needs its own inline script and styles.
    contentSecurityPolicy: false,
  });
  await installMetrics(app, config, { pool: database.pool, hub: live.hub, mail });
  if (config.corsOrigins.length > 0) await app.register(cors, { origin: config.corsOrigins });
  await app.register(rateLimit, {
    global: false,
    cache: 50_000,
    ...(redis && { redis, nameSpace: 'hirelink:rate-limit:', skipOnError: true }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hirelink API',
        version: '1.0.0',
        description:
          "Clients share their connection ID with agency recruiters, who post jobs with it and run each job's pipeline; " +
          'clients watch their jobs. Errors are always `{ "error": "<code>", "message": "<text>" }`.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.addSchema(ErrorResponse);
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CONTENT_SECURITY_POLICY });

  installAuthentication(app, auth);

  // Every module's routes join the root context (fastify-plugin) rather than each getting its own:
  // Fastify gives each context its own Request and Reply classes, and with one per module its hot
  // paths saw seven shapes of request and reply and deoptimised ("wrong map" under --trace-deopt),
  // slowing even /healthz once the other routes had run. Route modules only add routes; a test
  // checks that every /v1 route is registered here.
  await app.register(fastifyPlugin(healthRoutes), { ping: database.ping });
  await app.register(fastifyPlugin(authRoutes), { auth, recruiters, rateLimits: config.rateLimits });
  await app.register(fastifyPlugin(clientsRoutes), { clients, users, auth });
  await app.register(fastifyPlugin(usersRoutes), { users, auth, invitationPerIp: config.rateLimits.invitationPerIp });
  await app.register(fastifyPlugin(jobsRoutes), { jobs, pipeline, feedback });
  // Before the pipeline's routes, whose last one removes the candidate the access matrix tries CVs on.
  await app.register(fastifyPlugin(cvRoutes), { cvs });
  // Likewise: the pipeline's last route removes the candidate whose interview these read.
  await app.register(fastifyPlugin(calendarRoutes), { calendar });
  // Likewise: the pipeline's last route removes the candidate whose thread these read.
  await app.register(fastifyPlugin(feedbackRoutes), { feedback });
  await app.register(fastifyPlugin(pipelineRoutes), { pipeline });
  await app.register(fastifyPlugin(statsRoutes), { jobs, feedback });
  await app.register(fastifyPlugin(linksRoutes), { control: linkControl });
  await app.register(fastifyPlugin(liveRoutes), { live });
  await app.register(fastifyPlugin(notificationsRoutes), { notifications: notificationsService });
  await app.register(fastifyPlugin(activityRoutes), { activity });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // The built web app (web/dist) and its client-side routes; without a build, only a warning.
  if (options.webRoot !== null) await app.register(webApp, options.webRoot ? { root: options.webRoot } : {});

  // On close, requests already in flight are answered with `Connection: close`, so their
  // keep-alive sockets end with them and the server can stop; streams never end by themselves,
  // so they are closed (with a reconnect hint) before the server waits for its connections.
  let closing = false;
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('preClose', async () => {
    closing = true;
    // Reset requests already answered still get their mail queued.
    await auth.resetRequestsSettled();
    await notificationsService.stop();
    activity.stop();
    await Promise.all([live.stop(), revocations.stop(), accountSignOuts.stop(), mail.stop()]);
    await notifications?.stop();
  });

  await app.ready();
  // Each module names its channel as it starts; the listener then connects and tells them all.
  apiKeyRevocations.start();
  await Promise.all([live.start(), revocations.start(), accountSignOuts.start()]);
  await notifications?.start();
  mail.start();
  notificationsService.start();
  activity.start();
  return app;
}

/**
 * With REDIS_URL, every instance counts rate limits (requests and failures) in one Redis, so N
 * instances do not allow N times the attempts. If Redis fails, requests are let through (and a
 * warning logged) rather than refused: a login outage would hurt more than a few minutes of
 * per-instance-only limits.
 */
function connectRedis(app: FastifyInstance, redisUrl: string): Redis {
  const redis = new Redis(redisUrl, {
    connectTimeout: 1_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
  });
  redis.on('error', (error) => app.log.warn({ err: error }, 'rate-limit store (Redis) unavailable; limits are not enforced'));
  app.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  return redis;
}
