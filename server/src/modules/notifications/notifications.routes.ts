import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  MarkNotificationsReadBody,
  MarkNotificationsReadResult,
  NOTIFICATION_KIND_LABELS,
  NotificationList,
  NotificationListQuery,
  NotificationPreferences,
  NotificationPreferencesBody,
} from '#contract';
import { bearerOnly, errorResponses } from '../../http/schemas';
import { escapeHtml } from '../mail/templates';
import { principalOf } from '../auth/auth.hook';
import { type Account, type NotificationsService, invalidUnsubscribeToken } from './notifications.service';

const tags = ['notifications'];
const UnsubscribeQuery = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 1000, description: 'The token from the mail’s List-Unsubscribe link.' }) },
  { additionalProperties: false },
);
const UnsubscribeResult = Type.Object({ unsubscribed: Type.Array(Type.String()) });

function accountOf(request: FastifyRequest): Account {
  const principal = principalOf(request);
  return principal.role === 'client' ? { role: 'client', accountId: principal.userId } : { role: 'recruiter', accountId: principal.recruiterId };
}

const wantsHtml = (request: FastifyRequest) => /text\/html/.test(request.headers.accept ?? '');

/** A plain page for people who open the unsubscribe link in a browser (the API answers JSON otherwise). */
function page(title: string, body: string): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;max-width:520px;margin:48px auto;padding:0 16px;line-height:1.5">',
    `<h1 style="font-size:22px">${escapeHtml(title)}</h1>${body}</body></html>`,
  ].join('');
}

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ notifications: NotificationsService }> = async (app, { notifications }) => {
  app.get(
    '/v1/me/notifications',
    {
      config: { access: ['client', 'recruiter'] },
      schema: {
        tags,
        summary: "The signed-in account's notifications, newest first, with its unread count",
        security: bearerOnly,
        querystring: NotificationListQuery,
        response: { 200: NotificationList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => notifications.list(accountOf(request), request.query),
  );

  app.post(
    '/v1/me/notifications/read',
    {
      config: { access: ['client', 'recruiter'] },
      schema: {
        tags,
        summary: 'Mark notifications read: some by id, or all',
        security: bearerOnly,
        body: MarkNotificationsReadBody,
        response: { 200: MarkNotificationsReadResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => notifications.markRead(accountOf(request), request.body),
  );

  app.get(
    '/v1/me/notification-preferences',
    {
      config: { access: ['client', 'recruiter'] },
      schema: {
        tags,
        summary: 'How each kind of notification reaches you by mail, and your time zone',
        security: bearerOnly,
        response: { 200: NotificationPreferences, ...errorResponses(401, 403) },
      },
    },
    async (request) => notifications.getPreferences(accountOf(request)),
  );

  app.put(
    '/v1/me/notification-preferences',
    {
      config: { access: ['client', 'recruiter'] },
      schema: {
        tags,
        summary: 'Set, per kind, off | instant | daily_digest, and the time zone of the daily digest',
        description: 'Kinds not named keep their setting. The time zone must be an IANA name (e.g. "Europe/Berlin").',
        security: bearerOnly,
        body: NotificationPreferencesBody,
        response: { 200: NotificationPreferences, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => notifications.updatePreferences(accountOf(request), request.body),
  );

  app.get(
    '/v1/notifications/unsubscribe',
    {
      schema: {
        tags,
        summary: 'The page behind a mail’s unsubscribe link: asks to confirm (the POST does it)',
        querystring: UnsubscribeQuery,
        produces: ['text/html'],
        response: {
          200: { description: 'An HTML page with a button that confirms.', content: { 'text/html': { schema: { type: 'string' } } } },
          400: {
            description: 'The link is not valid: an HTML page to a browser (Accept: text/html), else the error shape.',
            content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: { $ref: 'ErrorResponse' } } },
          },
        },
      },
    },
    async (request, typedReply) => {
      const reply = typedReply as FastifyReply;
      const grant = notifications.unsubscribeGrant(request.query.token);
      // A browser gets a page; any other caller the API's error shape.
      if (!grant && !wantsHtml(request)) throw invalidUnsubscribeToken();
      reply.type('text/html; charset=utf-8');
      if (!grant) {
        reply.code(400);
        return page('This link does not work', '<p>Change what Hirelink mails you under Settings → Notifications instead.</p>');
      }
      const kinds = grant.kinds.map((kind) => `<li>${escapeHtml(NOTIFICATION_KIND_LABELS[kind])}</li>`).join('');
      // Opening the link does nothing by itself: mail scanners open links too.
      return page(
        'Stop these mails?',
        `<p>You will no longer get mail when:</p><ul>${kinds}</ul>` +
          `<form method="post" action="?token=${encodeURIComponent(request.query.token)}">` +
          '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
          '<button type="submit" style="font-size:16px;padding:8px 16px">Unsubscribe</button></form>' +
          '<p style="color:#555">You will still see these in the app, and can turn mail back on under Settings → Notifications.</p>',
      );
    },
  );

  // RFC 8058: mail clients POST `List-Unsubscribe=One-Click` as a form. The one route that parses
  // form bodies sits in a context of its own, so every other route still takes JSON alone.
  await app.register(async (formContext) => {
    formContext.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) =>
      done(null, body),
    );
    formContext.withTypeProvider<TypeBoxTypeProvider>().post(
      '/v1/notifications/unsubscribe',
      {
        schema: {
          tags,
          summary: 'One-click unsubscribe (RFC 8058): turns off the kinds of mail the token names',
          description:
            'The URL is the one in the mail’s List-Unsubscribe header. The body (`List-Unsubscribe=One-Click`, form-encoded) is not required. ' +
            'Answers JSON, or an HTML page to a browser that asks for one.',
          querystring: UnsubscribeQuery,
          response: { 200: UnsubscribeResult, ...errorResponses(400) },
        },
      },
      async (request, typedReply) => {
        const reply = typedReply as FastifyReply;
        try {
          const { kinds } = await notifications.unsubscribe(request.query.token);
          if (!wantsHtml(request)) return { unsubscribed: kinds };
          reply.type('text/html; charset=utf-8');
          const list = kinds.map((kind) => `<li>${escapeHtml(NOTIFICATION_KIND_LABELS[kind])}</li>`).join('');
          return reply.send(page('You are unsubscribed', `<p>No more mail when:</p><ul>${list}</ul>`));
        } catch (error) {
          if (!wantsHtml(request)) throw error;
          reply.code(400).type('text/html; charset=utf-8');
          return reply.send(page('This link does not work', '<p>Change what Hirelink mails you under Settings → Notifications instead.</p>'));
        }
      },
    );
  });
};
