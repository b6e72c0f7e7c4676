/**
 * A turn writes its state, event rows, chat messages, agent history, rejected-answer records and
 * idempotent response together or not at all (issue 7, item 1), on PGlite and, with
 * DATABASE_URL, on PostgreSQL. Two ways of breaking a turn, both on real databases:
 *
 * - Triggers the test creates on one of the written tables raise an exception while a given row
 *   is written: the state row, the first or the second event row, the user's message, the
 *   assistant's reply (after the user's message of the same turn was written), the rejected
 *   answer's record, the guided session, or the stored idempotent response (raised at the end of
 *   the statement, once everything else is written). Each time, every row of the user must be as
 *   it was before the request; the same request sent again with the same Idempotency-Key then
 *   applies once, and a third send replays the stored answer without applying anything.
 * - A wrapper around the Database's `query` cuts the turn before each of its statements, or
 *   loses the answer of each statement after it ran (a dropped connection): whatever was
 *   stored is either nothing or the whole turn with its stored response, never a part, and a
 *   retry applies the turn exactly once.
 *
 * A serialization failure injected once is retried by the engine, invisibly and exactly once.
 * Chat turns run with the Anthropic agent against a scripted fake API that fails over to the
 * offline agent, except for one message on which the model makes a save the schema refuses.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/index.js';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { VALID_STEP_DATA, chatOnboarding, newChatUser, seedOnboarding, type ChatUser, type State } from './helpers/chat-client.js';
import { BACKENDS } from './helpers/db.js';
import { COMPLETE_URL, STEP_INPUT, post, saveStep } from './helpers/fitness-client.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeReply, type RecordedRequest } from './helpers/fake-anthropic.js';
import { act } from './helpers/guided-client.js';

// ---------------------------------------------------------------------------------------------
// Everything stored for one user.

interface Stored {
  fitness: Record<string, unknown> | null;
  session: Record<string, unknown> | null;
  events: Array<{
    flow: string;
    from_state: string | null;
    to_state: string;
    event: string;
    agent: string | null;
    request_id: string | null;
  }>;
  messages: Array<{ channel: string; role: string; content: string; agent_type: string; state: number | null; meta: unknown }>;
  keys: Array<{ key: string; status: string; response_status: number | null; response_body: unknown }>;
  failures: Array<{ flow: string; state: number; field: string; agent: string | null }>;
}

async function stored(db: Database, userId: string): Promise<Stored> {
  const [fitness, session, events, messages, keys, failures] = await Promise.all([
    db.query<Record<string, unknown>>(
      'SELECT current_step, is_complete, step_data, agent_history, version, deleted_at, dialogue_snapshot FROM onboarding_states WHERE user_id = $1',
      [userId],
    ),
    db.query<Record<string, unknown>>('SELECT flow, state, snapshot, version, completed, result FROM flow_sessions WHERE user_id = $1', [
      userId,
    ]),
    db.query<Stored['events'][number]>(
      'SELECT flow, from_state, to_state, event, agent, request_id FROM flow_events WHERE user_id = $1 ORDER BY id',
      [userId],
    ),
    db.query<Stored['messages'][number]>(
      'SELECT channel, role, content, agent_type, state, meta FROM chat_messages WHERE user_id = $1 ORDER BY id',
      [userId],
    ),
    db.query<Stored['keys'][number]>(
      'SELECT key, status, response_status, response_body FROM idempotency_keys WHERE user_id = $1 ORDER BY key',
      [userId],
    ),
    db.query<Stored['failures'][number]>('SELECT flow, state, field, agent FROM validation_failures WHERE user_id = $1 ORDER BY id', [
      userId,
    ]),
  ]);
  return {
    fitness: fitness.rows[0] ?? null,
    session: session.rows[0] ?? null,
    events: events.rows,
    messages: messages.rows,
    keys: keys.rows,
    failures: failures.rows,
  };
}

/** What a turn added to a user's rows, in terms that do not depend on ids or times. */
interface Delta {
  /** The fitness row's step and completion after the turn, when the turn changed it. */
  fitness: { current_step: number; is_complete: boolean; saved: string[]; history: number; dialogue: string | null } | 'unchanged';
  /** The guided session's state after the turn, when the turn changed it. */
  session: string | 'unchanged';
  events: string[];
  messages: string[];
  failures: string[];
  /** The idempotency key's status and stored answer. */
  key: { status: string; response_status: number | null; response_body: unknown } | 'absent';
}

function deltaOf(before: Stored, after: Stored, key: string): Delta {
  const added = <T>(a: T[], b: T[]) => b.slice(a.length);
  const f = after.fitness;
  const stepData = (f?.step_data ?? {}) as Record<string, unknown>;
  const k = after.keys.find((r) => r.key === key);
  return {
    fitness:
      JSON.stringify(before.fitness) === JSON.stringify(after.fitness) || f === null
        ? 'unchanged'
        : {
            current_step: Number(f.current_step),
            is_complete: f.is_complete === true,
            saved: Object.keys(stepData).sort(),
            history: (f.agent_history as unknown[]).length,
            // The offline agent's dialogue, stored with the row: where the conversation now stands.
            dialogue: (f.dialogue_snapshot as { value?: string } | null)?.value ?? null,
          },
    session:
      JSON.stringify(before.session) === JSON.stringify(after.session) || after.session === null
        ? 'unchanged'
        : String(after.session.state),
    events: added(before.events, after.events).map((e) => `${e.flow}:${e.event}`),
    messages: added(before.messages, after.messages).map((m) => `${m.channel}:${m.role}`),
    failures: added(before.failures, after.failures).map((v) => `${v.flow}:${v.state}:${v.field}`),
    key: k ? { status: k.status, response_status: k.response_status, response_body: k.response_body } : 'absent',
  };
}

// ---------------------------------------------------------------------------------------------
// Injecting faults.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The trigger function: raises the SQLSTATE in its first argument. With a sequence name as
 * second argument, only the first time it fires (a sequence is not rolled back with the
 * statement that advanced it). BEFORE triggers fire as the row is about to be written, in the
 * middle of the statement; AFTER triggers at the end of the statement, once all of it is written.
 */
const FAULT_FUNCTION = `CREATE OR REPLACE FUNCTION atomicity_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[1] = '' OR nextval(TG_ARGV[1]::regclass) = 1 THEN
    RAISE EXCEPTION 'fault injected by the atomicity test (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = TG_ARGV[0];
  END IF;
  IF TG_WHEN = 'BEFORE' THEN RETURN NEW; END IF;
  RETURN NULL;
END $$`;

type Table = 'onboarding_states' | 'flow_sessions' | 'flow_events' | 'chat_messages' | 'idempotency_keys' | 'validation_failures';

interface Fault {
  /** What the fault breaks, for the test's name. */
  what: string;
  table: Table;
  /** Extra condition on NEW (the user's own rows are always the only ones hit). */
  when?: string;
  timing?: 'BEFORE' | 'AFTER';
}

/** Creates a trigger that makes the user's next matching write fail; returns its removal. */
async function injectFault(
  db: Database,
  userId: string,
  fault: Fault,
  opts: { sqlstate?: string; once?: boolean } = {},
): Promise<() => Promise<void>> {
  if (!UUID.test(userId)) throw new Error(`not a uuid: ${userId}`);
  const name = `atomicity_fault_${randomUUID().replaceAll('-', '')}`;
  const sequence = opts.once ? `${name}_once` : '';
  await db.query(FAULT_FUNCTION);
  if (sequence) await db.query(`CREATE SEQUENCE ${sequence}`);
  const when = `NEW.user_id = '${userId}'::uuid${fault.when ? ` AND (${fault.when})` : ''}`;
  await db.query(
    `CREATE TRIGGER ${name} ${fault.timing ?? 'BEFORE'} INSERT OR UPDATE ON ${fault.table}
     FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION atomicity_test_fault('${opts.sqlstate ?? 'P0001'}', '${sequence}')`,
  );
  return async () => {
    await db.query(`DROP TRIGGER IF EXISTS ${name} ON ${fault.table}`);
    if (sequence) await db.query(`DROP SEQUENCE IF EXISTS ${sequence}`);
  };
}

/**
 * Wraps the Database's `query` so that the `n`-th statement from now fails: `before` it is sent
 * (nothing of it ran), or `after` it ran (its answer lost, as on a dropped connection). Every
 * other statement passes; the statements seen are listed.
 */
function cutStatement(db: Database, n: number, when: 'before' | 'after'): { sent: string[]; restore(): void } {
  const original = db.query.bind(db);
  const sent: string[] = [];
  const lost = () =>
    Object.assign(new Error('Connection terminated unexpectedly (injected by the atomicity test)'), { code: 'ECONNRESET' });
  db.query = async <T>(text: string, params?: readonly unknown[]) => {
    sent.push(text.replace(/\s+/g, ' ').slice(0, 60));
    if (sent.length !== n) return original<T>(text, params);
    if (when === 'before') throw lost();
    await original<T>(text, params);
    throw lost();
  };
  return {
    sent,
    restore: () => {
      db.query = original;
    },
  };
}

/** Counts the statements one call sends. */
async function statementsOf(db: Database, call: () => Promise<unknown>): Promise<number> {
  const watch = cutStatement(db, Number.POSITIVE_INFINITY, 'before');
  try {
    await call();
  } finally {
    watch.restore();
  }
  return watch.sent.length;
}

// ---------------------------------------------------------------------------------------------
// The turns under test.

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
}

interface Turn {
  what: string;
  /** A fresh user, positioned where the turn applies. */
  prepare(t: TestApp): Promise<ChatUser>;
  send(t: TestApp, u: ChatUser, key: string): Promise<Answer>;
  /** What the turn adds when it applies. */
  expected: Omit<Delta, 'key'>;
  faults: Fault[];
}

const I_AM_A_BEGINNER = "I'm a beginner";
/** The one message the (fake) model answers itself: it saves an invalid level, then asks again. */
const EXPERT = "I'm an expert";
const EXPERT_REPLY = 'Expert is not one of the levels. Are you a beginner, intermediate or advanced?';

/**
 * The fake Messages API: for EXPERT, a save_fitness_level call with a level the schema refuses,
 * then (given the tool's error) a question; for anything else a 500, so the offline agent
 * answers the turn as it does without a key.
 */
function scriptedModel(req: RecordedRequest): FakeReply {
  const messages = Array.isArray(req.body.messages) ? req.body.messages : [];
  const last: unknown = messages.at(-1);
  const content = typeof last === 'object' && last !== null ? (last as { content?: unknown }).content : undefined;
  if (
    Array.isArray(content) &&
    content.some((b: unknown) => typeof b === 'object' && b !== null && (b as { type?: unknown }).type === 'tool_result')
  ) {
    return { kind: 'text', text: EXPERT_REPLY };
  }
  const text = typeof content === 'string' ? content : JSON.stringify(content ?? '');
  if (text.includes(EXPERT)) return { kind: 'tool_use', name: 'save_fitness_level', input: { fitness_level: 'expert' } };
  return { kind: 'status', status: 500 };
}

const chatTurn = (state: State, message: string) => (t: TestApp, u: ChatUser, key: string) =>
  chatOnboarding(t, u.token, message, state, { 'idempotency-key': key });

/** A user at `state`, states before it saved (state 1: no fitness row yet, the turn creates it). */
async function userAt(t: TestApp, state: State): Promise<ChatUser> {
  const u = await newChatUser(t, 'atomic');
  if (state > 1) await seedOnboarding(t, u.userId, { state });
  return u;
}

const STATE_ROW: Fault = { what: 'the state row', table: 'onboarding_states' };
const FIRST_EVENT: Fault = { what: 'the first event row', table: 'flow_events' };
const USER_MESSAGE: Fault = { what: "the user's message", table: 'chat_messages', when: "NEW.role = 'user'" };
const REPLY: Fault = { what: "the assistant's reply, after the user's message", table: 'chat_messages', when: "NEW.role = 'assistant'" };
const RESPONSE: Fault = {
  what: 'the stored idempotent response, at the end of the statement',
  table: 'idempotency_keys',
  when: "NEW.status = 'done'",
  timing: 'AFTER',
};

const GENERAL_CHAT_URL = '/api/v1/chat';
const GENERAL_QUESTION = 'What should I eat before a workout?';

const TURNS: Turn[] = [
  {
    what: 'chat turn that creates the fitness row and saves state 1',
    prepare: (t) => userAt(t, 1),
    send: chatTurn(1, I_AM_A_BEGINNER),
    expected: {
      fitness: { current_step: 2, is_complete: false, saved: ['step_1'], history: 1, dialogue: 'asking' },
      session: 'unchanged',
      events: ['fitness:SAVE_STEP_1'],
      messages: ['onboarding:user', 'onboarding:assistant'],
      failures: [],
    },
    faults: [STATE_ROW, FIRST_EVENT, USER_MESSAGE, REPLY, RESPONSE],
  },
  {
    what: 'chat turn that saves state 9 and completes the onboarding',
    prepare: (t) => userAt(t, 9),
    send: chatTurn(9, 'I take creatine and vitamin D'),
    expected: {
      fitness: {
        current_step: 9,
        is_complete: true,
        saved: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `step_${n}`),
        history: 1,
        dialogue: 'done',
      },
      session: 'unchanged',
      events: ['fitness:SAVE_STEP_9', 'fitness:COMPLETE'],
      messages: ['onboarding:user', 'onboarding:assistant'],
      failures: [],
    },
    faults: [
      STATE_ROW,
      FIRST_EVENT,
      { what: 'the second event row (COMPLETE)', table: 'flow_events', when: "NEW.event = 'COMPLETE'" },
      REPLY,
      RESPONSE,
    ],
  },
  {
    what: 'chat turn that saves no answer (it cannot be read): its messages and the failed try in the dialogue',
    prepare: (t) => userAt(t, 3),
    send: chatTurn(3, 'banana'),
    expected: {
      fitness: { current_step: 3, is_complete: false, saved: ['step_1', 'step_2'], history: 0, dialogue: 'asking' },
      session: 'unchanged',
      events: [],
      messages: ['onboarding:user', 'onboarding:assistant'],
      failures: [],
    },
    faults: [STATE_ROW, USER_MESSAGE, REPLY, RESPONSE],
  },
  {
    what: 'chat turn whose save the model makes with invalid data (rejected, counted for the funnel)',
    prepare: (t) => userAt(t, 1),
    send: chatTurn(1, EXPERT),
    expected: {
      fitness: 'unchanged',
      session: 'unchanged',
      events: [],
      messages: ['onboarding:user', 'onboarding:assistant'],
      failures: ['fitness:1:fitness_level'],
    },
    faults: [{ what: 'the rejected answer record', table: 'validation_failures' }, USER_MESSAGE, REPLY, RESPONSE],
  },
  {
    what: 'REST step save',
    prepare: (t) => userAt(t, 1),
    send: (t, u, key) => saveStep(t, u.token, 1, STEP_INPUT[1], { 'idempotency-key': key }),
    expected: {
      fitness: { current_step: 2, is_complete: false, saved: ['step_1'], history: 0, dialogue: null },
      session: 'unchanged',
      events: ['fitness:SAVE_STEP_1'],
      messages: [],
      failures: [],
    },
    faults: [STATE_ROW, FIRST_EVENT, RESPONSE],
  },
  {
    what: 'REST completion',
    async prepare(t) {
      const u = await userAt(t, 9);
      expect((await saveStep(t, u.token, 9, VALID_STEP_DATA[9])).status).toBe(200);
      return u;
    },
    send: (t, u, key) => post(t, COMPLETE_URL, u.token, {}, { 'idempotency-key': key }),
    expected: {
      fitness: {
        current_step: 9,
        is_complete: true,
        saved: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `step_${n}`),
        history: 0,
        dialogue: null,
      },
      session: 'unchanged',
      events: ['fitness:COMPLETE'],
      messages: [],
      failures: [],
    },
    faults: [STATE_ROW, FIRST_EVENT, RESPONSE],
  },
  {
    what: 'guided turn that creates the session (START)',
    prepare: (t) => newChatUser(t, 'atomic-guided'),
    send: (t, u, key) => act(t, u.token, { action: 'START', value: null, context: {} }, { headers: { 'idempotency-key': key } }),
    expected: { fitness: 'unchanged', session: 'ask_name', events: ['guided:START'], messages: [], failures: [] },
    faults: [{ what: 'the session row', table: 'flow_sessions' }, FIRST_EVENT, RESPONSE],
  },
  {
    what: 'guided turn that moves the session (a name)',
    async prepare(t) {
      const u = await newChatUser(t, 'atomic-guided');
      expect((await act(t, u.token, { action: 'START', value: null, context: {} })).status).toBe(200);
      return u;
    },
    send: (t, u, key) =>
      act(t, u.token, { action: 'SUBMIT_TEXT', value: 'Me llamo Marta', context: {} }, { headers: { 'idempotency-key': key } }),
    expected: { fitness: 'unchanged', session: 'ask_goal', events: ['guided:SUBMIT_TEXT'], messages: [], failures: [] },
    faults: [{ what: 'the session row', table: 'flow_sessions' }, FIRST_EVENT, RESPONSE],
  },
  {
    what: 'general chat turn after onboarding (two messages, no state change)',
    async prepare(t) {
      const u = await newChatUser(t, 'atomic-general');
      await seedOnboarding(t, u.userId, { state: 9, complete: true });
      return u;
    },
    send: (t, u, key) => post(t, GENERAL_CHAT_URL, u.token, { message: GENERAL_QUESTION }, { 'idempotency-key': key }),
    expected: { fitness: 'unchanged', session: 'unchanged', events: [], messages: ['general:user', 'general:assistant'], failures: [] },
    faults: [USER_MESSAGE, REPLY, RESPONSE],
  },
];

/** The turn applied once, its response stored under the key; a further send replays it. */
async function expectAppliedOnce(t: TestApp, turn: Turn, u: ChatUser, key: string, before: Stored, answer: Answer): Promise<void> {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const after = await stored(t.database.db, u.userId);
  expect(deltaOf(before, after, key)).toEqual({
    ...turn.expected,
    key: { status: 'done', response_status: 200, response_body: answer.body },
  });

  const replay = await turn.send(t, u, key);
  expect(replay.status).toBe(200);
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expect(replay.body).toEqual(answer.body);
  expect(await stored(t.database.db, u.userId)).toEqual(after);
}

describe.each(BACKENDS)('atomic turns on %s', (backend) => {
  let t: TestApp;
  let fake: FakeAnthropic;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    fake.handler = scriptedModel;
    t = await buildTestApp(backend, {
      env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseURL, LLM_TIMEOUT_MS: '5000', LLM_MAX_RETRIES: '0' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  describe.each(TURNS)('$what', (turn) => {
    it.each(turn.faults)('when writing $what fails, then nothing of the turn is stored, and the retry applies it once', async (fault) => {
      const db = t.database.db;
      const u = await turn.prepare(t);
      const key = `atomic-${randomUUID()}`;
      const before = await stored(db, u.userId);

      const remove = await injectFault(db, u.userId, fault);
      let failed: Answer;
      try {
        failed = await turn.send(t, u, key);
      } finally {
        await remove();
      }
      expect(failed.status, JSON.stringify(failed.body)).toBe(500);
      expect(await stored(db, u.userId)).toEqual(before);

      await expectAppliedOnce(t, turn, u, key, before, await turn.send(t, u, key));
    });

    it('when a serialization failure hits its write once, then the engine retries it and it applies once', async () => {
      const db = t.database.db;
      const u = await turn.prepare(t);
      const key = `atomic-${randomUUID()}`;
      const before = await stored(db, u.userId);
      const first = turn.faults[0];
      if (!first) throw new Error('a turn without faults');
      const remove = await injectFault(db, u.userId, first, { sqlstate: '40001', once: true });
      let answer: Answer;
      try {
        answer = await turn.send(t, u, key);
      } finally {
        await remove();
      }
      await expectAppliedOnce(t, turn, u, key, before, answer);
    });

    it('when the connection is lost before or after any of its statements, then either nothing or all of it is stored, and the retry applies it once', async () => {
      const db = t.database.db;
      // The statements of one turn, counted on a user of its own (warm caches: the same path).
      const probe = await turn.prepare(t);
      const count = await statementsOf(db, () => turn.send(t, probe, `atomic-${randomUUID()}`));
      expect(count).toBeGreaterThan(0);

      for (let n = 1; n <= count; n++) {
        for (const when of ['before', 'after'] as const) {
          const where = `statement ${n} of ${count}, ${when}`;
          const u = await turn.prepare(t);
          const key = `atomic-${randomUUID()}`;
          const before = await stored(db, u.userId);
          const cut = cutStatement(db, n, when);
          let failed: Answer;
          try {
            failed = await turn.send(t, u, key);
          } finally {
            cut.restore();
          }
          expect(failed.status, `${where}: ${JSON.stringify(failed.body)}`).toBe(503);
          const after = await stored(db, u.userId);
          const delta = deltaOf(before, after, key);
          const nothing = { fitness: 'unchanged', session: 'unchanged', events: [], messages: [], failures: [] };
          const { key: keyState, ...changes } = delta;
          if (JSON.stringify(changes) === JSON.stringify(nothing)) {
            // Nothing applied: no answer may be stored for the key.
            expect(keyState === 'absent' || keyState.status === 'in_flight', `${where}: ${JSON.stringify(keyState)}`).toBe(true);
          } else {
            // All of it, with its answer stored in the same statement.
            expect(changes, where).toEqual(turn.expected);
            expect(keyState, where).toMatchObject({ status: 'done', response_status: 200 });
          }

          const retry = await turn.send(t, u, key);
          expect(retry.status, `${where}: retry ${JSON.stringify(retry.body)}`).toBe(200);
          const final = deltaOf(before, await stored(db, u.userId), key);
          expect(final, where).toEqual({ ...turn.expected, key: { status: 'done', response_status: 200, response_body: retry.body } });
        }
      }
    });
  });

  it("when the answer of a general chat turn's write is lost, then a retry with the same key replays it and the messages are stored once", async () => {
    const db = t.database.db;
    const general = TURNS.find((turn) => turn.what.startsWith('general chat'));
    if (!general) throw new Error('no general chat turn');
    // Which statement writes the turn's messages (all of its write, or only them before the fix),
    // counted on a user of its own.
    const probe = await general.prepare(t);
    const watch = cutStatement(db, Number.POSITIVE_INFINITY, 'before');
    try {
      await general.send(t, probe, `atomic-${randomUUID()}`);
    } finally {
      watch.restore();
    }
    const writes = watch.sent.flatMap((text, i) => (/^(WITH s AS|INSERT INTO chat_messages)/.test(text) ? [i + 1] : []));
    expect(writes, watch.sent.join('\n')).toHaveLength(1);
    const write = writes[0] ?? 0;

    const u = await general.prepare(t);
    const key = `atomic-${randomUUID()}`;
    const before = await stored(db, u.userId);
    const cut = cutStatement(db, write, 'after');
    let lost: Answer;
    try {
      lost = await general.send(t, u, key);
    } finally {
      cut.restore();
    }
    expect(lost.status, JSON.stringify(lost.body)).toBe(503);
    const afterLost = await stored(db, u.userId);
    expect(deltaOf(before, afterLost, key)).toMatchObject({
      messages: ['general:user', 'general:assistant'],
      key: { status: 'done', response_status: 200 },
    });

    const retry = await general.send(t, u, key);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(afterLost.keys.find((k) => k.key === key)?.response_body);
    expect(await stored(db, u.userId)).toEqual(afterLost);
    expect(afterLost.messages.filter((m) => m.channel === 'general').map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});
