// Carriers flag a number at about 5 % daily opt-outs and may suspend it at 10 %: managers hear
// about a wave of opt-outs while there is time to stop whatever caused it. Pure: the caller
// counts opt-outs and texted customers, and remembers when it last alerted.

/** The outbox job that counts opt-outs after each one (queued beside the ledger row, src/db/contacts.ts). */
export const OPT_OUT_CHECK_JOB = "records.opt_out_check";
/** All checks share one lane: they run one at a time, across instances. */
export const OPT_OUT_CHECK_LANE = "records:opt-out-alarm";

export interface AlarmSpec {
  /** OPT_OUT_ALERT "5/1h": the `count`th opt-out within `windowMs` raises the alarm. */
  count: number;
  windowMs: number;
  /** OPT_OUT_ALERT_PERCENT: share of the day's texted customers (0–100). */
  percent: number;
  /** The percentage counts only once at least this many customers were texted that day. */
  minTexted: number;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "5/1h", "10/30m" or "20/1d". */
export function parseAlarmCount(
  spec: string,
): { ok: true; count: number; windowMs: number } | { ok: false; error: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*([mhd])\s*$/.exec(spec);
  if (!m || Number(m[1]) < 1 || Number(m[2]) <= 0) {
    return { ok: false, error: `"${spec}" should look like 5/1h (opt-outs / window in m, h or d)` };
  }
  return { ok: true, count: Number(m[1]), windowMs: Number(m[2]) * UNITS[m[3]] };
}

export interface AlarmInput {
  now: Date;
  /** Times of the opt-outs inside the count window (older ones may be included; they are ignored). */
  recentOptOuts: readonly Date[];
  /** Opt-outs and distinct texted customers since the start of today (business zone). */
  optOutsToday: number;
  textedToday: number;
  /** When the last alarm went out, if any; `sameDay` says whether it was today. */
  lastAlert?: { at: Date; sameDay: boolean };
}

export type AlarmVerdict =
  | { fire: false }
  | { fire: true; reason: "count"; count: number; windowMs: number }
  | { fire: true; reason: "percent"; percent: number; optOuts: number; texted: number };

/** Whether to alert now: at most one alarm per window, whichever threshold fired first. */
export function evaluateOptOutAlarm(spec: AlarmSpec, input: AlarmInput): AlarmVerdict {
  const since = input.now.getTime() - spec.windowMs;
  if (input.lastAlert && input.lastAlert.at.getTime() > since) return { fire: false };
  const inWindow = input.recentOptOuts.filter((t) => t.getTime() > since && t <= input.now).length;
  if (inWindow >= spec.count) return { fire: true, reason: "count", count: inWindow, windowMs: spec.windowMs };
  if (input.lastAlert?.sameDay || input.textedToday < spec.minTexted || input.textedToday === 0) return { fire: false };
  const percent = (100 * input.optOutsToday) / input.textedToday;
  if (percent >= spec.percent) {
    return {
      fire: true,
      reason: "percent",
      percent: Math.round(percent * 10) / 10,
      optOuts: input.optOutsToday,
      texted: input.textedToday,
    };
  }
  return { fire: false };
}
