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
import type { Config } from '../config.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The Drizzle handle the services use; the same type whichever driver is underneath. */
export type AppDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  readonly kind: 'pglite' | 'pg';
  readonly orm: AppDb;
  /** A parameterized statement straight to the driver: the hot paths' single round trip. */
  query<T>(text: string, params?: readonly unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /** Applies pending migrations, one process at a time (the others wait, then find nothing to do). */
  migrate(): Promise<void>;
  /** One round trip that must answer within `timeoutMs`; rejects otherwise. */
  ping(timeoutMs: number): Promise<void>;
  /** Epoch ms of the last answer the database gave (any query or ping). */
  readonly lastReachedAt: number;
  /** Pool figures for metrics and logs (zeros for the embedded database). */
  poolStats(): { total: number; idle: number; waiting: number; max: number };
  /** Closes the pool; gives up waiting for checked-out connections after `timeoutMs` (default: no bound). */
  close(timeoutMs?: number): Promise<void>;
}

interface DatabaseOptions {
  /** postgres:// URL; without it, embedded PGlite. */
  url?: string;
  /** PGlite's directory, or 'memory' for an in-memory database (tests). */
  dataDir?: string;
  /**
   * PGlite only: start from this data directory (a tarball from PGlite's `dumpDataDir`) instead
   * of running initdb; the tests load one dump made and migrated once per run.
   */
  loadDataDir?: Blob;
  poolSize?: number;
  /** Deadlines of the pg pool (ms); the defaults match the config's. */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  queryTimeoutMs?: number;
  idleTimeoutMs?: number;
}

// Any constant shared by all instances: migrations from several processes then run one at a time.
const MIGRATION_LOCK = 7_201_944;

/** The database settings of the configuration, in createDatabase's terms. */
export function databaseOptions(config: Config): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DB_POOL_SIZE,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    queryTimeoutMs: config.DB_QUERY_TIMEOUT_MS,
    idleTimeoutMs: config.DB_IDLE_TIMEOUT_MS,
  };
}

export function createDatabase(opts: DatabaseOptions): Database {
  return opts.url ? createPg(opts.url, opts) : createPglite(opts.dataDir ?? './.data', opts.loadDataDir);
}

/** Rejects with a driver-like timeout once `ms` pass; the work itself is not cancelled. */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function createPglite(dataDir: string, loadDataDir: Blob | undefined): Database {
  let client: PGlite;
  if (dataDir === 'memory') {
    client = new PGlite(loadDataDir ? { loadDataDir } : {});
  } else {
    const dir = path.resolve(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir, loadDataDir ? { loadDataDir } : {});
  }
  const orm = drizzlePglite(client, { schema });
  return {
    kind: 'pglite',
    orm: orm as unknown as AppDb, // the two drivers differ only in their raw result type, which AppDb leaves abstract
    async query<T>(text: string, params: readonly unknown[] = []) {
      const res = await client.query<T>(text, [...params]);
      // pg counts the rows a SELECT returns; PGlite reports 0 affected rows for it. Match pg.
      return { rows: res.rows, rowCount: Math.max(res.affectedRows ?? 0, res.rows.length) };
    },
    migrate: () => migratePglite(orm, { migrationsFolder: MIGRATIONS_DIR }),
    async ping(timeoutMs: number) {
      await within(client.query('SELECT 1'), timeoutMs, 'database ping');
    },
    // In-process: reachable as long as it is open.
    get lastReachedAt() {
      return client.closed ? 0 : Date.now();
    },
    poolStats: () => ({ total: 0, idle: 0, waiting: 0, max: 1 }),
    close: () => client.close(),
  };
}

const READ_TIMEOUT = 'Query read timeout';

function createPg(url: string, opts: DatabaseOptions): Database {
  const statementTimeoutMs = opts.statementTimeoutMs ?? 5000;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    // Bounds both opening a connection and waiting for a free one.
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: opts.idleTimeoutMs ?? 10_000,
    // PostgreSQL cancels slow statements itself; the client deadline, a little longer, catches a
    // server or network that stopped answering altogether (no reset ever arrives on a silent drop).
    statement_timeout: statementTimeoutMs,
    query_timeout: opts.queryTimeoutMs ?? statementTimeoutMs + 1000,
    // A transaction left open by a stalled client must not hold locks for long.
    idle_in_transaction_session_timeout: statementTimeoutMs * 2,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  let lastReachedAt = 0;
  const reached = () => {
    lastReachedAt = Date.now();
  };
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    reached();
    // A checked-out client has no pool listener: without this, its socket dying would be an
    // uncaught 'error' event. The query in flight still fails, and release() evicts the client.
    client.on('error', () => {});
    // A connection whose answer did not arrive in time is presumed dead: destroy it, so that
    // release() (which drizzle calls without an error) drops it instead of pooling it again.
    const evictOnTimeout = (err: unknown) => {
      if (err instanceof Error && err.message === READ_TIMEOUT && client instanceof pg.Client) client.connection.stream.destroy();
    };
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // Reassigning the method keeps every overload of pg's query; only the result is observed.
    (client as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const last = args.at(-1);
      if (typeof last === 'function') {
        args[args.length - 1] = (err: unknown, res: unknown) => {
          if (err) evictOnTimeout(err);
          else reached();
          (last as (e: unknown, r: unknown) => void)(err, res);
        };
        return query(...args);
      }
      const result = query(...args);
      if (result instanceof Promise) result.then(reached, evictOnTimeout);
      return result;
    };
  });
  const orm = drizzlePg(pool, { schema });
  return {
    kind: 'pg',
    orm: orm as unknown as AppDb,
    async query<T>(text: string, params: readonly unknown[] = []) {
      const res = await pool.query(text, [...params]);
      reached();
      return { rows: res.rows as T[], rowCount: res.rowCount ?? 0 };
    },
    async migrate() {
      // A connection of its own, without the request deadlines: a migration may take long, and
      // waiting for another instance's migration to finish is expected. Advisory locks belong to
      // a session, so the lock is taken and released on this one connection.
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: opts.connectTimeoutMs ?? 3000, keepAlive: true });
      await client.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        await client.end();
      }
    },
    async ping(timeoutMs: number) {
      await within(pool.query({ text: 'SELECT 1', query_timeout: timeoutMs } as pg.QueryConfig), timeoutMs, 'database ping');
      reached();
    },
    get lastReachedAt() {
      return lastReachedAt;
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 }),
    close: (timeoutMs?: number) => (timeoutMs === undefined ? pool.end() : within(pool.end(), timeoutMs, 'closing the pool')),
  };
}

// 57014: a statement cancelled by statement_timeout; the database is too slow to answer in time.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '57014']);

/** True when an error means the database cannot be reached (answered as 503, not 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Cannot use a pool after calling end|PGlite is closed/i.test(
    err.message,
  );
}

/** Serialization failures and deadlocks: safe to retry once (docs/behaviour/operations.md). */
export function isRetryableConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}
