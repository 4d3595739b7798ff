import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiKeyCreateBody,
  ApiKeyCreated,
  ApiKeyList,
  ClientLoginAnswer,
  ClientRegisterBody,
  ClientRegistered,
  KeyIdParams,
  EmailVerificationBody,
  EmailVerificationSent,
  LoginBody,
  MfaSignedIn,
  MfaSignInBody,
  MfaStatus,
  PasswordChangeBody,
  PasswordChanged,
  PasswordResetAccepted,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  RecruiterLoginAnswer,
  RecruiterProfile,
  RecruiterRegisterBody,
  RecruiterRegistered,
  SessionIdParams,
  SessionList,
  TotpConfirmBody,
  TotpDisableBody,
  TotpEnabled,
  TotpEnrolment,
} from '#contract';
import type { FastifyRequest } from 'fastify';
import type { RateLimitConfig } from '../../config';
import { AppError } from '../../http/errors';
import { normaliseEmail } from '../clients/clients.service';
import { limitBy, sourceOf } from '../../http/rate-limits';
import { errorResponses, noContent, bearerOnly, bearerOrApiKey } from '../../http/schemas';
import type { RecruitersService } from '../recruiters/recruiters.service';
import { principalOf, recruiterIdOf } from './auth.hook';
import type { AuthService, SignInClient } from './auth.service';

/** Who is signing in, for the session list (never logged: the IP is in the request log already). */
export function signInClientOf(request: FastifyRequest): SignInClient {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : '' };
}

export interface AuthRoutesOptions {
  auth: AuthService;
  recruiters: RecruitersService;
  rateLimits: RateLimitConfig;
}

const REGISTRATION_WINDOW_MS = 60 * 60_000;
const PASSWORD_RESET_WINDOW_MS = 60 * 60_000;
const PASSWORD_RESET_ACCEPTED =
  'If an account of this kind has this address, a link to choose a new password is on its way. It works once, for 30 minutes.';

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, { auth, recruiters, rateLimits }) => {
  // Every registration counts, answered or refused: each 409 tells whether an address has an
  // account, so probing is held to a few dozen addresses an hour per source, and logged.
  const registrationLimit = {
    onRequest: limitBy(app, {
      name: 'register-ip',
      max: rateLimits.registerPerIp,
      windowMs: REGISTRATION_WINDOW_MS,
      key: (request) => sourceOf(request.ip),
    }),
  };
  async function registering<T>(request: FastifyRequest, role: 'client' | 'recruiter', register: () => Promise<T>): Promise<T> {
    try {
      return await register();
    } catch (error) {
      // The e-mail address stays out of the log (it may be someone else's); where the probe came from goes in.
      if (error instanceof AppError && error.code === 'email_taken') {
        request.log.warn({ ip: request.ip, role }, 'registration refused: e-mail address already has an account');
      }
      throw error;
    }
  }

  // Every attempt from one source counts here, before any work, so that one address cannot try
  // many accounts; wrong passwords per account are limited by the auth service (SignInLimits).
  const loginLimits = {
    onRequest: limitBy(app, {
      name: 'login-ip',
      max: rateLimits.loginPerIp,
      windowMs: rateLimits.windowMs,
      key: (request) => sourceOf(request.ip),
    }),
  };

  app.post(
    '/v1/client/register',
    {
      ...registrationLimit,
      schema: {
        tags: ['auth'],
        summary: 'Register a company as a client; it receives its connection ID',
        body: ClientRegisterBody,
        response: { 201: ClientRegistered, ...errorResponses(400, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registering(request, 'client', () => auth.registerClient(request.body, signInClientOf(request)))),
  );

  app.post(
    '/v1/client/login',
    {
      ...loginLimits,
      schema: {
        tags: ['auth'],
        summary: 'Sign in as a client (with two-step sign-in on, the answer asks for a code: POST /v1/auth/mfa)',
        body: LoginBody,
        response: { 200: ClientLoginAnswer, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => auth.loginClient(request.body.email, request.body.password, signInClientOf(request)),
  );

  app.post(
    '/v1/recruiter/register',
    {
      ...registrationLimit,
      schema: {
        tags: ['auth'],
        summary: 'Register as a recruiter',
        body: RecruiterRegisterBody,
        response: { 201: RecruiterRegistered, ...errorResponses(400, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registering(request, 'recruiter', () => auth.registerRecruiter(request.body, signInClientOf(request)))),
  );

  app.post(
    '/v1/recruiter/login',
    {
      ...loginLimits,
      schema: {
        tags: ['auth'],
        summary: 'Sign in as a recruiter (with two-step sign-in on, the answer asks for a code: POST /v1/auth/mfa)',
        body: LoginBody,
        response: { 200: RecruiterLoginAnswer, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => auth.loginRecruiter(request.body.email, request.body.password, signInClientOf(request)),
  );

  // Asking for a reset costs the asker a request per source, and the address one of its few per
  // hour (so nobody can flood someone's inbox); the answer is the same whether the address has an
  // account or not, and so is its time (the work is done after it).
  app.post(
    '/v1/auth/password-reset',
    {
      onRequest: limitBy(app, {
        name: 'password-reset-ip',
        max: rateLimits.passwordResetPerIp,
        windowMs: PASSWORD_RESET_WINDOW_MS,
        key: (request) => sourceOf(request.ip),
      }),
      preHandler: limitBy(app, {
        name: 'password-reset-email',
        max: rateLimits.passwordResetPerEmail,
        windowMs: PASSWORD_RESET_WINDOW_MS,
        key: (request) => {
          const body = request.body as PasswordResetRequestBody;
          return `${body.role}:${normaliseEmail(body.email)}`;
        },
      }),
      schema: {
        tags: ['auth'],
        summary: 'Ask for a password-reset link by mail (202 whether or not the address has an account)',
        body: PasswordResetRequestBody,
        response: { 202: PasswordResetAccepted, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      auth.requestPasswordReset(request.body.role, request.body.email);
      return reply.status(202).send({ message: PASSWORD_RESET_ACCEPTED });
    },
  );

  app.post(
    '/v1/auth/password-reset/confirm',
    {
      onRequest: limitBy(app, {
        name: 'password-reset-confirm-ip',
        max: rateLimits.passwordResetPerIp,
        windowMs: PASSWORD_RESET_WINDOW_MS,
        key: (request) => sourceOf(request.ip),
      }),
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the token from a reset mail; every session of the account is signed out',
        body: PasswordResetConfirmBody,
        response: { ...noContent, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await auth.confirmPasswordReset(request.body.token, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/password',
    {
      // A signed-in person, not a key: a leaked key must not take over the account.
      config: { access: ['client', 'recruiter'] },
      schema: {
        tags: ['auth'],
        summary: 'Change the password with the current one; every session ends, and the answer holds a new one',
        security: bearerOnly,
        body: PasswordChangeBody,
        response: { 200: PasswordChanged, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => auth.changePassword(principalOf(request), request.body.current_password, request.body.new_password, signInClientOf(request)),
  );

  app.post(
    '/v1/auth/logout',
    {
      // An API key has no session to end: it is revoked with DELETE /v1/recruiter/api-keys/:key_id.
      config: { access: ['client', 'recruiter'], duringTwoFactorSetup: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: this token is refused from now on, on every instance',
        security: bearerOnly,
        response: { ...noContent, ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await auth.logout(principalOf(request));
      return reply.status(204).send(null);
    },
  );

  // Codes are six digits: each source gets a few tries a minute, on top of the per-account
  // ceiling on wrong codes (the auth service's), which holds however many sources guess.
  const mfaLimit = {
    onRequest: limitBy(app, {
      name: 'mfa-ip',
      max: rateLimits.mfaPerIp,
      windowMs: rateLimits.windowMs,
      key: (request) => sourceOf(request.ip),
    }),
  };

  app.post(
    '/v1/auth/mfa',
    {
      ...mfaLimit,
      schema: {
        tags: ['auth'],
        summary: "Sign in, step two: the sign-in's mfa_token and a code from the authenticator app (or a recovery code)",
        body: MfaSignInBody,
        response: { 200: MfaSignedIn, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => auth.completeMfaSignIn(request.body.mfa_token, request.body.code, signInClientOf(request)),
  );

  app.get(
    '/v1/auth/mfa',
    {
      config: { access: ['client', 'recruiter'], duringTwoFactorSetup: true },
      schema: {
        tags: ['auth'],
        summary: 'Whether two-step sign-in is on for this account',
        security: bearerOnly,
        response: { 200: MfaStatus, ...errorResponses(401, 403) },
      },
    },
    async (request) => auth.mfaStatus(principalOf(request)),
  );

  app.post(
    '/v1/auth/mfa/totp',
    {
      config: { access: ['client', 'recruiter'], duringTwoFactorSetup: true },
      schema: {
        tags: ['auth'],
        summary: 'Start setting up an authenticator app: its otpauth:// URI and a QR code of it (on once confirmed)',
        security: bearerOnly,
        response: { 201: TotpEnrolment, ...errorResponses(401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.startTotpEnrolment(principalOf(request))),
  );

  app.post(
    '/v1/auth/mfa/totp/confirm',
    {
      ...mfaLimit,
      config: { access: ['client', 'recruiter'], duringTwoFactorSetup: true },
      schema: {
        tags: ['auth'],
        summary: 'Turn two-step sign-in on with a first code from the app; the answer holds ten recovery codes, shown once',
        security: bearerOnly,
        body: TotpConfirmBody,
        response: { 200: TotpEnabled, ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request) => auth.confirmTotpEnrolment(principalOf(request), request.body.code, signInClientOf(request)),
  );

  app.delete(
    '/v1/auth/mfa/totp',
    {
      ...mfaLimit,
      config: { access: ['client', 'recruiter'] },
      schema: {
        tags: ['auth'],
        summary: 'Turn two-step sign-in off, with a current code (or a recovery code); the recovery codes go too',
        security: bearerOnly,
        body: TotpDisableBody,
        response: { ...noContent, ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      await auth.disableTotp(principalOf(request), request.body.code, request.ip);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/auth/sessions',
    {
      config: { access: ['client', 'recruiter'] },
      schema: {
        tags: ['auth'],
        summary: "The account's signed-in sessions (devices), newest first",
        security: bearerOnly,
        response: { 200: SessionList, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ sessions: await auth.listSessions(principalOf(request)) }),
  );

  app.delete(
    '/v1/auth/sessions/:session_id',
    {
      config: { access: ['client', 'recruiter'] },
      schema: {
        tags: ['auth'],
        summary: "Sign out one of the account's sessions, on every instance at once",
        security: bearerOnly,
        params: SessionIdParams,
        response: { ...noContent, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await auth.endSession(principalOf(request), request.params.session_id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/v1/auth/sessions',
    {
      config: { access: ['client', 'recruiter'] },
      schema: {
        tags: ['auth'],
        summary: 'Sign out everywhere: every session of the account ends, this one included',
        security: bearerOnly,
        response: { ...noContent, ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await auth.signOutEverywhere(principalOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/verify-email',
    {
      onRequest: limitBy(app, {
        name: 'verify-email-ip',
        max: rateLimits.passwordResetPerIp,
        windowMs: PASSWORD_RESET_WINDOW_MS,
        key: (request) => sourceOf(request.ip),
      }),
      schema: {
        tags: ['auth'],
        summary: 'Confirm an e-mail address with the token from the mail (no session needed)',
        body: EmailVerificationBody,
        response: { ...noContent, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await auth.verifyEmail(request.body.token);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/verify-email/resend',
    {
      config: { access: ['client', 'recruiter'] },
      // Per account as well as per source: nobody can flood an inbox from many addresses.
      preHandler: limitBy(app, {
        name: 'verify-email-resend-account',
        max: rateLimits.passwordResetPerEmail,
        windowMs: PASSWORD_RESET_WINDOW_MS,
        key: (request) => {
          const principal = principalOf(request);
          return `${principal.role}:${principal.role === 'client' ? principal.clientId : principal.recruiterId}`;
        },
      }),
      schema: {
        tags: ['auth'],
        summary: "Mail a new link to confirm the account's e-mail address",
        security: bearerOnly,
        response: { 202: EmailVerificationSent, ...errorResponses(401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      await auth.resendEmailVerification(principalOf(request));
      return reply.status(202).send({ message: 'A new link is on its way. It works once, for 48 hours.' });
    },
  );

  app.get(
    '/v1/recruiter/profile',
    {
      config: { access: ['recruiter', 'api_key'] },
      schema: {
        tags: ['recruiters'],
        summary: 'The signed-in recruiter',
        security: bearerOrApiKey,
        response: { 200: RecruiterProfile, ...errorResponses(401, 403) },
      },
    },
    async (request) => recruiters.getProfile(recruiterIdOf(request)),
  );

  // Key management takes a signed-in recruiter, never a key: a leaked key must not mint more.
  app.post(
    '/v1/recruiter/api-keys',
    {
      config: { access: ['recruiter'] },
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key (the key is shown once)',
        security: bearerOnly,
        body: ApiKeyCreateBody,
        response: { 201: ApiKeyCreated, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.createApiKey(recruiterIdOf(request), request.body.label)),
  );

  app.get(
    '/v1/recruiter/api-keys',
    {
      config: { access: ['recruiter'] },
      schema: {
        tags: ['api keys'],
        summary: 'List API keys (without their secrets)',
        security: bearerOnly,
        response: { 200: ApiKeyList, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ api_keys: await auth.listApiKeys(recruiterIdOf(request)) }),
  );

  app.delete(
    '/v1/recruiter/api-keys/:key_id',
    {
      config: { access: ['recruiter'] },
      schema: {
        tags: ['api keys'],
        summary: 'Revoke an API key, at once',
        security: bearerOnly,
        params: KeyIdParams,
        response: { ...noContent, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await auth.revokeApiKey(recruiterIdOf(request), request.params.key_id);
      return reply.status(204).send(null);
    },
  );
};
