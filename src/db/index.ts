import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from '../../drizzle/schema.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The Drizzle handle the services use; the same type whichever driver is underneath. */
export type AppDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  readonly kind: 'pglite' | 'pg';
  readonly orm: AppDb;
  /** A parameterized statement straight to the driver: the hot paths' single round trip. */
  query<T>(text: string, params?: readonly unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Connection pool use, for the metrics; absent on the embedded database (no pool). */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
}

export interface DatabaseOptions {
  /** postgres:// URL; without it, embedded PGlite. */
  url?: string;
  /** PGlite's directory, or 'memory' for an in-memory database (tests). */
  dataDir?: string;
  poolSize?: number;
}

// Any constant shared by all instances: migrations from several processes then run one at a time.
const MIGRATION_LOCK = 7_201_944;

export function createDatabase(opts: DatabaseOptions): Database {
  return opts.url ? createPg(opts.url, opts.poolSize ?? 10) : createPglite(opts.dataDir ?? './.data');
}

function createPglite(dataDir: string): Database {
  let client: PGlite;
  if (dataDir === 'memory') {
    client = new PGlite();
  } else {
    const dir = path.resolve(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir);
  }
  const orm = drizzlePglite(client, { schema });
  return {
    kind: 'pglite',
    orm: orm as unknown as AppDb, // the two drivers differ only in their raw result type, which AppDb leaves abstract
    async query<T>(text: string, params: readonly unknown[] = []) {
      const res = await client.query<T>(text, [...params]);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    migrate: () => migratePglite(orm, { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.close(),
  };
}

function createPg(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const orm = drizzlePg(pool, { schema });
  return {
    kind: 'pg',
    orm: orm as unknown as AppDb,
    async query<T>(text: string, params: readonly unknown[] = []) {
      const res = await pool.query(text, [...params]);
      return { rows: res.rows as T[], rowCount: res.rowCount ?? 0 };
    },
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
  };
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03']);

/** True when an error means the database cannot be reached (answered as 503, not 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|PGlite is closed/i.test(
    err.message,
  );
}

/** Serialization failures and deadlocks: safe to retry once (SPEC section 9). */
export function isRetryableConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}
