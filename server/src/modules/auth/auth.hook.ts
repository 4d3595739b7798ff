import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, onSendAsyncHookHandler } from 'fastify';
import { AppError } from '../../http/errors';
import type { AuthService } from './auth.service';
import type { Access, CompanyActor, Principal, RecruiterActor } from './principal';

/**
 * One hook authenticates every route that declares `config.access`: a route is public only
 * by leaving it out. The caller lands on `request.principal`, which services scope by.
 */
export function installAuthentication(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('principal', null);
  // A hook on each route that declares access, knowing it: public routes (health, sign-in) run
  // none, and no request reads `request.routeOptions`, which Fastify builds afresh on every read.
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) return;
    const openDuringSetup = route.config?.duringTwoFactorSetup === true;
    const authenticateCaller: onRequestAsyncHookHandler = async (request, reply) => {
      try {
        const principal = await authenticate(request, access, auth);
        if (principal.role === 'client' && principal.setupOnly && !openDuringSetup) {
          throw new AppError('two_factor_setup_required', 'Your company requires two-step sign-in: set it up on your Security page to continue.');
        }
        request.principal = principal;
      } catch (error) {
        if (error instanceof AppError && error.statusCode === 401) reply.header('WWW-Authenticate', 'Bearer');
        throw error;
      }
    };
    route.onRequest = [...[route.onRequest ?? []].flat(), authenticateCaller];
    // "Last seen" moves only with a request that was answered: a refused one changes no row. It is
    // written before the answer leaves (at most once a minute per session), so nothing races it.
    const noteSessionUsed: onSendAsyncHookHandler = async (request, reply, payload) => {
      const session = request.principal?.session;
      if (session && reply.statusCode < 400) await auth.touchSession(session.tokenId);
      return payload;
    };
    route.onSend = [...[route.onSend ?? []].flat(), noteSessionUsed];
  });
}

/**
 * An Authorization header, when sent, decides alone: a bad token is 401 even if an X-API-Key
 * comes with it, so a request never falls through to a second credential. The key is read only
 * when no Authorization header is sent.
 */
async function authenticate(request: FastifyRequest, access: readonly Access[], auth: AuthService): Promise<Principal> {
  const header = request.headers.authorization;
  const apiKey = request.headers['x-api-key'];
  if (header === undefined && typeof apiKey === 'string' && apiKey !== '') {
    const principal = await auth.authenticateApiKey(apiKey);
    if (!principal) throw new AppError('unauthorized', 'The API key is unknown or has been revoked.');
    if (!access.includes('api_key')) {
      throw new AppError('forbidden', 'API keys cannot be used here; sign in as the recruiter.');
    }
    return principal;
  }

  if (!header) throw new AppError('unauthorized', 'Sign in to continue (send Authorization: Bearer <token>).');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>".');
  const principal = await auth.authenticateToken(match[1]);
  if (!principal) throw new AppError('unauthorized', 'Your session has expired or was signed out. Please sign in again.');
  if (access.includes(principal.role)) return principal;
  if (principal.role === 'client' && access.includes('client_admin')) {
    // Read on every call rather than carried in the token, so that a demotion takes effect at once.
    if (await auth.isCompanyAdmin(principal)) return principal;
    throw new AppError('admin_only', "Only your company's admins can do this.");
  }
  throw new AppError('forbidden', `This is not available to a ${principal.role} account.`);
}

/** The authenticated caller; the route's `config.access` guarantees there is one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'Sign in to continue.');
  return request.principal;
}

export function clientIdOf(request: FastifyRequest): string {
  const principal = principalOf(request);
  if (principal.role !== 'client') throw new AppError('forbidden', 'This is only available to clients.');
  return principal.clientId;
}

/** The signed-in user of a company and the company, for services that act for one person of a team. */
export function companyUserOf(request: FastifyRequest): CompanyActor {
  const principal = principalOf(request);
  if (principal.role !== 'client') throw new AppError('forbidden', 'This is only available to clients.');
  return { type: 'user', clientId: principal.clientId, userId: principal.userId };
}

/** The recruiter making a change, and the API key it came through if any (the activity log names both). */
export function recruiterOf(request: FastifyRequest): RecruiterActor {
  const principal = principalOf(request);
  if (principal.role !== 'recruiter') throw new AppError('forbidden', 'This is only available to recruiters.');
  return { type: 'recruiter', recruiterId: principal.recruiterId, apiKeyId: principal.session ? null : principal.apiKeyId };
}

export function recruiterIdOf(request: FastifyRequest): string {
  const principal = principalOf(request);
  if (principal.role !== 'recruiter') throw new AppError('forbidden', 'This is only available to recruiters.');
  return principal.recruiterId;
}
