import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LinkedRecruiter, LinkedRecruiterList, RecruiterIdParams } from '#contract';
import { bearerOnly, errorResponses } from '../../http/schemas';
import { clientIdOf, companyUserOf } from '../auth/auth.hook';
import type { LinkControlService } from './link-control.service';

export const linksRoutes: FastifyPluginAsyncTypebox<{ control: LinkControlService }> = async (app, { control }) => {
  const config = { access: ['client'] as const };
  const tags = ['linked recruiters'];

  app.get(
    '/v1/client/recruiters',
    {
      config,
      schema: {
        tags,
        summary: "Every recruiter linked to the client by its connection ID, or waiting for approval, with what each did on the client's jobs",
        description:
          "Figures count what the client may see: its dashboard's jobs (not those waiting in pending_jobs) and their candidates visible to it.",
        security: bearerOnly,
        response: { 200: LinkedRecruiterList, ...errorResponses(401, 403) },
      },
    },
    async (request) => control.list(clientIdOf(request)),
  );

  const actions = [
    {
      action: 'block',
      summary: 'Block a recruiter (idempotent)',
      description:
        'For that recruiter only, the connection ID then answers as an unknown one (404 connection_not_found on look-up, 400 invalid_connection_id on ' +
        "POST /v1/jobs); its jobs stay on the client's dashboard, readable by it, and every change it tries on them answers 403 client_link_blocked. " +
        'Takes effect at once on every server.',
    },
    {
      action: 'unblock',
      summary: 'Unblock a recruiter (idempotent): back to active, or to pending if the client never approved it',
      description: undefined,
    },
    {
      action: 'approve',
      summary: "Approve a pending recruiter (idempotent): its waiting jobs join the client's dashboard",
      description: undefined,
    },
  ] as const;
  for (const { action, summary, description } of actions) {
    app.post(
      `/v1/client/recruiters/:recruiter_id/${action}`,
      {
        // Only the company's admins govern who holds its connection ID.
        config: { access: ['client_admin'] },
        schema: {
          tags,
          summary: `${summary} (admins only)`,
          ...(description && { description }),
          security: bearerOnly,
          params: RecruiterIdParams,
          response: { 200: LinkedRecruiter, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => control[action](companyUserOf(request), request.params.recruiter_id),
    );
  }
};
