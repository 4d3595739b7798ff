/**
 * A module resolution hook for the benchmark's "proposed fixes" server only: the server's
 * tokens.ts gets bench/variants/jose-key-once.mjs instead of `jose`, which imports the HMAC key
 * once instead of on every verification. Nothing under server/ is changed.
 */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'jose' && context.parentURL && context.parentURL.includes('/server/src/modules/auth/tokens.')) {
    return { url: new URL('./jose-key-once.mjs', import.meta.url).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
