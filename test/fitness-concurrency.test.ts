/**
 * docs/behaviour/data.md on the fitness flow: concurrent requests for one user cannot lose an update or
 * advance twice, and every change writes exactly one event row in the same transaction. On
 * PGlite and, with DATABASE_URL, on PostgreSQL.
 *
 * The flow creates its row with its first write (docs/behaviour/fitness.md "State semantics"), at
 * version 1 with that write's event row; every later change adds one to the version and writes one
 * event row. So for a row the flow created, the event count equals the version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';
import {
  STEP_INPUT,
  STEP_STORED,
  as,
  chainBreaks,
  expectError,
  fitnessEvents,
  newUser,
  onboardingRow,
  progress,
  saveStep,
  saveThrough,
  state,
  type ErrorBody,
  type Reply,
} from './helpers/fitness-client.js';

const N = 20;

/** Each answer is 200, 400 STATE_MISMATCH or 409 CONFLICT (uniform error shape). */
function checkOutcome(r: Reply<unknown>, i: number): 'ok' | 'mismatch' | 'conflict' {
  if (r.status === 200) return 'ok';
  if (r.status === 400) {
    expect(as<ErrorBody>(r).body.error_code, `request ${i}: ${r.raw}`).toBe('STATE_MISMATCH');
    expectError(r, 400, 'STATE_MISMATCH');
    return 'mismatch';
  }
  expectError(r, 409, 'CONFLICT');
  return 'conflict';
}

describe.each(BACKENDS)('fitness concurrency on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`when ${N} saves of the current state arrive at once with different data, then current_step advances exactly once and the stored data is one accepted request's`, async () => {
    const u = newUser(t);
    await saveThrough(t, u.token, 2);
    const before = await onboardingRow(t, u.sub);
    expect(before.current_step).toBe(3);
    expect(before.version).toBe(2);

    // Different valid data for state 3: one equipment item each.
    const data = Array.from({ length: N }, (_, i) => ({ ...STEP_INPUT[3], equipment: [`kettlebell ${i}`] }));
    const replies = await Promise.all(data.map((d, i) => saveStep(t, u.token, 3, d, { 'x-request-id': `burst-current-${i}` })));
    const outcomes = replies.map(checkOutcome);
    const accepted = outcomes.flatMap((o, i) => (o === 'ok' ? [i] : []));
    expect(accepted.length, 'at least one save goes through').toBeGreaterThan(0);

    const row = await onboardingRow(t, u.sub);
    expect(row.current_step).toBe(4);
    const p = await progress(t, u.token);
    expect(p.current_state).toBe(4);
    expect(p.completed_states).toEqual([1, 2, 3]);

    const events = await fitnessEvents(t, u.sub);
    expect(chainBreaks(events, 'state_1')).toEqual([]);
    expect(events).toHaveLength(row.version);
    const burst = events.slice(2);
    // Every accepted request wrote exactly once (all data differ), no refused one did; exactly
    // one of them moved the state.
    expect(burst.map((e) => e.request_id).sort()).toEqual(accepted.map((i) => `burst-current-${i}`).sort());
    expect(burst.filter((e) => e.from_state !== e.to_state)).toHaveLength(1);
    expect(events.filter((e) => e.from_state === 'state_3' && e.to_state === 'state_4')).toHaveLength(1);

    // The data stored is the last writer's, which got a 200 answer.
    const last = burst.at(-1)?.request_id ?? '';
    const lastIndex = Number(last.replace('burst-current-', ''));
    expect(accepted).toContain(lastIndex);
    const s = await state(t, u.token);
    expect(data.map((d) => ({ ...STEP_STORED[3], equipment: d.equipment }))).toContainEqual(s.step_data.step_3);
    expect(s.step_data.step_3).toEqual({ ...STEP_STORED[3], equipment: [`kettlebell ${lastIndex}`] });
    expect(s.step_data.step_1).toEqual(STEP_STORED[1]);
    expect(s.step_data.step_2).toEqual(STEP_STORED[2]);
  });

  it(`when ${N} first saves of a new user arrive at once, then the row is created once, state 1 advances once and every event is an accepted request's`, async () => {
    const u = newUser(t);
    const levels = ['beginner', 'intermediate', 'advanced'] as const;
    const data = Array.from({ length: N }, (_, i) => ({ fitness_level: levels[i % levels.length] }));
    const replies = await Promise.all(data.map((d, i) => saveStep(t, u.token, 1, d, { 'x-request-id': `burst-first-${i}` })));
    const outcomes = replies.map(checkOutcome);
    const accepted = outcomes.flatMap((o, i) => (o === 'ok' ? [i] : []));
    expect(accepted.length, 'at least one save goes through').toBeGreaterThan(0);

    const row = await onboardingRow(t, u.sub);
    expect(row.current_step).toBe(2);
    const events = await fitnessEvents(t, u.sub);
    expect(chainBreaks(events, 'state_1')).toEqual([]);
    expect(events).toHaveLength(row.version);
    expect(events.filter((e) => e.from_state !== e.to_state)).toHaveLength(1);
    const acceptedIds = accepted.map((i) => `burst-first-${i}`);
    for (const e of events) expect(acceptedIds).toContain(e.request_id);
    // Each accepted request either wrote its change or found its data already stored (same level).
    const last = events.at(-1)?.request_id ?? '';
    const s = await state(t, u.token);
    expect(s.step_data).toEqual({ step_1: data[Number(last.replace('burst-first-', ''))] });
  });

  it(`when ${N} edits of an earlier state arrive at once with different data, then the final data is one of them and the version counts every accepted change`, async () => {
    const u = newUser(t);
    await saveThrough(t, u.token, 4);
    const before = await onboardingRow(t, u.sub);
    expect(before.version).toBe(4);

    const data = Array.from({ length: N }, (_, i) => ({ ...STEP_INPUT[2], goals: [{ goal_type: 'general_fitness', priority: i + 1 }] }));
    const replies = await Promise.all(data.map((d, i) => saveStep(t, u.token, 2, d, { 'x-request-id': `burst-edit-${i}` })));
    const outcomes = replies.map(checkOutcome);
    expect(
      outcomes.filter((o) => o === 'mismatch'),
      'an earlier state is never a mismatch',
    ).toEqual([]);
    const accepted = outcomes.flatMap((o, i) => (o === 'ok' ? [i] : []));
    expect(accepted.length).toBeGreaterThan(0);
    for (const i of accepted) expect(as<{ current_step: number }>(replies[i] as Reply<unknown>).body.current_step).toBe(5);

    const row = await onboardingRow(t, u.sub);
    expect(row.current_step).toBe(5);
    // Every accepted edit changed the data (all differ), so each one is a change.
    expect(row.version).toBe(before.version + accepted.length);

    const events = await fitnessEvents(t, u.sub);
    expect(chainBreaks(events, 'state_1')).toEqual([]);
    expect(events).toHaveLength(row.version);
    const burst = events.slice(4);
    expect(burst.map((e) => e.request_id).sort()).toEqual(accepted.map((i) => `burst-edit-${i}`).sort());

    const last = burst.at(-1)?.request_id ?? '';
    const lastIndex = Number(last.replace('burst-edit-', ''));
    const s = await state(t, u.token);
    expect(data).toContainEqual(s.step_data.step_2);
    expect(s.step_data.step_2).toEqual(data[lastIndex]);
    expect(s.step_data.step_1).toEqual(STEP_STORED[1]);
    expect(s.step_data.step_3).toEqual(STEP_STORED[3]);
    expect(s.step_data.step_4).toEqual(STEP_STORED[4]);
  });

  it('when the same Idempotency-Key and body arrive 10 times at once, then the change is applied once and every answer is that one or 409 CONFLICT', async () => {
    const u = newUser(t);
    await saveThrough(t, u.token, 1);
    const before = await onboardingRow(t, u.sub);
    const headers = { 'idempotency-key': `burst-key-${u.sub}` };
    const replies = await Promise.all(Array.from({ length: 10 }, () => saveStep(t, u.token, 2, STEP_INPUT[2], headers)));
    const ok = replies.filter((r) => r.status === 200);
    for (const r of replies) if (r.status !== 200) expectError(r, 409, 'CONFLICT');
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    for (const r of ok) expect(r.body).toEqual(ok[0]?.body);
    expect(as<{ current_step: number }>(ok[0] as Reply<unknown>).body.current_step).toBe(3);

    const row = await onboardingRow(t, u.sub);
    expect(row.version).toBe(before.version + 1);
    expect(row.current_step).toBe(3);
    const events = await fitnessEvents(t, u.sub);
    expect(events).toHaveLength(2);
    expect(chainBreaks(events, 'state_1')).toEqual([]);

    // Afterwards the key replays the stored answer.
    const replay = await saveStep(t, u.token, 2, STEP_INPUT[2], headers);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(ok[0]?.body);
  });
});
