/** A promise with its resolver, so a test waits for events (or orders two transactions) instead of time. */
export function signal<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
