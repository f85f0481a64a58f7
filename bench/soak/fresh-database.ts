// One fresh PostgreSQL database per soak run, created on the admin URL's server and dropped after.
import pg from "pg";

export interface FreshDatabase {
  url: string;
  name: string;
  /** A small pool on the soak's database for the checks (read-only use). */
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** Creates `textdesk_soak_<time>_<pid>` and returns its URL. */
export async function createFreshDatabase(adminUrl: string): Promise<FreshDatabase> {
  const name = `textdesk_soak_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 3 });
  return {
    url: url.toString(),
    name,
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
