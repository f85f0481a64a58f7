import type { PGlite, QueryOptions, Results } from "@electric-sql/pglite";

/** A statement through a named prepared statement; see pglite-prepared.mjs. */
export type PreparedQuery = <T = Record<string, unknown>>(
  text: string,
  params?: unknown[],
  options?: QueryOptions,
  where?: { inTransaction?: boolean },
) => Promise<Results<T>>;

/** A `query` for `lite` that prepares each distinct text once; `maxNamed` (tests) caps the names kept. */
export function preparedQueries(lite: PGlite, options?: { maxNamed?: number }): PreparedQuery;
