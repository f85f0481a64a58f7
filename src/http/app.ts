import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, BadInputError } from "../errors.ts";
import type { Logger } from "../logger.ts";

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
  /** What is missing when a vendor route is not configured, for a clear 503. */
  missing?: string[];
}

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

  app.get("/healthz", async (c) => {
    const health = await opts.health().catch(() => ({ ok: false as const }));
    return c.json(health, health.ok ? 200 : 503);
  });
  app.post("/webhooks/telnyx", limit, opts.telnyx ?? notConfigured("Telnyx"));
  app.post("/slack/events", limit, opts.slack ?? notConfigured("Slack"));
  app.post("/api/consent/imports", limit, opts.consentImport ?? notConfiguredApi);
  app.post("/api/consent/opt-outs", limit, opts.optOuts ?? notConfiguredApi);

  app.notFound((c) => c.json({ error: "not_found", message: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    if (err instanceof BadInputError) {
      opts.log.warn("http.rejected", { path: c.req.path, code: err.code, message: err.message });
      return c.json({ error: err.code, message: err.message }, err.status as ContentfulStatusCode);
    }
    const code = err instanceof AppError ? err.code : "internal_error";
    opts.log.error("http.failed", { path: c.req.path, code, message: err.message });
    // 500 tells the vendor to retry; nothing was acknowledged, and dedupe absorbs the retry.
    return c.json({ error: code, message: "could not process the request; it was not recorded" }, 500);
  });
  return app;
}
