import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './principal';

/**
 * The authenticated caller of the request being handled, for code that runs deep inside a service's
 * transaction and is not handed it: the activity log's listener names who made a change (and with
 * which API key) without every service passing the principal through every call. Services still
 * scope by the principal they are given; this is only ever read to attribute, never to authorise.
 * Outside a request (a timer, a test calling a service) there is no caller.
 */
const callers = new AsyncLocalStorage<Principal>();

/** Runs the rest of the request (Fastify's `done`) with its caller known. */
export function runAsCaller(principal: Principal, next: () => void): void {
  callers.run(principal, next);
}

export function currentCaller(): Principal | undefined {
  return callers.getStore();
}
