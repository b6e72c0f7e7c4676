import { FITNESS_STATES } from '../../machines/fitness/states.js';
import type { Database } from '../db/index.js';

/** Tables holding a user's rows, found from the schema itself so a new table is never missed. */
async function userTables(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND c.column_name = 'user_id' AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name`,
  );
  return rows.map((r) => r.table_name);
}

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

interface AccountRow {
  id: string;
  sub: string;
  email: string | null;
  full_name: string | null;
  age: number | null;
  gender: string | null;
  height_cm: number | null;
  weight_kg: number | null;
  created_at: string | Date;
}

/** A user's own data: the consolidated profile, the full export, and erasure. */
export class UserDataService {
  constructor(private readonly db: Database) {}

  async profile(userId: string) {
    const [{ rows: users }, { rows: states }, { rows: guided }] = await Promise.all([
      this.db.query<AccountRow>(
        'SELECT id, sub, email, full_name, age, gender, height_cm, weight_kg, created_at FROM users WHERE id = $1',
        [userId],
      ),
      this.db.query<{ step_data: Record<string, unknown>; is_complete: boolean }>(
        'SELECT step_data, is_complete FROM onboarding_states WHERE user_id = $1 AND deleted_at IS NULL',
        [userId],
      ),
      this.db.query<{ result: Record<string, unknown> | null }>("SELECT result FROM flow_sessions WHERE user_id = $1 AND flow = 'guided'", [
        userId,
      ]),
    ]);
    const u = users[0];
    if (!u) return null;
    const steps = states[0]?.step_data ?? {};
    const result = guided[0]?.result ?? {};
    const pick = (k: string) => (typeof result[k] === 'string' ? (result[k] as string) : null);
    return {
      user: {
        id: u.id,
        email: u.email,
        full_name: u.full_name,
        age: u.age,
        gender: u.gender,
        height_cm: u.height_cm,
        weight_kg: u.weight_kg,
        created_at: new Date(u.created_at).toISOString(),
      },
      fitness: {
        onboarding_completed: states[0]?.is_complete ?? false,
        // Each state under its readable key; null until it is saved.
        ...Object.fromEntries(
          FITNESS_STATES.map((s) => [s.key, (steps[`step_${s.number}`] as Record<string, unknown> | undefined) ?? null]),
        ),
      },
      companion: {
        onboarding_completed: result.onboarding_completed === true,
        onboarding_completed_at: pick('onboarding_completed_at'),
        selected_agent_id: pick('selected_agent_id'),
        main_use: pick('main_use'),
        preferred_style: pick('preferred_style'),
      },
    };
  }

  /** Every row of every table that belongs to the user (the password hash is named, never exported). */
  async export(userId: string, now: Date): Promise<Record<string, unknown> | null> {
    const { rows: users } = await this.db.query<Record<string, unknown>>('SELECT * FROM users WHERE id = $1', [userId]);
    const user = users[0];
    if (!user) return null;
    const { password_hash: hash, ...account } = user;
    const tables: Record<string, unknown[]> = {};
    for (const table of await userTables(this.db)) {
      const { rows } = await this.db.query<Record<string, unknown>>(`SELECT * FROM ${quoteIdent(table)} WHERE user_id = $1`, [userId]);
      tables[table] = rows;
    }
    return { exported_at: now.toISOString(), user: { ...account, has_password: hash != null }, tables };
  }

  /**
   * Erases the user in one statement (atomic on both drivers): every table with a user_id, the
   * user row, and a hashed tombstone so tokens issued before now are refused. Returns the sub.
   */
  async erase(userId: string): Promise<string | null> {
    const tables = await userTables(this.db);
    const ctes = tables.map((t, i) => `d${i} AS (DELETE FROM ${quoteIdent(t)} WHERE user_id = $1)`);
    const { rows } = await this.db.query<{ sub: string }>(
      `WITH ${[...ctes, 'gone AS (DELETE FROM users WHERE id = $1 RETURNING sub)'].join(',\n')},
       tomb AS (
         INSERT INTO erased_subjects (sub_hash) SELECT encode(sha256(convert_to(sub, 'UTF8')), 'hex') FROM gone
         ON CONFLICT (sub_hash) DO UPDATE SET erased_at = now()
       )
       SELECT sub FROM gone`,
      [userId],
    );
    return rows[0]?.sub ?? null;
  }
}
