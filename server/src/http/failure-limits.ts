import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from './errors';

/**
 * Limits on *failures* (a wrong password, an unknown connection ID), where a request-count limit
 * would punish the honest: a recruiter posting a hundred jobs a minute for its own clients is not
 * guessing, and must not meet a 429. Success is free; each failure counts, and once a key has
 * failed `max` times in its window every attempt is refused until the window ends, successes
 * included, so that a 429 never tells a guesser which of its guesses would have been right.
 *
 * @fastify/rate-limit counts every request and cannot look at a count without adding to it, so
 * failures are counted here: in memory (one instance) or in Redis (every instance, REDIS_URL).
 */

export interface FailureCount {
  /** Failures in the key's current window. */
  count: number;
  /** Milliseconds until that window ends (0 when there is none). */
  ttlMs: number;
}

export interface FailureCounterStore {
  peek(key: string): Promise<FailureCount>;
  add(key: string, windowMs: number): Promise<FailureCount>;
}

export interface FailureLimitOptions {
  /** Names the limit in logs and keeps its counters apart from other limits'. */
  name: string;
  max: number;
  windowMs: number;
  /** What the 429 says before "Please wait N s and try again." */
  message?: string;
}

export interface FailureLimit {
  readonly name: string;
  /** Throws 429 (with Retry-After) when `key` has used up its failures; otherwise does nothing. */
  assertAllowed(key: string, context?: Record<string, unknown>): Promise<void>;
  /**
   * Counts a failure. Throws 429 when this failure went past the limit (concurrent attempts may all
   * have passed `assertAllowed`), so at most `max` failures per window are ever answered.
   */
  recordFailure(key: string, context?: Record<string, unknown>): Promise<void>;
}

export function createFailureLimits({ store, log }: { store: FailureCounterStore; log: FastifyBaseLogger }) {
  return function failureLimit(options: FailureLimitOptions): FailureLimit {
    const storeKey = (key: string) => `${options.name}:${key}`;

    function refuse(ttlMs: number, context: Record<string, unknown> | undefined, count: number): never {
      const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
      // The key may be an e-mail address: log which limit tripped and the caller's context, not the key.
      log.warn({ limit: options.name, failures: count, max: options.max, retryAfter: retryAfterSeconds, ...context }, 'failure limit reached');
      throw new AppError('rate_limited', `${options.message ?? 'Too many failed attempts.'} Please wait ${retryAfterSeconds} s and try again.`, {
        retryAfterSeconds,
      });
    }

    return {
      name: options.name,

      async assertAllowed(key, context) {
        const { count, ttlMs } = await failOpen(log, options.name, () => store.peek(storeKey(key)));
        if (count >= options.max) refuse(ttlMs, context, count);
      },

      async recordFailure(key, context) {
        const { count, ttlMs } = await failOpen(log, options.name, () => store.add(storeKey(key), options.windowMs));
        if (count > options.max) refuse(ttlMs, context, count);
      },
    };
  };
}

/**
 * A counter store that cannot answer lets the attempt through, with a warning, like the request
 * limits (`skipOnError`): an outage of Redis must not become an outage of sign-in.
 */
async function failOpen(log: FastifyBaseLogger, name: string, read: () => Promise<FailureCount>): Promise<FailureCount> {
  try {
    return await read();
  } catch (error) {
    log.warn({ err: error, limit: name }, 'failure-limit store unavailable; the limit is not enforced');
    return { count: 0, ttlMs: 0 };
  }
}

/** Counters in this process: right for one instance (and for tests). */
export function memoryFailureStore({ maxKeys = 100_000 }: { maxKeys?: number } = {}): FailureCounterStore {
  const windows = new Map<string, { count: number; endsAt: number }>();

  function current(key: string, now: number) {
    const entry = windows.get(key);
    if (entry && entry.endsAt <= now) {
      windows.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Bounded: expired windows go first, then the oldest, so a flood of keys cannot grow memory. */
  function makeRoom(now: number): void {
    if (windows.size < maxKeys) return;
    for (const [key, entry] of windows) if (entry.endsAt <= now) windows.delete(key);
    while (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
  }

  return {
    async peek(key) {
      const now = Date.now();
      const entry = current(key, now);
      return entry ? { count: entry.count, ttlMs: entry.endsAt - now } : { count: 0, ttlMs: 0 };
    },
    async add(key, windowMs) {
      const now = Date.now();
      let entry = current(key, now);
      if (!entry) {
        makeRoom(now);
        entry = { count: 0, endsAt: now + windowMs };
        windows.set(key, entry);
      }
      entry.count++;
      return { count: entry.count, ttlMs: entry.endsAt - now };
    },
  };
}

const ADD_FAILURE_LUA = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
`;

/** Counters in Redis, shared by every instance: a fixed window that starts at the first failure. */
export function redisFailureStore(redis: Redis, prefix = 'hirelink:failures:'): FailureCounterStore {
  return {
    async peek(key) {
      const results = await redis
        .multi()
        .get(prefix + key)
        .pttl(prefix + key)
        .exec();
      const count = Number(results?.[0]?.[1] ?? 0);
      const ttlMs = Number(results?.[1]?.[1] ?? 0);
      return { count, ttlMs: Math.max(0, ttlMs) };
    },
    async add(key, windowMs) {
      const [count, ttlMs] = (await redis.eval(ADD_FAILURE_LUA, 1, prefix + key, String(windowMs))) as [number, number];
      return { count, ttlMs: Math.max(0, ttlMs) };
    },
  };
}
