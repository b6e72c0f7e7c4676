/**
 * Runs migrations/rollback/0002_consolidate_to_9_states.down.sql in one transaction (what the
 * file does, and what it refuses to do, is documented at its top).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_DIR, type Database } from '../index.js';
import {
  CONSOLIDATION_TAG,
  VERSION_TAG,
  WORKING_STEP_TAG,
  appliedMigrationTimes,
  readMigration,
  rowsOf,
  splitStatements,
} from './migrations.js';

export const ROLLBACK_FILE = path.join(MIGRATIONS_DIR, 'rollback', `${CONSOLIDATION_TAG}.down.sql`);

export function readRollbackStatements(): string[] {
  return splitStatements(readFileSync(ROLLBACK_FILE, 'utf8'));
}

interface RollbackResult {
  /** Rows migrated by 0002, now back to their original step_data and current_step. */
  restored: number;
  /** Rows created after 0002, converted to the 11-step layout. */
  converted: number;
}

export async function rollbackConsolidation(db: Database): Promise<RollbackResult> {
  const statements = readRollbackStatements();
  const [guard, ...rest] = statements;
  if (guard === undefined) throw new Error(`${ROLLBACK_FILE} is empty`);
  return db.orm.transaction(async (tx) => {
    // The file's guard first, so a database that cannot be rolled back gets its message, then a
    // lock, so the counts are exactly the rows the statements below touch.
    await tx.execute(sql.raw(guard));
    await tx.execute(sql`LOCK TABLE onboarding_states IN ACCESS EXCLUSIVE MODE`);
    const counts = rowsOf<{ restored: number | string; converted: number | string }>(
      await tx.execute(
        sql`SELECT count(*) FILTER (WHERE step_data ? '_migration') AS restored,
                   count(*) FILTER (WHERE NOT (step_data ? '_migration')) AS converted
            FROM onboarding_states`,
      ),
    )[0];
    for (const statement of rest) await tx.execute(sql.raw(statement));
    return { restored: Number(counts?.restored ?? 0), converted: Number(counts?.converted ?? 0) };
  });
}

/**
 * Applies 0002 and 0003 again after a rollback, recorded exactly as drizzle's migrator records
 * them. Needed only when a later migration is recorded: the migrator then skips them, since it
 * applies only what is newer than the newest recorded migration. Returns the tags applied.
 */
export async function reapplyConsolidation(db: Database): Promise<string[]> {
  const recorded = new Set(await appliedMigrationTimes(db));
  const pending = [readMigration(CONSOLIDATION_TAG), readMigration(VERSION_TAG)].filter((m) => !recorded.has(m.when));
  if (pending.length === 0) return [];
  const workingStep = readMigration(WORKING_STEP_TAG);
  await db.orm.transaction(async (tx) => {
    for (const migration of pending) {
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES (${migration.hash}, ${migration.when})`,
      );
    }
    // The later fix of current_step, when already recorded, would otherwise be skipped: it is
    // a function of step_data alone, so running it again is safe.
    if (recorded.has(workingStep.when)) for (const statement of workingStep.statements) await tx.execute(sql.raw(statement));
  });
  return pending.map((m) => m.tag);
}
