import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { bearerToken, listenLocal, readBody, sendJson } from "./http-util.ts";
import { outboundMessagePayload, type TelnyxError } from "./telnyx-payloads.ts";

export * from "./telnyx-payloads.ts";

// A local Telnyx v2 messaging API. The SDK joins baseURL + '/messages', so `url` ends in /v2.
// Errors use Telnyx's envelope {errors:[{code,title,detail,source?,meta?}]}.

export type TelnyxFailure =
  | { status: 500 | 502 | 503 }
  | { status: 429; retryAfter?: number }
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
  reset(): void;
  close(): Promise<void>;
}

export interface FakeTelnyxOptions {
  /** Only this API key is accepted; by default any non-empty bearer token is. */
  apiKey?: string;
  messagingProfileId?: string;
  /** Told after an accepted send has been answered (the sandbox then reports delivery). */
  onAccepted?: (send: TelnyxSend) => void;
}

const E164 = /^\+\d{8,15}$/;

function errorBody(...errors: TelnyxError[]) {
  return { errors };
}

/** Starts a fake Telnyx API on 127.0.0.1 with a random port. */
export async function startFakeTelnyx(opts: FakeTelnyxOptions = {}): Promise<FakeTelnyx> {
  const sends: TelnyxSend[] = [];
  const failures: TelnyxFailure[] = [];

  const server = await listenLocal(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname.replace(/\/+$/, "");
    const raw = await readBody(req);
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

    const failure = failures.shift();
    if (failure) {
      send.failure = failure;
      if ("destroy" in failure) {
        send.failed = true;
        return req.socket.destroy();
      }
      if ("status" in failure) {
        if (failure.status === 429) {
          const headers: Record<string, string> =
            failure.retryAfter !== undefined ? { "retry-after": String(failure.retryAfter) } : {};
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

  return {
    url: `http://127.0.0.1:${server.port}/v2`,
    port: server.port,
    sends,
    accepted: () => sends.filter((s) => s.id !== undefined),
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    reset() {
      sends.length = 0;
      failures.length = 0;
    },
    close: () => server.close(),
  };
}
