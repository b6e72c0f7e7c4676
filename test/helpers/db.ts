import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database } from '../../src/db/index.js';

export type Backend = 'pglite' | 'pg';

/** PGlite always; real PostgreSQL too when DATABASE_URL is set (CI sets it). */
export const BACKENDS: Backend[] = process.env.DATABASE_URL ? ['pglite', 'pg'] : ['pglite'];

export interface TestDatabase {
  db: Database;
  /** Closes the connection and, on PostgreSQL, drops the file's own database. */
  drop(): Promise<void>;
}

/** A migrated database owned by one test file: in-memory PGlite, or a fresh PostgreSQL database. */
export async function openTestDatabase(backend: Backend, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const db = createDatabase({ dataDir: 'memory' });
    if (opts.migrate !== false) await db.migrate();
    return { db, drop: () => db.close() };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const name = `onb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDatabase({ url: url.toString(), poolSize: 10 });
  if (opts.migrate !== false) await db.migrate();
  return {
    db,
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
