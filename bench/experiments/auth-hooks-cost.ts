/**
 * What the two hooks that every signed-in request now runs cost, in-process: the onSend hook that
 * notes the session's "last seen" (`noteSessionUsed`: a Map look-up per request, a write at most
 * once a minute) and the preHandler that runs the rest of the request inside an AsyncLocalStorage
 * caller context (`knowCaller`, for the activity log's "who").
 *
 * AsyncLocalStorage on Node 20 enables async hooks for the whole process once it is first used
 * (every promise then pays for them), so a process that never used it is the only fair "without":
 * the caller context is compared across two processes (one keeps the preHandler, one never runs
 * it), EXP_ROUNDS times in turn. The last-seen hook is compared within each process, by taking it
 * off the route's onSend list and putting it back, block after block (EXP_BLOCKS blocks of
 * EXP_BLOCK requests), which drift cannot favour. A child builds the app (SQLite in memory, log
 * lines formatted and dropped), signs a client up (a real session), finds the route's hook lists
 * after `ready` through find-my-way (product code is untouched), warms up, then injects signed-in
 * GET /v1/client/profile, EXP_CONCURRENCY at a time. Figures are this process's CPU µs per request
 * (the pipeline, the query and light-my-request). Last, each child times the two hook functions
 * called directly (what they cost without Fastify's hook runner around them).
 *
 *   node --import tsx bench/experiments/auth-hooks-cost.ts
 *   (EXP_ROUNDS=1, EXP_BLOCKS=8, EXP_BLOCK=600, EXP_WARMUP=1500, EXP_CONCURRENCY=20, EXP_DIRECT=200000)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { envNumber, fixed } from '../harness';

const ROUNDS = envNumber('EXP_ROUNDS', 1);
const BLOCKS = envNumber('EXP_BLOCKS', 8);
const BLOCK = envNumber('EXP_BLOCK', 600);
const WARMUP = envNumber('EXP_WARMUP', 1500);
const CONCURRENCY = envNumber('EXP_CONCURRENCY', 20);
const DIRECT = envNumber('EXP_DIRECT', 200_000);
const PATH = '/v1/client/profile';

interface ChildFigures {
  callerContext: boolean;
  /** CPU µs per request of each block with the last-seen hook, and of each block without it. */
  lastSeenOn: number[];
  lastSeenOff: number[];
  /** ns per call, the hook functions called directly, and an empty async function for scale. */
  direct: { noteSessionUsed: number; knowCaller: number; emptyAsync: number };
}

type Hook = (...args: unknown[]) => unknown;
type HookList = Hook[] | null;

/** The route's context (Fastify's per-route hook lists), caught as find-my-way hands it to `findRoute`. */
function routeContext(app: Awaited<ReturnType<typeof buildApp>>, method: 'GET', url: string) {
  // Fastify's own copy of find-my-way (not a dependency of ours).
  const FindMyWay = createRequire(createRequire(import.meta.url).resolve('fastify'))('find-my-way') as { prototype: object };
  const router = FindMyWay.prototype as { find: (...args: unknown[]) => { store?: unknown } | null };
  const find = router.find;
  let store: unknown;
  router.find = function (this: unknown, ...args: unknown[]) {
    const found = find.apply(this, args);
    store = found?.store;
    return found;
  };
  try {
    app.findRoute({ method, url });
  } finally {
    router.find = find;
  }
  if (!store) throw new Error(`no route context for ${method} ${url}`);
  return store as { onSend: HookList; preHandler: HookList };
}

/** Fastify binds each hook to its instance: `bound noteSessionUsed`. */
const isNamed = (hook: Hook, name: string) => hook.name === name || hook.name === `bound ${name}`;

function hookNamed(list: HookList, name: string): Hook {
  const hook = (list ?? []).find((candidate) => isNamed(candidate, name));
  if (!hook) throw new Error(`no hook named ${name} on the route: ${(list ?? []).map((candidate) => candidate.name).join(', ')}`);
  return hook;
}

/** The list without the named hook (null when none is left, as Fastify keeps an empty list). */
function without(list: HookList, name: string): HookList {
  const kept = (list ?? []).filter((hook) => !isNamed(hook, name));
  return kept.length ? kept : null;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function child(callerContext: boolean): Promise<ChildFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hirelink-auth-hooks-'));
  const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'auth-hooks-cost-secret-long-enough-for-hs256-0123456789', LOG_LEVEL: 'info' });
  const app = await buildApp(
    { ...config, database: { kind: 'sqlite', filename: ':memory:' } },
    { webRoot: null, logStream: new Writable({ write: (_chunk, _encoding, done) => done() }) },
  );
  try {
    const signUp = await app.inject({
      method: 'POST',
      url: '/v1/client/register',
      payload: { company_name: 'Hooks Co', email: 'hooks@example.test', password: 'correct horse battery staple' },
    });
    const { token, client_id: clientId } = signUp.json<{ token: string; client_id: string }>();
    const context = routeContext(app, 'GET', PATH);
    const noteSessionUsed = hookNamed(context.onSend, 'noteSessionUsed');
    const knowCaller = hookNamed(context.preHandler, 'knowCaller');
    const onSendWith = context.onSend;
    const onSendWithout = without(context.onSend, 'noteSessionUsed');
    if (!callerContext) context.preHandler = without(context.preHandler, 'knowCaller');

    const headers = { authorization: `Bearer ${token}` };
    const send = async (count: number) => {
      for (let sent = 0; sent < count; sent += CONCURRENCY) {
        const answers = await Promise.all(
          Array.from({ length: Math.min(CONCURRENCY, count - sent) }, () => app.inject({ method: 'GET', url: PATH, headers })),
        );
        for (const answer of answers) if (answer.statusCode !== 200) throw new Error(`${PATH} answered ${answer.statusCode}: ${answer.body}`);
      }
    };
    await send(WARMUP);
    const lastSeenOn: number[] = [];
    const lastSeenOff: number[] = [];
    for (let block = 0; block < BLOCKS; block++) {
      // on, off, off, on, on, off…: each setting as often first as second.
      const on = block % 4 === 0 || block % 4 === 3;
      context.onSend = on ? onSendWith : onSendWithout;
      const before = process.cpuUsage();
      await send(BLOCK);
      const cpu = process.cpuUsage(before);
      (on ? lastSeenOn : lastSeenOff).push((cpu.user + cpu.system) / BLOCK);
    }
    context.onSend = onSendWith;

    // The hook functions alone, on the session just used (so "last seen" takes its fast path).
    const tokenId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
    const request = { principal: { role: 'client', clientId, session: { tokenId } } };
    const reply = { statusCode: 200 };
    const emptyAsync = async (_request: unknown, _reply: unknown, payload: unknown) => payload;
    const nsPerCall = async (call: () => unknown) => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < DIRECT; i++) await call();
      return Number(process.hrtime.bigint() - started) / DIRECT;
    };
    const done = () => {};
    const direct = {
      emptyAsync: await nsPerCall(() => emptyAsync(request, reply, 'x')),
      noteSessionUsed: await nsPerCall(() => noteSessionUsed(request, reply, 'x')),
      knowCaller: await nsPerCall(() => knowCaller(request, reply, done)),
    };
    return { callerContext, lastSeenOn, lastSeenOff, direct };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function runChild(callerContext: boolean): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    const started = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, EXP_CHILD: callerContext ? 'caller-context' : 'no-caller-context' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    started.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.on('exit', (code) => {
      const line = output.split('\n').find((text) => text.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line) as ChildFigures);
      else reject(new Error(`child exited with ${code}: ${output}`));
    });
  });
}

if (process.env.EXP_CHILD) {
  console.log(JSON.stringify(await child(process.env.EXP_CHILD === 'caller-context')));
} else {
  const started = Date.now();
  const load = loadavg()[0]!;
  const runs: ChildFigures[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Each round in the other order, so that a drift of the machine does not fall on one side.
    for (const callerContext of round % 2 === 0 ? [true, false] : [false, true]) runs.push(await runChild(callerContext));
  }
  console.log(
    `GET ${PATH} injected, ${CONCURRENCY} at a time; ${BLOCKS} blocks of ${BLOCK} per process, ${ROUNDS} round(s); ` +
      `load average ${load.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`,
  );
  console.log(
    '| process | CPU µs/request, last-seen hook on (median of blocks) | off | on − off | direct calls, ns: noteSessionUsed / knowCaller / empty async fn |',
  );
  console.log('|---|---|---|---|---|');
  for (const run of runs) {
    const on = median(run.lastSeenOn);
    const off = median(run.lastSeenOff);
    console.log(
      `| ${run.callerContext ? 'with caller context' : 'no caller context'} | ${fixed(on, 1)} | ${fixed(off, 1)} | ${fixed(on - off, 1)} | ` +
        `${fixed(run.direct.noteSessionUsed, 0)} / ${fixed(run.direct.knowCaller, 0)} / ${fixed(run.direct.emptyAsync, 0)} |`,
    );
  }
  const offWith = median(runs.filter((run) => run.callerContext).map((run) => median(run.lastSeenOff)));
  const offWithout = median(runs.filter((run) => !run.callerContext).map((run) => median(run.lastSeenOff)));
  console.log(
    `caller context (across processes, last-seen off): ${fixed(offWith, 1)} − ${fixed(offWithout, 1)} = ${fixed(offWith - offWithout, 1)} µs/request`,
  );
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
