/**
 * `jose` for the server's tokens.ts in the benchmark's "proposed fixes" server (loaded by a resolve
 * hook; plain JS because it is loaded outside tsx's TypeScript handling). jwtVerify differs:
 *
 *  - VARIANT_JWT=import-once (default): a Uint8Array secret is imported as a WebCrypto HMAC key once and
 *    the CryptoKey reused (jose imports a raw secret again on every call);
 *  - VARIANT_JWT=cache: that, plus a bounded cache of tokens already verified (same string ⇒ same
 *    result); expiry is checked again on every hit, the revoked-token lookup still runs every time.
 */
import { webcrypto } from 'node:crypto';
import { jwtVerify as joseJwtVerify } from 'jose';

export * from 'jose';

const imported = new WeakMap();
const verified = new Map();
const CACHE_MAX = 10_000;
const useCache = process.env.VARIANT_JWT === 'cache';

function keyFor(key) {
  let cryptoKey = imported.get(key);
  if (!cryptoKey) {
    cryptoKey = webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    imported.set(key, cryptoKey);
  }
  return cryptoKey;
}

export async function jwtVerify(token, key, options) {
  if (!(key instanceof Uint8Array) || typeof token !== 'string') return joseJwtVerify(token, key, options);
  if (useCache) {
    const hit = verified.get(token);
    if (hit && hit.payload.exp * 1000 > Date.now()) return hit;
  }
  const result = await joseJwtVerify(token, await keyFor(key), options);
  if (useCache) {
    if (verified.size >= CACHE_MAX) verified.delete(verified.keys().next().value);
    verified.set(token, result);
  }
  return result;
}
