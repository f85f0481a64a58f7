import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/database.ts";
import { RemotePglite } from "../../src/db/pglite-remote.ts";

// Decision 105: an on-disk data directory runs PGlite in a worker thread. The Prisma adapter
// and our SQL must see exactly what they saw in-process: parsed values, its error classes,
// transactions that commit or roll back as a whole.
describe("PGlite in a worker thread", () => {
  let dir: string;
  let remote: Database;
  let local: Database;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "textdesk-worker-"));
    remote = await openDatabase({ kind: "pglite", dataDir: join(dir, "remote") });
    local = await openDatabase({ kind: "pglite" }); // in memory: in this thread
  }, 120_000);
  afterAll(async () => {
    await remote?.close();
    await local?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const contact = (phone: string) => ({
    phone,
    channelId: "C1",
    consentState: "granted",
    consentChangedAt: new Date("2026-03-01T10:00:00.123Z"),
  });

  it("Prisma reads back the same values as in-process (timestamps, booleans, nulls)", async () => {
    const a = await remote.prisma.contact.create({ data: contact("+12125550101") });
    const b = await local.prisma.contact.create({ data: contact("+12125550101") });
    const strip = (c: typeof a) => ({ ...c, id: undefined, createdAt: undefined, updatedAt: undefined });
    expect(strip(a)).toEqual(strip(b));
    expect(a.consentChangedAt).toEqual(new Date("2026-03-01T10:00:00.123Z"));
    const again = await remote.prisma.contact.findUnique({ where: { phone: "+12125550101" } });
    expect(again).toEqual(a);
  });

  it("a unique violation is Prisma's P2002, as in-process", async () => {
    const codeOf = async (db: Database) =>
      db.prisma.contact.create({ data: contact("+12125550101") }).then(
        () => "created",
        (e: { code?: string }) => e.code,
      );
    expect(await codeOf(remote)).toBe("P2002");
    expect(await codeOf(local)).toBe("P2002");
  });

  it("a transaction that throws leaves nothing; one that returns is committed", async () => {
    await expect(
      remote.prisma.$transaction(async (tx) => {
        await tx.contact.create({ data: contact("+12125550102") });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await remote.prisma.contact.count({ where: { phone: "+12125550102" } })).toBe(0);
    await remote.prisma.$transaction(async (tx) => {
      await tx.contact.create({ data: contact("+12125550103") });
    });
    expect(await remote.prisma.contact.count({ where: { phone: "+12125550103" } })).toBe(1);
  });

  it("hand-written SQL gets PGlite's default parsing (Date, JSON, bigint) and its errors", async () => {
    const [row] = await remote.sql.query<{ t: Date; j: unknown; n: unknown }>(
      `SELECT '2026-03-01T10:00:00Z'::timestamptz AS t, '{"a":[1,2]}'::jsonb AS j, 9007199254740993::int8 AS n`,
    );
    const [same] = await local.sql.query<typeof row>(
      `SELECT '2026-03-01T10:00:00Z'::timestamptz AS t, '{"a":[1,2]}'::jsonb AS j, 9007199254740993::int8 AS n`,
    );
    expect(row).toEqual(same);
    expect(row!.t).toBeInstanceOf(Date);
    await expect(remote.sql.query("SELECT * FROM no_such_table")).rejects.toMatchObject({ code: "42P01" });
  });

  it("a statement runs off this thread: the event loop keeps turning while it executes", async () => {
    const lite = new RemotePglite(join(dir, "busy"));
    await lite.waitReady;
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    await lite.query("SELECT count(*) FROM generate_series(1, 3000000)");
    running = false;
    await lite.close();
    // In-process, WebAssembly holds the loop for the whole statement: a handful of turns at most.
    expect(turns).toBeGreaterThan(50);
  }, 60_000);

  it("after close, calls fail with a clear error instead of hanging", async () => {
    const lite = new RemotePglite(join(dir, "closed"));
    await lite.waitReady;
    await lite.close();
    await expect(lite.query("SELECT 1")).rejects.toThrow(/PGlite worker exited/);
  }, 60_000);
});
