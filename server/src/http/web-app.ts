import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
// The type of `schema.hide` (keeping these routes out of the OpenAPI document) comes from here.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { PROJECT_ROOT } from '../paths';

/** Where `npm run build:web` puts the web app. */
export const DEFAULT_WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');

/**
 * The web app's policy: its own scripts only (Vite emits no inline script), API calls to the
 * same origin, no framing. Inline styles stay allowed because the dialogs' scroll lock
 * (react-remove-scroll, under Radix) injects a <style> element; scripts stay locked down,
 * which is what keeps the session token in localStorage out of an injected script's reach.
 */
export const WEB_APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the API: they keep their JSON 404s and never get the app's HTML. */
const API_PATH_PREFIXES = ['/v1/', '/docs', '/openapi.json', '/healthz', '/readyz', '/metrics'];

export function isApiPath(pathname: string): boolean {
  return pathname === '/v1' || API_PATH_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

export interface WebAppOptions {
  /** The built app (index.html and assets/); web/dist by default. */
  root?: string;
}

/**
 * Serves the built web app from the API's own origin: hashed assets cached for good, and
 * index.html for every other page a browser asks for (the app routes on the client).
 * Without a build, it warns and serves nothing, so the API alone still runs and tests.
 */
export const webApp: FastifyPluginAsync<WebAppOptions> = async (app, options) => {
  const root = options.root ?? DEFAULT_WEB_DIST;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'the web app is not built (no index.html): serving the API only; run `npm run build:web`');
    return;
  }

  await app.register(fastifyStatic, {
    root,
    // One route per file found now, instead of a catch-all: the catch-all below is ours.
    wildcard: false,
    index: false,
    // The build writes .br and .gz beside each file; browsers that accept them get those.
    preCompressed: true,
    // Requests for the .br/.gz files themselves are not a thing; serving a compressed body
    // without its Content-Encoding would be wrong, so they get no routes.
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders(response, sentPath) {
      const path = sentPath.replace(/\.(br|gz)$/, '');
      if (path.endsWith('.html')) {
        response.setHeader('Content-Security-Policy', WEB_APP_CONTENT_SECURITY_POLICY);
        response.setHeader('Cache-Control', 'no-cache');
      } else if (/[\\/]assets[\\/]/.test(path)) {
        // File names carry a content hash: a changed file is a new URL.
        response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      } else {
        response.setHeader('Cache-Control', 'public, max-age=3600');
      }
    },
  });

  function sendApp(request: FastifyRequest, reply: FastifyReply) {
    const pathname = request.url.split('?')[0] ?? '/';
    // A missing hashed asset is a 404, not a page: a stale tab must not parse HTML as a script.
    if (isApiPath(pathname) || pathname.startsWith('/assets/') || !acceptsHtml(request)) return reply.callNotFound();
    // setHeaders above gives it the policy and no-cache.
    return reply.sendFile('index.html');
  }

  // The root is always the app, whatever the client accepts (curl sends */*).
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.sendFile('index.html'));
  app.get('/*', { schema: { hide: true } }, sendApp);
};
