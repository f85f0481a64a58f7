import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";

// Handlers may return whatever res.end()/socket.destroy() return; only completion matters.
export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A started local HTTP server plus the bookkeeping needed to shut it down promptly. */
export interface LocalServer {
  server: Server;
  port: number;
  /** Resolves after `ms`, or early (with false) when the server closes, so hung responses never outlive a test. */
  delay(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 at a free port; handler errors become a 500 rather than a crashed test run. */
export async function listenLocal(handler: Handler): Promise<LocalServer> {
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: (v: boolean) => void }>();
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`fake server error: ${String(err)}`);
      }
    });
  });
  // Node closes an idle keep-alive socket after 5 s; on a starved machine the client can reuse it
  // just as it closes and see a reset ("fetch failed") that no vendor would cause. The vendors
  // keep idle connections far longer; so do the fakes (close() still ends them at once).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  return {
    server,
    port,
    delay(ms) {
      if (closed) return Promise.resolve(false);
      return new Promise((resolve) => {
        const entry = {
          timer: setTimeout(() => {
            timers.delete(entry);
            resolve(true);
          }, ms),
          resolve,
        };
        timers.add(entry);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) {
        clearTimeout(t.timer);
        t.resolve(false);
      }
      timers.clear();
      // Keep-alive sockets from fetch/undici would otherwise hold close() open for seconds.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads the whole request body as UTF-8 text, which is what signature schemes are computed over. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Writes a JSON response unless the client already went away. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** The bearer token from an Authorization header, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const m = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return m ? m[1].trim() : undefined;
}

/** A loopback port nothing listens on right now (bound and released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
