import type { FastifyInstance, onSendHookHandler } from 'fastify';

/**
 * Fields that are credentials (a TOTP set-up's URI holds its secret; recovery codes sign in; an
 * invitation link holds the token that joins a company), or (a connection ID) let whoever holds
 * them link jobs to a client.
 */
const SECRET_FIELDS = new Set(['token', 'key', 'connection_id', 'mfa_token', 'otpauth_url', 'recovery_codes', 'invitation_url']);

/**
 * Responses that carry a token, an API key or a connection ID, and look-ups whose URL holds a
 * connection ID, are sent with `Cache-Control: no-store`, so that no browser or proxy cache keeps
 * a copy. Routes are picked by their schemas when they are registered, so a new route that
 * returns such a field is covered without anyone remembering to flag it.
 */
export function installNoStore(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!carriesSecret(route.schema)) return;
    route.onSend = [...[route.onSend ?? []].flat(), noStore];
  });
}

const noStore: onSendHookHandler = (_request, reply, payload, done) => {
  reply.header('cache-control', 'no-store');
  done(null, payload);
};

/** Whether a route's params or any of its success responses name one of SECRET_FIELDS. */
export function carriesSecret(schema: { params?: unknown; response?: unknown } | undefined): boolean {
  if (!schema) return false;
  if (namesSecret(schema.params)) return true;
  const responses = (schema.response ?? {}) as Record<string, unknown>;
  return Object.entries(responses).some(([status, response]) => status.startsWith('2') && namesSecret(response));
}

function namesSecret(schema: unknown, depth = 0): boolean {
  if (!schema || typeof schema !== 'object' || depth > 8) return false;
  const node = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] };
  if (node.properties) {
    for (const [name, property] of Object.entries(node.properties)) {
      if (SECRET_FIELDS.has(name) || namesSecret(property, depth + 1)) return true;
    }
  }
  return [node.items, ...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])].some((part) => namesSecret(part, depth + 1));
}
