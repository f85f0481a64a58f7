/** A clock tests move by hand; starts at noon in New York on a weekday. */
export class TestClock {
  #t: number;
  constructor(iso = "2026-12-01T17:00:00Z") {
    this.#t = Date.parse(iso);
  }
  now = () => new Date(this.#t);
  set(iso: string) {
    this.#t = Date.parse(iso);
  }
  advance(ms: number) {
    this.#t += ms;
  }
}
