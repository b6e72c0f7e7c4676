/**
 * The bare floor: a plain Fastify app with `pg` and nothing else (no auth, no validation, no
 * XState, no logging). Each route does the same database work as one request to our service, so
 * our saturated throughput divided by the floor's is what our own code costs.
 *
 * Run as a child process by run.ts: DATABASE_URL, PORT, DB_POOL_SIZE (default 10, our default).
 * The user id travels in the path: the floor does not authenticate.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const port = Number(process.env.PORT ?? '0');
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? '10') });

interface FitnessRow {
  current_step: number;
  is_complete: boolean;
  step_data: Record<string, unknown>;
  agent_history: unknown[];
  version: number;
  deleted_at: string | null;
}

interface SessionRow {
  machine_id: string;
  machine_version: number;
  state: string;
  snapshot: unknown;
  version: number;
  completed: boolean;
  result: unknown;
}

// The same statements as src/flows/fitness/store.ts and src/engine/sessions.ts (copied, so the
// floor depends on nothing of ours; keep them in step when those change).
const LOAD_FITNESS = `SELECT o.current_step, o.is_complete, o.step_data, o.agent_history, o.version, o.deleted_at
  FROM onboarding_states o WHERE o.user_id = $1`;

/** FitnessStore.loadWithHistory: the row and the latest messages of a channel, in one statement. */
const LOAD_FITNESS_WITH_HISTORY = `SELECT o.user_id IS NOT NULL AS found, o.current_step, o.is_complete, o.step_data, o.agent_history, o.version, o.deleted_at,
    o.dialogue_machine_id, o.dialogue_machine_version, o.dialogue_snapshot,
    (SELECT json_agg(json_build_object('role', r.role, 'content', r.content, 'agent_type', r.agent_type,
              'state', r.state, 'meta', r.meta,
              'created_at', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY r.id)
     FROM (SELECT id, role, content, agent_type, state, created_at, meta FROM chat_messages
           WHERE user_id = $1::uuid AND channel = $2::text ORDER BY id DESC LIMIT $3) r) AS history
  FROM (SELECT $1::uuid AS id) me LEFT JOIN onboarding_states o ON o.user_id = me.id`;

const HISTORY_ENTRIES = `COALESCE((SELECT jsonb_agg(jsonb_build_object(
    'state', h.state, 'agent', $6::text,
    'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY h.n)
  FROM unnest($7::int[]) WITH ORDINALITY AS h(state, n) WHERE $6::text IS NOT NULL), '[]'::jsonb)`;

const UPDATE_FITNESS = `UPDATE onboarding_states SET
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

/** A chat turn that saves nothing: the row must still be as read. */
const GUARD_FITNESS = `SELECT $1::uuid AS user_id
  WHERE (SELECT version FROM onboarding_states WHERE user_id = $1::uuid AND deleted_at IS NULL) IS NOT DISTINCT FROM $2::int
    AND NOT EXISTS (SELECT 1 FROM onboarding_states WHERE user_id = $1::uuid AND deleted_at IS NOT NULL)`;

const LOAD_SESSION = `SELECT machine_id, machine_version, state, snapshot, version, completed, result
  FROM flow_sessions WHERE user_id = $1 AND flow = $2`;

const UPDATE_SESSION = `UPDATE flow_sessions
  SET machine_id = $3::text, machine_version = $4::int, state = $5::text, snapshot = $6::jsonb,
      completed = $7::boolean, result = $8::jsonb, version = version + 1, updated_at = now()
  WHERE user_id = $1::uuid AND flow = $2::text AND version = $9::int
  RETURNING user_id`;

interface FloorWrite {
  change: { sql: string; params: unknown[] };
  flow: string;
  events: Array<{ from: string | null; to: string; type: string }>;
  messages?: {
    channel: string;
    conversationId: string;
    items: Array<{ role: string; content: string; agentType: string; state: number | null; meta?: string | null }>;
  };
}

/** writeAtomically's one statement: the change, its event rows, messages, rejected answers and (absent) idempotent response. */
async function writeAtomically(w: FloorWrite): Promise<boolean> {
  const at = (i: number) => `$${w.change.params.length + i}`;
  const msgs = w.messages?.items ?? [];
  const text = `WITH s AS (${w.change.sql}),
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
  const params = [
    ...w.change.params,
    w.flow,
    // A request id of the same size as ours (a UUID), so the event rows are the same.
    randomUUID(),
    w.events.map((e) => e.from),
    w.events.map((e) => e.to),
    w.events.map((e) => e.type),
    w.events.map(() => null),
    w.messages?.channel ?? null,
    w.messages?.conversationId ?? null,
    msgs.map((m) => m.role),
    msgs.map((m) => m.content),
    msgs.map((m) => m.agentType),
    msgs.map((m) => m.state),
    msgs.map((m) => m.meta ?? null),
    null,
    null,
    null,
    [],
    [],
    [],
  ];
  const { rows } = await pool.query<{ n: number }>(text, params);
  return (rows[0]?.n ?? 0) > 0;
}

const app = Fastify({ logger: false });

// (a) read: our GET /api/v1/onboarding/progress. The flow writes its row on its first save, so a
// user who has saved nothing has none: the answer is then the empty row's, as ours.
app.get<{ Params: { id: string } }>('/read/:id', async (request, reply) => {
  const { rows } = await pool.query<FitnessRow>(LOAD_FITNESS, [request.params.id]);
  const row = rows[0];
  if (row?.deleted_at) return reply.status(404).send({ error: 'not found' });
  return { current_step: row?.current_step ?? 1, is_complete: row?.is_complete ?? false, step_data: row?.step_data ?? {} };
});

// (b) write turn, fitness: our POST /api/v1/onboarding/step re-saving state 1.
app.post<{ Params: { id: string }; Body: { fitness_level: string } }>('/fitness/:id', async (request, reply) => {
  const id = request.params.id;
  const { rows } = await pool.query<FitnessRow>(LOAD_FITNESS, [id]);
  const row = rows[0];
  if (!row) return reply.status(404).send({ error: 'not found' });
  const params = [
    id,
    row.version,
    JSON.stringify({ step_1: { fitness_level: request.body.fitness_level } }),
    row.current_step,
    row.is_complete,
    null,
    [],
    false,
    null,
    null,
    null,
  ];
  const state = `state_${row.current_step}`;
  const written = await writeAtomically({
    change: { sql: UPDATE_FITNESS, params },
    flow: 'fitness',
    events: [{ from: state, to: state, type: 'SAVE_STEP_1' }],
  });
  return written ? { ok: true } : reply.status(409).send({ error: 'conflict' });
});

// (b) write turn, guided: our POST /api/onboarding/action (an invalid option: same state, new snapshot).
app.post<{ Params: { id: string } }>('/guided/:id', async (request, reply) => {
  const id = request.params.id;
  const { rows } = await pool.query<SessionRow>(LOAD_SESSION, [id, 'guided']);
  const row = rows[0];
  if (!row) return reply.status(404).send({ error: 'not found' });
  const params = [
    id,
    'guided',
    row.machine_id,
    row.machine_version,
    row.state,
    JSON.stringify(row.snapshot),
    row.completed,
    row.result === null ? null : JSON.stringify(row.result),
    row.version,
  ];
  const written = await writeAtomically({
    change: { sql: UPDATE_SESSION, params },
    flow: 'guided',
    events: [{ from: row.state, to: row.state, type: 'SELECT_OPTION' }],
  });
  return written ? { ok: true } : reply.status(409).send({ error: 'conflict' });
});

// The onboarding chat turn when the agent cannot extract (src/flows/fitness/agents/orchestrator.ts):
// one read of the state and the recent history, then the two messages written with a check that
// the state is still as read, in one statement. The reply stored is the one our service stores
// for the same message (its text and meta, set once by the bench through PUT /chat-reply), so the
// rows written and read back are the same size as ours.
// Until it is set the route refuses, so a run cannot measure a floor that writes other rows.
let chatReply: { content: string; meta: string | null } | null = null;
app.put<{ Body: { content: string; meta: unknown } }>('/chat-reply', async (request) => {
  chatReply = { content: request.body.content, meta: request.body.meta === null ? null : JSON.stringify(request.body.meta) };
  return { ok: true };
});

app.post<{ Params: { id: string }; Body: { message: string } }>('/chat/:id', async (request, reply) => {
  if (!chatReply) return reply.status(503).send({ error: 'PUT /chat-reply first' });
  const { content, meta } = chatReply;
  const id = request.params.id;
  const { rows } = await pool.query<FitnessRow & { found: boolean; history: unknown[] | null }>(LOAD_FITNESS_WITH_HISTORY, [
    id,
    'onboarding',
    30,
  ]);
  const row = rows[0];
  if (!row) return reply.status(404).send({ error: 'not found' });
  const state = row.found ? row.current_step : 1;
  const written = await writeAtomically({
    change: { sql: GUARD_FITNESS, params: [id, row.found ? row.version : null] },
    flow: 'fitness',
    events: [],
    messages: {
      channel: 'onboarding',
      conversationId: id,
      items: [
        { role: 'user', content: request.body.message, agentType: 'workout_planning', state },
        { role: 'assistant', content, agentType: 'workout_planning', state, meta },
      ],
    },
  });
  return written ? { response: 'ok', history: row.history?.length ?? 0 } : reply.status(409).send({ error: 'conflict' });
});

/** CompanionStore.guided, agentOf, history and appendTurn: the statements of a companion turn that continues a conversation. */
const COMPANION_GUIDED = `SELECT snapshot->'context' AS context, result FROM flow_sessions WHERE user_id = $1 AND flow = 'guided'`;
const COMPANION_AGENT_OF = 'SELECT agent_id FROM companion_conversations WHERE id = $1 AND user_id = $2';
const COMPANION_HISTORY = `SELECT role, content, created_at FROM (
    SELECT id, role, content, created_at FROM companion_messages
    WHERE conversation_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3
  ) recent ORDER BY id ASC`;
const COMPANION_APPEND = `WITH c AS (
    INSERT INTO companion_conversations (id, user_id, agent_id) VALUES ($1, $2, $3)
    ON CONFLICT (id) DO UPDATE SET updated_at = now()
    WHERE companion_conversations.user_id = EXCLUDED.user_id
    RETURNING id
  )
  INSERT INTO companion_messages (conversation_id, user_id, role, content, source)
  SELECT c.id, $2, m.role, m.content, m.source FROM c,
    (VALUES (1, 'user', $4::text, NULL::text), (2, 'assistant', $5::text, $6::text)) AS m(n, role, content, source)
  ORDER BY m.n`;

app.post<{ Params: { id: string }; Body: { agent_id: string; message: string; conversation_id: string } }>(
  '/companion/:id',
  async (request, reply) => {
    const id = request.params.id;
    const { agent_id: agentId, message, conversation_id: conversationId } = request.body;
    await pool.query(COMPANION_GUIDED, [id]);
    const { rows } = await pool.query<{ agent_id: string }>(COMPANION_AGENT_OF, [conversationId, id]);
    if (rows[0]?.agent_id !== agentId) return reply.status(404).send({ error: 'not found' });
    const history = await pool.query(COMPANION_HISTORY, [conversationId, id, 20]);
    const answer = 'Empieza por algo pequeño que puedas repetir cada día.';
    await pool.query(COMPANION_APPEND, [conversationId, id, agentId, message, answer, 'offline']);
    return {
      messages: [{ role: 'assistant', content: answer }],
      conversation_id: conversationId,
      agent_id: agentId,
      history: history.rowCount,
    };
  },
);

app.get('/health', async () => ({ status: 'ok' }));

const shutdown = () => {
  app
    .close()
    .then(
      () => pool.end(),
      () => undefined,
    )
    .finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port, host: '127.0.0.1' });
