import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ActivityCsvQuery, ActivityList, ActivityListQuery } from '#contract';
import { bearerOnly, errorResponses } from '../../http/schemas';
import { clientIdOf } from '../auth/auth.hook';
import type { ActivityService } from './activity.service';

const tags = ['activity'];
const FILTERS_DESCRIPTION =
  'Filters: job_id, recruiter_id (the recruiter an entry concerns), type, from (inclusive) and to (exclusive), ISO 8601. ' +
  "Only what the client may see is logged: a hidden candidate's changes appear from the moment it is shared.";

export const activityRoutes: FastifyPluginAsyncTypebox<{ activity: ActivityService }> = async (app, { activity }) => {
  app.get(
    '/v1/client/activity',
    {
      config: { access: ['client'] },
      schema: {
        tags,
        summary: "The client's activity log: every change on its jobs and to its company, newest first",
        description: FILTERS_DESCRIPTION,
        security: bearerOnly,
        querystring: ActivityListQuery,
        response: { 200: ActivityList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => activity.list(clientIdOf(request), request.query),
  );

  app.get(
    '/v1/client/activity.csv',
    {
      config: { access: ['client'] },
      schema: {
        tags,
        summary: 'The activity log as CSV (UTF-8, streamed), with the same filters',
        description:
          `${FILTERS_DESCRIPTION} Cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) ` +
          'start with an apostrophe.',
        security: bearerOnly,
        querystring: ActivityCsvQuery,
        produces: ['text/csv'],
        response: {
          200: { description: 'The CSV file, as an attachment.', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, typedReply) => {
      const reply = typedReply as FastifyReply;
      // Before any header: a bad filter is a JSON 400.
      const lines = activity.csv(clientIdOf(request), request.query);
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="activity-${new Date().toISOString().slice(0, 10)}.csv"`);
      // One page waiting at most: the next is read only once the socket has taken this one.
      return reply.send(Readable.from(lines, { highWaterMark: 1 }));
    },
  );
};
