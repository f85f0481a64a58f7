import type { Context, Hono } from "hono";
import { z } from "zod";
import { parsePhone } from "../src/conversations/phone-number.ts";
import { msUntilMorning } from "./sandbox-clock.ts";
import type { SandboxRoutesOptions } from "./sandbox-routes.ts";

// What the page's forms and buttons do. Each action is what a customer or a staff member would
// do: text the business, write in Slack, run a command, press a button, or let time pass.

const Viewer = z.object({ as: z.string().min(1).max(40), phone: z.string().min(1).max(20) });
const Text = z.string().trim().min(1).max(4_000);
const ButtonRef = /^(message|ephemeral)\|(\d+\.\d+)\|(\d+)\|(\d+)$/;
const HomeButtonRef = /^home\|(V[A-Z0-9]+)\|(\d+)\|(\d+)$/;

const bad = (c: Context, error: string) => c.json({ error }, 400);

/** Registers the POST /sandbox/* actions on `app`. */
export function registerActions(app: Hono, o: SandboxRoutesOptions): void {
  const staffIds = new Set(o.page.staff.map((s) => s.id));
  const form = async (c: Context) => {
    const body = await c.req.parseBody();
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === "string") fields[k] = v;
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
    o.page.phones.setReachable(v.phone, fields.off !== "1");
    return c.json({ ok: true });
  });

  app.post("/sandbox/slack/message", async (c) => {
    const { fields, v } = await form(c);
    const text = Text.safeParse(fields.text);
    if (!v || !text.success) return bad(c, "Type a message.");
    const thread = fields.thread || undefined;
    const command = /^(\/[\w-]+)\s*([\s\S]*)$/.exec(text.data);
    if (!command || thread) {
      await o.slack.say(v.as, text.data, thread);
      return c.json({ ok: true });
    }
    if (!o.page.commands.some((k) => k.command === command[1])) {
      return bad(c, `${command[1]} is not a command of this app (manifest.yml).`);
    }
    await o.slack.command(v.as, command[1], command[2].trim());
    return c.json({ ok: true });
  });

  app.post("/sandbox/slack/click", async (c) => {
    const { fields, v } = await form(c);
    const ref = ButtonRef.exec(fields.ref ?? "");
    const home = HomeButtonRef.exec(fields.ref ?? "");
    if (v && home) {
      try {
        await o.slack.clickHome(v.as, home[1], Number(home[2]), Number(home[3]));
      } catch (err) {
        return bad(c, (err as Error).message);
      }
      return c.json({ ok: true });
    }
    if (!v || !ref) return bad(c, "Unknown button.");
    const kind = ref[1] as "message" | "ephemeral";
    try {
      await o.slack.click(v.as, { kind, id: ref[2], block: Number(ref[3]), element: Number(ref[4]) });
    } catch (err) {
      return bad(c, (err as Error).message);
    }
    return c.json({ ok: true });
  });

  app.post("/sandbox/slack/home", async (c) => {
    const { v } = await form(c);
    if (!v) return bad(c, "Pick a staff member.");
    await o.slack.openHome(v.as);
    return c.json({ ok: true });
  });

  app.post("/sandbox/slack/change", async (c) => {
    const { fields, v } = await form(c);
    const text = Text.safeParse(fields.text);
    if (!v || !/^\d+\.\d+$/.test(fields.ts ?? "")) return bad(c, "Unknown message.");
    try {
      if (fields.change === "delete") await o.slack.delete(v.as, fields.ts);
      else if (fields.change === "edit" && text.success) await o.slack.edit(v.as, fields.ts, text.data);
      else return bad(c, "Edit needs text.");
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
}
