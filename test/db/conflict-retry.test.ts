import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isWriteConflict, retryOnConflict } from "../../src/db/conflict-retry.ts";
import { Harness } from "../support/harness.ts";

describe("retryOnConflict", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("runs a transaction PostgreSQL aborted for a deadlock again, and it lands once (PostgreSQL)", async () => {
    if (h.td.db.kind !== "postgres") return; // PGlite runs one transaction at a time: no deadlock to meet
    const [a, b] = await Promise.all(
      ["+12125550101", "+12125550102"].map((phone) => h.db.contact.create({ data: { phone, channelId: "C1" } })),
    );
    const lock = (tx: typeof h.db, id: string) =>
      tx.$queryRaw`SELECT id FROM contacts WHERE id = ${id}::uuid FOR UPDATE`;
    // Each holds one row and, once the other holds its own, asks for the other's: a deadlock.
    let bothHold!: () => void;
    const held = new Promise<void>((r) => (bothHold = r));
    let holders = 0;
    const hold = () => (++holders === 2 ? bothHold() : undefined);
    const errors: unknown[] = [];
    let runs = 0;
    const crossing = (first: string, second: string, name: string) =>
      retryOnConflict(async () => {
        runs += 1;
        try {
          await h.db.$transaction(async (tx) => {
            await lock(tx as typeof h.db, first);
            hold();
            await held;
            await lock(tx as typeof h.db, second);
            await tx.contact.update({ where: { id: first }, data: { name: `${name}${runs}` } });
          });
        } catch (err) {
          errors.push(err);
          throw err;
        }
      });
    await Promise.all([crossing(a.id, b.id, "a"), crossing(b.id, a.id, "b")]);
    expect(errors).toHaveLength(1); // PostgreSQL aborted one side…
    expect(isWriteConflict(errors[0])).toBe(true);
    expect(runs).toBe(3); // …which ran again and landed
    const names = await h.db.contact.findMany({ where: { id: { in: [a.id, b.id] } }, select: { name: true } });
    expect(names.every((n) => n.name !== null)).toBe(true);
  });

  it("anything else fails at once, untried", async () => {
    let runs = 0;
    await expect(
      retryOnConflict(async () => {
        runs += 1;
        throw Object.assign(new Error("unique constraint"), { code: "P2002" });
      }),
    ).rejects.toThrow("unique constraint");
    expect(runs).toBe(1);
    expect(isWriteConflict(Object.assign(new Error("x"), { code: "P2034" }))).toBe(true);
  });
});
