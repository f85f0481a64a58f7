// Resident memory of a whole process group, read from /proc (Linux), and a free loopback port.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface GroupRss {
  /** Sum of VmRSS over every live process of the group, MB. */
  totalMb: number;
  /** The largest one, MB. */
  largestMb: number;
  processes: number;
  /** The last sample of a series (set by the caller). */
  lastMb?: number;
}

/** RSS of every process whose process group is `pgid` (shared pages are counted in each: an upper bound). */
export function groupRss(pgid: number): GroupRss {
  let totalKb = 0;
  let largestKb = 0;
  let processes = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the ")" that closes the command name: state, ppid, pgrp, …
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== pgid) continue;
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      totalKb += kb;
      largestKb = Math.max(largestKb, kb);
      processes++;
    } catch {
      // exited while we looked
    }
  }
  return { totalMb: totalKb / 1024, largestMb: largestKb / 1024, processes };
}

/** The node flags of `npm start` (a heap cap, the .env file), checked to be "node … dist/src/main.js". */
export function npmStartFlags(): string[] {
  const pkg = fileURLToPath(new URL("../package.json", import.meta.url));
  const start = (JSON.parse(readFileSync(pkg, "utf8")) as { scripts: Record<string, string> }).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] !== "node" || words.at(-1) !== "dist/src/main.js")
    throw new Error(`npm start is not "node … dist/src/main.js": ${start}`);
  return words.slice(1, -1);
}

/** CPU time (user + system, all threads) one process has used so far, ms, from /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks (100 per second on Linux).
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Resident memory of one process now, MB. */
export function processRssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}
