import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeHttpFetch } from "../../src/slack/node-http-fetch.ts";

// The Slack WebClient's fetch (issue #9): what it reads of a Response must be what the built-in
// fetch gives, and a failed or aborted call must fail as fetch fails.
describe("nodeHttpFetch", () => {
  let server: http.Server;
  let base: string;
  const seen: Array<{ method?: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  let hold: http.ServerResponse | undefined;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === "/hold") return void (hold = res); // never answered until the test says
        if (req.url === "/reset") return void req.socket.destroy();
        if (req.url === "/empty") return void res.writeHead(204).end();
        res.writeHead(req.url === "/limited" ? 429 : 200, {
          "content-type": "application/json; charset=utf-8",
          "retry-after": "3",
          "x-slack-req-id": "abc",
        });
        res.end(JSON.stringify({ ok: true, echo: body }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    hold?.end();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const post = {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "a=1&b=%E2%9C%93",
  };

  it("sends the same request and reads back what the built-in fetch reads", async () => {
    for (const path of ["/api/chat.postMessage", "/limited"]) {
      const mine = await nodeHttpFetch(`${base}${path}`, post);
      const theirs = await fetch(`${base}${path}`, post);
      expect(mine.status).toBe(theirs.status);
      expect(mine.statusText).toBe(theirs.statusText);
      expect(mine.url).toBe(theirs.url);
      for (const h of ["content-type", "retry-after", "x-slack-req-id"])
        expect(mine.headers.get(h)).toBe(theirs.headers.get(h));
      expect(await mine.text()).toBe(await theirs.text());
    }
    const [a, b] = seen.slice(-2);
    expect(a.body).toBe(b.body);
    expect(a.headers["content-type"]).toBe(b.headers["content-type"]);
    expect((await nodeHttpFetch(`${base}/empty`, post)).status).toBe(204);
  });

  it("an aborted call rejects with the signal's reason; a reset connection is fetch's TypeError", async () => {
    const controller = new AbortController();
    const call = nodeHttpFetch(`${base}/hold`, { ...post, signal: controller.signal });
    await expect.poll(() => hold).toBeDefined();
    controller.abort(new DOMException("took too long", "TimeoutError"));
    await expect(call).rejects.toMatchObject({ name: "TimeoutError" });
    await expect(nodeHttpFetch(`${base}/x`, { ...post, signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    await expect(nodeHttpFetch(`${base}/reset`, post)).rejects.toBeInstanceOf(TypeError);
  });

  it("a body that is not a string (a file upload's form) goes through the built-in fetch", async () => {
    const form = new FormData();
    form.append("file", new Blob(["hello"]), "a.txt");
    const r = await nodeHttpFetch(`${base}/upload`, { method: "POST", body: form });
    expect(r.status).toBe(200);
    expect(seen.at(-1)?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  });
});
