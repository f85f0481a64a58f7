// Load-generation primitives: a bounded-concurrency driver, percentiles, and an RSS sampler.
import { performance } from "node:perf_hooks";

export interface RequestRecord {
  index: number;
  /** Wall clock (Date.now()) at request start: comparable with the fakes' `at`. */
  sentAt: number;
  /** performance.now() at request start / after the response body was read. */
  startMs: number;
  endMs: number;
  status: number;
  error?: string;
}

export interface LoadResult {
  records: RequestRecord[];
  /** How many of the planned requests were never started because the deadline passed. */
  notStarted: number;
  startMs: number;
  endMs: number;
}

/**
 * Runs `n` requests with at most `concurrency` in flight. `send(i)` builds and performs request i
 * (including any signing, so baseline and real runs pay the same client-side cost) and resolves
 * with the HTTP status once the body has been read. No request starts after `deadlineMs`
 * (performance.now() time); requests already in flight are awaited.
 */
export async function drive(
  n: number,
  concurrency: number,
  deadlineMs: number,
  send: (i: number) => Promise<number>,
): Promise<LoadResult> {
  const records: RequestRecord[] = [];
  let next = 0;
  const startMs = performance.now();
  async function worker() {
    while (next < n && performance.now() < deadlineMs) {
      const index = next++;
      const rec: RequestRecord = { index, sentAt: Date.now(), startMs: performance.now(), endMs: 0, status: 0 };
      try {
        rec.status = await send(index);
      } catch (err) {
        rec.error = (err as Error).message;
      }
      rec.endMs = performance.now();
      records.push(rec);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  records.sort((a, b) => a.index - b.index);
  return { records, notStarted: n - records.length, startMs, endMs: performance.now() };
}

/** Nearest-rank percentile of unsorted values (p in 0..100); NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export const round = (x: number, digits = 1) =>
  Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null;

/** Samples process RSS every `everyMs`; `mark()` starts a new window whose peak `peakSince()` reports. */
export class RssSampler {
  #timer: NodeJS.Timeout;
  #overall = 0;
  #window = 0;
  constructor(everyMs = 50) {
    this.sample();
    this.#timer = setInterval(() => this.sample(), everyMs);
    this.#timer.unref();
  }
  sample(): number {
    const rss = process.memoryUsage().rss;
    if (rss > this.#overall) this.#overall = rss;
    if (rss > this.#window) this.#window = rss;
    return rss;
  }
  mark(): void {
    this.#window = this.sample();
  }
  peakSince(): number {
    this.sample();
    return this.#window;
  }
  get peak(): number {
    this.sample();
    return this.#overall;
  }
  stop(): void {
    clearInterval(this.#timer);
  }
}

export interface SecondBucket {
  /** Seconds since the first request. */
  s: number;
  /** Webhooks started in this second, and their acknowledgement latency (ms). */
  sent: number;
  ackP50: number | null;
  ackMax: number | null;
  /** Slack posts of bench texts that landed in this second. */
  posted: number;
}

/** Per-second view of a run, to see a backlog build and drain. */
export function timeline(records: RequestRecord[], postedAt: number[], firstSentAt: number): SecondBucket[] {
  const second = (wallMs: number) => Math.max(0, Math.floor((wallMs - firstSentAt) / 1000));
  const last = Math.max(0, ...records.map((r) => second(r.sentAt)), ...postedAt.map(second));
  const out: SecondBucket[] = Array.from({ length: last + 1 }, (_, s) => ({
    s,
    sent: 0,
    ackP50: null,
    ackMax: null,
    posted: 0,
  }));
  const lat: number[][] = out.map(() => []);
  for (const r of records) {
    out[second(r.sentAt)].sent++;
    lat[second(r.sentAt)].push(r.endMs - r.startMs);
  }
  for (const at of postedAt) out[second(at)].posted++;
  for (const b of out) {
    b.ackP50 = round(percentile(lat[b.s], 50), 0);
    b.ackMax = round(percentile(lat[b.s], 100), 0);
  }
  return out;
}

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
