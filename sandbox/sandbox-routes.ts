import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { parsePhone } from "../src/conversations/phone-number.ts";
import type { Changes } from "./changes.ts";
import { msUntilMorning, type SandboxClock } from "./sandbox-clock.ts";
import { pageHtml, renderParts, type PageSource } from "./page/page.ts";
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
  /** Everything else: the real textdesk app (webhooks, /healthz). */
  textdesk: (req: Request) => Response | Promise<Response>;
}

const Viewer = z.object({ as: z.string().min(1).max(40), phone: z.string().min(1).max(20) });
const Text = z.string().trim().min(1).max(4_000);

/** The sandbox page, its SSE stream and its actions, in front of the real textdesk app. */
export function sandboxRoutes(o: SandboxRoutesOptions): Hono {
  const app = new Hono();
  const staffIds = new Set(o.page.staff.map((s) => s.id));
  const viewer = (q: Record<string, string | undefined>) => {
    const as = q.as && staffIds.has(q.as) ? q.as : o.page.staff[0].id;
    const phone = q.phone && o.page.phones.numbers.includes(q.phone) ? q.phone : o.page.phones.numbers[0];
    return { as, phone };
  };
  const bad = (c: Context, error: string) => c.json({ error }, 400);

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
    return streamSSE(c, async (stream) => {
      let wake: () => void = () => {};
      const send = () => stream.writeSSE({ event: "render", data: JSON.stringify(renderParts(o.page, v.phone, v.as)) });
      const off = o.changes.listen(() => wake());
      stream.onAbort(() => wake());
      try {
        await send();
        while (!stream.aborted) {
          await new Promise<void>((resolve) => (wake = resolve));
          if (!stream.aborted) await send();
        }
      } finally {
        off();
      }
    });
  });

  const form = async (c: Context) => {
    const body = await c.req.parseBody();
    const fields = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string")) as Record<
      string,
      string
    >;
    const v = Viewer.safeParse(fields);
    return { fields, v: v.success && staffIds.has(v.data.as) ? v.data : undefined };
  };

  app.post("/sandbox/phone/text", async (c) => {
    const { fields, v } = await form(c);
    const text = Text.safeParse(fields.text);
    if (!v || !text.success) return bad(c, "Type a text, and pick a number.");
    await o.page.phones.customerTexts(v.phone, text.data);
    return c.json({ ok: true });
  });

  app.post("/sandbox/phone/add", async (c) => {
    const { fields } = await form(c);
    const parsed = parsePhone(fields.number ?? "", "US");
    if (!parsed.ok) return bad(c, `That number: ${parsed.error}`);
    o.page.phones.addNumber(parsed.e164);
    return c.json({ ok: true, phone: parsed.e164 });
  });

  app.post("/sandbox/phone/unreachable", async (c) => {
    const { fields, v } = await form(c);
    if (!v) return bad(c, "Pick a number.");
    if (fields.off === "1") o.page.phones.unreachable.add(v.phone);
    else o.page.phones.unreachable.delete(v.phone);
    o.changes.changed();
    return c.json({ ok: true });
  });

  app.post("/sandbox/slack/message", async (c) => {
    const { fields, v } = await form(c);
    const text = Text.safeParse(fields.text);
    if (!v || !text.success) return bad(c, "Type a message.");
    const thread = fields.thread || undefined;
    const command = /^(\/[\w-]+)\s*([\s\S]*)$/.exec(text.data);
    if (command && !thread) {
      if (!o.page.commands.some((k) => k.command === command[1])) {
        return bad(c, `${command[1]} is not a command of this app (manifest.yml).`);
      }
      await o.slack.command(v.as, command[1], command[2].trim());
    } else {
      await o.slack.say(v.as, text.data, thread);
    }
    return c.json({ ok: true });
  });

  app.post("/sandbox/slack/click", async (c) => {
    const { fields, v } = await form(c);
    const ref = /^(message|ephemeral)\|(\d+\.\d+)\|(\d+)\|(\d+)$/.exec(fields.ref ?? "");
    if (!v || !ref) return bad(c, "Unknown button.");
    const kind = ref[1] as "message" | "ephemeral";
    try {
      await o.slack.click(v.as, { kind, id: ref[2], block: Number(ref[3]), element: Number(ref[4]) });
    } catch (err) {
      return bad(c, (err as Error).message);
    }
    return c.json({ ok: true });
  });

  app.post("/sandbox/clock/advance", async (c) => {
    const { fields } = await form(c);
    const minutes = z.coerce.number().int().min(1).max(43_200).safeParse(fields.minutes);
    if (fields.minutes === "morning") o.clock.advance(msUntilMorning(o.clock.now(), o.page.timeZone));
    else if (minutes.success) o.clock.advance(minutes.data * 60_000);
    else return bad(c, "Minutes between 1 and 43200, or morning.");
    o.wake();
    o.changes.changed();
    return c.json({ ok: true });
  });

  app.all("*", (c) => o.textdesk(c.req.raw));
  return app;
}
