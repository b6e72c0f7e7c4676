import type { Database } from '../db/index.js';
import type { StoredMachine } from './machine.js';

export interface SessionRow extends StoredMachine {
  state: string;
  version: number;
  completed: boolean;
  result: unknown;
}

export interface EventRecord {
  from: string | null;
  to: string;
  type: string;
  agent?: string | null;
  requestId: string;
}

/** When the request carries an Idempotency-Key, its stored response is written with the change. */
export interface IdempotentResponse {
  key: string;
  status: number;
  body: unknown;
}

export interface SessionWrite {
  userId: string;
  flow: string;
  /** The version read; null when no row exists yet. */
  expectedVersion: number | null;
  machineId: string;
  machineVersion: number;
  state: string;
  snapshot: unknown;
  completed: boolean;
  result: unknown;
  event: EventRecord;
  idempotency?: IdempotentResponse | undefined;
}

const INSERT_SESSION = `INSERT INTO flow_sessions
    (user_id, flow, machine_id, machine_version, state, snapshot, completed, result, version)
  SELECT $1::uuid, $2::text, $3::text, $4::int, $5::text, $6::jsonb, $7::boolean, $8::jsonb, 1
  WHERE $13::int IS NULL
  ON CONFLICT (user_id, flow) DO NOTHING
  RETURNING user_id`;

const UPDATE_SESSION = `UPDATE flow_sessions
  SET machine_id = $3::text, machine_version = $4::int, state = $5::text, snapshot = $6::jsonb,
      completed = $7::boolean, result = $8::jsonb, version = version + 1, updated_at = now()
  WHERE user_id = $1::uuid AND flow = $2::text AND version = $13::int
  RETURNING user_id`;

// The change, its event row and the idempotent response land in one statement: all or nothing,
// one round trip. A version mismatch changes no row, and the caller sees n = 0.
const writeStatement = (change: string) => `WITH s AS (${change}),
  e AS (
    INSERT INTO flow_events (user_id, flow, from_state, to_state, event, agent, request_id)
    SELECT user_id, $2::text, $9::text, $5::text, $10::text, $11::text, $12::text FROM s
    RETURNING 1
  ),
  i AS (
    UPDATE idempotency_keys SET status = 'done', response_status = $14::int, response_body = $15::jsonb
    WHERE user_id = $1::uuid AND key = $16::text AND EXISTS (SELECT 1 FROM s)
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM s)::int AS n`;

const INSERT_SQL = writeStatement(INSERT_SESSION);
const UPDATE_SQL = writeStatement(UPDATE_SESSION);

/** flow_sessions: one row per user and flow, with optimistic versioning. */
export class SessionStore {
  constructor(private readonly db: Database) {}

  async load(userId: string, flow: string): Promise<SessionRow | null> {
    const { rows } = await this.db.query<SessionRow>(
      `SELECT machine_id, machine_version, state, snapshot, version, completed, result
       FROM flow_sessions WHERE user_id = $1 AND flow = $2`,
      [userId, flow],
    );
    return rows[0] ?? null;
  }

  /** Returns false when another request changed the row first (the caller retries or gives up). */
  async write(w: SessionWrite): Promise<boolean> {
    const params = [
      w.userId,
      w.flow,
      w.machineId,
      w.machineVersion,
      w.state,
      JSON.stringify(w.snapshot),
      w.completed,
      w.result === null || w.result === undefined ? null : JSON.stringify(w.result),
      w.event.from,
      w.event.type,
      w.event.agent ?? null,
      w.event.requestId,
      w.expectedVersion,
      w.idempotency?.status ?? null,
      w.idempotency ? JSON.stringify(w.idempotency.body) : null,
      w.idempotency?.key ?? null,
    ];
    const sql = w.expectedVersion === null ? INSERT_SQL : UPDATE_SQL;
    const { rows } = await this.db.query<{ n: number }>(sql, params);
    return (rows[0]?.n ?? 0) > 0;
  }
}
