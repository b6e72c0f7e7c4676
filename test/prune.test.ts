import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prune } from '../src/db/prune.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from './helpers/db.js';

describe.each(BACKENDS)('prune on %s', (backend) => {
  let t: TestDatabase;
  let userId: string;
  beforeAll(async () => {
    t = await openTestDatabase(backend);
    const { rows } = await t.db.query<{ id: string }>(`INSERT INTO users (sub) VALUES ('prune-user') RETURNING id`);
    userId = rows[0]!.id;
    await t.db.query(
      `INSERT INTO flow_events (user_id, flow, from_state, to_state, event, created_at) VALUES
         ($1, 'guided', null, 'ask_name', 'START', now() - interval '40 days'),
         ($1, 'guided', 'ask_name', 'ask_goal', 'SUBMIT_TEXT', now() - interval '2 days')`,
      [userId],
    );
    await t.db.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status, created_at) VALUES
         ($1, 'old', 'h', 'done', now() - interval '25 hours'), ($1, 'fresh', 'h', 'done', now())`,
      [userId],
    );
    await t.db.query(
      `INSERT INTO chat_messages (user_id, channel, conversation_id, role, content, agent_type, created_at) VALUES
         ($1, 'onboarding', gen_random_uuid(), 'user', 'I hurt my knee', 'offline', now() - interval '100 days'),
         ($1, 'onboarding', gen_random_uuid(), 'user', 'beginner', 'offline', now() - interval '1 day')`,
      [userId],
    );
    // Two onboarding conversations waiting for a yes: one idle for 100 days, one from yesterday.
    const { rows: others } = await t.db.query<{ id: string }>(
      `INSERT INTO users (sub) VALUES ('prune-idle'), ('prune-recent') RETURNING id`,
    );
    const snapshot = JSON.stringify({ status: 'active', value: 'confirming', context: { state: 3, pending: { injuries: ['left knee'] } } });
    for (const [i, age] of [
      [0, '100 days'],
      [1, '1 day'],
    ] as const) {
      await t.db.query(
        `INSERT INTO onboarding_states (user_id, current_step, dialogue_machine_id, dialogue_machine_version, dialogue_snapshot, updated_at)
         VALUES ($1, 3, 'fitnessDialogue', 1, $2::jsonb, now() - $3::interval)`,
        [others[i]!.id, snapshot, age],
      );
    }
  });
  afterAll(() => t.drop());

  it('when no retention is set, then events and chat messages are kept and only expired idempotency keys go', async () => {
    expect(await prune(t.db, undefined)).toEqual({ events: 0, idempotencyKeys: 1, chatMessages: 0, dialogues: 0 });
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM flow_events`);
    expect(rows[0]?.n).toBe(2);
    const chats = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM chat_messages`);
    expect(chats.rows[0]?.n).toBe(2);
  });

  it('when a retention of 30 days is set, then only older events are deleted', async () => {
    expect(await prune(t.db, 30)).toEqual({ events: 1, idempotencyKeys: 0, chatMessages: 0, dialogues: 0 });
    const { rows } = await t.db.query<{ to_state: string }>(`SELECT to_state FROM flow_events`);
    expect(rows.map((r) => r.to_state)).toEqual(['ask_goal']);
  });

  it('when a chat retention of 90 days is set, then only older chat messages go, and the dialogue of a conversation idle that long', async () => {
    expect(await prune(t.db, undefined, { chatRetentionDays: 90 })).toEqual({
      events: 0,
      idempotencyKeys: 0,
      chatMessages: 1,
      dialogues: 1,
    });
    const { rows } = await t.db.query<{ content: string }>(`SELECT content FROM chat_messages`);
    expect(rows.map((r) => r.content)).toEqual(['beginner']);
    const dialogues = await t.db.query<{ sub: string; kept: boolean; current_step: number }>(
      `SELECT u.sub, o.dialogue_snapshot IS NOT NULL AS kept, o.current_step FROM onboarding_states o JOIN users u ON u.id = o.user_id ORDER BY u.sub`,
    );
    expect(dialogues.rows).toEqual([
      { sub: 'prune-idle', kept: false, current_step: 3 },
      { sub: 'prune-recent', kept: true, current_step: 3 },
    ]);
  });

  it('when a chat message or a field name is longer than storage allows, then it is stored cut to its bound', async () => {
    await t.db.query(
      `INSERT INTO chat_messages (user_id, channel, conversation_id, role, content, agent_type)
       VALUES ($1, 'general', gen_random_uuid(), 'assistant', repeat('x', 20000), 'general')`,
      [userId],
    );
    await t.db.query(`INSERT INTO validation_failures (user_id, flow, state, field) VALUES ($1, 'fitness', 1, repeat('k', 60000))`, [
      userId,
    ]);
    const chat = await t.db.query<{ n: number }>(`SELECT max(char_length(content))::int AS n FROM chat_messages WHERE channel = 'general'`);
    expect(chat.rows[0]?.n).toBe(8000);
    const field = await t.db.query<{ n: number }>(`SELECT max(char_length(field))::int AS n FROM validation_failures`);
    expect(field.rows[0]?.n).toBe(100);
  });
});
