import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, BadInputError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "./metrics.ts";

/** 1 MiB: far above any real Slack or Telnyx payload, far below what could hurt us. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type Handler = (c: import("hono").Context) => Promise<Response>;

export interface AppOptions {
  log: Logger;
  /** Resolves when the database answers, with figures for monitoring; rejects when it does not. */
  health: () => Promise<{ ok: boolean } & Record<string, unknown>>;
  telnyx?: Handler;
  slack?: Handler;
  consentImport?: Handler;
  /** POST /api/consent/opt-outs (a CRM's do-not-text list); off without ADMIN_API_TOKEN. */
  optOuts?: Handler;
  /** GET /api/records/verify (issue #11); off without ADMIN_API_TOKEN. */
  recordsVerify?: Handler;
  /** GET /api/records/<number>, …/evidence and GET /api/consents (issue #11); off without ADMIN_API_TOKEN. */
  records?: { history: Handler; evidence: Handler; consents: Handler };
  /** What is missing when a vendor route is not configured, for a clear 503. */
  missing?: string[];
  /** Resolves when this instance should get traffic: database answering, not shutting down. */
  ready?: () => Promise<boolean>;
  metrics?: Metrics;
  /** Prometheus text for GET /metrics (counters plus queue gauges read at scrape time). */
  renderMetrics?: () => Promise<string>;
}

const WEBHOOK_ROUTES: Record<string, string> = { "/webhooks/telnyx": "telnyx", "/slack/events": "slack" };

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
  }
}

/** The HTTP surface: two webhooks, the admin API and a health check, with one error handler for all. */
export function createApp(opts: AppOptions): Hono {
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new BadInputError("body_too_large", `request body is larger than ${MAX_BODY_BYTES} bytes`, 413);
    },
  });
  const notConfigured = (what: string) => async (c: import("hono").Context) =>
    c.json(
      { error: "not_configured", message: `${what} is not configured; set ${(opts.missing ?? []).join(", ")}` },
      503,
    );

  const notConfiguredApi = async (c: import("hono").Context) =>
    c.json({ error: "not_configured", message: "the admin API is off; set ADMIN_API_TOKEN to enable it" }, 503);

  // Every request gets an id (or keeps the caller's x-request-id), echoed back and put in logs.
  app.use(requestId({ limitLength: 100 }));
  app.use(async (c, next) => {
    const route = WEBHOOK_ROUTES[c.req.path];
    if (!route || !opts.metrics) return next();
    const t0 = performance.now();
    await next();
    opts.metrics.observeAck(route, (performance.now() - t0) / 1000);
    opts.metrics.inc("textdesk_webhooks_total", "Webhooks answered, by route and HTTP status.", {
      route,
      status: String(c.res.status),
    });
  });
  app.get("/readyz", async (c) => {
    const ready = await (opts.ready?.() ?? Promise.resolve(true)).catch(() => false);
    return c.json({ ready }, ready ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    const text = await (opts.renderMetrics?.() ?? Promise.resolve(opts.metrics?.render() ?? ""));
    return c.text(text, 200, { "content-type": "text/plain; version=0.0.4" });
  });
  app.get("/healthz", async (c) => {
    const health = await opts.health().catch(() => ({ ok: false as const }));
    return c.json(health, health.ok ? 200 : 503);
  });
  app.post("/webhooks/telnyx", limit, opts.telnyx ?? notConfigured("Telnyx"));
  app.post("/slack/events", limit, opts.slack ?? notConfigured("Slack"));
  app.post("/api/consent/imports", limit, opts.consentImport ?? notConfiguredApi);
  app.post("/api/consent/opt-outs", limit, opts.optOuts ?? notConfiguredApi);
  app.get("/api/records/verify", opts.recordsVerify ?? notConfiguredApi);
  // A number has a digit: words such as /api/records/verify are left to their own routes.
  app.get("/api/records/:number{[^/]*[0-9][^/]*}/evidence", opts.records?.evidence ?? notConfiguredApi);
  app.get("/api/records/:number{[^/]*[0-9][^/]*}", opts.records?.history ?? notConfiguredApi);
  app.get("/api/consents", opts.records?.consents ?? notConfiguredApi);

  app.notFound((c) => c.json({ error: "not_found", message: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    if (err instanceof BadInputError) {
      opts.log.warn("http.rejected", {
        requestId: c.get("requestId"),
        path: c.req.path,
        code: err.code,
        message: err.message,
      });
      return c.json({ error: err.code, message: err.message }, err.status as ContentfulStatusCode);
    }
    const code = err instanceof AppError ? err.code : "internal_error";
    opts.log.error("http.failed", { requestId: c.get("requestId"), path: c.req.path, code, message: err.message });
    // 500 tells the vendor to retry; nothing was acknowledged, and dedupe absorbs the retry.
    return c.json({ error: code, message: "could not process the request; it was not recorded" }, 500);
  });
  return app;
}
