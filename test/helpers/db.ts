import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../../src/db/index.js';

export type Backend = 'pglite' | 'pg';

/** PGlite always; real PostgreSQL too when DATABASE_URL is set (CI sets it). */
export const BACKENDS: Backend[] = process.env.DATABASE_URL ? ['pglite', 'pg'] : ['pglite'];

export interface TestDatabase {
  db: Database;
  /** Closes the connection and, on PostgreSQL, drops the database; a no-op on a shared database. */
  drop(): Promise<void>;
}

const dumps = new Map<'empty' | 'migrated', Blob>();

/** The data directory test/global-setup.ts dumped for this run, or undefined outside vitest. */
function dumped(which: 'empty' | 'migrated'): Blob | undefined {
  let blob = dumps.get(which);
  if (!blob) {
    const file = inject('pgliteDumps')?.[which];
    if (!file) return undefined;
    blob = new Blob([readFileSync(file)]);
    dumps.set(which, blob);
  }
  return blob;
}

/**
 * A migrated database of the caller's own: in-memory PGlite started from the run's dumped data
 * directory (the same bytes initdb and the migrations would produce, without their cost), or a
 * fresh PostgreSQL database. `migrate: false` gives an empty one, for the migration tests.
 */
export async function openTestDatabase(backend: Backend, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrated = opts.migrate !== false;
  if (backend === 'pglite') {
    const loadDataDir = dumped(migrated ? 'migrated' : 'empty');
    const db = createDatabase({ dataDir: 'memory', ...(loadDataDir ? { loadDataDir } : {}) });
    if (migrated && !loadDataDir) await db.migrate();
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
  if (migrated) await db.migrate();
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

const shared = new Map<Backend, Promise<TestDatabase>>();

/**
 * The migrated database the tests of this process share: PGlite lives as long as the worker
 * (every test file it runs uses it); PostgreSQL's is dropped after each file by
 * `releaseSharedDatabases` (test/setup.ts). The tests on it own their rows: each makes its own
 * users (newUser, random subs and emails) and reads only those users' rows; a test that needs a
 * table to itself (counting all its rows, the funnel) or changes the schema opens its own.
 */
export async function sharedTestDatabase(backend: Backend): Promise<TestDatabase> {
  let opening = shared.get(backend);
  if (!opening) {
    opening = openTestDatabase(backend);
    shared.set(backend, opening);
    // A failed open is not kept: the next file (or test) tries again.
    opening.catch(() => shared.delete(backend));
  }
  const { db } = await opening;
  return { db, drop: async () => {} };
}

/** Drops the shared PostgreSQL database (run after each test file); PGlite's stays for the next file. */
export async function releaseSharedDatabases(): Promise<void> {
  const opening = shared.get('pg');
  if (!opening) return;
  shared.delete('pg');
  await (await opening).drop();
}
