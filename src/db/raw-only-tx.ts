import type { Tx } from "./contacts.ts";
import { Prisma } from "./generated/client.ts";
import type { SqlTx } from "./sql.ts";

/**
 * Thrown when work inside a driver transaction reaches for something only Prisma's client has (a
 * model query, a nested transaction): the caller rolls the transaction back and runs the same work
 * again inside Prisma's own (decision 121).
 */
export class NeedsPrisma extends Error {
  constructor(readonly what: string) {
    super(`the driver transaction cannot run "${what}"; it is run again under Prisma`);
    this.name = "NeedsPrisma";
  }
}

/** The four raw-statement methods of Prisma's client, which a driver transaction can serve itself. */
const RAW = new Set(["$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe"]);

type Template = TemplateStringsArray | Prisma.Sql;

function statement(first: Template, values: unknown[]): { text: string; values: unknown[] } {
  // Prisma's own tag builds the text ($1, $2, …) and flattens nested fragments (Prisma.raw, join).
  const s = first instanceof Prisma.Sql ? first : Prisma.sql(first, ...(values as Prisma.Sql[]));
  return { text: s.text, values: s.values };
}

/**
 * A stand-in for Prisma's transaction client whose raw statements (`$queryRaw` and kin) run on a
 * connection we hold ourselves, so the hot path skips Prisma's per-statement work (issue #9).
 * Anything else it is asked for throws NeedsPrisma, and `reached()` says so afterwards even
 * if the caller swallowed the error, so a half-done transaction is never committed. The work may
 * run twice, so it must have no effect outside the database (the inbox wakes the outbox after commit).
 */
export function rawOnlyTx(q: SqlTx): { tx: Tx; reached: () => string | undefined } {
  let reached: string | undefined;
  const methods: Record<string, (first: never, ...rest: unknown[]) => Promise<unknown>> = {
    $queryRaw: async (first: Template, ...values) => {
      const s = statement(first, values);
      return (await q.query(s.text, s.values)).rows;
    },
    $executeRaw: async (first: Template, ...values) => {
      const s = statement(first, values);
      return (await q.query(s.text, s.values)).count;
    },
    $queryRawUnsafe: async (text: string, ...values) => (await q.query(text, values)).rows,
    $executeRawUnsafe: async (text: string, ...values) => (await q.query(text, values)).count,
  };
  const tx = new Proxy(Object.create(null) as object, {
    get(_target, prop) {
      if (typeof prop === "string" && RAW.has(prop)) return methods[prop];
      // Promise resolution and inspection probe these; the client has none of them either.
      if (typeof prop === "symbol" || prop === "then" || prop === "toJSON") return undefined;
      reached ??= prop;
      throw new NeedsPrisma(prop);
    },
  });
  return { tx: tx as Tx, reached: () => reached };
}
