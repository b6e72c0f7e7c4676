import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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

// Statements of the kinds the service runs (uuid and jsonb columns, unique indexes, upserts,
// joins), on a temporary table in a transaction that is rolled back: nothing of it remains.
const WARM_UP = [
  'BEGIN',
  `CREATE TEMP TABLE warm_up (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), k text UNIQUE, n int NOT NULL DEFAULT 0,
     doc jsonb, at timestamptz NOT NULL DEFAULT now())`,
  `INSERT INTO warm_up (k, doc) SELECT 'k' || g, jsonb_build_object('g', g, 'a', jsonb_build_array(g)) FROM generate_series(1, 50) g`,
  `INSERT INTO warm_up (k, doc) VALUES ('k1', '{}') ON CONFLICT (k) DO UPDATE SET n = warm_up.n + 1, doc = warm_up.doc || excluded.doc RETURNING id`,
  `UPDATE warm_up SET doc = jsonb_set(doc, '{g}', '0') WHERE k = $1`,
  `SELECT w.k, count(*) FROM warm_up w JOIN warm_up v ON v.k = w.k WHERE w.doc ? 'g' GROUP BY w.k ORDER BY w.k LIMIT 5`,
  'DELETE FROM warm_up WHERE n > 0',
  'ROLLBACK',
];

/**
 * PGlite starts in the background, and a loaded data directory leaves the WebAssembly code of
 * the process cold (initdb and the migrations used to warm it): the first requests of a test
 * then run several times slower, enough to miss an LLM deadline of a few hundred ms. Both costs
 * belong to the setup that opens the database, so it waits for the start and runs a short
 * workload of its own first.
 */
async function warmUp(db: Database): Promise<void> {
  for (let round = 0; round < 3; round++) {
    for (const statement of WARM_UP) await db.query(statement, statement.includes('$1') ? ['k2'] : []);
  }
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
    else if (loadDataDir) await warmUp(db);
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

/**
 * Puts the run's migrated data directory where a server started with DATA_DIR=`dataDir` keeps
 * its embedded database (src/db/index.ts: `<DATA_DIR>/pglite`), so the process skips initdb and
 * finds every migration applied, as on a restart. Outside vitest it leaves the directory empty.
 */
export function seedServerDataDir(dataDir: string): void {
  const file = inject('pgliteDumps')?.migrated;
  if (!file) return;
  const dir = path.join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  // The tarball's entries are rooted at the data directory ("/PG_VERSION", ...); tar drops the '/'.
  execFileSync('tar', ['-xf', file, '-C', dir], { stdio: 'ignore' });
}
