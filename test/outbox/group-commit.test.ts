import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../src/inbox/group-commit.ts";

/** A flush the test answers by hand: each call waits until the test resolves or fails it. */
function manualFlush() {
  const calls: Array<{ items: string[]; done: (fail?: string) => void }> = [];
  const flush = (items: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({ items, done: (fail) => (fail ? reject(new Error(fail)) : resolve(items.map((i) => `${i}!`))) });
    });
  return { calls, flush };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("GroupCommit (the webhooks' inserts on PostgreSQL)", () => {
  it("writes an item alone at once when nothing is in flight, and everything that arrived meanwhile as the next group, in order", async () => {
    const f = manualFlush();
    const g = new GroupCommit(f.flush);
    const first = g.write("a");
    expect(f.calls.map((c) => c.items)).toEqual([["a"]]);
    const rest = ["b", "c", "d"].map((x) => g.write(x));
    expect(f.calls).toHaveLength(1); // one group in flight at a time
    f.calls[0].done();
    expect(await first).toBe("a!");
    await tick();
    expect(f.calls.map((c) => c.items)).toEqual([["a"], ["b", "c", "d"]]);
    f.calls[1].done();
    expect(await Promise.all(rest)).toEqual(["b!", "c!", "d!"]);
  });

  it("keeps a group to its bound; the rest go in the next", async () => {
    const f = manualFlush();
    const g = new GroupCommit(f.flush, 2);
    const all = ["a", "b", "c", "d"].map((x) => g.write(x));
    f.calls[0].done();
    await tick();
    f.calls[1].done();
    await tick();
    f.calls[2].done();
    expect(await Promise.all(all)).toEqual(["a!", "b!", "c!", "d!"]);
    expect(f.calls.map((c) => c.items)).toEqual([["a"], ["b", "c"], ["d"]]);
  });

  it("a failed group is tried item by item: only the bad item fails", async () => {
    const f = manualFlush();
    const g = new GroupCommit(f.flush);
    const a = g.write("a");
    const settled = Promise.allSettled(["b", "bad", "c"].map((x) => g.write(x)));
    f.calls[0].done();
    await a;
    await tick();
    f.calls[1].done("constraint");
    await tick();
    f.calls[2].done();
    await tick();
    f.calls[3].done("constraint");
    await tick();
    f.calls[4].done();
    const [b, bad, c] = await settled;
    expect(b).toEqual({ status: "fulfilled", value: "b!" });
    expect(bad).toMatchObject({ status: "rejected", reason: new Error("constraint") });
    expect(c).toEqual({ status: "fulfilled", value: "c!" });
    expect(f.calls.map((x) => x.items)).toEqual([["a"], ["b", "bad", "c"], ["b"], ["bad"], ["c"]]);
  });
});
