import type { Hono } from "hono";
import { parsePhone } from "../src/conversations/phone-number.ts";
import type { SandboxRoutesOptions } from "./sandbox-routes.ts";

// What the page downloads: a file the app uploaded to Slack (the fake's stored bytes, as Slack's
// url_private would serve them to the person it was shared with), and a customer's records from
// the real records API, with the admin token added here so it never reaches the browser.

/** A filename safe inside a Content-Disposition header. */
function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, "_").slice(0, 120) || "file";
}

/** Registers GET /sandbox/files/<id> and GET /sandbox/records/<number>. */
export function registerDownloads(app: Hono, o: SandboxRoutesOptions): void {
  app.get("/sandbox/files/:id", (c) => {
    const f = o.page.fake.files.get(c.req.param("id"));
    // Only a completed upload exists in Slack; an abandoned one was discarded.
    if (!f || !f.completed || !f.content) return c.json({ error: "no such file" }, 404);
    return new Response(new Uint8Array(f.content), {
      headers: {
        "content-type": f.filename.endsWith(".json") ? "application/json" : "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${safeName(f.filename)}"`,
        "x-content-type-options": "nosniff",
      },
    });
  });

  app.get("/sandbox/records/:number", async (c) => {
    const parsed = parsePhone(c.req.param("number"), "US");
    if (!parsed.ok) return c.json({ error: `That number: ${parsed.error}` }, 400);
    if (!o.adminToken) return c.json({ error: "the sandbox started without ADMIN_API_TOKEN" }, 503);
    const url = new URL(`/api/records/${encodeURIComponent(parsed.e164)}`, "http://127.0.0.1");
    url.searchParams.set("format", "csv");
    const res = await o.textdesk(new Request(url, { headers: { authorization: `Bearer ${o.adminToken}` } }));
    if (!res.ok) return new Response(res.body, { status: res.status, headers: res.headers });
    const headers = new Headers(res.headers);
    if (!headers.has("content-disposition"))
      headers.set("content-disposition", `attachment; filename="records-${parsed.e164.slice(1)}.csv"`);
    return new Response(res.body, { status: res.status, headers });
  });
}
