import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ClientByConnection, ClientProfile, ClientSettings, ClientSettingsPatch, ConnectionIdParams } from '#contract';
import { AppError } from '../../http/errors';
import { errorResponses, bearerOnly, bearerOrApiKey } from '../../http/schemas';
import { clientIdOf, companyUserOf, principalOf, recruiterIdOf } from '../auth/auth.hook';
import type { AuthService } from '../auth/auth.service';
import type { UsersService } from '../users/users.service';
import type { ClientsService } from './clients.service';

export const clientsRoutes: FastifyPluginAsyncTypebox<{ clients: ClientsService; users: UsersService; auth: AuthService }> = async (
  app,
  { clients, users, auth },
) => {
  app.get(
    '/v1/client/profile',
    {
      config: { access: ['client'], duringTwoFactorSetup: true },
      schema: {
        tags: ['clients'],
        summary: 'The signed-in client company, with its connection ID, and the user signed in',
        security: bearerOnly,
        response: { 200: ClientProfile, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const { clientId, userId } = companyUserOf(request);
      const [company, user] = await Promise.all([clients.getCompany(clientId), users.getUser(userId)]);
      return {
        ...company,
        email: user.email,
        email_verified: user.email_verified,
        user: { user_id: user.user_id, name: user.name, email: user.email, role: user.role },
      };
    },
  );

  app.get(
    '/v1/client/settings',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['clients'],
        summary: "The client's settings",
        security: bearerOnly,
        response: { 200: ClientSettings, ...errorResponses(401, 403) },
      },
    },
    async (request) => clients.getSettings(clientIdOf(request)),
  );

  app.patch(
    '/v1/client/settings',
    {
      config: { access: ['client_admin'] },
      schema: {
        tags: ['clients'],
        summary:
          "Change the client's settings (admins only): require_link_approval (new recruiters wait for approval), require_two_factor " +
          '(every user signs in with a TOTP code; turning it on needs your own on, and signs out every user without one)',
        security: bearerOnly,
        body: ClientSettingsPatch,
        response: { 200: ClientSettings, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const by = companyUserOf(request);
      const requiring = request.body.require_two_factor === true;
      if (requiring) await auth.assertMayRequireTwoFactor(principalOf(request));
      const settings = await clients.updateSettings(by, request.body);
      if (requiring) await auth.signOutUsersWithoutTwoFactor(by.clientId);
      return settings;
    },
  );

  app.get(
    '/v1/client/by-connection/:connection_id',
    {
      config: { access: ['recruiter', 'api_key'] },
      schema: {
        tags: ['clients'],
        summary: 'Which client a connection ID belongs to (company name only)',
        description:
          'The ID may be in any case, with spaces, -, _, : or . between characters, after a label such as "Connection ID:". ' +
          '400 invalid_connection_id_format when it is not 24 hex characters after that; 404 connection_not_found when no client has it ' +
          '(or when its client has blocked the caller: the same answer, so a blocked recruiter cannot tell). ' +
          "Each failure counts against the recruiter's limit of failed connection-ID resolutions (shared with POST /v1/jobs); " +
          'past it, every resolution answers 429 with Retry-After until the window ends.',
        security: bearerOrApiKey,
        params: ConnectionIdParams,
        response: { 200: ClientByConnection, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { wellFormed, client } = await clients.resolveConnectionIdForRecruiter(recruiterIdOf(request), request.params.connection_id);
      if (!wellFormed) {
        throw new AppError('invalid_connection_id_format', 'Connection ID must be 24 characters (letters a-f and numbers).');
      }
      if (!client) throw new AppError('connection_not_found', 'No client has this connection ID.');
      return client;
    },
  );
};
