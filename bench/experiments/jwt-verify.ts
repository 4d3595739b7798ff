/**
 * What verifying one session token costs (the auth hook does it on every request): the server's
 * createTokenSigner().verify (jose, given the raw secret, so WebCrypto imports the key on every call),
 * jose with the key imported once, and a cache of already-verified tokens in front of that.
 * One at a time and 100 at once (as under load). Rounds alternate; the best round counts.
 *
 *   node --import tsx bench/experiments/jwt-verify.ts        (EXP_ROUNDS=3, EXP_OPS=20000)
 */
import { webcrypto } from 'node:crypto';
import { jwtVerify } from 'jose';
import { createTokenSigner } from '../../server/src/modules/auth/tokens';
import { envNumber, fixed, markdownTable } from '../harness';
import { BENCH_JWT_SECRET } from '../support';

const ROUNDS = envNumber('EXP_ROUNDS', 3);
const OPS = envNumber('EXP_OPS', 20_000);
const signer = createTokenSigner(BENCH_JWT_SECRET, 3_600);
const { token } = await signer.issue('recruiter', 'a-recruiter');
const options = { algorithms: ['HS256'], issuer: 'hirelink', audience: 'hirelink-api', requiredClaims: ['sub', 'jti', 'exp', 'iat'] };
const key = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(BENCH_JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
const cache = new Map<string, { exp: number }>();

const ways: [string, () => Promise<unknown>][] = [
  ['server today: jose, raw secret (key imported per call)', () => signer.verify(token)],
  ['jose, CryptoKey imported once', () => jwtVerify(token, key as never, options)],
  [
    'verified-token cache, then jose with the CryptoKey',
    async () => {
      const hit = cache.get(token);
      if (hit && hit.exp * 1000 > Date.now()) return hit;
      const { payload } = await jwtVerify(token, key as never, options);
      cache.set(token, { exp: payload.exp! });
      return payload;
    },
  ],
];

const best = new Map<string, [number, number]>();
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, verify] of ways) {
    for (let i = 0; i < 1_000; i++) await verify();
    let started = performance.now();
    for (let i = 0; i < OPS; i++) await verify();
    const sequential = ((performance.now() - started) * 1000) / OPS;
    started = performance.now();
    for (let i = 0; i < OPS; i += 100) await Promise.all(Array.from({ length: 100 }, () => verify()));
    const concurrent = ((performance.now() - started) * 1000) / OPS;
    const previous = best.get(name);
    best.set(name, [Math.min(previous?.[0] ?? Infinity, sequential), Math.min(previous?.[1] ?? Infinity, concurrent)]);
  }
}
console.log(
  markdownTable(
    ['token verification', 'µs per token, one at a time', 'µs per token, 100 at once'],
    [...best.entries()].map(([name, [a, b]]) => [name, fixed(a, 1), fixed(b, 1)]),
  ),
);
console.log(`(best of ${ROUNDS} rounds × ${OPS} verifications)`);
