import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { preparedQueryOf, yieldingTransaction, type PgliteGate } from "./pglite-gate.ts";
import { isStaleStatement, type StatementNames } from "./statement-names.ts";

/**
 * The hot path's hand-written SQL goes straight to the driver the Prisma adapter already
 * holds (the PGlite instance or the `pg.Pool`): no query planning in JavaScript, one round
 * trip per statement. Prisma stays for the schema, migrations and the cold paths.
 */
export interface Sql {
  /** `ack`: the statement a webhook's answer waits for; on PGlite it goes before background work. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], opts?: { ack?: boolean }): Promise<T[]>;
  /**
   * Runs `fn` while this process holds the advisory lock `key`, or returns undefined at once
   * when another session holds it. `sharedKey`: a lock taken in shared mode beside it, so holders
   * of `sharedKey` in exclusive mode keep them all out. On PGlite (one process) it simply runs `fn`.
   */
  withTryLock<T>(key: number, fn: () => Promise<T>, sharedKey?: number): Promise<T | undefined>;
  /** Runs `fn` in one transaction on a connection of its own: committed if it returns, rolled back if it throws. */
  transaction<T>(fn: (q: SqlTx) => Promise<T>): Promise<T>;
}

/** A statement inside `Sql.transaction`: its rows, and how many rows it changed. */
export interface SqlTx {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; count: number }>;
}

/** PGlite: one connection; the gate orders our statements and Prisma's, webhooks' inserts first. */
export function pgliteSql(lite: PGlite, gate: PgliteGate): Sql {
  const prepared = preparedQueryOf(lite);
  const run = (text: string, params?: unknown[]) => (prepared ? prepared(text, params) : lite.query(text, params));
  return {
    query: async (text, params, opts) =>
      (await gate.run(opts?.ack ? "ack" : "background", () => run(text, params))).rows as never,
    withTryLock: (_key, fn) => fn(),
    // Background work at the gate, as Prisma's transactions are (gatedPglite).
    transaction: (fn) =>
      gate.run("background", () =>
        lite.transaction(async (t) => {
          const tx = yieldingTransaction(t, prepared);
          const watch = failureWatch(async (text, params) => {
            const r = await tx.query<Record<string, unknown>>(text, params);
            return { rows: r.rows, count: r.affectedRows ?? 0 };
          });
          const out = await fn(watch);
          watch.refuseAborted();
          return out;
        }),
      ),
  };
}

/**
 * PostgreSQL: the pool Prisma uses; the lock is a session lock on one checked-out connection.
 * `ackPool`: a few connections of their own for the statements a webhook's answer waits for, so
 * an inbox insert never queues behind processing transactions holding every pooled connection.
 */
export function poolSql(pool: pg.Pool, ackPool: pg.Pool = pool, names?: StatementNames): Sql {
  return {
    query: async (text, params, opts) => {
      const target = opts?.ack ? ackPool : pool;
      try {
        return (await target.query({ name: names?.nameFor(text), text, values: params })).rows as never;
      } catch (err) {
        // Outside any transaction a failed statement changed nothing: once renamed, run it again.
        if (!names || !isStaleStatement(err)) throw err;
        names.renew(text);
        return (await target.query({ name: names.nameFor(text), text, values: params })).rows as never;
      }
    },
    transaction: (fn) => poolTransaction(pool, fn, names),
    withTryLock: async (key, fn, sharedKey) => {
      const client = await pool.connect();
      try {
        // Both locks in one round trip; whichever was granted is released on the way out.
        const got = await client.query<{ ok: boolean; shared: boolean }>(
          "SELECT pg_try_advisory_lock($1) AS ok, ($2::bigint IS NULL OR pg_try_advisory_lock_shared($2::bigint)) AS shared",
          [key, sharedKey ?? null],
        );
        const { ok = false, shared = false } = got.rows[0] ?? {};
        const heldShared = shared && sharedKey !== undefined;
        try {
          return ok && shared ? await fn() : undefined;
        } finally {
          if (ok || heldShared)
            await client.query(
              "SELECT CASE WHEN $2 THEN pg_advisory_unlock($1) END, CASE WHEN $3 THEN pg_advisory_unlock_shared($4::bigint) END",
              [key, ok, heldShared, sharedKey ?? null],
            );
        }
      } finally {
        client.release();
      }
    },
  };
}

/** BEGIN, `fn`, COMMIT on one pooled connection; ROLLBACK on any failure, and a connection that cannot roll back is dropped. */
async function poolTransaction<T>(pool: pg.Pool, fn: (q: SqlTx) => Promise<T>, names?: StatementNames): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  // Once it has ended, the connection may be someone else's: a late statement must not run on it.
  let closed = false;
  const watch = failureWatch(async (text, params) => {
    if (closed) throw new Error("Transaction is closed");
    try {
      const r = await client.query({ name: names?.nameFor(text), text, values: params });
      return { rows: r.rows, count: r.rowCount ?? 0 };
    } catch (err) {
      // The transaction is aborted now; the text gets a new name for whoever runs it next.
      if (names && isStaleStatement(err)) names.renew(text);
      throw err;
    }
  });
  try {
    await client.query("BEGIN");
    const out = await fn(watch);
    watch.refuseAborted();
    closed = true;
    await client.query("COMMIT");
    return out;
  } catch (err) {
    closed = true;
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * A transaction's statements, remembering whether one failed: if the work caught that failure and
 * went on, the database has aborted the transaction and its COMMIT would quietly roll back.
 * `refuseAborted` says so out loud instead, so nothing is counted as applied.
 */
function failureWatch(run: SqlTx["query"]): SqlTx & { refuseAborted(): void } {
  let failed = false;
  return {
    query: async (text, params) => {
      try {
        return await run(text, params);
      } catch (err) {
        failed = true;
        throw err;
      }
    },
    refuseAborted: () => {
      if (failed) throw new Error("a statement failed inside the transaction, which was rolled back");
    },
  };
}
