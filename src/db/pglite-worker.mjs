// The PGlite database of an on-disk data directory, in a worker thread (decision 105).
//
// Plain JavaScript on purpose: a worker starts without the parent's TypeScript loader under
// some runners (vitest), and this file must load the same under `npm start`, tsx and tests.
// The protocol is defined in pglite-remote.ts, the only file that talks to it.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { messages, PGlite } from "@electric-sql/pglite";
import { preparedQueries } from "./pglite-prepared.mjs";

/** Types whose raw text goes back unparsed: the caller parses them with its own functions. */
const rawParsers = new Map();
function parsersFor(rawTypes) {
  if (!rawTypes || !rawTypes.length) return undefined;
  const key = rawTypes.join(",");
  let parsers = rawParsers.get(key);
  if (!parsers) {
    parsers = Object.fromEntries(rawTypes.map((oid) => [oid, (text) => text]));
    rawParsers.set(key, parsers);
  }
  return parsers;
}

/** A PGlite error as plain fields: structured clone keeps only an Error's message and stack. */
function errorFields(err) {
  if (!(err instanceof Error)) return { message: String(err) };
  const out = { message: err.message, name: err.name, database: err instanceof messages.DatabaseError };
  for (const k of ["code", "severity", "detail", "hint", "position", "schema", "table", "column", "constraint"]) {
    if (err[k] !== undefined) out[k] = err[k];
  }
  return out;
}

// Linux nice values are per thread: this one yields the CPU to the main thread, whose work is
// answering webhooks within Telnyx's deadline; the database catches up when the burst ends.
if (workerData.nice) {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    setPriority(tid, workerData.nice);
  } catch {
    // Not Linux, or not permitted: the worker simply runs at the process's priority.
  }
}

const lite = new PGlite(workerData.dataDir);
const prepared = preparedQueries(lite);
/** Open transactions by id: the caller's statements run on `tx` until it says commit or rollback. */
const open = new Map();

function beginTransaction(txId) {
  return new Promise((started, failed) => {
    const done = lite.transaction(async (tx) => {
      let finish;
      const ended = new Promise((resolve, reject) => (finish = { resolve, reject }));
      open.set(txId, { tx, finish, done });
      started(undefined);
      return ended;
    });
    done.catch(failed); // BEGIN failed; after `started` this is a no-op
  });
}

async function endTransaction(txId, commit) {
  const entry = open.get(txId);
  if (!entry) throw new Error("Transaction is closed");
  open.delete(txId);
  if (commit) entry.finish.resolve(undefined);
  else entry.finish.reject(Object.assign(new Error("rolled back"), { textdeskRollback: true }));
  try {
    await entry.done;
  } catch (err) {
    if (!err?.textdeskRollback) throw err;
  }
}

async function handle(msg) {
  const target = msg.txId ? open.get(msg.txId)?.tx : lite;
  switch (msg.op) {
    case "ready":
      return lite.waitReady;
    case "query":
      if (!target) throw new Error("Transaction is closed");
      return prepared(
        msg.sql,
        msg.params,
        { rowMode: msg.rowMode, parsers: parsersFor(msg.rawTypes) },
        { inTransaction: Boolean(msg.txId) },
      );
    case "exec":
      if (!target) throw new Error("Transaction is closed");
      return target.exec(msg.sql);
    case "begin":
      return beginTransaction(msg.txId);
    case "commit":
      return endTransaction(msg.txId, true);
    case "rollback":
      return endTransaction(msg.txId, false);
    case "close":
      return lite.close();
    default:
      throw new Error(`unknown op ${msg.op}`);
  }
}

parentPort.on("message", (msg) => {
  handle(msg).then(
    (result) => parentPort.postMessage({ id: msg.id, ok: true, result }),
    (err) => parentPort.postMessage({ id: msg.id, ok: false, error: errorFields(err) }),
  );
});
