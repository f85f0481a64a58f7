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
/** Distinct texts that get a name; past it a text runs through `query`, as before. */
const MAX_NAMED = 2_000;

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
 * Call it where `lite.query` or a transaction's `tx.query` would be called: inside a transaction
 * it runs in that transaction (Postgres has one session), and it takes PGlite's query mutex as
 * `query` does.
 */
export function preparedQueries(lite) {
  /** text → { name, paramTypes, rowDescription } */
  const statements = new Map();
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

  async function prepare(text, paramTypes) {
    const name = `td${statements.size}`;
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

  return async function query(text, params = [], options = undefined, { inTransaction = false } = {}) {
    if (!statements.has(text) && statements.size >= MAX_NAMED) return lite.query(text, params, options);
    return lite._runExclusiveQuery(async () => {
      const statement = statements.get(text) ?? (await prepare(text, options?.paramTypes));
      const message = concat([
        serialize.bind({ statement: statement.name, values: values(statement, params, options) }),
        serialize.execute({}),
        serialize.sync(),
      ]);
      const { messages } = await lite.execProtocol(message, { syncToFs: !inTransaction });
      const all = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
      return parse.parseResults(all, parsersOf(options), { rowMode: options?.rowMode })[0];
    });
  };
}
