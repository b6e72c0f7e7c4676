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
  });
  afterAll(() => t.drop());

  it('when no retention is set, then events are kept and only expired idempotency keys go', async () => {
    expect(await prune(t.db, undefined)).toEqual({ events: 0, idempotencyKeys: 1 });
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM flow_events`);
    expect(rows[0]?.n).toBe(2);
  });

  it('when a retention of 30 days is set, then only older events are deleted', async () => {
    expect(await prune(t.db, 30)).toEqual({ events: 1, idempotencyKeys: 0 });
    const { rows } = await t.db.query<{ to_state: string }>(`SELECT to_state FROM flow_events`);
    expect(rows.map((r) => r.to_state)).toEqual(['ask_goal']);
  });
});
