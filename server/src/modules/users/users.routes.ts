import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CompanyUser,
  CompanyUserList,
  CompanyUserParams,
  CompanyUserPatch,
  InvitationAcceptBody,
  InvitationAccepted,
  InvitationBody,
  InvitationCreated,
  InvitationList,
  InvitationParams,
  InvitationPreview,
  InvitationTokenBody,
} from '#contract';
import { limitBy, sourceOf } from '../../http/rate-limits';
import { bearerOnly, errorResponses, noContent } from '../../http/schemas';
import { clientIdOf, companyUserOf } from '../auth/auth.hook';
import { signInClientOf } from '../auth/auth.routes';
import type { AuthService } from '../auth/auth.service';
import type { UsersService } from './users.service';

export const usersRoutes: FastifyPluginAsyncTypebox<{ users: UsersService; auth: AuthService; invitationPerIp: number }> = async (
  app,
  { users, auth, invitationPerIp },
) => {
  // Tokens carry 256 bits, so no guessing gets anywhere; the limit keeps the noise (and argon2 work) down.
  const invitationTokenLimit = {
    onRequest: limitBy(app, { name: 'invitation-ip', max: invitationPerIp, windowMs: 15 * 60_000, key: (request) => sourceOf(request.ip) }),
  };

  app.get(
    '/v1/client/users',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['team'],
        summary: "The company's users (every user may read the list)",
        security: bearerOnly,
        response: { 200: CompanyUserList, ...errorResponses(401, 403) },
      },
    },
    async (request) => users.list(clientIdOf(request)),
  );

  app.patch(
    '/v1/client/users/:user_id',
    {
      config: { access: ['client_admin'] },
      schema: {
        tags: ['team'],
        summary: "Change a user's role (admins only; the last admin stays one: 409 last_admin)",
        security: bearerOnly,
        params: CompanyUserParams,
        body: CompanyUserPatch,
        response: { 200: CompanyUser, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => users.changeRole(companyUserOf(request), request.params.user_id, request.body.role),
  );

  app.delete(
    '/v1/client/users/:user_id',
    {
      config: { access: ['client_admin'] },
      schema: {
        tags: ['team'],
        summary: 'Remove a user from the company: its sessions end on every instance at once (admins only; not the last admin)',
        security: bearerOnly,
        params: CompanyUserParams,
        response: { ...noContent, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await users.remove(companyUserOf(request), request.params.user_id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/client/invitations',
    {
      config: { access: ['client_admin'] },
      schema: {
        tags: ['team'],
        summary: 'Invite a colleague by e-mail (admins only): the answer holds the single-use link, shown once; it is mailed too',
        security: bearerOnly,
        body: InvitationBody,
        response: { 201: InvitationCreated, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await users.invite(companyUserOf(request), request.body)),
  );

  app.get(
    '/v1/client/invitations',
    {
      config: { access: ['client_admin'] },
      schema: {
        tags: ['team'],
        summary: 'Invitations neither accepted nor revoked (admins only)',
        security: bearerOnly,
        response: { 200: InvitationList, ...errorResponses(401, 403) },
      },
    },
    async (request) => users.listInvitations(clientIdOf(request)),
  );

  app.delete(
    '/v1/client/invitations/:invitation_id',
    {
      config: { access: ['client_admin'] },
      schema: {
        tags: ['team'],
        summary: 'Revoke an invitation: its link stops working (admins only)',
        security: bearerOnly,
        params: InvitationParams,
        response: { ...noContent, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await users.revokeInvitation(companyUserOf(request), request.params.invitation_id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/client/invitations/preview',
    {
      ...invitationTokenLimit,
      schema: {
        tags: ['team'],
        summary: 'What an invitation link invites to (company, address, role), without using it',
        body: InvitationTokenBody,
        response: { 200: InvitationPreview, ...errorResponses(400, 404, 429) },
      },
    },
    async (request) => users.previewInvitation(request.body.token),
  );

  app.post(
    '/v1/client/invitations/accept',
    {
      ...invitationTokenLimit,
      schema: {
        tags: ['team'],
        summary: 'Join the company with an invitation link: creates the user and signs it in',
        body: InvitationAcceptBody,
        response: { 201: InvitationAccepted, ...errorResponses(400, 404, 409, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.acceptInvitation(request.body, signInClientOf(request))),
  );
};
