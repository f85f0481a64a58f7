import type { Clock } from "../src/clock.ts";
import { zonedParts, zonedTimeToUtc } from "../src/consent/zoned-time.ts";

/**
 * The sandbox's time: it runs with the wall clock from `start`, and the page can move it
 * forward (quiet hours, consent reminders) without waiting. Never backward: the outbox and the
 * signature windows assume time only grows.
 */
export class SandboxClock implements Clock {
  #offsetMs: number;

  constructor(start?: string | Date) {
    this.#offsetMs = start === undefined ? 0 : new Date(start).getTime() - Date.now();
    if (!Number.isFinite(this.#offsetMs)) throw new Error(`SandboxClock: not a date: ${String(start)}`);
  }

  now = (): Date => new Date(Date.now() + this.#offsetMs);

  /** Seconds since the epoch, for Slack request signatures and their check. */
  nowSeconds = (): number => Math.floor(this.now().getTime() / 1000);

  /** Moves time forward by `ms` (at most 30 days at once). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0 || ms > 30 * 86_400_000) throw new RangeError(`cannot advance by ${ms} ms`);
    this.#offsetMs += ms;
  }
}

/** Milliseconds from `now` to the next 9:00 AM on the wall clock of `tz` (a quiet night skipped in one click). */
export function msUntilMorning(now: Date, tz: string, hour = 9): number {
  const p = zonedParts(now, tz);
  let target = zonedTimeToUtc(p.year, p.month, p.day, hour, 0, tz);
  if (target.getTime() <= now.getTime()) target = zonedTimeToUtc(p.year, p.month, p.day + 1, hour, 0, tz);
  return target.getTime() - now.getTime();
}
