import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import {
  CalendarInterviewParams,
  INTERVIEWS_AHEAD_DEFAULT_DAYS,
  INTERVIEWS_AHEAD_DEFAULT_LIMIT,
  INTERVIEWS_AHEAD_MAX_DAYS,
  InterviewsAheadList,
  InterviewsAheadQuery,
} from '#contract';
import { bearerOnly, bearerOrApiKey, errorResponses } from '../../http/schemas';
import { clientIdOf, recruiterIdOf } from '../auth/auth.hook';
import type { CalendarService } from './calendar.service';

const calendarFileResponse = {
  description: 'An iCalendar (RFC 5545) file with one VEVENT, sent as an attachment.',
  content: { 'text/calendar': { schema: Type.String() } },
};

function sendCalendarFile(reply: FastifyReply, file: { fileName: string; body: string }) {
  return (
    reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      // Names of people and a meeting link: for the one who asked, never for a shared cache.
      .header('cache-control', 'private, no-store')
      .send(file.body)
  );
}

export const calendarRoutes: FastifyPluginAsyncTypebox<{ calendar: CalendarService }> = async (app, { calendar }) => {
  app.get(
    '/v1/client/interviews',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['client dashboard'],
        summary: "Interviews ahead: the client's scheduled interviews in a time window, soonest first",
        description:
          `Scheduled (not completed or cancelled) interviews of the candidates the client may see, from \`from\` (inclusive) to \`to\` ` +
          `(exclusive). Default window: now to ${INTERVIEWS_AHEAD_DEFAULT_DAYS} days ahead; at most ${INTERVIEWS_AHEAD_MAX_DAYS} days, ` +
          `and from ≤ to, else 400. Paged: ${INTERVIEWS_AHEAD_DEFAULT_LIMIT} a page by default (limit 1–200); pass next_cursor as ` +
          '?cursor= for the next page of the same window.',
        security: bearerOnly,
        querystring: InterviewsAheadQuery,
        response: { 200: InterviewsAheadList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => calendar.listClientInterviewsAhead(clientIdOf(request), request.query),
  );

  app.get(
    '/v1/client/interviews/:interview_id.ics',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['client dashboard'],
        summary: 'One interview of a candidate the client may see, as an iCalendar file',
        description: 'A cancelled interview is still served, with STATUS:CANCELLED, so that a calendar that has it can strike it out.',
        security: bearerOnly,
        params: CalendarInterviewParams,
        response: { 200: calendarFileResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => sendCalendarFile(reply, await calendar.clientInterviewCalendar(clientIdOf(request), request.params.interview_id)),
  );

  app.get(
    '/v1/interviews/:interview_id.ics',
    {
      config: { access: ['recruiter', 'api_key'] },
      schema: {
        tags: ['pipeline'],
        summary: "One of the recruiter's interviews as an iCalendar file",
        description: 'A cancelled interview is still served, with STATUS:CANCELLED, so that a calendar that has it can strike it out.',
        security: bearerOrApiKey,
        params: CalendarInterviewParams,
        response: { 200: calendarFileResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => sendCalendarFile(reply, await calendar.recruiterInterviewCalendar(recruiterIdOf(request), request.params.interview_id)),
  );
};
