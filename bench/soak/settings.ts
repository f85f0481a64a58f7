// The soak's knobs, all from the environment, so CI can run a short one (see docs/reliability.md).

function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return v;
}

function shareEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!(v >= 0 && v <= 1)) throw new Error(`${name} must be a fraction between 0 and 1, got "${raw}"`);
  return v;
}

export interface SoakSettings {
  /** Admin URL of the PostgreSQL server; the soak creates (and drops) its own database on it. */
  adminUrl: string;
  texts: number;
  numbers: number;
  replies: number;
  /** Seconds the load and the faults last; then faults stop and the system drains. */
  seconds: number;
  /** Longest the drain may take before the soak reports what never arrived. */
  drainSeconds: number;
  /** An instance is killed every this many milliseconds (alternating), and restarted after `restartMs`. */
  killEveryMs: number;
  restartMs: number;
  /** A vendor fault window opens every this many milliseconds and lasts 0.5–2.5 s. */
  faultEveryMs: number;
  redeliverShare: number;
  stopShare: number;
  /** Webhooks in flight at once (Telnyx and Slack together). */
  concurrency: number;
  /** "dist": compiled JavaScript under plain node (npm start's path; built first); "tsx": the sources. */
  runner: "dist" | "tsx";
  keepDatabase: boolean;
  seed: number;
}

/** Reads SOAK_* (and TEST_POSTGRES_URL); throws one clear line for a bad value. */
export function soakSettings(env = process.env): SoakSettings {
  const adminUrl = env.SOAK_POSTGRES_URL || env.TEST_POSTGRES_URL;
  if (!adminUrl)
    throw new Error(
      "set SOAK_POSTGRES_URL (or TEST_POSTGRES_URL) to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:55432/postgres",
    );
  const runner = env.SOAK_RUNNER || "dist";
  if (runner !== "dist" && runner !== "tsx") throw new Error(`SOAK_RUNNER must be "dist" or "tsx", got "${runner}"`);
  const texts = intEnv("SOAK_TEXTS", 10_000);
  const numbers = intEnv("SOAK_NUMBERS", Math.min(1_000, texts));
  if (numbers > texts) throw new Error("SOAK_NUMBERS must not exceed SOAK_TEXTS (every number texts at least once)");
  return {
    adminUrl,
    texts,
    numbers,
    replies: intEnv("SOAK_REPLIES", Math.round(texts / 5), 0),
    seconds: intEnv("SOAK_SECONDS", 240),
    // The drain runs at the soak's Slack pace (10 posts/s): the default size needs ~18 minutes of it.
    drainSeconds: intEnv("SOAK_DRAIN_SECONDS", 1_500),
    killEveryMs: intEnv("SOAK_KILL_EVERY_MS", 4_000),
    restartMs: intEnv("SOAK_RESTART_MS", 500, 0),
    faultEveryMs: intEnv("SOAK_FAULT_EVERY_MS", 5_000),
    redeliverShare: shareEnv("SOAK_REDELIVER", 0.1),
    stopShare: shareEnv("SOAK_STOP_SHARE", 0.05),
    concurrency: intEnv("SOAK_CONCURRENCY", 32),
    runner,
    keepDatabase: env.SOAK_KEEP_DB === "1",
    seed: intEnv("SOAK_SEED", Date.now() % 1_000_000, 0),
  };
}

/** A small seeded generator (mulberry32), so a failing run can be repeated with SOAK_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
