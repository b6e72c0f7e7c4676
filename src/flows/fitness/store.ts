import type { UserProfile } from '../assistant/port.js';
import type { ChatMessage } from './chat-store.js';
import type { Database } from '../../db/index.js';
import type { StoredMachine } from '../../engine/machine.js';
import { writeAtomically, type EventRecord, type IdempotentResponse, type Rejection, type TurnMessage } from '../../engine/sessions.js';

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
  /** null: the row does not exist yet (the flow creates it with its first write). */
  version: number | null;
  deleted_at: string | null;
}

/** The row a user has before the flow ever wrote one: working on state 1, nothing saved. */
export const EMPTY_ROW: FitnessRow = {
  current_step: 1,
  is_complete: false,
  step_data: {},
  agent_history: [],
  version: null,
  deleted_at: null,
};

interface FitnessWrite {
  userId: string;
  /** The version read; null when no row exists yet (the write creates it). */
  expectedVersion: number | null;
  /** The states' data to store under step_<n>; empty when the turn saves nothing. */
  saves: Array<{ step: number; data: unknown }>;
  currentStep: number;
  isComplete: boolean;
  /** Appended to agent_history (one entry per state) when an agent made the change. */
  agent?: { agent: string; states: number[] } | undefined;
  /** False for a turn that only records messages: the row must still be as read, but nothing in it changes. */
  changesState: boolean;
  events: EventRecord[];
  messages?: { channel: 'onboarding' | 'general'; conversationId: string; items: TurnMessage[] } | undefined;
  /** Answers the turn refused (an agent's save that failed validation), counted with the turn. */
  rejections?: Rejection[] | undefined;
  idempotency?: IdempotentResponse | undefined;
  /** The offline agent's dialogue to store: null clears it; absent leaves it as it is. */
  dialogue?: StoredMachine | null | undefined;
}

const HISTORY_ENTRIES = `COALESCE((SELECT jsonb_agg(jsonb_build_object(
    'state', h.state, 'agent', $6::text,
    'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY h.n)
  FROM unnest($7::int[]) WITH ORDINALITY AS h(state, n) WHERE $6::text IS NOT NULL), '[]'::jsonb)`;

const UPDATE = `UPDATE onboarding_states SET
    step_data = step_data || $3::jsonb,
    current_step = $4::int,
    is_complete = $5::boolean,
    agent_history = agent_history || ${HISTORY_ENTRIES},
    version = version + 1,
    dialogue_machine_id = CASE WHEN $8::boolean THEN $9::text ELSE dialogue_machine_id END,
    dialogue_machine_version = CASE WHEN $8::boolean THEN $10::int ELSE dialogue_machine_version END,
    dialogue_snapshot = CASE WHEN $8::boolean THEN $11::jsonb ELSE dialogue_snapshot END,
    updated_at = now()
  WHERE user_id = $1::uuid AND version = $2::int AND deleted_at IS NULL
  RETURNING user_id`;

const INSERT = `INSERT INTO onboarding_states (user_id, current_step, is_complete, step_data, agent_history, version,
    dialogue_machine_id, dialogue_machine_version, dialogue_snapshot)
  SELECT $1::uuid, $4::int, $5::boolean, $3::jsonb, ${HISTORY_ENTRIES}, 1,
    CASE WHEN $8::boolean THEN $9::text END, CASE WHEN $8::boolean THEN $10::int END, CASE WHEN $8::boolean THEN $11::jsonb END
  WHERE $2::int IS NULL
  ON CONFLICT (user_id) DO NOTHING
  RETURNING user_id`;

/** Changes nothing; yields the user only while the row is still at the version read (or still absent). */
const GUARD = `SELECT $1::uuid AS user_id
  WHERE (SELECT version FROM onboarding_states WHERE user_id = $1::uuid AND deleted_at IS NULL) IS NOT DISTINCT FROM $2::int
    AND NOT EXISTS (SELECT 1 FROM onboarding_states WHERE user_id = $1::uuid AND deleted_at IS NOT NULL)`;

const ROW_COLUMNS = 'o.current_step, o.is_complete, o.step_data, o.agent_history, o.version, o.deleted_at';

interface DialogueColumns {
  dialogue_machine_id: string | null;
  dialogue_machine_version: number | null;
  dialogue_snapshot: unknown;
}

export class FitnessStore {
  constructor(private readonly db: Database) {}

  /** The stored row, or null when the flow has not written one for this user yet. */
  async load(userId: string): Promise<FitnessRow | null> {
    const { rows } = await this.db.query<FitnessRow>(`SELECT ${ROW_COLUMNS} FROM onboarding_states o WHERE o.user_id = $1`, [userId]);
    return rows[0] ?? null;
  }

  /**
   * A chat turn's single read: the row (or null), the offline agent's stored dialogue and the
   * latest `limit` messages of a channel, oldest first, in one round trip.
   */
  async loadWithHistory(
    userId: string,
    channel: 'onboarding',
    limit: number,
  ): Promise<{ row: FitnessRow | null; dialogue: StoredMachine | null; history: ChatMessage[] }> {
    const { rows } = await this.db.query<{ found: boolean; history: ChatMessage[] | null } & FitnessRow & DialogueColumns>(
      `SELECT o.user_id IS NOT NULL AS found, ${ROW_COLUMNS},
         o.dialogue_machine_id, o.dialogue_machine_version, o.dialogue_snapshot,
         (SELECT json_agg(json_build_object('role', r.role, 'content', r.content, 'agent_type', r.agent_type,
                   'state', r.state, 'meta', r.meta,
                   'created_at', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY r.id)
          FROM (SELECT id, role, content, agent_type, state, created_at, meta FROM chat_messages
                WHERE user_id = $1::uuid AND channel = $2::text ORDER BY id DESC LIMIT $3) r) AS history
       FROM (SELECT $1::uuid AS id) me LEFT JOIN onboarding_states o ON o.user_id = me.id`,
      [userId, channel, limit],
    );
    const r = rows[0];
    // created_at is rendered by the statement as toISOString() would (UTC, milliseconds truncated).
    const history = r?.history ?? [];
    if (!r || !r.found) return { row: null, dialogue: null, history };
    const { found: _found, history: _history, dialogue_machine_id, dialogue_machine_version, dialogue_snapshot, ...row } = r;
    const dialogue =
      dialogue_machine_id === null || dialogue_machine_version === null
        ? null
        : { machine_id: dialogue_machine_id, machine_version: dialogue_machine_version, snapshot: dialogue_snapshot };
    return { row, dialogue, history };
  }

  /** The user's account fields and saved states, for the general agent's context. */
  async loadProfile(userId: string): Promise<UserProfile | null> {
    const { rows } = await this.db.query<UserProfile>(
      `SELECT u.full_name, u.age, u.gender, u.height_cm, u.weight_kg, COALESCE(o.step_data, '{}'::jsonb) AS step_data
       FROM users u LEFT JOIN onboarding_states o ON o.user_id = u.id
       WHERE u.id = $1 AND o.deleted_at IS NULL`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /** Counts a rejected answer for the funnel; the answer itself is not kept. */
  async recordValidationFailure(userId: string, state: number, field: string, agent: string | undefined): Promise<void> {
    await this.db.query(`INSERT INTO validation_failures (user_id, flow, state, field, agent) VALUES ($1, 'fitness', $2, $3, $4)`, [
      userId,
      state,
      field,
      agent ?? null,
    ]);
  }

  /** Writes the turn (row, events, messages, idempotent response) at once; false when another request changed the row first. */
  write(w: FitnessWrite): Promise<boolean> {
    const change = w.changesState
      ? {
          sql: w.expectedVersion === null ? INSERT : UPDATE,
          params: [
            w.userId,
            w.expectedVersion,
            JSON.stringify(Object.fromEntries(w.saves.map((s) => [`step_${s.step}`, s.data]))),
            w.currentStep,
            w.isComplete,
            w.agent?.agent ?? null,
            w.agent?.states ?? [],
            w.dialogue !== undefined,
            w.dialogue?.machine_id ?? null,
            w.dialogue?.machine_version ?? null,
            w.dialogue ? JSON.stringify(w.dialogue.snapshot) : null,
          ],
        }
      : { sql: GUARD, params: [w.userId, w.expectedVersion] };
    return writeAtomically(this.db, {
      change,
      flow: 'fitness',
      events: w.events,
      messages: w.messages,
      rejections: w.rejections,
      idempotency: w.idempotency,
    });
  }
}
