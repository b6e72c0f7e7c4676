import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface FreshPg {
  /** postgres:// URL of an empty database of its own. */
  url: string;
  drop(): Promise<void>;
}

/** An empty PostgreSQL database beside DATABASE_URL's (which must be set), dropped by `drop()`. */
export async function freshPgDatabase(prefix = 'onb_proc'): Promise<FreshPg> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
