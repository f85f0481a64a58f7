/** Upper bounds (seconds) of the ack latency histogram: Telnyx gives up at 2 s. */
const ACK_BUCKETS = [0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];

type Labels = Record<string, string>;
const key = (labels: Labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`)
    .join(",");
/** `name{labels}`, or the bare name for a series without labels. */
const sample = (name: string, k: string) => (k ? `${name}{${k}}` : name);

/**
 * The process's own counters and the ack histogram, in Prometheus text format. Gauges read
 * from the database (queue depths) are added by the caller at scrape time.
 */
export class Metrics {
  readonly #counters = new Map<string, Map<string, number>>();
  readonly #help = new Map<string, string>();
  readonly #ack = new Map<string, { buckets: number[]; sum: number; count: number }>();

  /** Adds one to counter `name` with `labels`. */
  inc(name: string, help: string, labels: Labels = {}): void {
    this.#help.set(name, help);
    const series = this.#counters.get(name) ?? new Map<string, number>();
    const k = key(labels);
    series.set(k, (series.get(k) ?? 0) + 1);
    this.#counters.set(name, series);
  }

  /** Records one webhook's time from request to answer. */
  observeAck(route: string, seconds: number): void {
    const h = this.#ack.get(route) ?? { buckets: ACK_BUCKETS.map(() => 0), sum: 0, count: 0 };
    ACK_BUCKETS.forEach((le, i) => {
      if (seconds <= le) h.buckets[i]++;
    });
    h.sum += seconds;
    h.count++;
    this.#ack.set(route, h);
  }

  /** Renders counters, the histogram and `gauges` (name → help and labelled values). */
  render(gauges: Array<{ name: string; help: string; values: Array<[Labels, number]> }> = []): string {
    const out: string[] = [];
    for (const [name, series] of this.#counters) {
      out.push(`# HELP ${name} ${this.#help.get(name)}`, `# TYPE ${name} counter`);
      for (const [k, v] of series) out.push(`${sample(name, k)} ${v}`);
    }
    out.push(
      "# HELP textdesk_webhook_ack_seconds Time from request to answer.",
      "# TYPE textdesk_webhook_ack_seconds histogram",
    );
    for (const [route, h] of this.#ack) {
      ACK_BUCKETS.forEach((le, i) =>
        out.push(`textdesk_webhook_ack_seconds_bucket{route="${route}",le="${le}"} ${h.buckets[i]}`),
      );
      out.push(`textdesk_webhook_ack_seconds_bucket{route="${route}",le="+Inf"} ${h.count}`);
      out.push(`textdesk_webhook_ack_seconds_sum{route="${route}"} ${h.sum}`);
      out.push(`textdesk_webhook_ack_seconds_count{route="${route}"} ${h.count}`);
    }
    for (const g of gauges) {
      out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
      for (const [labels, v] of g.values) out.push(`${sample(g.name, key(labels))} ${v}`);
    }
    return `${out.join("\n")}\n`;
  }
}
