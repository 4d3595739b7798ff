import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EMAIL_FORMAT, EMAIL_RULE, LOGIN_EMAIL_FORMAT } from '#contract';
import { isDatabaseUnavailable } from '../db/database';
import { AppError, type ErrorCode } from './errors';

const FASTIFY_CODES: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is larger than 64 KB.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'Send the body as JSON (Content-Type: application/json).',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'The body is empty; send a JSON object.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'validation_failed', message: 'Content-Length does not match the body.' },
};

/** One place turns anything thrown into `{ error, message }`, and hides the text of 5xx errors. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.retryAfterSeconds !== undefined) reply.header('Retry-After', String(error.retryAfterSeconds));
      return reply.status(error.statusCode).send({ error: error.code, message: error.message });
    }
    if (error.validation) {
      return reply.status(400).send({ error: 'validation_failed', message: validationMessage(error) });
    }
    const known = FASTIFY_CODES[error.code];
    if (known) {
      const status = known.code === 'invalid_json' || known.code === 'validation_failed' ? 400 : (error.statusCode ?? 400);
      return reply.status(status).send({ error: known.code, message: known.message ?? error.message });
    }
    if (error instanceof SyntaxError) {
      return reply.status(400).send({ error: 'invalid_json', message: 'The body is not valid JSON.' });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('Retry-After', '5')
        .send({ error: 'database_unavailable', message: 'The database is unavailable. Please try again shortly.' });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: clientErrorCode(status), message: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: 'internal_error', message: 'Something went wrong on our side.' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` });
  });
}

function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const where = error.validationContext ?? 'request';
  const path = first.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : '';
  if (first.keyword === 'additionalProperties') {
    const extra = (first.params as { additionalProperty?: string }).additionalProperty;
    return `${where}.${extra} is not an accepted field.`;
  }
  if (first.keyword === 'required') {
    const missing = (first.params as { missingProperty?: string }).missingProperty;
    return `${where}${path ? `.${path}` : ''}.${missing} is required.`;
  }
  if (first.keyword === 'format' && (first.params as { format?: string }).format === EMAIL_FORMAT) {
    return `${where}.${path} is not an e-mail address we accept: use ${EMAIL_RULE}.`;
  }
  if (first.keyword === 'format' && (first.params as { format?: string }).format === LOGIN_EMAIL_FORMAT) {
    return `${where}.${path} is not an e-mail address.`;
  }
  return `${where}${path ? `.${path}` : ''} ${first.message ?? 'is invalid'}.`;
}

function clientErrorCode(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'validation_failed';
  }
}

/**
 * Errors the router raises before any route or hook runs (a URL that cannot be decoded, a path
 * segment too long): passed to Fastify as `frameworkErrors`, so they too get the one error shape.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    // No id this API gives out is that long, so no such resource: the same 404 the web app's
    // catch-all route answers for it when a build is served (and no route matches the segment).
    reply.status(404).send({ error: 'not_found', message: 'No such resource: a path segment is longer than any id this API gives out.' });
  } else {
    reply.status(400).send({ error: 'invalid_url', message: 'The URL cannot be decoded.' });
  }
  // Such a request never reaches the request lifecycle that writes every other request's line.
  reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
}

/**
 * Text with a NUL character is refused up front: PostgreSQL cannot store it and SQLite would,
 * so rejecting it here keeps both databases answering alike (400, nothing written).
 */
export function installNulCharacterGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    for (const [key, part] of CHECKED_PARTS) {
      if (containsNul(request[key])) {
        return done(new AppError('validation_failed', `${part} contains a NUL (\\u0000) character, which text may not contain.`));
      }
    }
    done();
  });
}

/** Where a NUL character is looked for, and what the error calls each place. */
const CHECKED_PARTS = [
  ['params', 'params'],
  ['query', 'querystring'],
  ['body', 'body'],
] as const;

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000') || containsNul(item, depth + 1)) return true;
  }
  return false;
}
