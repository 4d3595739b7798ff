import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { LIVE_EVENT_TYPES } from '#contract';
import { bearerOnly, bearerOrApiKey, errorResponses } from '../../http/schemas';
import { clientIdOf, principalOf, recruiterIdOf } from '../auth/auth.hook';
import type { LiveService } from './live.service';

const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(
    Type.String({ pattern: '^[0-9]{1,15}$', description: 'The id of the last event received; replays every later one.' }),
  ),
});

const streamResponse = {
  200: {
    description:
      `text/event-stream. Each message: \`id:\` (event id), \`event:\` (${LIVE_EVENT_TYPES.join(', ')}; or the control events ` +
      "`ready`, `reset` and `end`), `data:` (JSON, see the contract's events.ts). A comment line every 15 s keeps proxies " +
      'from closing it. The stream lives as long as the credential that opened it: when that session is signed out ' +
      '(on any instance) or reaches its expiry, or that API key is revoked, the last message is `event: end` with ' +
      '`data: {"reason": "signed_out" | "session_expired" | "api_key_revoked"}` and the server closes the stream; ' +
      'do not reconnect with the same credential (it would get 401), sign in again. Open streams are capped per ' +
      'account and per IP address on each server instance (LIVE_STREAMS_PER_ACCOUNT, default 10; LIVE_STREAMS_PER_IP, ' +
      'default 50): one more is refused with 429 `rate_limited` and Retry-After.',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  },
};

export const liveRoutes: FastifyPluginAsyncTypebox<{ live: LiveService }> = async (app, { live }) => {
  const lastEventIdOf = (header: string | undefined) => (header === undefined ? null : Number(header));

  app.get(
    '/v1/client/events',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['live'],
        summary: "Live updates on the client's jobs (Server-Sent Events)",
        security: bearerOnly,
        headers: StreamHeaders,
        response: { ...streamResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) =>
      live.openStream(
        reply,
        { scope: { clientId: clientIdOf(request) }, principal: principalOf(request), ip: request.ip },
        lastEventIdOf(request.headers['last-event-id']),
      ),
  );

  app.get(
    '/v1/recruiter/events',
    {
      config: { access: ['recruiter', 'api_key'] },
      schema: {
        tags: ['live'],
        summary: "Live updates on the recruiter's jobs (Server-Sent Events)",
        security: bearerOrApiKey,
        headers: StreamHeaders,
        response: { ...streamResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) =>
      live.openStream(
        reply,
        { scope: { recruiterId: recruiterIdOf(request) }, principal: principalOf(request), ip: request.ip },
        lastEventIdOf(request.headers['last-event-id']),
      ),
  );
};
