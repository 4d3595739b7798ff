import fc from 'fast-check';
import { ACTIVITY_TYPES } from '#contract';
import { type CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, addApplication, bearer, call, hoursFromNow, postJob, registerClient, registerRecruiter, uniqueEmail } from '../test/api';
import { docxBytes, elfBytes, multipart, pdfBytes, peBytes } from '../test/files';
import { type TestApp, createTestApp } from '../test/test-app';

/**
 * Thousands of generated requests across every route: wrong types, missing and extra fields,
 * huge strings, unicode, nulls, extreme numbers, broken JSON, wrong content types, and connection
 * IDs of every length and alphabet. Never a 5xx, every error in the one shape, and a rejected
 * request changes no row.
 */
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 10_000);

/** Streams never end (live.test.ts covers their input); sign-out (here or everywhere) would end the session the run uses. */
const NOT_FUZZED = new Set(['GET /v1/client/events', 'GET /v1/recruiter/events', 'POST /v1/auth/logout', 'DELETE /v1/auth/sessions']);

/** Addresses with a `mailto:` header or a hidden character smuggled in: none may be stored. */
const smugglingEmail = fc
  .tuple(fc.constantFrom('?', '&', '=', '%', '#', '"', ' ', '\u202e', '\n'), fc.boolean())
  .map(([char, inDomain]) => (inDomain ? `jane@cand.io${char}bcc=attacker%40evil.io` : `jane${char}bcc=attacker@cand.io`));
const SMUGGLED = /[?&=%#"\s\u202e]/;

const weirdString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '😀'.repeat(40), '<script>alert(1)</script>', "' or 1=1 --", '../../etc/passwd', '%00'),
  fc.integer({ min: 1, max: 80_000 }).map((length) => 'x'.repeat(length)),
);
const weirdValue = fc.oneof(
  weirdString,
  fc.integer(),
  fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const hex = '0123456789abcdefABCDEF';
const connectionIdLike = fc.oneof(
  fc.array(fc.constantFrom(...hex), { maxLength: 40 }).map((chars) => chars.join('')),
  fc
    .tuple(fc.array(fc.constantFrom(...hex), { minLength: 24, maxLength: 24 }), fc.constantFrom('-', ' ', ':', '.', '_', '/', '+', '\t'))
    .map(([chars, separator]) => chars.map((c, i) => (i % 4 === 3 ? c + separator : c)).join('')),
  fc.string({ unit: 'grapheme', minLength: 20, maxLength: 30 }),
  fc.constantFrom('６９８２０a17e7a0f72f1ead7aca', 'g'.repeat(24), '0'.repeat(24)),
);

/**
 * Multipart bodies for the routes that take a file: a file (or a field) under a right or wrong
 * name, with any file name and Content-Type, whose bytes start like a PDF, a DOCX, a ZIP, an
 * executable or nothing in particular, and are cut short or padded with noise.
 */
const fileStart = fc.constantFrom(
  () => pdfBytes(),
  () => docxBytes(),
  () => Buffer.from('PK\x03\x04', 'latin1'),
  () => elfBytes(64),
  () => peBytes(256),
  () => Buffer.alloc(0),
);
const multipartBody = fc
  .record({
    parts: fc.array(
      fc.record({
        name: fc.oneof(
          { weight: 4, arbitrary: fc.constant('file') },
          weirdString.filter((name) => !/["\r\n]/.test(name) && name.length < 200),
        ),
        filename: fc.option(
          fc
            .oneof(fc.constantFrom('cv.pdf', 'cv.docx', '../../cv.pdf', 'cv\u202efdp.exe', ''), fc.string({ maxLength: 300 }))
            .map((name) => name.replace(/["\r\n]/g, '')),
          { nil: undefined },
        ),
        contentType: fc.option(fc.constantFrom('application/pdf', 'application/octet-stream', 'text/plain', 'application/zip'), { nil: undefined }),
        start: fileStart,
        cut: fc.option(fc.nat(4096), { nil: undefined }),
        noise: fc.uint8Array({ maxLength: 2048 }),
      }),
      { minLength: 0, maxLength: 3 },
    ),
  })
  .map(({ parts }) =>
    multipart(
      parts.map(({ name, filename, contentType, start, cut, noise }) => {
        const bytes = Buffer.concat([start(), Buffer.from(noise)]);
        return { name, filename, contentType, content: cut === undefined ? bytes : bytes.subarray(0, cut) };
      }),
    ),
  )
  .map(({ payload, headers }) => ({ contentType: headers['content-type']!, payload }));
const UPLOAD_ROUTES = new Set(['POST /v1/applications/:application_id/cv']);
const ACTIVITY_ROUTES = new Set(['GET /v1/client/activity', 'GET /v1/client/activity.csv']);

/** Window bounds (GET /v1/client/interviews): real instants, far ones, impossible dates, offsets, and junk. */
const timeLike = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.integer({ min: -1_000, max: 1_000 }).map((days) => new Date(Date.now() + days * 86_400_000).toISOString()),
  fc.constantFrom('2030-02-30T00:00:00Z', '2030-01-01T00:00:00+14:00', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2030-01-01', 'now'),
  weirdString,
);

interface Sample {
  body?: () => Record<string, unknown>;
  /** Path parameters of the test's own to use instead of the shared ones. */
  params?: Record<string, string>;
}

describe('generated bad input', () => {
  let t: TestApp;
  let ownParams: Record<string, string>;
  let tokens: Record<'client' | 'recruiter', string>;
  let samples: Record<string, Sample>;
  let rejected = 0;
  let accepted = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const client = await registerClient(t.app);
    const recruiter = await registerRecruiter(t.app);
    const job = await postJob(t.app, recruiter.token, { connection_id: client.connection_id });
    const application = await addApplication(t.app, recruiter.token, job.job_id);
    const interview = await call(t.app, {
      method: 'POST',
      url: `/v1/applications/${application.application_id}/interviews`,
      headers: bearer(recruiter.token),
      payload: { scheduled_at: hoursFromNow(24) },
    });
    const offer = await call(t.app, {
      method: 'POST',
      url: `/v1/applications/${application.application_id}/offers`,
      headers: bearer(recruiter.token),
      payload: {},
    });
    const key = await call(t.app, { method: 'POST', url: '/v1/recruiter/api-keys', headers: bearer(recruiter.token), payload: { label: 'fuzz' } });
    // Removing the shared candidate would leave the rest of the run on 404s.
    const removable = await addApplication(t.app, recruiter.token, job.job_id);
    // Another recruiter of the client's, for the link routes: blocking the run's own recruiter would
    // turn the rest of its writes into 403s.
    const linked = await registerRecruiter(t.app);
    await postJob(t.app, linked.token, { connection_id: client.connection_id });
    tokens = { client: client.token, recruiter: recruiter.token };
    // A second session of the client, for the run to end (its own must outlive the run).
    const secondSession = await call(t.app, { method: 'POST', url: '/v1/client/login', payload: { email: client.email, password: PASSWORD } });
    const sessions = await call(t.app, { method: 'GET', url: '/v1/auth/sessions', headers: bearer(secondSession.body.token) });
    const endable = sessions.body.sessions.find((session: { current: boolean }) => session.current).session_id;
    ownParams = {
      job_id: job.job_id,
      application_id: application.application_id,
      interview_id: interview.body.interview_id,
      offer_id: offer.body.offer_id,
      key_id: key.body.key_id,
      connection_id: client.connection_id,
      recruiter_id: linked.recruiter_id,
    };
    samples = {
      'POST /v1/client/register': { body: () => ({ company_name: 'Fuzz Co', email: uniqueEmail(), password: PASSWORD }) },
      'POST /v1/client/login': { body: () => ({ email: client.email, password: 'wrong password' }) },
      'POST /v1/recruiter/register': { body: () => ({ name: 'Fuzz', email: uniqueEmail(), password: PASSWORD }) },
      'POST /v1/recruiter/login': { body: () => ({ email: recruiter.email, password: 'wrong password' }) },
      // An address with no account: its work, done after the 202, writes nothing to race the row counts.
      'POST /v1/auth/password-reset': { body: () => ({ email: uniqueEmail(), role: 'client' }) },
      // Never the right current password: a change would end the session the run uses.
      'POST /v1/auth/password': { body: () => ({ current_password: 'not the password', new_password: 'fuzzed passphrase 2026' }) },
      'POST /v1/auth/password-reset/confirm': { body: () => ({ token: 'A'.repeat(43), password: 'fuzzed passphrase 2026' }) },
      'POST /v1/auth/verify-email': { body: () => ({ token: 'A'.repeat(43) }) },
      'POST /v1/auth/mfa': { body: () => ({ mfa_token: 'not.a.token', code: '123456' }) },
      'POST /v1/auth/mfa/totp/confirm': { body: () => ({ code: '123456' }) },
      'DELETE /v1/auth/mfa/totp': { body: () => ({ code: '123456' }) },
      'DELETE /v1/auth/sessions/:session_id': { params: { session_id: endable } },
      'POST /v1/jobs': {
        body: () => ({ title: 'Fuzz job', description: 'd', location: 'l', employment_type: 'contract', connection_id: client.connection_id }),
      },
      'PATCH /v1/jobs/:job_id': { body: () => ({ title: 'Fuzzed', status: 'open', client_visible_from: 'screening', share_contact_details: true }) },
      'POST /v1/jobs/:job_id/applications': { body: () => ({ candidate_name: 'Fuzz', candidate_email: uniqueEmail(), notes: 'n' }) },
      'PATCH /v1/applications/:application_id': {
        body: () => ({ stage: 'screening', candidate_email: uniqueEmail(), notes: 'n', client_summary: 'A summary for the client.' }),
      },
      'POST /v1/applications/:application_id/share': {},
      'POST /v1/client/applications/:application_id/feedback': { body: () => ({ decision: 'reject', comment: 'Not the right fit.' }) },
      'POST /v1/applications/:application_id/comments': { body: () => ({ comment: 'Thanks, noted.' }) },
      'DELETE /v1/applications/:application_id': { params: { application_id: removable.application_id } },
      'POST /v1/applications/:application_id/interviews': {
        body: () => ({
          scheduled_at: hoursFromNow(48),
          kind: 'phone',
          duration_minutes: 30,
          meeting_url: 'https://meet.example.com/x',
          interviewer_name: 'i',
        }),
      },
      'PATCH /v1/interviews/:interview_id': {
        body: () => ({ status: 'scheduled', outcome: 'o', kind: 'video', meeting_url: null, duration_minutes: 60 }),
      },
      'POST /v1/applications/:application_id/offers': { body: () => ({ salary: 1000, currency: 'EUR', notes: 'n', start_date: '2027-01-04' }) },
      'PATCH /v1/offers/:offer_id': { body: () => ({ status: 'extended' }) },
      'POST /v1/recruiter/api-keys': { body: () => ({ label: 'fuzz' }) },
      'PATCH /v1/client/settings': { body: () => ({ require_link_approval: true }) },
      'POST /v1/me/notifications/read': { body: () => ({ all: true }) },
      'PUT /v1/me/notification-preferences': { body: () => ({ time_zone: 'Europe/Berlin', kinds: { interview: 'instant' } }) },
      'POST /v1/notifications/unsubscribe': {},
    };
  });
  afterAll(async () => {
    console.log(`generated bad input: ${rejected + accepted} requests, ${rejected} rejected with 4xx, ${accepted} accepted`);
    await fingerprintConnection?.end();
    await t.close();
  });

  /**
   * A fingerprint of every table, derived from the database's own catalogue, so that no table and
   * no column can escape the check: per table its row count and a digest of its rows (PostgreSQL: a
   * sum of the rows' hashes; SQLite: per column, how many values it holds, their sum (numbers) or
   * total length and largest value (text, times), or total size (bytes)). A rejected request that inserted or deleted a row, or changed a counter, a stage,
   * a revocation time or anything in a table added later, shows here. One statement, one scan of
   * each table.
   *
   * It runs after every request, so its cost is the run's: on PostgreSQL planning it took longer
   * than running it (9 ms against 2 ms; 40 tables joined had even put the planner into its genetic
   * search), so there it is one scalar subquery per table, prepared once on a connection of its own.
   */
  let fingerprint: CompiledQuery<Record<string, unknown>> | null = null;
  let fingerprintConnection: pg.Client | null = null;
  const postgres = () => t.database.handle.dialect === 'postgres';
  async function rowCounts(): Promise<string> {
    const db = t.database.handle.db;
    if (!fingerprint) {
      const tables = (await db.introspection.getTables())
        .filter((table) => !table.name.startsWith('kysely_migration'))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(tables.map((table) => table.name)).toContain('client_links');
      const measuresOf = (column: string, dataType: string) => {
        const ref = sql.ref(column);
        const type = dataType.toLowerCase();
        if (/int|real|double|numeric|float|serial/.test(type)) return [sql`count(${ref})`, sql`sum(${ref})`];
        if (/blob/.test(type)) return [sql`count(${ref})`, sql`sum(length(${ref}))`];
        if (type === 'bool' || type === 'boolean') return [sql`count(${ref})`, sql`sum(case when ${ref} then 1 else 0 end)`];
        return [sql`count(${ref})`, sql`sum(length(${ref}))`, sql`max(${ref})`];
      };
      // PostgreSQL hashes each whole row (order-independent sum); SQLite, without a hash function,
      // aggregates column by column.
      // The mail worker sends queued mail (a registration's) on its own time, rewriting its rows
      // between any two requests: of the outbox only the number of mails counts.
      const workerOwned = new Set(['mail_outbox']);
      const query = postgres()
        ? sql<Record<string, unknown>>`select ${sql.join(
            tables.map((table) => {
              const digest = workerOwned.has(table.name) ? sql`''` : sql`coalesce(sum(hashtextextended(r::text, 0)::numeric), 0)`;
              return sql`(select count(*) || ':' || ${digest} from ${sql.table(table.name)} as r) as ${sql.id(table.name)}`;
            }),
          )}`
        : sql<Record<string, unknown>>`select * from ${sql.join(
            tables.map(
              (table, i) =>
                sql`(select ${sql.join([
                  sql`count(*) as ${sql.id(table.name)}`,
                  ...(workerOwned.has(table.name)
                    ? []
                    : table.columns.flatMap((column) =>
                        measuresOf(column.name, column.dataType).map(
                          (measure, m) => sql`${measure} as ${sql.id(`${table.name}:${column.name}:${m}`)}`,
                        ),
                      )),
                ])} from ${sql.table(table.name)} as r) as ${sql.id(`t${i}`)}`,
            ),
            sql` cross join `,
          )}`;
      fingerprint = query.compile(db);
    }
    if (!postgres()) {
      const { rows } = await db.executeQuery(fingerprint);
      return JSON.stringify(rows[0]);
    }
    if (!fingerprintConnection) {
      const config = t.database.config;
      if (config.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
      fingerprintConnection = new pg.Client({ connectionString: config.url });
      await fingerprintConnection.connect();
    }
    const { rows } = await fingerprintConnection.query({ name: 'fingerprint', text: fingerprint.sql, values: [...fingerprint.parameters] });
    return JSON.stringify(rows[0]);
  }

  it(`never answers ${RUNS} generated bad requests with a 5xx, always in the error shape, and a rejected request changes nothing`, async () => {
    // The fingerprint sees a change that leaves every row count as it was.
    const untouched = await rowCounts();
    const db = t.database.handle.db;
    const { stage } = await db
      .selectFrom('applications')
      .select('stage')
      .where('application_id', '=', ownParams.application_id!)
      .executeTakeFirstOrThrow();
    await db.updateTable('applications').set({ stage: 'hired' }).where('application_id', '=', ownParams.application_id!).execute();
    expect(await rowCounts()).not.toBe(untouched);
    await db.updateTable('applications').set({ stage }).where('application_id', '=', ownParams.application_id!).execute();
    expect(await rowCounts()).toBe(untouched);

    const routes = t.app.routeTable.filter((route) => !NOT_FUZZED.has(`${route.method} ${route.url}`));
    const paramValue = (name: string, own = ownParams[name]) =>
      name === 'connection_id'
        ? fc.oneof(fc.constant(ownParams.connection_id!), connectionIdLike)
        : fc.oneof(
            { weight: 3, arbitrary: fc.constant(own ?? 'x') },
            fc.uuid(),
            weirdString.filter((s) => s.length > 0 && s.length < 3000),
          );

    const request = fc.constantFrom(...routes).chain((route) => {
      const key = `${route.method} ${route.url}`;
      const names = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1]!);
      const template = samples[key]?.body?.() ?? {};
      const mutatedBody = fc
        .tuple(
          fc.subarray(Object.keys(template)),
          fc.dictionary(
            fc.constantFrom(...Object.keys(template), 'status', 'client_id', 'recruiter_id', 'created_at', 'connection_id', 'extra'),
            weirdValue,
            { maxKeys: 3 },
          ),
        )
        .map(([kept, changes]) => ({ ...Object.fromEntries(kept.map((k) => [k, template[k]])), ...changes }));
      const emailField = Object.keys(template).find((k) => k === 'email' || k === 'candidate_email');
      const smuggledBody = emailField ? smugglingEmail.map((email) => ({ ...template, [emailField]: email })) : mutatedBody;
      const jsonOrNot = fc.oneof(
        { weight: 6, arbitrary: mutatedBody.map((value) => ({ contentType: 'application/json', payload: JSON.stringify(value) })) },
        { weight: 1, arbitrary: smuggledBody.map((value) => ({ contentType: 'application/json', payload: JSON.stringify(value) })) },
        { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((payload) => ({ contentType: 'application/json', payload: `{${payload}` })) },
        { weight: 1, arbitrary: fc.jsonValue().map((value) => ({ contentType: 'application/json', payload: JSON.stringify(value) ?? 'null' })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constantFrom(
                'text/plain',
                'application/x-www-form-urlencoded',
                'multipart/form-data; boundary=x',
                'application/xml',
                'application/json; charset=latin1',
              ),
              fc.string({ maxLength: 100 }),
            )
            .map(([contentType, payload]) => ({ contentType, payload })),
        },
      );
      type Body = { contentType: string; payload: string | Buffer };
      const body: fc.Arbitrary<Body> = UPLOAD_ROUTES.has(key)
        ? fc.oneof({ weight: 3, arbitrary: multipartBody }, { weight: 1, arbitrary: jsonOrNot })
        : jsonOrNot;
      const pageQuery = { limit: fc.oneof(fc.nat(100_000).map(String), weirdString), cursor: weirdString, from: timeLike, to: timeLike };
      // The activity log's filters: ids of the run's own and junk, types real and not.
      const activityFilters = {
        job_id: fc.oneof(fc.constant(ownParams.job_id!), weirdString),
        recruiter_id: fc.oneof(fc.constant(ownParams.recruiter_id!), weirdString),
        type: fc.oneof(fc.constantFrom(...ACTIVITY_TYPES), weirdString),
      };
      const query = fc.option(
        ACTIVITY_ROUTES.has(key) ? fc.record({ ...pageQuery, ...activityFilters }, { requiredKeys: [] }) : fc.record(pageQuery, { requiredKeys: [] }),
        { nil: undefined },
      );
      return fc.record({
        route: fc.constant(route),
        params: fc
          .tuple(...names.map((name) => paramValue(name, samples[key]?.params?.[name])))
          .map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]!]))),
        body: route.method === 'GET' || (route.method === 'DELETE' && !samples[key]?.body) ? fc.constant(undefined) : body,
        query,
        wrongRole: fc.boolean(),
      });
    });

    let lastFingerprint: string | undefined;
    await fc.assert(
      fc.asyncProperty(request, async ({ route, params, body, query, wrongRole }) => {
        const path = route.url.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
        const search = query ? `?${new URLSearchParams(query as Record<string, string>).toString()}` : '';
        const role = route.access?.includes('client') ? 'client' : 'recruiter';
        const token = wrongRole ? tokens[role === 'client' ? 'recruiter' : 'client'] : tokens[role];
        // The fingerprint taken after the previous request is this one's "before": one scan of
        // every table per request instead of two (nothing else writes between requests).
        const before = (lastFingerprint ??= await rowCounts());
        const response = await t.app.inject({
          method: route.method as 'GET',
          url: `${path}${search}`,
          headers: { ...bearer(token), ...(body && { 'content-type': body.contentType }) },
          ...(body && { payload: body.payload }),
        });
        const where = `${route.method} ${path}${search} → ${response.statusCode} ${response.body.slice(0, 200)}`;
        expect(response.statusCode, where).toBeLessThan(500);
        if (response.statusCode >= 400) {
          rejected++;
          const parsed = JSON.parse(response.body);
          expect(Object.keys(parsed).sort(), where).toEqual(['error', 'message']);
          expect(typeof parsed.error === 'string' && typeof parsed.message === 'string', where).toBe(true);
          lastFingerprint = await rowCounts();
          expect(lastFingerprint, where).toBe(before);
        } else {
          accepted++;
          lastFingerprint = await rowCounts();
        }
      }),
      { numRuns: RUNS, seed: process.env.BAD_INPUT_SEED ? Number(process.env.BAD_INPUT_SEED) : undefined, endOnFailure: true },
    );
    expect(rejected).toBeGreaterThan(RUNS / 2);
    const stored = await t.database.handle.db
      .selectFrom('applications')
      .select('candidate_email as email')
      .unionAll((db) => db.selectFrom('client_users').select('email'))
      .unionAll((db) => db.selectFrom('recruiters').select('email'))
      .execute();
    expect(stored.filter(({ email }) => SMUGGLED.test(email))).toEqual([]);
  }, 300_000);
});
