import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { bearerOnly, bearerOrApiKey, errorResponses } from '../../http/schemas';
import { clientIdOf, recruiterIdOf } from '../auth/auth.hook';
import type { LiveService } from './live.service';

const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(
    Type.String({ pattern: '^[0-9]{1,15}$', description: 'The id of the last event received; replays every later one.' }),
  ),
});

const streamResponse = {
  200: {
    description:
      'text/event-stream. Each message: `id:` (event id), `event:` (job.created, job.updated, application.created, ' +
      'application.updated, interview.created, interview.updated, offer.created, offer.updated; or the control events ' +
      '`ready` and `reset`), `data:` (JSON, see the contract\'s events.ts). A comment line every 15 s keeps proxies ' +
      'from closing it.',
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
        response: { ...streamResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      live.openStream(reply, { clientId: clientIdOf(request) }, lastEventIdOf(request.headers['last-event-id'])),
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
        response: { ...streamResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      live.openStream(reply, { recruiterId: recruiterIdOf(request) }, lastEventIdOf(request.headers['last-event-id'])),
  );
};
