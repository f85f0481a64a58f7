/**
 * Hands items to `flush` in groups (issue #9, the webhooks' answers on PostgreSQL): one group in
 * flight at a time, and the next made of everything that arrived meanwhile, up to `max`. An item
 * that finds nothing in flight goes at once, alone, so a quiet server adds no wait; under a burst
 * each statement carries the arrivals of the previous one's round trip, and a group's rows follow
 * arrival order (one group after the other). A failed group is tried again item by item, so a
 * bad item fails only itself and its neighbours are still written (a statement that failed
 * changed nothing, so trying again doubles nothing).
 */
export class GroupCommit<T, R> {
  #queue: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  #busy = false;

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly max = 500,
  ) {}

  /** Resolves with `flush`'s answer for this item once its group is written. */
  write(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#busy) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      while (this.#queue.length) {
        const group = this.#queue.splice(0, this.max);
        try {
          const out = await this.flush(group.map((g) => g.item));
          group.forEach((g, i) => g.resolve(out[i]));
        } catch (err) {
          if (group.length === 1) group[0].reject(err);
          else for (const g of group) await this.#alone(g);
        }
      }
    } finally {
      this.#busy = false;
    }
  }

  async #alone(g: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }): Promise<void> {
    try {
      g.resolve((await this.flush([g.item]))[0]);
    } catch (err) {
      g.reject(err);
    }
  }
}
