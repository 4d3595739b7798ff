import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bearer, call, registerClient, registerRecruiter } from './test/api';
import { buildApp } from './app';
import { migrateToLatest, pendingMigrations } from './db/migrate';
import { DOCS_CONTENT_SECURITY_POLICY } from './http/security-headers';
import { createTestApp, createTestDatabase, testConfig, useTestApp } from './test/test-app';

describe('the API as a whole', () => {
  const t = useTestApp();

  it('documents every /v1 route in its OpenAPI 3.1 document, and serves the interactive docs', async () => {
    const document = await call(t.app, { method: 'GET', url: '/openapi.json' });
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    const documented = Object.entries(document.body.paths as Record<string, object>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = [
      'POST /v1/client/register',
      'POST /v1/client/login',
      'POST /v1/recruiter/register',
      'POST /v1/recruiter/login',
      'POST /v1/auth/logout',
      'POST /v1/auth/password',
      'POST /v1/auth/password-reset',
      'POST /v1/auth/password-reset/confirm',
      'POST /v1/auth/mfa',
      'GET /v1/auth/mfa',
      'POST /v1/auth/mfa/totp',
      'POST /v1/auth/mfa/totp/confirm',
      'DELETE /v1/auth/mfa/totp',
      'GET /v1/auth/sessions',
      'DELETE /v1/auth/sessions/{session_id}',
      'DELETE /v1/auth/sessions',
      'POST /v1/auth/verify-email',
      'POST /v1/auth/verify-email/resend',
      'GET /v1/client/profile',
      'GET /v1/client/settings',
      'PATCH /v1/client/settings',
      'GET /v1/client/users',
      'PATCH /v1/client/users/{user_id}',
      'DELETE /v1/client/users/{user_id}',
      'POST /v1/client/invitations',
      'GET /v1/client/invitations',
      'DELETE /v1/client/invitations/{invitation_id}',
      'POST /v1/client/invitations/preview',
      'POST /v1/client/invitations/accept',
      'GET /v1/client/recruiters',
      'POST /v1/client/recruiters/{recruiter_id}/block',
      'POST /v1/client/recruiters/{recruiter_id}/unblock',
      'POST /v1/client/recruiters/{recruiter_id}/approve',
      'GET /v1/client/jobs',
      'GET /v1/client/jobs/{job_id}',
      'GET /v1/client/stats',
      'GET /v1/client/reports/funnel',
      'GET /v1/client/by-connection/{connection_id}',
      'GET /v1/client/interviews',
      'GET /v1/client/interviews/{interview_id}.ics',
      'GET /v1/interviews/{interview_id}.ics',
      'POST /v1/jobs',
      'GET /v1/jobs',
      'GET /v1/jobs/{job_id}',
      'PATCH /v1/jobs/{job_id}',
      'POST /v1/jobs/{job_id}/applications',
      'PATCH /v1/applications/{application_id}',
      'DELETE /v1/applications/{application_id}',
      'POST /v1/applications/{application_id}/share',
      'POST /v1/applications/{application_id}/interviews',
      'PATCH /v1/interviews/{interview_id}',
      'POST /v1/applications/{application_id}/offers',
      'PATCH /v1/offers/{offer_id}',
      'POST /v1/applications/{application_id}/cv',
      'GET /v1/applications/{application_id}/cv',
      'GET /v1/client/applications/{application_id}/cv',
      'POST /v1/client/applications/{application_id}/feedback',
      'GET /v1/client/applications/{application_id}/feedback',
      'GET /v1/client/feedback/awaiting',
      'POST /v1/applications/{application_id}/comments',
      'GET /v1/applications/{application_id}/feedback',
      'POST /v1/recruiter/api-keys',
      'GET /v1/recruiter/api-keys',
      'DELETE /v1/recruiter/api-keys/{key_id}',
      'GET /v1/recruiter/profile',
      'GET /v1/client/events',
      'GET /v1/recruiter/events',
      'GET /v1/me/notifications',
      'POST /v1/me/notifications/read',
      'GET /v1/me/notification-preferences',
      'PUT /v1/me/notification-preferences',
      'GET /v1/notifications/unsubscribe',
      'POST /v1/notifications/unsubscribe',
      'GET /v1/client/activity',
      'GET /v1/client/activity.csv',
      'GET /healthz',
      'GET /readyz',
    ];
    expect(documented.sort()).toEqual(expected.sort());
    expect(document.body.components.securitySchemes).toHaveProperty('bearerAuth');
    expect(document.body.components.securitySchemes).toHaveProperty('apiKeyAuth');

    const docs = await t.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(docs.statusCode);
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // Its own policy (the API's JSON needs none); e2e/docs-page.test.ts checks it in Chromium.
    for (const url of ['/docs/', '/docs/static/swagger-ui-bundle.js']) {
      const policy = (await t.app.inject({ method: 'GET', url })).headers['content-security-policy'];
      expect(policy, url).toBe(DOCS_CONTENT_SECURITY_POLICY);
    }
    expect(DOCS_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';.*frame-ancestors 'none'/);
    expect(DOCS_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-/);
  });

  it('registers every /v1 route in one Fastify context, so that requests keep one shape and hot code stays optimised', () => {
    // A module registered without fastify-plugin gets Request and Reply classes of its own (see app.ts).
    // The CV upload is apart on purpose: the one context that parses multipart (cv.routes.ts).
    const apart = t.app.routeTable.filter((route) => !route.inRootContext).map((route) => `${route.method} ${route.url}`);
    expect(t.app.routeTable.length).toBeGreaterThan(20);
    // So is the one-click unsubscribe, the one context that parses form bodies (notifications.routes.ts).
    expect(apart).toEqual(['POST /v1/applications/:application_id/cv', 'POST /v1/notifications/unsubscribe']);
  });

  it('sets security headers and answers cross-origin requests without CORS headers unless configured', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    // Refusals carry them too: they are set before authentication or routing can fail.
    for (const refused of [
      await t.app.inject({ method: 'GET', url: '/v1/client/profile' }),
      await t.app.inject({ method: 'GET', url: '/v1/no-such-route' }),
    ]) {
      expect(refused.statusCode).toBeGreaterThanOrEqual(400);
      expect(refused.headers['x-content-type-options']).toBe('nosniff');
      expect(refused.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });

  it('never includes a password hash, a key hash or a password in any response', async () => {
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const responses = await Promise.all([
      call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(client.token) }),
      call(t.app, { method: 'GET', url: '/v1/recruiter/profile', headers: bearer(recruiter.token) }),
      call(t.app, { method: 'GET', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token) }),
      call(t.app, { method: 'GET', url: `/v1/client/by-connection/${client.connection_id}`, headers: bearer(recruiter.token) }),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(200);
      const text = JSON.stringify(response.body);
      expect(text).not.toMatch(/argon2|password|key_hash/);
      expect(text).not.toContain(client.password);
    }
  });
});

describe('CORS', () => {
  it('allows only the configured origins', async () => {
    const t = await createTestApp({ config: { corsOrigins: ['https://app.example'] } });
    try {
      const preflight = (origin: string) =>
        t.app.inject({
          method: 'OPTIONS',
          url: '/v1/jobs',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
        });
      expect((await preflight('https://app.example')).headers['access-control-allow-origin']).toBe('https://app.example');
      expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('when the database is gone', () => {
  it('says not ready, and answers requests with 503 and a clear message instead of a crash', async () => {
    const t = await createTestApp();
    const client = await registerClient(t.app);
    await t.database.handle.close();
    try {
      expect((await call(t.app, { method: 'GET', url: '/readyz' })).status).toBe(503);
      expect((await call(t.app, { method: 'GET', url: '/healthz' })).status).toBe(200);
      const response = await call(t.app, { method: 'GET', url: '/v1/client/profile', headers: bearer(client.token) });
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(response.body).toEqual({ error: 'database_unavailable', message: expect.any(String) });
      expect(response.body.message).not.toMatch(/SQLITE|pool|driver|destroyed/i);
    } finally {
      await t.app.close();
    }
  });
});

describe('migrations at start', () => {
  it('with MIGRATE_ON_START=false, refuses to start on a database that lacks a migration, naming it and the command to run', async () => {
    const database = await createTestDatabase();
    try {
      await migrateToLatest(database.handle.db);
      // As if this release brought a migration the database has not run yet.
      await database.handle.db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', '2026_11_30_0004_client_links' as never)
        .execute();
      await expect(
        buildApp(testConfig({ database: database.config, migrateOnStart: false, logLevel: 'silent' }), { database: database.handle }),
      ).rejects.toThrow(/lacks 1 migration\(s\) \(2026_11_30_0004_client_links\): run `npm run db:migrate`/);
    } finally {
      await database.dispose();
    }
  });

  it('says why it cannot start in one error line', async () => {
    const database = await createTestDatabase();
    const lines: { level: number; msg: string; err?: { message: string } }[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(JSON.parse(String(chunk)));
        callback();
      },
    });
    try {
      await migrateToLatest(database.handle.db);
      await database.handle.db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', '2026_11_30_0004_client_links' as never)
        .execute();
      await expect(
        buildApp(testConfig({ database: database.config, migrateOnStart: false, logLevel: 'debug' }), { database: database.handle, logStream }),
      ).rejects.toThrow(/run `npm run db:migrate`/);
      expect(lines.filter((line) => line.level >= 40)).toEqual([
        expect.objectContaining({
          level: 50,
          msg: 'cannot start: the database is not migrated',
          err: expect.objectContaining({ message: expect.stringMatching(/lacks \d+ migration/) }),
        }),
      ]);
    } finally {
      await database.dispose();
    }
  });

  it('with MIGRATE_ON_START=false, starts on a database that has every migration, without migrating it', async () => {
    const database = await createTestDatabase();
    await migrateToLatest(database.handle.db);
    const app = await buildApp(testConfig({ database: database.config, migrateOnStart: false, logLevel: 'silent' }), { database: database.handle });
    try {
      expect((await call(app, { method: 'GET', url: '/readyz' })).status).toBe(200);
      expect(await pendingMigrations(database.handle.db)).toEqual([]);
    } finally {
      await app.close();
      await database.dispose();
    }
  });
});
