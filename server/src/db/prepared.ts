import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database';

/** A value that is filled in each time a prepared query runs. */
class Slot {
  constructor(readonly name: string) {}
}

/**
 * The SQL of every prepared query, with a statement name: PostgreSQL connections run these as
 * named statements (see `usePreparedStatementNames`), so the server parses and plans each once
 * per connection instead of on every run.
 */
const statementNames = new Map<string, string>();

export function preparedStatementName(sqlText: string): string | undefined {
  return statementNames.get(sqlText);
}

export interface PreparedQuery<Params, Row> {
  /** Every row, in the order the query gives them. */
  execute(db: Db, params: Params): Promise<Row[]>;
  /** The first row, or undefined. */
  takeFirst(db: Db, params: Params): Promise<Row | undefined>;
}

/**
 * A Kysely query built and compiled once per database, then run with new values. Building and
 * compiling costs about 6 µs a query, which is more than SQLite takes to answer an indexed
 * look-up, so the queries that every request or every write makes (the token check, the
 * connection-ID look-up, the job insert, the event append) are prepared:
 *
 *   const revoked = prepareQuery((db, { jti }: { jti: string }) =>
 *     db.selectFrom('revoked_tokens').select('jti').where('jti', '=', jti));
 *   await revoked.takeFirst(db, { jti });
 *
 * `build` receives placeholders in place of its parameters: use them only as whole values
 * (`where(column, '=', x)`), never in an expression the builder inspects or expands, such as an
 * `in` list; preparing refuses a placeholder that did not become a query parameter.
 * A query is compiled once per database, and its transactions share it.
 */
export function prepareQuery<Params extends Record<string, unknown>, Row>(
  build: (db: Db, params: Params) => Compilable<Row>,
): PreparedQuery<Params, Row> {
  // Keyed by the dialect's adapter, which a database and all its transactions share: the SQL
  // depends on nothing else, as long as no Kysely plugin rewrites queries (none is installed;
  // with one, every run compiles afresh).
  const compiledFor = new WeakMap<object, { compiled: CompiledQuery<Row>; bindings: readonly (Slot | { value: unknown })[] }>();

  function compile(db: Db) {
    const executor = db.getExecutor();
    const key = executor.plugins.length === 0 ? executor.adapter : null;
    let entry = key ? compiledFor.get(key) : undefined;
    if (entry) return entry;
    const slots = new Map<string, Slot>();
    const placeholders = new Proxy({} as Params, {
      get(_target, name) {
        if (typeof name !== 'string') return undefined;
        let slot = slots.get(name);
        if (!slot) slots.set(name, (slot = new Slot(name)));
        return slot;
      },
    });
    const compiled = build(db, placeholders).compile();
    const bindings = compiled.parameters.map((value) => (value instanceof Slot ? value : { value }));
    for (const slot of slots.values()) {
      if (!bindings.includes(slot)) throw new Error(`prepareQuery: "${slot.name}" is not a parameter of: ${compiled.sql}`);
    }
    entry = { compiled, bindings };
    if (key) compiledFor.set(key, entry);
    if (!statementNames.has(compiled.sql)) statementNames.set(compiled.sql, `hirelink_${statementNames.size + 1}`);
    return entry;
  }

  async function execute(db: Db, params: Params): Promise<Row[]> {
    const { compiled, bindings } = compile(db);
    const parameters = bindings.map((binding) => (binding instanceof Slot ? params[binding.name] : binding.value));
    const path = directPaths.get(db.getExecutor().adapter);
    if (path) {
      // A transaction shares its database's adapter: it runs on the connection it holds, when the
      // database can reach that connection (SQLite's one); else through Kysely.
      const rows =
        db === path.root ? path.outside(compiled.sql, parameters) : db.isTransaction ? path.inTransaction?.(compiled.sql, parameters) : undefined;
      if (rows) return (await rows) as Row[];
    }
    // Concurrent runs share the compiled query's id, which only plugins look at, and a compiled
    // query is only kept when there are none.
    const result = await db.executeQuery<Row>({ ...compiled, parameters });
    return result.rows;
  }

  return {
    execute,
    async takeFirst(db, params) {
      return (await execute(db, params))[0];
    },
  };
}

/**
 * A database's own way to run a prepared query outside a transaction, around Kysely's executor
 * (whose acquire, run and release are a promise each, and each pays Node 20's async-context hooks):
 * SQLite runs the statement at once when its connection is free (else undefined: queue through
 * Kysely), PostgreSQL takes a pooled client for the one query.
 */
type DirectRunner = (sqlText: string, parameters: readonly unknown[]) => unknown[] | Promise<unknown[]> | undefined;
interface DirectPath {
  root: Db;
  /** Outside a transaction. */
  outside: DirectRunner;
  /** Inside one of this database's transactions, on the connection the transaction holds. */
  inTransaction?: (sqlText: string, parameters: readonly unknown[]) => unknown[];
}
/** Keyed by the database's adapter, which its transactions share. */
const directPaths = new WeakMap<object, DirectPath>();

export function runsStatementsDirectly(db: Db, outside: DirectRunner, inTransaction?: DirectPath['inTransaction']): void {
  directPaths.set(db.getExecutor().adapter, { root: db, outside, inTransaction });
}

/**
 * A query with an `in (…)` list of values, prepared once per list length: `build` receives the
 * values as placeholders. Lists longer than `maxPrepared` are compiled on each run, so a caller
 * that sends many different lengths does not fill every PostgreSQL connection with statements.
 *
 *   const names = prepareQueryPerCount((db, ids) => db.selectFrom('recruiters').select('name').where('recruiter_id', 'in', ids));
 *   await names.execute(db, ['…', '…']);
 */
export function prepareQueryPerCount<Row>(build: (db: Db, values: readonly unknown[]) => Compilable<Row>, maxPrepared = 32) {
  const byCount = new Map<number, PreparedQuery<Record<string, unknown>, Row>>();
  return {
    async execute(db: Db, values: readonly unknown[]): Promise<Row[]> {
      if (values.length > maxPrepared) return (await db.executeQuery(build(db, values).compile())).rows;
      let query = byCount.get(values.length);
      if (!query) {
        const count = values.length;
        query = prepareQuery((db, params: Record<string, unknown>) =>
          build(
            db,
            Array.from({ length: count }, (_, i) => params[`v${i}`]),
          ),
        );
        byCount.set(count, query);
      }
      const params: Record<string, unknown> = {};
      for (let i = 0; i < values.length; i++) params[`v${i}`] = values[i];
      return query.execute(db, params);
    },
  };
}
