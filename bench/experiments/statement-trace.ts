/**
 * Every SQL statement a process runs, as it runs it: better-sqlite3 executions (statements re-used
 * from a cache included) and every query a pg client sends, PostgreSQL ones marked `[named]` (a
 * server-side prepared statement) or `[unnamed]` (parsed and planned on every run).
 *
 * In-process: `traceStatements((statement) => …)`. As a preload, with STATEMENT_TRACE=stderr, it
 * writes each statement to standard error as `SQL <statement>`, synchronously, so a statement is
 * written before the answer it serves leaves (bench/experiments/bare-parity.ts reads the bare
 * server's this way):
 *
 *   STATEMENT_TRACE=stderr node --import tsx --import ./bench/experiments/statement-trace.ts bench/bare-server.ts
 */
import { writeSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

export function traceStatements(note: (statement: string) => void): void {
  const Statement = Object.getPrototypeOf(new SqliteDatabase(':memory:').prepare('select 1')) as Record<
    'run' | 'get' | 'all' | 'iterate',
    (...args: unknown[]) => unknown
  >;
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = Statement[method];
    Statement[method] = function (this: { source: string }, ...args: unknown[]) {
      note(this.source);
      return original.apply(this, args);
    };
  }
  // The pool's clients bind this method when they connect, so it must be patched before.
  // Taken off the prototype unbound on purpose: it is applied to each client below.
  const clientQuery = Object.getOwnPropertyDescriptor(pg.Client.prototype, 'query')!.value as (this: pg.Client, ...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config] = args;
    if (typeof config === 'string') note(`[unnamed] ${config}`);
    else if (config && typeof config === 'object' && 'text' in config) {
      const { name, text } = config as { name?: string; text: string };
      note(`${name ? '[named]' : '[unnamed]'} ${text}`);
    }
    return clientQuery.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

if (process.env.STATEMENT_TRACE === 'stderr') traceStatements((statement) => writeSync(2, `SQL ${statement.replace(/\n/g, ' ')}\n`));
