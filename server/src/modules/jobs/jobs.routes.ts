import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ClientJobDetail,
  ClientJobList,
  Job,
  JobCreateBody,
  JobIdParams,
  JobUpdateBody,
  PageQuery,
  RecruiterJob,
  RecruiterJobDetail,
  RecruiterJobList,
} from '#contract';
import { errorResponses, bearerOnly, bearerOrApiKey } from '../../http/schemas';
import { clientIdOf, recruiterIdOf, recruiterOf } from '../auth/auth.hook';
import type { FeedbackService } from '../feedback/feedback.service';
import type { PipelineService } from '../pipeline/pipeline.service';
import type { JobsService } from './jobs.service';

export const jobsRoutes: FastifyPluginAsyncTypebox<{ jobs: JobsService; pipeline: PipelineService; feedback: FeedbackService }> = async (
  app,
  { jobs, pipeline, feedback },
) => {
  const recruiterAccess = { access: ['recruiter', 'api_key'] as const };
  const clientAccess = { access: ['client'] as const };

  app.post(
    '/v1/jobs',
    {
      config: recruiterAccess,
      schema: {
        tags: ['jobs'],
        summary: 'Post a job, for a client named by its connection ID',
        description:
          'With connection_id, the client is looked up by it and its client_id is stored on the job; a malformed or unknown ID ' +
          'answers 400 invalid_connection_id ("Invalid connection ID") and writes nothing. Without it, an optional client_id ' +
          'must name a client this recruiter is actively linked to; with neither, the job belongs to no client. A client that blocked ' +
          'the recruiter answers as an unknown ID. When the client requires approval, a recruiter new to it gets 201 with ' +
          'link_status "pending": the job waits, unseen by the client, until the client approves the recruiter.',
        security: bearerOrApiKey,
        body: JobCreateBody,
        response: { 201: Job, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await jobs.createJob(recruiterOf(request), request.body)),
  );

  app.get(
    '/v1/jobs',
    {
      config: recruiterAccess,
      schema: {
        tags: ['jobs'],
        summary: "The recruiter's jobs, newest first, each with its client's name, pipeline counts and feedback waits",
        security: bearerOrApiKey,
        querystring: PageQuery,
        response: { 200: RecruiterJobList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => feedback.listRecruiterJobs(recruiterIdOf(request), request.query),
  );

  app.get(
    '/v1/jobs/:job_id',
    {
      config: recruiterAccess,
      schema: {
        tags: ['jobs'],
        summary: "One of the recruiter's jobs, with its whole pipeline",
        security: bearerOrApiKey,
        params: JobIdParams,
        response: { 200: RecruiterJobDetail, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => pipeline.getRecruiterJobDetail(recruiterIdOf(request), request.params.job_id),
  );

  app.patch(
    '/v1/jobs/:job_id',
    {
      config: recruiterAccess,
      schema: {
        tags: ['jobs'],
        summary: 'Edit a job or change its status (open, paused, closed, filled)',
        security: bearerOrApiKey,
        params: JobIdParams,
        body: JobUpdateBody,
        response: { 200: RecruiterJob, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => jobs.updateJob(recruiterOf(request), request.params.job_id, request.body, pipeline.clientView),
  );

  app.get(
    '/v1/client/jobs',
    {
      config: clientAccess,
      schema: {
        tags: ['client dashboard'],
        summary: "The client's jobs, newest first, with pipeline counts",
        security: bearerOnly,
        querystring: PageQuery,
        response: { 200: ClientJobList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => jobs.listClientJobs(clientIdOf(request), request.query),
  );

  app.get(
    '/v1/client/jobs/:job_id',
    {
      config: clientAccess,
      schema: {
        tags: ['client dashboard'],
        summary: "One of the client's jobs with its applications, interviews and offers",
        security: bearerOnly,
        params: JobIdParams,
        response: { 200: ClientJobDetail, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => pipeline.getClientJobDetail(clientIdOf(request), request.params.job_id),
  );
};
