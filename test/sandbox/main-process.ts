import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/** `npm start` as a child process: node + tsx on src/main.ts, with exactly `env`. */
export interface MainProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in stdout+stderr; rejects if the process exits first or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Starts src/main.ts the way `npm start` does, with only `env` (plus PATH and HOME). */
export function startMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString("utf8");
    for (const w of waiters) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => out,
    waitFor(pattern, ms = 150_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (!m) return;
          done();
          resolve(m);
        };
        const bound = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${ms} ms; output:\n${out}`));
        }, ms);
        const onExit = () => {
          done();
          reject(new Error(`process exited before ${pattern}; output:\n${out}`));
        };
        const done = () => {
          clearTimeout(bound);
          waiters.delete(check);
          child.off("exit", onExit);
        };
        waiters.add(check);
        child.once("exit", onExit);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Local addresses listening on TCP `port`, from /proc/net/tcp and tcp6 (Linux); undefined elsewhere. */
export function listeningAddresses(port: number): string[] | undefined {
  const found: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
    for (const line of text.trim().split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [addr, hexPort] = local.split(":");
      if (state === "0A" && parseInt(hexPort, 16) === port) found.push(addr);
    }
  }
  return found;
}
