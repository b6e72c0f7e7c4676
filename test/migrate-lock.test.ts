/**
 * Migrations for deploy pipelines: `npm run db:migrate` exits 0 or 1 with a log line, and two
 * instances migrating at once on a fresh PostgreSQL database never both apply them (the
 * migrator's advisory lock: one applies, the other waits and then finds nothing to do).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, MIGRATIONS_DIR, type Database } from '../src/db/index.js';
import { freshPgDatabase, type FreshPg } from './helpers/fresh-pg.js';

const run = promisify(execFile);
const JOURNAL = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
const hasPg = Boolean(process.env.DATABASE_URL);

async function appliedMigrations(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const res = await c.query<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
    return Number(res.rows[0]?.n);
  } finally {
    await c.end();
  }
}

describe.skipIf(!hasPg)('migrations under the migrator lock on PostgreSQL', () => {
  let fresh: FreshPg;
  let db: Database;
  beforeAll(async () => {
    fresh = await freshPgDatabase();
    db = createDatabase({ url: fresh.url });
  });
  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  it('when two instances migrate a fresh database at once, then both succeed and every migration is applied once', async () => {
    const other = createDatabase({ url: fresh.url });
    try {
      await Promise.all([db.migrate(), other.migrate()]);
    } finally {
      await other.close();
    }
    expect(await appliedMigrations(fresh.url)).toBe(JOURNAL.entries.length);
  });

  it('when another session holds the migrator lock, then a migration waits for it instead of running alongside', async () => {
    const holder = new pg.Client({ connectionString: fresh.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(7201944)');
      let done = false;
      const migrating = db.migrate().then(() => {
        done = true;
      });
      // Wait (bounded) until PostgreSQL shows the migrator queued behind the held lock.
      for (let i = 0; i < 200; i++) {
        const res = await holder.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 7201944 AND NOT granted",
        );
        if (Number(res.rows[0]?.n) > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const waiting = await holder.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 7201944 AND NOT granted",
      );
      expect(Number(waiting.rows[0]?.n)).toBe(1);
      expect(done).toBe(false);
      await holder.query('SELECT pg_advisory_unlock(7201944)');
      await migrating;
      expect(done).toBe(true);
    } finally {
      await holder.end();
    }
  });

  it('when npm run db:migrate runs on an up-to-date database, then it exits 0 and logs that migrations are applied', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], {
      env: { ...process.env, NODE_ENV: 'production', JWT_SECRET: 'm'.repeat(32), DATABASE_URL: fresh.url },
    });
    expect(stdout).toMatch(/"msg":"migrations applied","database":"pg"/);
  });
});

describe('npm run db:migrate against an unreachable database', () => {
  it('when the database cannot be reached, then it exits 1 with a log line on stderr', async () => {
    await expect(
      run(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], {
        env: { ...process.env, NODE_ENV: 'production', JWT_SECRET: 'm'.repeat(32), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
      }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/"msg":"migration failed"/) });
  });

  it('when production has no DATABASE_URL, then it exits 1 naming the variable', async () => {
    const { DATABASE_URL: _u, ...env } = process.env;
    await expect(
      run(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], {
        env: { ...env, NODE_ENV: 'production', JWT_SECRET: 'm'.repeat(32) },
      }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/DATABASE_URL/) });
  });
});
