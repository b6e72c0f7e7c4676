import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/index.js';
import { insertOnboardingRowsQuery, insertUsersQuery, type LegacyUser } from '../../src/db/legacy/generate.js';
import { rowsOf } from '../../src/db/legacy/migrations.js';
import type { JsonObject, UserBasics } from '../../src/db/legacy/reference.js';

/** A database handle or an open transaction: anything that runs a drizzle SQL object. */
export type Exec = (query: SQL) => Promise<unknown>;

export function execOf(db: Database): Exec {
  return (query) => db.orm.execute(query);
}

export async function insertLegacyUsers(exec: Exec, users: readonly LegacyUser[]): Promise<void> {
  if (users.length === 0) return;
  await exec(insertUsersQuery(users));
  const rows = insertOnboardingRowsQuery(users);
  if (rows.count > 0) await exec(rows.query);
}

export interface StoredRow {
  current_step: number;
  is_complete: boolean;
  step_data: JsonObject;
  /** step_data::text: the byte-for-byte form. */
  step_text: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface StoredUser extends UserBasics {
  id: string;
  row: StoredRow | null;
}

interface RawRow extends UserBasics {
  id: string;
  current_step: number | null;
  is_complete: boolean | null;
  step_data: JsonObject | null;
  step_text: string | null;
  created_at: string | null;
  updated_at: string | null;
  deleted_at: string | null;
}

/** Every user with their onboarding row (if any), timestamps as text so both drivers agree. */
export async function readUsers(exec: Exec): Promise<StoredUser[]> {
  const raw = rowsOf<RawRow>(
    await exec(sql`
      SELECT u.id::text AS id, u.age, u.gender, u.height_cm, u.weight_kg,
             o.current_step, o.is_complete, o.step_data, o.step_data::text AS step_text,
             o.created_at::text AS created_at, o.updated_at::text AS updated_at, o.deleted_at::text AS deleted_at
      FROM users u LEFT JOIN onboarding_states o ON o.user_id = u.id
      ORDER BY u.id`),
  );
  return raw.map((r) => ({
    id: r.id,
    age: r.age,
    gender: r.gender,
    height_cm: r.height_cm,
    weight_kg: r.weight_kg,
    row:
      r.current_step === null || r.step_data === null || r.step_text === null
        ? null
        : {
            current_step: r.current_step,
            is_complete: r.is_complete === true,
            step_data: r.step_data,
            step_text: r.step_text,
            created_at: r.created_at ?? '',
            updated_at: r.updated_at ?? '',
            deleted_at: r.deleted_at,
          },
  }));
}

export function basicsOf(user: UserBasics): UserBasics {
  return { age: user.age, gender: user.gender, height_cm: user.height_cm, weight_kg: user.weight_kg };
}

export async function columnsOf(exec: Exec, table: string): Promise<string[]> {
  const rows = rowsOf<{ column_name: string }>(
    await exec(sql`SELECT column_name FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY column_name`),
  );
  return rows.map((r) => r.column_name);
}

export async function checkDefinition(exec: Exec): Promise<string | undefined> {
  const rows = rowsOf<{ def: string }>(
    await exec(sql`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
                   WHERE conname = 'onboarding_states_current_step_check'`),
  );
  return rows[0]?.def;
}

export async function recordedMigrations(exec: Exec): Promise<Array<{ hash: string; created_at: number }>> {
  const rows = rowsOf<{ hash: string; created_at: string | number }>(
    await exec(sql`SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id`),
  );
  return rows.map((r) => ({ hash: r.hash, created_at: Number(r.created_at) }));
}

/** The SQLSTATE of a failed query (drizzle wraps driver errors, so look at the cause too). */
export async function sqlStateOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    for (let e: unknown = err; e instanceof Error; e = e.cause) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string') return code;
    }
    throw err;
  }
}
