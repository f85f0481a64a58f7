// Two textdesk processes on one database: started, SIGKILLed and restarted like a supervisor would.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface InstanceFigures {
  starts: number;
  failedStarts: number;
  kills: number;
  terms: number;
  /** Milliseconds from spawn to the first /readyz 200, per start. */
  readyMs: number[];
  /** Milliseconds from SIGTERM to exit, and the exit codes. */
  termExitMs: number[];
  termExitCodes: number[];
}

/** One textdesk process slot; `up` is false while it is down or starting. */
export class Instance {
  readonly url: string;
  up = false;
  readonly figures: InstanceFigures = {
    starts: 0,
    failedStarts: 0,
    kills: 0,
    terms: 0,
    readyMs: [],
    termExitMs: [],
    termExitCodes: [],
  };
  #child: ChildProcess | undefined;
  #exited: Promise<number | null> = Promise.resolve(null);
  readonly #log: WriteStream;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly runner: "dist" | "tsx",
    logPath: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.#log = createWriteStream(logPath, { flags: "a" });
  }

  /** Spawns the process and waits for /readyz; a start that dies or hangs is retried, as systemd would. */
  async start(deadlineMs = 60_000): Promise<void> {
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      if (await this.#startOnce(Math.min(30_000, until - Date.now()))) return;
      this.figures.failedStarts++;
      await sleep(500);
    }
    throw new Error(`${this.name} did not become ready within ${deadlineMs / 1000} s (see its log)`);
  }

  async #startOnce(waitMs: number): Promise<boolean> {
    const t0 = Date.now();
    const args = this.runner === "dist" ? ["dist/src/main.js"] : ["--import", "tsx", "src/main.ts"];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    this.#child = child;
    this.figures.starts++;
    child.stdout.pipe(this.#log, { end: false });
    child.stderr.pipe(this.#log, { end: false });
    this.#exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    let dead = false;
    void this.#exited.then(() => {
      dead = true;
      this.up = false;
    });
    while (!dead && Date.now() - t0 < waitMs) {
      if (await ready(this.url)) {
        this.up = true;
        this.figures.readyMs.push(Date.now() - t0);
        return true;
      }
      await sleep(50);
    }
    if (!dead) await this.stop("SIGKILL");
    return false;
  }

  /** SIGKILL (nothing is finished or released) or SIGTERM (graceful); resolves when the process is gone. */
  async stop(signal: "SIGKILL" | "SIGTERM"): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.up = false;
    const t0 = Date.now();
    child.kill(signal);
    const code = await this.#exited;
    if (signal === "SIGKILL") this.figures.kills++;
    else {
      this.figures.terms++;
      this.figures.termExitMs.push(Date.now() - t0);
      this.figures.termExitCodes.push(code ?? -1);
    }
  }

  close(): void {
    this.#log.end();
  }
}

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
