import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApplicationIdParams, AwaitingFeedbackList, ClientFeedbackBody, FeedbackItem, FeedbackThread, RecruiterCommentBody } from '#contract';
import { bearerOnly, bearerOrApiKey, errorResponses } from '../../http/schemas';
import { clientIdOf, companyUserOf, recruiterIdOf, recruiterOf } from '../auth/auth.hook';
import type { FeedbackService } from './feedback.service';

export const feedbackRoutes: FastifyPluginAsyncTypebox<{ feedback: FeedbackService }> = async (app, { feedback }) => {
  const tags = ['feedback'];

  app.post(
    '/v1/client/applications/:application_id/feedback',
    {
      config: { access: ['client'] as const },
      schema: {
        tags,
        summary: 'Approve, reject (with the reason) or comment on a candidate',
        description:
          'decision approve records client_decision "approved"; reject records "rejected" and needs a comment (the reason); comment adds ' +
          'to the thread alone. The comment is trimmed, at most 5,000 characters; a blank one is refused (400), and nothing is written. ' +
          'A decision moves no stage: the recruiter decides, and hears feedback.created at once. 404 for a candidate the client may not see.',
        security: bearerOnly,
        params: ApplicationIdParams,
        body: ClientFeedbackBody,
        response: { 201: FeedbackItem, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await feedback.addClientFeedback(companyUserOf(request), request.params.application_id, request.body)),
  );

  app.get(
    '/v1/client/applications/:application_id/feedback',
    {
      config: { access: ['client'] as const },
      schema: {
        tags,
        summary: "A candidate's feedback thread, oldest first",
        security: bearerOnly,
        params: ApplicationIdParams,
        response: { 200: FeedbackThread, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => feedback.threadForClient(clientIdOf(request), request.params.application_id),
  );

  app.get(
    '/v1/client/feedback/awaiting',
    {
      config: { access: ['client'] as const },
      schema: {
        tags,
        summary: 'Candidates awaiting your feedback for more than FEEDBACK_SLA_DAYS, longest wait first',
        security: bearerOnly,
        response: { 200: AwaitingFeedbackList, ...errorResponses(401, 403) },
      },
    },
    async (request) => feedback.listAwaitingClient(clientIdOf(request)),
  );

  app.post(
    '/v1/applications/:application_id/comments',
    {
      config: { access: ['recruiter', 'api_key'] as const },
      schema: {
        tags,
        summary: "Reply in a candidate's feedback thread",
        description:
          'The comment is trimmed, at most 5,000 characters; a blank one is refused (400). The client hears feedback.created if it may see the candidate.',
        security: bearerOrApiKey,
        params: ApplicationIdParams,
        body: RecruiterCommentBody,
        response: { 201: FeedbackItem, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await feedback.addRecruiterComment(recruiterOf(request), request.params.application_id, request.body.comment)),
  );

  app.get(
    '/v1/applications/:application_id/feedback',
    {
      config: { access: ['recruiter', 'api_key'] as const },
      schema: {
        tags,
        summary: "A candidate's feedback thread, oldest first",
        security: bearerOrApiKey,
        params: ApplicationIdParams,
        response: { 200: FeedbackThread, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => feedback.threadForRecruiter(recruiterIdOf(request), request.params.application_id),
  );
};
