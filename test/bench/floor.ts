/**
 * The bare floor: a plain Fastify app with `pg` and nothing else (no auth, no validation, no
 * XState, no logging). Each route does the same database work as one request to our service, so
 * our saturated throughput divided by the floor's is what our own code costs.
 *
 * Run as a child process by run.ts: DATABASE_URL, PORT, DB_POOL_SIZE (default 10, our default).
 * The user id travels in the path: the floor does not authenticate.
 */
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

// The same statements as src/flows/fitness/store.ts, src/engine/sessions.ts and
// src/flows/fitness/chat-store.ts (copied, so the floor depends on nothing of ours).
const LOAD_FITNESS = `SELECT current_step, is_complete, step_data, agent_history, version, deleted_at
  FROM onboarding_states WHERE user_id = $1`;

const UPDATE_FITNESS = `UPDATE onboarding_states SET
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

const LOAD_SESSION = `SELECT machine_id, machine_version, state, snapshot, version, completed, result
  FROM flow_sessions WHERE user_id = $1 AND flow = $2`;

const UPDATE_SESSION = `UPDATE flow_sessions
  SET machine_id = $3::text, machine_version = $4::int, state = $5::text, snapshot = $6::jsonb,
      completed = $7::boolean, result = $8::jsonb, version = version + 1, updated_at = now()
  WHERE user_id = $1::uuid AND flow = $2::text AND version = $9::int
  RETURNING user_id`;

const HISTORY = `SELECT role, content, agent_type, state, created_at, meta FROM (
    SELECT id, role, content, agent_type, state, created_at, meta FROM chat_messages
    WHERE user_id = $1 AND channel = $2 AND ($3::uuid IS NULL OR conversation_id = $3::uuid)
    ORDER BY id DESC LIMIT $4
  ) recent ORDER BY id ASC`;

const APPEND = `INSERT INTO chat_messages (user_id, channel, conversation_id, role, content, agent_type, state, meta)
  SELECT $1::uuid, $2::text, $3::uuid, m.role, m.content, m.agent_type, m.state, m.meta
  FROM unnest($4::text[], $5::text[], $6::text[], $7::int[], $8::jsonb[])
    WITH ORDINALITY AS m(role, content, agent_type, state, meta, n)
  ORDER BY m.n`;

/** writeAtomically's one statement: the change, its event row and the (absent) idempotent response. */
async function writeAtomically(
  change: { sql: string; params: unknown[] },
  flow: string,
  event: { from: string; to: string; type: string },
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
  const params = [...change.params, flow, event.from, event.to, event.type, null, 'floor', null, null, null];
  const { rows } = await pool.query<{ n: number }>(text, params);
  return (rows[0]?.n ?? 0) > 0;
}

const app = Fastify({ logger: false });

// (a) read: our GET /api/v1/onboarding/progress.
app.get<{ Params: { id: string } }>('/read/:id', async (request, reply) => {
  const { rows } = await pool.query<FitnessRow>(LOAD_FITNESS, [request.params.id]);
  const row = rows[0];
  if (!row) return reply.status(404).send({ error: 'not found' });
  return { current_step: row.current_step, is_complete: row.is_complete, step_data: row.step_data };
});

// (b) write turn, fitness: our POST /api/v1/onboarding/step re-saving state 1.
app.post<{ Params: { id: string }; Body: { fitness_level: string } }>('/fitness/:id', async (request, reply) => {
  const id = request.params.id;
  const { rows } = await pool.query<FitnessRow>(LOAD_FITNESS, [id]);
  const row = rows[0];
  if (!row) return reply.status(404).send({ error: 'not found' });
  const params = [id, row.version, 'step_1', JSON.stringify({ fitness_level: request.body.fitness_level }), row.current_step, row.is_complete, null, null];
  const written = await writeAtomically({ sql: UPDATE_FITNESS, params }, 'fitness', {
    from: `state_${row.current_step}`,
    to: `state_${row.current_step}`,
    type: 'SAVE_STEP_1',
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
  const written = await writeAtomically({ sql: UPDATE_SESSION, params }, 'guided', {
    from: row.state,
    to: row.state,
    type: 'SELECT_OPTION',
  });
  return written ? { ok: true } : reply.status(409).send({ error: 'conflict' });
});

// The onboarding chat turn when the agent cannot extract: read the state, the recent history,
// the state again, and append the two messages (src/flows/fitness/agents/orchestrator.ts).
app.post<{ Params: { id: string }; Body: { message: string } }>('/chat/:id', async (request, reply) => {
  const id = request.params.id;
  const first = await pool.query<FitnessRow>(LOAD_FITNESS, [id]);
  const row = first.rows[0];
  if (!row) return reply.status(404).send({ error: 'not found' });
  await pool.query(HISTORY, [id, 'onboarding', null, 30]);
  await pool.query<FitnessRow>(LOAD_FITNESS, [id]);
  const state = row.current_step;
  await pool.query(APPEND, [
    id,
    'onboarding',
    id,
    ['user', 'assistant'],
    [request.body.message, 'What is your fitness level: beginner, intermediate or advanced?'],
    ['workout_planning', 'workout_planning'],
    [state, state],
    [null, null],
  ]);
  return { response: 'ok' };
});

app.get('/health', async () => ({ status: 'ok' }));

const shutdown = () => {
  app.close().then(
    () => pool.end(),
    () => undefined,
  ).finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port, host: '127.0.0.1' });
