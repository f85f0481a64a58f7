// Named prepared statements on a PGlite instance (issue #9).
//
// PGlite's `query` sends Parse, Describe, Bind, Describe, Execute and Sync as six calls into
// Postgres for every statement, and Postgres parses, analyses and plans the text each time. Here a
// text is parsed once under a name; each later run is one call carrying Bind, Execute and Sync, and
// Postgres reuses the statement (and, once it settles on a generic plan, the plan). Parameters are
// serialised and rows parsed exactly as `PGlite.query` does, with its own functions.
//
// Plain JavaScript because the worker thread (pglite-worker.mjs) imports it; see that file.
import { parse, protocol } from "@electric-sql/pglite";

const { serialize } = protocol;
/** Named statements kept at most; past it the least recently run is closed (decision 117). */
const MAX_NAMED = 2_000;
/**
 * Errors after which a statement's name is forgotten and the text prepared again: its result's
 * shape changed under it (a table altered), or Postgres no longer knows the name.
 */
const STALE = new Set(["0A000", "26000"]);

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A `query(text, params, options, { inTransaction })` for `lite` that prepares each text once.
 * Call it where `lite.query` or a transaction's `tx.query` would be called. Outside a transaction
 * it waits for PGlite's transaction mutex as `query` does, so it never runs inside someone else's
 * transaction; inside one (whose callback holds that mutex) it takes only the query mutex, as
 * `tx.query` does. `maxNamed` is for tests.
 */
export function preparedQueries(lite, { maxNamed = MAX_NAMED } = {}) {
  /** text → { name, paramTypes, rowDescription }, least recently run first */
  const statements = new Map();
  let nextName = 0;
  /**
   * A caller's parsers over PGlite's own, merged once per parsers object: `parseResults` would
   * otherwise copy PGlite's whole table of parsers into a new object on every statement (measured:
   * the largest JavaScript cost in the worker's profile).
   */
  const merged = new WeakMap();
  function parsersOf(options) {
    const own = options?.parsers;
    if (!own) return lite.parsers;
    let all = merged.get(own);
    if (!all) merged.set(own, (all = { ...lite.parsers, ...own }));
    return all;
  }

  async function forget(text) {
    const statement = statements.get(text);
    if (!statement) return;
    statements.delete(text);
    const close = concat([serialize.close({ type: "S", name: statement.name }), serialize.sync()]);
    await lite.execProtocol(close, { syncToFs: false }).catch(() => undefined); // a leaked name is harmless
  }

  async function prepare(text, paramTypes) {
    while (statements.size >= maxNamed) await forget(statements.keys().next().value);
    const name = `td${nextName++}`;
    const { messages } = await lite.execProtocol(
      concat([
        serialize.parse({ name, text, types: paramTypes }),
        serialize.describe({ type: "S", name }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const statement = {
      name,
      paramTypes: parse.parseDescribeStatementResults(messages),
      rowDescription: messages.find((m) => m.name === "rowDescription"),
    };
    statements.set(text, statement);
    return statement;
  }

  function values(statement, params, options) {
    return params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const oid = statement.paramTypes[i];
      const serializer = options?.serializers?.[oid] ?? lite.serializers[oid];
      return serializer ? serializer(param) : param.toString();
    });
  }

  async function run(text, params, options, inTransaction) {
    let statement = statements.get(text);
    if (statement) {
      statements.delete(text); // to the back: most recently run
      statements.set(text, statement);
    } else statement = await prepare(text, options?.paramTypes);
    const message = concat([
      serialize.bind({ statement: statement.name, values: values(statement, params, options) }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    const { messages } = await lite.execProtocol(message, { syncToFs: !inTransaction });
    const all = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
    return parse.parseResults(all, parsersOf(options), { rowMode: options?.rowMode })[0];
  }

  async function runOrRenew(text, params, options, inTransaction) {
    try {
      return await run(text, params, options, inTransaction);
    } catch (err) {
      if (!STALE.has(err?.code) || !statements.has(text)) throw err;
      await forget(text);
      // In a transaction the error has aborted it: the caller's retry prepares the text afresh.
      if (inTransaction) throw err;
      return run(text, params, options, inTransaction);
    }
  }

  return async function query(text, params = [], options = undefined, { inTransaction = false } = {}) {
    const once = () => lite._runExclusiveQuery(() => runOrRenew(text, params, options, inTransaction));
    if (inTransaction) return once();
    await lite._checkReady();
    return lite._runExclusiveTransaction(once);
  };
}
