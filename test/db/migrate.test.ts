import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { applyMigrations, readMigrations, type MigrationSession } from "../../src/db/migrate.ts";

const DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const session = (lite: PGlite): MigrationSession => ({
  exec: async (sql) => void (await lite.exec(sql)),
  query: async (sql, params) => (await lite.query(sql, params)).rows as never,
});

describe("start-up migrations (Prisma's layout and bookkeeping)", () => {
  it("applies pending migrations once, in name order, recorded as Prisma would; refuses an edited one", async () => {
    const lite = new PGlite();
    try {
      const migrations = await readMigrations(DIR);
      expect(migrations.map((m) => m.name)).toEqual([...migrations.map((m) => m.name)].sort());
      expect(await applyMigrations(session(lite), migrations)).toEqual(migrations.map((m) => m.name));
      expect(await applyMigrations(session(lite), migrations)).toEqual([]);
      const rows = (
        await lite.query<{ checksum: string; applied_steps_count: number }>(
          `SELECT checksum, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
        )
      ).rows;
      expect(rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
      expect(rows.every((r) => r.applied_steps_count === 1 && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
      const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
      await expect(applyMigrations(session(lite), edited)).rejects.toThrow(/changed after it was applied/);
    } finally {
      await lite.close();
    }
  });

  it("a failing migration is rolled back and not recorded", async () => {
    const lite = new PGlite();
    try {
      const bad = [
        {
          name: "20990101000000_bad",
          sql: "CREATE TABLE ok_part (id int); SELECT broken syntax here;",
          checksum: "x".repeat(64),
        },
      ];
      await expect(applyMigrations(session(lite), bad)).rejects.toThrow(/20990101000000_bad failed/);
      const tables = (await lite.query(`SELECT 1 FROM pg_tables WHERE tablename = 'ok_part'`)).rows;
      expect(tables).toHaveLength(0);
      expect((await lite.query(`SELECT 1 FROM _prisma_migrations`)).rows).toHaveLength(0);
    } finally {
      await lite.close();
    }
  });
});
