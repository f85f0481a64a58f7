import { Hono } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import type { Changes } from "./changes.ts";
import { pageHtml, renderParts, type PageSource } from "./page/page.ts";
import { registerActions } from "./sandbox-actions.ts";
import { registerDownloads } from "./sandbox-downloads.ts";
import type { SandboxClock } from "./sandbox-clock.ts";
import type { SlackSide } from "./slack-side.ts";

export interface SandboxRoutesOptions {
  page: PageSource;
  slack: SlackSide;
  clock: SandboxClock;
  changes: Changes;
  /** The host:port the page is served on; any other Host header is refused (DNS rebinding). */
  hosts: () => string[];
  /** Moving the clock makes due work run now instead of at the next poll. */
  wake: () => void;
  /** The sandbox's ADMIN_API_TOKEN: the Records link sends it to the records API, so the page never holds it. */
  adminToken?: string;
  /** Everything else: the real textdesk app (webhooks, /healthz). */
  textdesk: (req: Request) => Response | Promise<Response>;
}

/** Redraws at least this often, so the clock on an idle page stays right. */
const IDLE_REDRAW_MS = 30_000;

/** Sends a render now and after every change until the page goes away. */
async function streamRenders(stream: SSEStreamingApi, changes: Changes, render: () => string): Promise<void> {
  let dirty = true;
  let wake: (() => void) | undefined;
  const nudge = () => {
    dirty = true;
    wake?.();
  };
  const off = changes.listen(nudge);
  stream.onAbort(() => wake?.());
  try {
    while (!stream.aborted) {
      if (!dirty) {
        await new Promise<void>((resolve) => {
          const idle = setTimeout(nudge, IDLE_REDRAW_MS).unref();
          wake = () => {
            clearTimeout(idle);
            resolve();
          };
        });
        wake = undefined;
        if (stream.aborted) break;
      }
      dirty = false;
      await stream.writeSSE({ event: "render", data: render() });
    }
  } finally {
    off();
  }
}

/** The sandbox page, its SSE stream and its actions, in front of the real textdesk app. */
export function sandboxRoutes(o: SandboxRoutesOptions): Hono {
  const app = new Hono();
  const staffIds = new Set(o.page.staff.map((s) => s.id));
  const viewer = (q: Record<string, string | undefined>) => ({
    as: q.as && staffIds.has(q.as) ? q.as : o.page.staff[0].id,
    phone: q.phone && o.page.phones.numbers.includes(q.phone) ? q.phone : o.page.phones.numbers[0],
  });

  app.use("*", async (c, next) => {
    if (!o.hosts().includes(c.req.header("host") ?? "")) return c.json({ error: "unknown host" }, 421);
    // Only the page's own script sends this header; a cross-site form cannot, so it cannot act here.
    if (c.req.method === "POST" && c.req.path.startsWith("/sandbox/") && c.req.header("x-sandbox") !== "1") {
      return c.json({ error: "missing x-sandbox header" }, 403);
    }
    await next();
  });
  app.get("/", (c) => {
    const v = viewer(c.req.query());
    return c.html(pageHtml(o.page, v.phone, v.as));
  });
  app.get("/sandbox/stream", (c) => {
    const v = viewer(c.req.query());
    return streamSSE(c, (stream) =>
      streamRenders(stream, o.changes, () => JSON.stringify(renderParts(o.page, v.phone, v.as))),
    );
  });
  registerActions(app, o);
  registerDownloads(app, o);
  app.all("*", (c) => o.textdesk(c.req.raw));
  return app;
}
