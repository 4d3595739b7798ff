import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Application,
  ApplicationCreateBody,
  ApplicationIdParams,
  ApplicationUpdateBody,
  Interview,
  InterviewCreateBody,
  InterviewIdParams,
  InterviewUpdateBody,
  JobIdParams,
  Offer,
  OfferCreateBody,
  OfferIdParams,
  OfferUpdateBody,
} from '#contract';
import { errorResponses, bearerOrApiKey, noContent } from '../../http/schemas';
import { recruiterOf } from '../auth/auth.hook';
import type { PipelineService } from './pipeline.service';

export const pipelineRoutes: FastifyPluginAsyncTypebox<{ pipeline: PipelineService }> = async (app, { pipeline }) => {
  const config = { access: ['recruiter', 'api_key'] as const };
  const tags = ['pipeline'];

  app.post(
    '/v1/jobs/:job_id/applications',
    {
      config,
      schema: {
        tags,
        summary: 'Add a candidate to a job (stage "applied")',
        security: bearerOrApiKey,
        params: JobIdParams,
        body: ApplicationCreateBody,
        response: { 201: Application, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await pipeline.addApplication(recruiterOf(request), request.params.job_id, request.body)),
  );

  app.patch(
    '/v1/applications/:application_id',
    {
      config,
      schema: {
        tags,
        summary:
          "Move a candidate to another stage, or edit its name, e-mail address, notes (the recruiter's own) or client summary (what the client reads)",
        security: bearerOrApiKey,
        params: ApplicationIdParams,
        body: ApplicationUpdateBody,
        response: { 200: Application, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => pipeline.updateApplication(recruiterOf(request), request.params.application_id, request.body),
  );

  app.post(
    '/v1/applications/:application_id/share',
    {
      config,
      schema: {
        tags,
        summary: "Share a candidate with the job's client now, whatever its stage (idempotent)",
        description: "The client sees a candidate once it reaches the job's client_visible_from, or once shared here. Sharing again changes nothing.",
        security: bearerOrApiKey,
        params: ApplicationIdParams,
        response: { 200: Application, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => pipeline.shareApplication(recruiterOf(request), request.params.application_id),
  );

  app.post(
    '/v1/applications/:application_id/interviews',
    {
      config,
      schema: {
        tags,
        summary: 'Schedule an interview (a candidate before stage "interview" moves up to it)',
        security: bearerOrApiKey,
        params: ApplicationIdParams,
        body: InterviewCreateBody,
        response: { 201: Interview, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await pipeline.scheduleInterview(recruiterOf(request), request.params.application_id, request.body)),
  );

  app.patch(
    '/v1/interviews/:interview_id',
    {
      config,
      schema: {
        tags,
        summary: 'Complete, cancel or reschedule an interview, record its outcome, or change its details',
        security: bearerOrApiKey,
        params: InterviewIdParams,
        body: InterviewUpdateBody,
        response: { 200: Interview, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => pipeline.updateInterview(recruiterOf(request), request.params.interview_id, request.body),
  );

  app.post(
    '/v1/applications/:application_id/offers',
    {
      config,
      schema: {
        tags,
        summary: 'Extend an offer (a candidate before stage "offer" moves up to it)',
        security: bearerOrApiKey,
        params: ApplicationIdParams,
        body: OfferCreateBody,
        response: { 201: Offer, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await pipeline.extendOffer(recruiterOf(request), request.params.application_id, request.body)),
  );

  app.patch(
    '/v1/offers/:offer_id',
    {
      config,
      schema: {
        tags,
        summary: 'Record that an offer was accepted, declined or withdrawn',
        security: bearerOrApiKey,
        params: OfferIdParams,
        body: OfferUpdateBody,
        response: { 200: Offer, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => pipeline.updateOffer(recruiterOf(request), request.params.offer_id, request.body),
  );

  // Registered last: the access matrix runs routes in this order, and this one deletes the
  // candidate (with its interview and offer) that the routes above are tried on.
  app.delete(
    '/v1/applications/:application_id',
    {
      config,
      schema: {
        tags,
        summary: 'Remove a candidate added by mistake, with its interviews and offers',
        security: bearerOrApiKey,
        params: ApplicationIdParams,
        response: { ...noContent, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await pipeline.removeApplication(recruiterOf(request), request.params.application_id);
      return reply.status(204).send(null);
    },
  );
};
