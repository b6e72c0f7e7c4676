/**
 * Applying the migration chain only part of the way, exactly as drizzle's migrator would have
 * (same statements, same `drizzle.__drizzle_migrations` rows), so that a later `db.migrate()`
 * carries on from there. Tests, the generator CLI and the benchmark stop at the legacy table.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_DIR, type Database } from '../index.js';

export const LEGACY_TABLE_TAG = '0001_legacy_onboarding_states';
export const CONSOLIDATION_TAG = '0002_consolidate_to_9_states';
export const VERSION_TAG = '0003_onboarding_states_version';
/** Sets each consolidated row's current_step to the state being worked on. */
export const WORKING_STEP_TAG = '0006_migrated_current_step';

/** drizzle's separator between the statements of one migration file. */
const STATEMENT_BREAKPOINT = '--> statement-breakpoint';

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
  breakpoints: boolean;
}

interface MigrationFile {
  tag: string;
  /** The journal's `when`: drizzle stores it as `created_at` and applies what is newer. */
  when: number;
  /** sha256 of the file, as drizzle records it. */
  hash: string;
  statements: string[];
}

export function readJournal(dir: string = MIGRATIONS_DIR): JournalEntry[] {
  const raw: unknown = JSON.parse(readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8'));
  if (typeof raw !== 'object' || raw === null || !('entries' in raw) || !Array.isArray(raw.entries)) {
    throw new Error('migrations/meta/_journal.json has no entries list');
  }
  return raw.entries.map((entry: unknown): JournalEntry => {
    const e = entry as Partial<JournalEntry>;
    if (typeof e.tag !== 'string' || typeof e.when !== 'number' || typeof e.idx !== 'number') {
      throw new Error(`malformed journal entry: ${JSON.stringify(entry)}`);
    }
    return { idx: e.idx, when: e.when, tag: e.tag, breakpoints: e.breakpoints === true };
  });
}

export function splitStatements(text: string): string[] {
  return text.split(STATEMENT_BREAKPOINT).filter((s) => s.trim() !== '');
}

export function readMigration(tag: string, dir: string = MIGRATIONS_DIR): MigrationFile {
  const entry = readJournal(dir).find((e) => e.tag === tag);
  if (!entry) throw new Error(`migration ${tag} is not in the journal`);
  const text = readFileSync(path.join(dir, `${tag}.sql`), 'utf8');
  return {
    tag,
    when: entry.when,
    hash: createHash('sha256').update(text).digest('hex'),
    statements: splitStatements(text),
  };
}

/** A driver's raw result as rows: both PGlite and node-postgres answer `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows as T[];
  }
  throw new Error('query result has no rows');
}

/** `created_at` of every recorded migration, oldest first; empty before the first migrate. */
export async function appliedMigrationTimes(db: Database): Promise<number[]> {
  const exists = await db.query<{ present: boolean }>(`SELECT to_regclass('"drizzle"."__drizzle_migrations"') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return [];
  const res = await db.query<{ created_at: string | number }>(
    'SELECT created_at FROM "drizzle"."__drizzle_migrations" ORDER BY created_at',
  );
  return res.rows.map((r) => Number(r.created_at));
}

/**
 * Applies the journal's pending migrations up to and including `lastTag`, in one transaction,
 * recording each as drizzle's migrator does. Refuses when something after `lastTag` is applied.
 */
export async function applyMigrationsThrough(db: Database, lastTag: string): Promise<string[]> {
  const journal = readJournal();
  const lastIndex = journal.findIndex((e) => e.tag === lastTag);
  if (lastIndex < 0) throw new Error(`migration ${lastTag} is not in the journal`);
  const target = journal[lastIndex];
  const applied = await appliedMigrationTimes(db);
  const newest = applied.length > 0 ? Math.max(...applied) : undefined;
  if (target && newest !== undefined && newest > target.when) {
    throw new Error(`the database is already past ${lastTag}`);
  }
  const pending = journal
    .slice(0, lastIndex + 1)
    .filter((e) => newest === undefined || e.when > newest)
    .map((e) => readMigration(e.tag));
  if (pending.length === 0) return [];
  await db.orm.execute(sql`CREATE SCHEMA IF NOT EXISTS "drizzle"`);
  await db.orm.execute(
    sql`CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
  );
  await db.orm.transaction(async (tx) => {
    for (const migration of pending) {
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES (${migration.hash}, ${migration.when})`,
      );
    }
  });
  return pending.map((m) => m.tag);
}
