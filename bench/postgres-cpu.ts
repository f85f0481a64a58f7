// CPU the PostgreSQL server spent, read from /proc when it runs on this machine (issue #9): beside
// the app's own CPU and this process's (load generator and fakes), it says where a run's two cores
// went. The server's processes are the postmaster and its children; exited backends are counted
// in the postmaster's cutime/cstime once it has reaped them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

/** Linux's USER_HZ: /proc's times are in these ticks on every architecture Node runs on. */
const TICK_MS = 10;

function stat(pid: number): { ppid: number; own: number; children: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = text.slice(text.lastIndexOf(")") + 2).split(" "); // fields from 3 (state) on
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

/** A reader of the server's total CPU in ms, or undefined when the server is not local and readable. */
export async function postgresCpuReader(url: string): Promise<(() => number) | undefined> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
    const pid = Number(readFileSync(join(rows[0].dir, "postmaster.pid"), "utf8").split("\n")[0]);
    // In a container the file's pid is the container's own, not this machine's: then unreadable.
    if (!stat(pid) || readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") return undefined;
    return () => {
      let ticks = 0;
      const top = stat(pid);
      if (top) ticks += top.own + top.children;
      for (const name of readdirSync("/proc")) {
        if (!/^\d+$/.test(name)) continue;
        const s = stat(Number(name));
        if (s?.ppid === pid) ticks += s.own;
      }
      return ticks * TICK_MS;
    };
  } catch {
    return undefined; // another machine, or no right to read the setting or the file
  } finally {
    await client.end().catch(() => undefined);
  }
}
