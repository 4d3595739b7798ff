import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

const Health = Type.Object({ status: Type.String() });

export const healthRoutes: FastifyPluginAsyncTypebox<{ ping: () => Promise<boolean> }> = async (app, { ping }) => {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Health } } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The database answers (503 when it does not)',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => ((await ping()) ? { status: 'ready' } : reply.status(503).send({ status: 'database unavailable' })),
  );
};
