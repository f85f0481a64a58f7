// The open loop's stack with the app in a child process (bench/textdesk-child.ts) and the fakes
// here: the app's CPU and memory are read from /proc for its process alone.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeSlack, type FakeSlack } from "../sandbox/fakes/fake-slack.ts";
import { startFakeTelnyx, telnyxKeyPair } from "../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, testEnv } from "../test/support/test-env.ts";
import { processCpuMs, processRssMb } from "./process-group.ts";

export interface ChildStack {
  url: string;
  slack: FakeSlack;
  keys: ReturnType<typeof telnyxKeyPair>;
  /** CPU the app's process has used so far, ms. */
  cpuMs(): number;
  rssMb(): number;
  signal(sig: NodeJS.Signals): void;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL("./textdesk-child.ts", import.meta.url));

/** Fresh fakes (Slack without its posting limit), a fresh PGlite directory, the app in its own process. */
export async function startChildStack(): Promise<ChildStack> {
  const slack = await startFakeSlack({ knownChannels: [CHANNEL], postLimit: false });
  const telnyx = await startFakeTelnyx({ apiKey: "KEYTEST" });
  const keys = telnyxKeyPair();
  const dir = await mkdtemp(join(tmpdir(), "textdesk-bench-"));
  const flags = process.env.BENCH_CHILD_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, ...process.execArgv, CHILD], {
    env: { ...testEnv(slack, telnyx, keys.publicKeyBase64), BENCH_DATA_DIR: dir, PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`bench app exited ${code} before listening`)));
  });
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${port}`,
    slack,
    keys,
    cpuMs: () => processCpuMs(pid),
    rssMb: () => processRssMb(pid),
    signal: (sig: NodeJS.Signals) => child.kill(sig),
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await Promise.all([slack.close(), telnyx.close()]);
      await rm(dir, { recursive: true, force: true });
      await rm(`${dir}-journal`, { recursive: true, force: true });
    },
  };
}
