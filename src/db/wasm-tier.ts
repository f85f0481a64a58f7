import { setFlagsFromString } from "node:v8";
import { databaseTarget } from "./database.ts";

/**
 * On PostgreSQL the process's only WebAssembly is Prisma's query compiler. V8's optimising tier
 * (TurboFan) keeps ~70 MB of compiled code and compiler memory for it, about a third of an idle
 * instance (199 → 127 MB measured; issue #9's goal is ≤ 150 MB), for no CPU we could measure:
 * the compiler is a few per cent of a request. So a PostgreSQL instance runs WebAssembly on the
 * baseline tier (Liftoff) only. Not on PGlite: there Postgres itself is WebAssembly and the hot
 * path (decision 105). Must run before the database is opened, which compiles the module.
 */
export function chooseWasmTier(
  databaseUrl: string | undefined,
  setFlags: (flags: string) => void = setFlagsFromString,
): "liftoff" | "default" {
  if (databaseTarget(databaseUrl).kind !== "postgres") return "default";
  setFlags("--liftoff-only");
  return "liftoff";
}
