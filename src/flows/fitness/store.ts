import type { UserProfile } from './agents/general.js';
import type { Database } from '../../db/index.js';
import { writeAtomically, type EventRecord, type IdempotentResponse } from '../../engine/sessions.js';

export interface AgentHistoryEntry {
  state: number;
  agent: string;
  timestamp: string;
}

/** A row of onboarding_states: the fitness flow's single source of truth. */
export interface FitnessRow {
  current_step: number;
  is_complete: boolean;
  step_data: Record<string, unknown>;
  agent_history: AgentHistoryEntry[];
  version: number;
  deleted_at: string | null;
}

export interface FitnessWrite {
  userId: string;
  expectedVersion: number;
  /** The state's data to store under step_<n>, when the change saves one. */
  save?: { step: number; data: unknown } | undefined;
  currentStep: number;
  isComplete: boolean;
  /** Appended to agent_history when an agent made the change. */
  agent?: { agent: string; state: number } | undefined;
  event: EventRecord;
  idempotency?: IdempotentResponse | undefined;
}

const UPDATE = `UPDATE onboarding_states SET
    step_data = CASE WHEN $3::text IS NULL THEN step_data ELSE jsonb_set(step_data, ARRAY[$3::text], $4::jsonb) END,
    current_step = $5::int,
    is_complete = $6::boolean,
    agent_history = CASE WHEN $7::text IS NULL THEN agent_history
      ELSE agent_history || jsonb_build_array(jsonb_build_object(
        'state', $8::int, 'agent', $7::text,
        'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) END,
    version = version + 1,
    updated_at = now()
  WHERE user_id = $1::uuid AND version = $2::int AND deleted_at IS NULL
  RETURNING user_id`;

export class FitnessStore {
  constructor(private readonly db: Database) {}

  async load(userId: string): Promise<FitnessRow | null> {
    const { rows } = await this.db.query<FitnessRow>(
      `SELECT current_step, is_complete, step_data, agent_history, version, deleted_at
       FROM onboarding_states WHERE user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /** The user's account fields and saved states, for the general agent's context. */
  async loadProfile(userId: string): Promise<UserProfile | null> {
    const { rows } = await this.db.query<UserProfile>(
      `SELECT u.full_name, u.age, u.gender, u.height_cm, u.weight_kg, o.step_data
       FROM users u JOIN onboarding_states o ON o.user_id = u.id
       WHERE u.id = $1 AND o.deleted_at IS NULL`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /** Counts a rejected answer for the funnel; the answer itself is not kept. */
  async recordValidationFailure(userId: string, state: number, field: string, agent: string | undefined): Promise<void> {
    await this.db.query(
      `INSERT INTO validation_failures (user_id, flow, state, field, agent) VALUES ($1, 'fitness', $2, $3, $4)`,
      [userId, state, field, agent ?? null],
    );
  }

  /** Returns false when another request changed the row first. */
  write(w: FitnessWrite): Promise<boolean> {
    const params = [
      w.userId,
      w.expectedVersion,
      w.save ? `step_${w.save.step}` : null,
      w.save ? JSON.stringify(w.save.data) : null,
      w.currentStep,
      w.isComplete,
      w.agent?.agent ?? null,
      w.agent?.state ?? null,
    ];
    return writeAtomically(this.db, { sql: UPDATE, params }, 'fitness', w.event, w.idempotency);
  }
}
