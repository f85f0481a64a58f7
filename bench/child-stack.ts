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
import { npmStartFlags, processCpuMs, processRssMb } from "./process-group.ts";

/** The app running in a child process. */
export interface AppProcess {
  url: string;
  /** CPU the app's process has used so far, ms. */
  cpuMs(): number;
  rssMb(): number;
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export interface ChildStack extends AppProcess {
  slack: FakeSlack;
  keys: ReturnType<typeof telnyxKeyPair>;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL("./textdesk-child.ts", import.meta.url));

/** One app process on the given environment (node flags: BENCH_CHILD_FLAGS, else npm start's); resolves once it listens. */
export async function spawnApp(env: Record<string, string>): Promise<AppProcess> {
  const flags =
    process.env.BENCH_CHILD_FLAGS?.split(/\s+/).filter(Boolean) ??
    npmStartFlags().filter((f) => f.startsWith("--max-")); // its heap caps, not its .env file
  const child = spawn(process.execPath, [...flags, ...process.execArgv, CHILD], {
    env: { ...env, PATH: process.env.PATH ?? "" },
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
    cpuMs: () => processCpuMs(pid),
    rssMb: () => processRssMb(pid),
    signal: (sig) => void child.kill(sig),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Fresh fakes (Slack without its posting limit), a fresh PGlite directory, the app in its own process. */
export async function startChildStack(): Promise<ChildStack> {
  const slack = await startFakeSlack({ knownChannels: [CHANNEL], postLimit: false });
  const telnyx = await startFakeTelnyx({ apiKey: "KEYTEST" });
  const keys = telnyxKeyPair();
  const dir = await mkdtemp(join(tmpdir(), "textdesk-bench-"));
  const app = await spawnApp({ ...testEnv(slack, telnyx, keys.publicKeyBase64), BENCH_DATA_DIR: dir });
  return {
    ...app,
    slack,
    keys,
    async close() {
      await app.stop();
      await Promise.all([slack.close(), telnyx.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
