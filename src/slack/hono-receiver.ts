import type { App, Receiver } from "@slack/bolt";
import { verifySlackRequest } from "@slack/bolt";
import type { Context } from "hono";
import { BadInputError } from "../errors.ts";
import type { Logger } from "../logger.ts";

export interface HonoReceiverOptions {
  signingSecret: string;
  log: Logger;
  /** Seconds either side of now a signed request may be; Slack's own rule is five minutes. */
  toleranceSeconds?: number;
  nowSeconds?: () => number;
}

/**
 * Bolt has no Hono receiver, so this is ours. It verifies Slack's signature before parsing,
 * rejects timestamps too far in the past *or future*, and answers only after Bolt's
 * listeners finish, so an event is in the database before Slack hears 200.
 */
export class HonoReceiver implements Receiver {
  #bolt: App | undefined;

  constructor(private readonly opts: HonoReceiverOptions) {}

  init(app: App): void {
    this.#bolt = app;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** The Hono handler for POST /slack/events (events, slash commands and interactivity). */
  handle = async (c: Context): Promise<Response> => {
    const bolt = this.#bolt;
    if (!bolt) throw new BadInputError("slack_not_ready", "Slack app is not initialised", 409);
    const raw = await c.req.text();
    // Slack's certificate probe is unsigned; it only asks for a 200 and nothing is processed (as Bolt's receivers do).
    if (isSslCheck(raw, c.req.header("content-type"))) return c.body(null, 200);
    this.#verify(c, raw);
    const body = parseSlackBody(raw, c.req.header("content-type"));
    if (body.type === "url_verification") return c.json({ challenge: body.challenge });

    let ackBody: unknown;
    let acked = false;
    const retryNum = Number(c.req.header("x-slack-retry-num"));
    try {
      await bolt.processEvent({
        body,
        ack: async (response?: unknown) => {
          if (acked) return;
          acked = true;
          ackBody = response;
        },
        retryNum: Number.isFinite(retryNum) ? retryNum : undefined,
        retryReason: c.req.header("x-slack-retry-reason"),
      });
    } catch (err) {
      // Nothing was committed: a 500 makes Slack retry, and event-id dedupe keeps it once.
      this.opts.log.error("slack.listener_failed", { error: (err as Error).message });
      return c.json(
        { error: "listener_failed", message: "could not process this Slack request; Slack will retry" },
        500,
      );
    }
    if (ackBody === undefined || ackBody === "") return c.body(null, 200);
    return typeof ackBody === "string" ? c.text(ackBody) : c.json(ackBody as object);
  };

  #verify(c: Context, raw: string): void {
    const signature = c.req.header("x-slack-signature");
    const timestamp = Number(c.req.header("x-slack-request-timestamp"));
    if (!signature || !Number.isFinite(timestamp)) {
      throw new BadInputError("slack_unsigned", "missing x-slack-signature or x-slack-request-timestamp", 401);
    }
    const now = this.opts.nowSeconds?.() ?? Math.floor(Date.now() / 1000);
    const tolerance = this.opts.toleranceSeconds ?? 300;
    // Bolt rejects stale timestamps but accepts any future one; a replay window has two sides.
    if (Math.abs(now - timestamp) > tolerance) {
      throw new BadInputError("slack_stale", "request timestamp is outside the five-minute window (replay?)", 401);
    }
    try {
      verifySlackRequest({
        signingSecret: this.opts.signingSecret,
        body: raw,
        headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
        nowMilliseconds: now * 1000,
      });
    } catch {
      throw new BadInputError("slack_bad_signature", "Slack signature does not match this body", 401);
    }
  }
}

/** The little Bolt itself relies on without checking: objects where it reads fields. */
function checkShape(body: unknown): Record<string, any> {
  const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);
  if (!isObject(body)) throw new BadInputError("slack_malformed", "Slack request body is not an object");
  if (body.type === "event_callback" && (!isObject(body.event) || typeof body.event_id !== "string")) {
    throw new BadInputError("slack_malformed", "event_callback without an event object or event_id");
  }
  if (
    body.type === "block_actions" &&
    (!isObject(body.user) || typeof body.user.id !== "string" || !Array.isArray(body.actions))
  ) {
    throw new BadInputError("slack_malformed", "block_actions without a user or actions");
  }
  if (typeof body.command === "string" && typeof body.user_id !== "string") {
    throw new BadInputError("slack_malformed", "slash command without user_id");
  }
  return body;
}

/**
 * Slack's unsigned `ssl_check=1` form probe (https://docs.slack.dev/interactivity/implementing-slash-commands):
 * answered 200 before the signature check, and never handed to Bolt.
 */
export function isSslCheck(raw: string, contentType: string | undefined): boolean {
  if (!contentType?.includes("application/x-www-form-urlencoded")) return false;
  return new URLSearchParams(raw).get("ssl_check") === "1";
}

/** JSON for events, form fields for commands, and `payload=` JSON for interactivity. */
export function parseSlackBody(raw: string, contentType: string | undefined): Record<string, any> {
  try {
    if (contentType?.includes("application/json")) return checkShape(JSON.parse(raw));
    if (contentType?.includes("application/x-www-form-urlencoded")) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      return checkShape(typeof form.payload === "string" ? JSON.parse(form.payload) : form);
    }
  } catch (err) {
    if (err instanceof BadInputError) throw err;
    throw new BadInputError("slack_malformed", "Slack request body could not be parsed");
  }
  throw new BadInputError("slack_content_type", "expected application/json or application/x-www-form-urlencoded", 415);
}
