import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { bearerToken, listenLocal, readBody, sendJson } from "./http-util.ts";
import { inboundMessageEvent, outboundMessagePayload, type InboundOpts, type TelnyxError } from "./telnyx-payloads.ts";

export * from "./telnyx-payloads.ts";

// A local Telnyx v2 messaging API. The SDK joins baseURL + '/messages', so `url` ends in /v2.
// Errors use Telnyx's envelope {errors:[{code,title,detail,source?,meta?}]}.

export type TelnyxFailure =
  | { status: 500 | 502 | 503 }
  /** 429 with Telnyx's x-ratelimit-* headers; `reset` is seconds until the window resets (default 1). */
  | { status: 429; retryAfter?: number; reset?: number }
  | ({ status: 400 | 403 | 422 } & TelnyxError)
  /** Accepts the message (it is recorded with an id and "will be sent") but answers only after the delay. */
  | { hangMs: number }
  /** Drops the connection without an answer; the message is not accepted. */
  | { destroy: true };

export interface TelnyxSend {
  body: any;
  headers: IncomingHttpHeaders;
  at: number;
  /** Set when Telnyx accepted the message (2xx, or a hang that accepted it). */
  id?: string;
  status?: number;
  failed?: boolean;
  failure?: TelnyxFailure;
}

export interface FakeTelnyx {
  /** Give to `new Telnyx({ baseURL })`; ends in `/v2`. */
  url: string;
  port: number;
  /** Every POST /v2/messages, in arrival order, including failed and retried ones. */
  sends: TelnyxSend[];
  /** Accepted sends only. */
  accepted(): TelnyxSend[];
  failNext(failure: TelnyxFailure, times?: number): void;
  /** An outage window: every send fails with `failure` until the returned function is called (after queued `failNext`s). */
  failUntilCleared(failure: TelnyxFailure): () => void;
  /**
   * A customer texts `text` from `from` to `to`: the carrier-level keyword rules apply (STOP & co. block the
   * number for the whole messaging profile until START/UNSTOP). Returns the message.received webhook body.
   */
  customerTexts(from: string, to: string, text: string, extra?: Partial<InboundOpts>): string;
  /** Whether the profile's block rule stops texts to `phone` (sends answer 40300). */
  isBlocked(phone: string): boolean;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeTelnyxOptions {
  /** Only this API key is accepted; by default any non-empty bearer token is. */
  apiKey?: string;
  messagingProfileId?: string;
  /** Told after an accepted send has been answered (the sandbox then reports delivery). */
  onAccepted?: (send: TelnyxSend) => void;
  /** The profile's keyword auto-response settings, served at GET /v2/messaging_profiles/{id}/autoresp_configs. */
  autorespConfigs?: AutorespConfig[];
}

/** One auto-response setting (https://developers.telnyx.com/api-reference/opt-out-management/create-auto-response-setting). */
export interface AutorespConfig {
  op: "start" | "stop" | "info";
  keywords: string[];
  resp_text?: string;
  country_code: string;
}

// https://developers.telnyx.com/docs/messaging/messages/advanced-opt-in-out: the default keywords that create
// and remove a block rule at the messaging-profile level. YES is not among the opt-in words.
export const CARRIER_OPT_OUT = ["STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"];
export const CARRIER_OPT_IN = ["START", "UNSTOP"];
const keywordOf = (text: string) => text.trim().toUpperCase().replace(/\s+/g, " ");

const E164 = /^\+\d{8,15}$/;

function errorBody(...errors: TelnyxError[]) {
  return { errors };
}

/** Starts a fake Telnyx API on 127.0.0.1 with a random port. */
export async function startFakeTelnyx(opts: FakeTelnyxOptions = {}): Promise<FakeTelnyx> {
  const sends: TelnyxSend[] = [];
  const failures: TelnyxFailure[] = [];
  let standing: TelnyxFailure | undefined;
  const blocked = new Set<string>();

  const server = await listenLocal(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname.replace(/\/+$/, "");
    const raw = await readBody(req);
    const profile = /^\/v2\/messaging_profiles\/([^/]+)\/autoresp_configs$/.exec(path);
    if (req.method === "GET" && profile) return serveAutoresp(decodeURIComponent(profile[1]), req, res);
    if (req.method !== "POST" || path !== "/v2/messages") {
      return sendJson(
        res,
        404,
        errorBody({ code: "10005", title: "Resource not found", detail: `No route for ${req.method} ${path}.` }),
      );
    }

    let body: any;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      body = raw;
    }
    const send: TelnyxSend = { body, headers: req.headers, at: Date.now() };
    sends.push(send);
    const fail = (status: number, headers: Record<string, string>, ...errors: TelnyxError[]) => {
      send.status = status;
      send.failed = true;
      sendJson(res, status, errorBody(...errors), headers);
    };

    const key = bearerToken(req);
    if (!key || (opts.apiKey !== undefined && key !== opts.apiKey)) {
      return fail(
        401,
        {},
        {
          code: "10009",
          title: "Authentication failed",
          detail: "The required authentication headers were either invalid or not included in the request.",
        },
      );
    }

    const failure = failures.shift() ?? standing;
    if (failure) {
      send.failure = failure;
      if ("destroy" in failure) {
        send.failed = true;
        return req.socket.destroy();
      }
      if ("status" in failure) {
        if (failure.status === 429) {
          // https://developers.telnyx.com/development/api-fundamentals/reliability/rate-limiting: x-ratelimit-limit,
          // -remaining and -reset ("the time in seconds until the rate limit resets").
          const headers: Record<string, string> = {
            "x-ratelimit-limit": "100",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": String(failure.reset ?? 1),
            ...(failure.retryAfter !== undefined ? { "retry-after": String(failure.retryAfter) } : {}),
          };
          return fail(429, headers, {
            code: "10011",
            title: "Too many requests",
            detail: "You have exceeded the maximum number of allowed requests.",
          });
        }
        if ("code" in failure) {
          const { status, ...err } = failure;
          return fail(status, {}, err);
        }
        return fail(
          failure.status,
          {},
          { code: "10007", title: "Unexpected error", detail: "An unexpected error occured." },
        );
      }
    }

    if (typeof body !== "object" || body === null) {
      return fail(
        400,
        {},
        { code: "10015", title: "Bad Request", detail: "The request failed because it was not well-formed." },
      );
    }
    for (const field of ["from", "to"] as const) {
      if (!body[field]) {
        return fail(
          422,
          {},
          {
            code: "10004",
            title: "Missing required parameter",
            detail: `The '${field}' parameter is required.`,
            source: { pointer: `/${field}` },
          },
        );
      }
      if (typeof body[field] !== "string" || !E164.test(body[field])) {
        return fail(
          422,
          {},
          {
            code: "10016",
            title: "Phone number must be in +E.164 format",
            detail: `The '${field}' parameter must be in +E.164 format.`,
            source: { pointer: `/${field}` },
          },
        );
      }
    }
    if (!body.text && !(Array.isArray(body.media_urls) && body.media_urls.length)) {
      return fail(
        422,
        {},
        {
          code: "40304",
          title: "Invalid combination of message content arguments",
          detail: "Either 'text' or 'media_urls' is required.",
          source: { pointer: "/text" },
        },
      );
    }

    if (blocked.has(body.to)) {
      // https://developers.telnyx.com/docs/messaging/messages/advanced-opt-in-out: the block rule's API answer.
      return fail(
        400,
        {},
        {
          code: "40300",
          title: "Blocked due to STOP message",
          detail: `Messages cannot be sent from '${body.from}' to '${body.to}' due to an existing block rule.`,
        },
      );
    }

    send.id = randomUUID();
    const data = outboundMessagePayload({
      id: send.id,
      from: body.from,
      to: body.to,
      text: body.text,
      mediaUrls: body.media_urls,
      messagingProfileId: body.messaging_profile_id ?? opts.messagingProfileId,
      webhookUrl: body.webhook_url,
      status: "queued",
    });
    if (failure && "hangMs" in failure) {
      send.failed = true;
      if (!(await server.delay(failure.hangMs))) return;
    }
    send.status = 200;
    sendJson(res, 200, { data });
    opts.onAccepted?.(send);
  });

  /** GET /v2/messaging_profiles/{id}/autoresp_configs: `{ data: AutorespConfig[], meta }`, 404 for another profile. */
  function serveAutoresp(id: string, req: IncomingMessage, res: ServerResponse) {
    const key = bearerToken(req);
    if (!key || (opts.apiKey !== undefined && key !== opts.apiKey)) {
      return sendJson(
        res,
        401,
        errorBody({ code: "10009", title: "Authentication failed", detail: "Invalid API key." }),
      );
    }
    if (id !== opts.messagingProfileId) {
      return sendJson(
        res,
        404,
        errorBody({ code: "10005", title: "Resource not found", detail: "Messaging profile not found." }),
      );
    }
    const data = (opts.autorespConfigs ?? []).map((c, i) => ({
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      ...c,
    }));
    return sendJson(res, 200, {
      data,
      meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: data.length },
    });
  }

  return {
    url: `http://127.0.0.1:${server.port}/v2`,
    port: server.port,
    sends,
    accepted: () => sends.filter((s) => s.id !== undefined),
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    failUntilCleared(failure) {
      standing = failure;
      return () => {
        if (standing === failure) standing = undefined;
      };
    },
    customerTexts(from, to, text, extra = {}) {
      const word = keywordOf(text);
      if (CARRIER_OPT_OUT.includes(word)) blocked.add(from);
      if (CARRIER_OPT_IN.includes(word)) blocked.delete(from);
      return inboundMessageEvent({ ...extra, from, to, text });
    },
    isBlocked: (phone) => blocked.has(phone),
    reset() {
      sends.length = 0;
      failures.length = 0;
      standing = undefined;
      blocked.clear();
    },
    close: () => server.close(),
  };
}
