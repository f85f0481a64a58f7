/** Tells the open pages that something changed; bursts of changes become one redraw. */
export class Changes {
  #listeners = new Set<() => void>();
  #pending = false;

  /** Subscribes; returns the unsubscribe function. */
  listen(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  changed = (): void => {
    if (this.#pending) return;
    this.#pending = true;
    setImmediate(() => {
      this.#pending = false;
      for (const fn of this.#listeners) fn();
    });
  };
}
