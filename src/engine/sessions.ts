import type { Database } from '../db/index.js';
import type { StoredMachine } from './machine.js';

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

/**
 * One statement that applies a change to a flow's state row, appends its event row and stores the
 * idempotent response: all or nothing, one round trip. `change` must be a data-modifying statement
 * with `RETURNING user_id` that uses $1 for the user id and its own params from $2; when it
 * changes no row (a version mismatch), nothing else is written and the caller sees false.
 */
export async function writeAtomically(
  db: Database,
  change: { sql: string; params: unknown[] },
  flow: string,
  event: EventRecord,
  idempotency?: IdempotentResponse,
): Promise<boolean> {
  const at = (i: number) => `$${change.params.length + i}`;
  const text = `WITH s AS (${change.sql}),
    e AS (
      INSERT INTO flow_events (user_id, flow, from_state, to_state, event, agent, request_id)
      SELECT user_id, ${at(1)}::text, ${at(2)}::text, ${at(3)}::text, ${at(4)}::text, ${at(5)}::text, ${at(6)}::text FROM s
      RETURNING 1
    ),
    i AS (
      UPDATE idempotency_keys SET status = 'done', response_status = ${at(7)}::int, response_body = ${at(8)}::jsonb
      WHERE user_id = $1::uuid AND key = ${at(9)}::text AND EXISTS (SELECT 1 FROM s)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM s)::int AS n`;
  const params = [
    ...change.params,
    flow,
    event.from,
    event.to,
    event.type,
    event.agent ?? null,
    event.requestId,
    idempotency?.status ?? null,
    idempotency ? JSON.stringify(idempotency.body) : null,
    idempotency?.key ?? null,
  ];
  const { rows } = await db.query<{ n: number }>(text, params);
  return (rows[0]?.n ?? 0) > 0;
}

export interface SessionRow extends StoredMachine {
  state: string;
  version: number;
  completed: boolean;
  result: unknown;
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
  WHERE $9::int IS NULL
  ON CONFLICT (user_id, flow) DO NOTHING
  RETURNING user_id`;

const UPDATE_SESSION = `UPDATE flow_sessions
  SET machine_id = $3::text, machine_version = $4::int, state = $5::text, snapshot = $6::jsonb,
      completed = $7::boolean, result = $8::jsonb, version = version + 1, updated_at = now()
  WHERE user_id = $1::uuid AND flow = $2::text AND version = $9::int
  RETURNING user_id`;

/** flow_sessions: one row per user and machine-snapshot flow, with optimistic versioning. */
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
      w.expectedVersion,
    ];
    const sql = w.expectedVersion === null ? INSERT_SESSION : UPDATE_SESSION;
    return writeAtomically(this.db, { sql, params }, w.flow, w.event, w.idempotency);
  }
}
