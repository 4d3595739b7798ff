import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ClientStats, FunnelReport, PageQuery } from '#contract';
import { errorResponses, bearerOnly } from '../../http/schemas';
import { clientIdOf } from '../auth/auth.hook';
import type { FeedbackService } from '../feedback/feedback.service';
import type { JobsService } from '../jobs/jobs.service';

/** Stats and reports are read from the counters the pipeline keeps on each job. */
export const statsRoutes: FastifyPluginAsyncTypebox<{ jobs: JobsService; feedback: FeedbackService }> = async (app, { jobs, feedback }) => {
  app.get(
    '/v1/client/stats',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['client dashboard'],
        summary: "Totals over all the client's jobs",
        security: bearerOnly,
        response: { 200: ClientStats, ...errorResponses(401, 403) },
      },
    },
    async (request) => feedback.getClientStats(clientIdOf(request)),
  );

  app.get(
    '/v1/client/reports/funnel',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['client dashboard'],
        summary: 'Hiring funnel (applied → screening → interview → offer → hired), in total and per job',
        security: bearerOnly,
        querystring: PageQuery,
        response: { 200: FunnelReport, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => jobs.getClientFunnels(clientIdOf(request), request.query),
  );
};
