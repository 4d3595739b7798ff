import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import ipaddr from 'ipaddr.js';
import { AppError } from './errors';

/**
 * Where a request comes from, for limits per source: the IPv4 address, or the /64 network of an
 * IPv6 address. One IPv6 subscriber is usually given a whole /64, so counting its addresses one by
 * one would give a single attacker 2^64 fresh budgets.
 */
export function sourceOf(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const groups = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${groups.join(':')}::/64`;
}

export interface LimitOptions {
  /** Names the limit in logs and keeps its counters apart from other limits'. */
  name: string;
  max: number;
  windowMs: number;
  /** What is being counted: an IP address, an e-mail address, a recruiter. */
  key: (request: FastifyRequest) => string;
}

/**
 * A hook that answers 429 with Retry-After once `key` has been seen more than `max` times in
 * the window. Built on @fastify/rate-limit's counters; several may guard the same route
 * (the plugin's own route hook runs only one per request).
 */
export function limitBy(app: FastifyInstance, options: LimitOptions): preHandlerAsyncHookHandler {
  const check = app.createRateLimit({
    max: options.max,
    timeWindow: options.windowMs,
    keyGenerator: (request) => `${options.name}:${options.key(request)}`,
  });
  return async function rateLimited(request) {
    const result = await check(request);
    if (result.isAllowed || !result.isExceeded) return;
    const retryAfter = Math.max(1, result.ttlInSeconds);
    // The key may be an e-mail address: log which limit tripped and from where, not for whom.
    request.log.warn({ limit: options.name, ip: request.ip, retryAfter }, 'rate limit exceeded');
    throw new AppError('rate_limited', `Too many attempts. Please wait ${retryAfter} s and try again.`, {
      retryAfterSeconds: retryAfter,
    });
  };
}
