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

/** A chat message stored with the turn that produced it. */
export interface TurnMessage {
  role: 'user' | 'assistant';
  content: string;
  agentType: string;
  state: number | null;
  meta?: Record<string, unknown> | null | undefined;
}

/** Everything one turn writes besides its state row: all of it lands, or none of it. */
interface TurnWrite {
  /**
   * A data-modifying (or guarding) statement with `RETURNING user_id` that uses $1 for the user
   * id and its own params from $2: a constant (values travel as params), so the whole statement
   * around it is built once. When it yields no row (a version mismatch), nothing else is
   * written and the caller sees false.
   */
  change: { sql: string; params: unknown[] };
  flow: string;
  /** The turn's event rows, in order (a chat turn may save several states, then complete). */
  events: EventRecord[];
  messages?: { channel: string; conversationId: string; items: TurnMessage[] } | undefined;
  /** Answers refused by validation during the turn, for the funnel: counted only with the turn. */
  rejections?: Rejection[] | undefined;
  idempotency?: IdempotentResponse | undefined;
}

/** One answer a turn refused (validation_failures): the state it was for and the field at fault. */
export interface Rejection {
  state: number;
  field: string;
  agent?: string | null | undefined;
}

/** The statement around a change with `base` params of its own; built once per change, since it is about 1.5 KB. */
function turnStatement(changeSql: string, base: number): string {
  let byBase = statements.get(changeSql);
  let text = byBase?.get(base);
  if (text === undefined) {
    const at = (i: number) => `$${base + i}`;
    text = `WITH s AS (${changeSql}),
    e AS (
      INSERT INTO flow_events (user_id, flow, from_state, to_state, event, agent, request_id)
      SELECT s.user_id, ${at(1)}::text, ev.from_state, ev.to_state, ev.event, ev.agent, ${at(2)}::text
      FROM s, unnest(${at(3)}::text[], ${at(4)}::text[], ${at(5)}::text[], ${at(6)}::text[]) WITH ORDINALITY
        AS ev(from_state, to_state, event, agent, n)
      ORDER BY ev.n
      RETURNING 1
    ),
    m AS (
      INSERT INTO chat_messages (user_id, channel, conversation_id, role, content, agent_type, state, meta)
      SELECT s.user_id, ${at(7)}::text, ${at(8)}::uuid, cm.role, cm.content, cm.agent_type, cm.state, cm.meta
      FROM s, unnest(${at(9)}::text[], ${at(10)}::text[], ${at(11)}::text[], ${at(12)}::int[], ${at(13)}::jsonb[]) WITH ORDINALITY
        AS cm(role, content, agent_type, state, meta, n)
      ORDER BY cm.n
      RETURNING 1
    ),
    r AS (
      INSERT INTO validation_failures (user_id, flow, state, field, agent)
      SELECT s.user_id, ${at(1)}::text, vf.state, vf.field, vf.agent
      FROM s, unnest(${at(17)}::int[], ${at(18)}::text[], ${at(19)}::text[]) AS vf(state, field, agent)
      RETURNING 1
    ),
    i AS (
      UPDATE idempotency_keys SET status = 'done', response_status = ${at(14)}::int, response_body = ${at(15)}::jsonb
      WHERE user_id = $1::uuid AND key = ${at(16)}::text AND EXISTS (SELECT 1 FROM s)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM s)::int AS n`;
    if (!byBase && statements.size < MAX_STATEMENTS) statements.set(changeSql, (byBase = new Map()));
    byBase?.set(base, text);
  }
  return text;
}

/** By change statement (a constant of its store: a handful), then by its param count. */
const statements = new Map<string, Map<number, string>>();
const MAX_STATEMENTS = 64;

/**
 * One statement that applies a turn's change to its state row and appends its event rows, chat
 * messages, rejected answers and idempotent response. A single statement is atomic on every backend without a
 * transaction, and costs one round trip.
 */
export async function writeAtomically(db: Database, w: TurnWrite): Promise<boolean> {
  const msgs = w.messages?.items ?? [];
  const rejections = w.rejections ?? [];
  const text = turnStatement(w.change.sql, w.change.params.length);
  const params = [
    ...w.change.params,
    w.flow,
    w.events[0]?.requestId ?? null,
    w.events.map((e) => e.from),
    w.events.map((e) => e.to),
    w.events.map((e) => e.type),
    w.events.map((e) => e.agent ?? null),
    w.messages?.channel ?? null,
    w.messages?.conversationId ?? null,
    msgs.map((m) => m.role),
    msgs.map((m) => m.content),
    msgs.map((m) => m.agentType),
    msgs.map((m) => m.state),
    msgs.map((m) => (m.meta ? JSON.stringify(m.meta) : null)),
    w.idempotency?.status ?? null,
    w.idempotency ? JSON.stringify(w.idempotency.body) : null,
    w.idempotency?.key ?? null,
    rejections.map((r) => r.state),
    rejections.map((r) => r.field),
    rejections.map((r) => r.agent ?? null),
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

interface SessionWrite {
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
    return writeAtomically(this.db, { change: { sql, params }, flow: w.flow, events: [w.event], idempotency: w.idempotency });
  }
}
