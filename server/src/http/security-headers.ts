import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The API reference at /docs (Swagger UI) loads its scripts, styles and images from /docs/static
 * and the OpenAPI document from /docs/json, and "Try it out" calls the API on the same origin:
 * nothing else is allowed, no inline script and no eval, and no other site may frame it.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  // The one inline <style> Swagger UI renders (in its logo's SVG). If an upgrade changes it,
  // e2e/docs-page.test.ts sees the violation and prints the new hash.
  "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * helmet's security headers, worked out once at start-up and then set on every reply in one go.
 * With no Content-Security-Policy nonce the headers are the same for every request, so running
 * helmet's middleware chain and a dozen `setHeader` calls per request (what @fastify/helmet does)
 * bought nothing but ~10 µs of CPU on each.
 */
export function installSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = helmetHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** The headers helmet sets for these options, read off a stand-in response. */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error('helmet failed', { cause: error });
    finished = true;
  });
  // helmet's middleware is synchronous; if a future version is not, fail at start-up, not per request.
  if (!finished) throw new Error('helmet did not finish synchronously; its headers cannot be computed once.');
  return headers;
}
