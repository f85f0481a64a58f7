import { describe, expect, it } from "vitest";
import { chooseWasmTier } from "../../src/db/wasm-tier.ts";

// The memory figures behind this are in docs/benchmarks.md (npm run bench:rss fails over a goal).
describe("WebAssembly tier of the production process", () => {
  it("PostgreSQL: Prisma's query compiler runs on the baseline tier only", () => {
    const set: string[] = [];
    expect(chooseWasmTier("postgres://textdesk@db.internal:5432/textdesk", (f) => void set.push(f))).toBe("liftoff");
    expect(set).toEqual(["--liftoff-only"]);
  });

  it("PGlite (the default, or pglite:): Postgres itself is WebAssembly, so nothing changes", () => {
    const set: string[] = [];
    expect(chooseWasmTier(undefined, (f) => void set.push(f))).toBe("default");
    expect(chooseWasmTier("pglite://./data/pglite", (f) => void set.push(f))).toBe("default");
    expect(set).toEqual([]);
  });
});
