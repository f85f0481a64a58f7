import http from "node:http";
import https from "node:https";

// The WebClient's `fetch` (issue #9). Node's built-in fetch (undici) builds web streams, a Request,
// abort plumbing and a Response for every call: measured on loopback it cost about 0.25 ms of CPU
// more per Slack call than node:http, and every text posted to Slack is one call. Same wire bytes.

// An idle connection is closed after 4 s, as the built-in fetch does: one kept longer can be closed
// by Slack's side just as a call goes out on it, and that call's outcome would be unknown.
const agents = {
  "http:": new http.Agent({ keepAlive: true, timeout: 4_000 }),
  "https:": new https.Agent({ keepAlive: true, timeout: 4_000 }),
};
/** Statuses whose Response may not carry a body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

type FetchInit = { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal | null };

/**
 * `fetch` for the Slack WebClient over node:http(s) with keep-alive. Bodies other than a string
 * (file uploads send FormData) go to the built-in fetch. As fetch does, an aborted call rejects
 * with the signal's reason and a 3xx is not followed (the WebClient treats any non-200 as an
 * HTTP error, which is what it gets).
 */
export function nodeHttpFetch(input: string | URL, init: FetchInit = {}): Promise<Response> {
  if (init.body !== undefined && typeof init.body !== "string") return fetch(input, init as RequestInit);
  const url = new URL(input);
  const send = url.protocol === "https:" ? https.request : url.protocol === "http:" ? http.request : undefined;
  if (!send) return Promise.reject(new TypeError(`unsupported protocol ${url.protocol}`));
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: init.method ?? "GET",
      headers: init.headers,
      agent: agents[url.protocol as "http:"],
    });
    const onAbort = () => {
      req.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    // As fetch fails: a TypeError whose cause says why.
    const fail = (cause: Error) => {
      done();
      reject(new TypeError("fetch failed", { cause }));
    };
    req.on("error", fail);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", fail);
      res.on("end", () => {
        done();
        resolve(toResponse(res, Buffer.concat(chunks), url.href));
      });
      res.on("close", () => res.complete || fail(new Error("the response ended early")));
    });
    req.end(init.body as string | undefined);
  });
}

function toResponse(res: http.IncomingMessage, body: Buffer, url: string): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  const status = res.statusCode ?? 0;
  const response = new Response(NULL_BODY.has(status) ? null : body, {
    status,
    statusText: res.statusMessage ?? "",
    headers,
  });
  // A constructed Response has an empty url; the WebClient reads it (admin.analytics.getFile).
  Object.defineProperty(response, "url", { value: url });
  return response;
}
