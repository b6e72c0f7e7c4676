/**
 * Two app instances on one database: the guided and fitness flows of the same users driven
 * through both at once, with duplicates and shared Idempotency-Keys. Afterwards the database
 * must show no lost update, no double advance, event logs that match the stored states, and
 * identical idempotent replays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { newUser, type TestApp } from './helpers/app.js';
import { BACKENDS, sharedTestDatabase, type TestDatabase } from './helpers/db.js';
import * as fitness from './helpers/fitness-client.js';
import { act, chainBreaks, guidedEvents, guidedSessions, start, type GuidedReply } from './helpers/guided-client.js';

const USERS = 6;

async function twoInstances(database: TestDatabase): Promise<[TestApp, TestApp]> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000' });
  const make = async (): Promise<TestApp> => {
    const app = await buildApp({ config, db: database.db, summaryLlm: null });
    await app.ready();
    return { app, database, token: (sub, claims = {}) => app.signToken({ sub, ...claims }), close: () => app.close() };
  };
  return [await make(), await make()];
}

describe.each(BACKENDS)('two instances on one %s database', (backend) => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await sharedTestDatabase(backend);
    [a, b] = await twoInstances(database);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('when the guided answers of several users arrive on both instances at once, duplicates and shared keys included, then each flow advances once per accepted answer and replays are identical', async () => {
    const users = Array.from({ length: USERS }, () => newUser(a, 'two'));
    for (const u of users) expect((await start(a, u.token)).status).toBe(200);

    const submit = (t: TestApp, token: string, key?: string) =>
      act(t, token, { action: 'SUBMIT_TEXT', value: 'Me llamo Ana' }, key ? { headers: { 'idempotency-key': key } } : {});
    const results = await Promise.all(
      users.map(async (u, i) => {
        const key = `two-guided-${i}-${u.sub}`;
        // The same keyed answer twice on each instance, plus an unkeyed double click on each.
        const keyed = await Promise.all([
          submit(a, u.token, key),
          submit(b, u.token, key),
          submit(a, u.token, key),
          submit(b, u.token, key),
        ]);
        const unkeyed = await Promise.all([submit(a, u.token), submit(b, u.token)]);
        return { u, keyed, unkeyed };
      }),
    );

    for (const { u, keyed, unkeyed } of results) {
      const ok = keyed.filter((r) => r.status === 200);
      for (const r of keyed) if (r.status !== 200) expect(r.status).toBe(409);
      expect(ok.length).toBeGreaterThan(0);
      // Exactly one keyed request ran; every other 200 is its stored answer, byte for byte.
      expect(ok.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
      for (const r of ok) expect(r.body).toEqual(ok[0]?.body);
      for (const r of unkeyed) expect([200, 409]).toContain(r.status);

      const events = await guidedEvents(a, u.sub);
      expect(chainBreaks(events)).toEqual([]);
      // The name is taken once: never a second ask_name -> ask_goal advance.
      expect(events.filter((e) => e.from_state === 'ask_name' && e.to_state === 'ask_goal')).toHaveLength(1);
      const [session] = await guidedSessions(a, u.sub);
      expect(session?.state).toBe(events.at(-1)?.to_state);
      // No lost update: the version counts every write, and every write left one event.
      expect(session?.version).toBe(events.length);
      const accepted =
        1 +
        keyed.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] === undefined).length +
        unkeyed.filter((r: GuidedReply) => r.status === 200).length;
      expect(events.length).toBeLessThanOrEqual(accepted);
    }
  });

  it("when one user's turns alternate between the instances, then each answers from the row the other wrote, as a fresh read of it would", async () => {
    const u = newUser(a, 'two-alternating');
    const steps: Array<{ payload: Record<string, unknown>; state: string }> = [
      { payload: { action: 'START' }, state: 'ask_name' },
      { payload: { action: 'SUBMIT_TEXT', value: 'Me llamo Ana' }, state: 'ask_goal' },
      { payload: { action: 'SUBMIT_TEXT', value: 'Quiero correr 5 km en tres meses' }, state: 'choose_main_use' },
      { payload: { action: 'SELECT_OPTION', value: 'Z' }, state: 'choose_main_use' },
      { payload: { action: 'SELECT_OPTION', value: 'Z' }, state: 'choose_main_use' },
      { payload: { action: 'SELECT_OPTION', value: 'A' }, state: 'choose_style' },
      { payload: { action: 'SELECT_OPTION', value: '9' }, state: 'choose_style' },
      { payload: { action: 'SELECT_OPTION', value: '2' }, state: 'end' },
    ];
    for (const [i, step] of steps.entries()) {
      // Each instance's own last turn is two versions old by now: the other wrote in between.
      const [writer, other] = i % 2 === 0 ? [a, b] : [b, a];
      const res = await act(writer, u.token, step.payload);
      expect(res.status, JSON.stringify(step.payload)).toBe(200);
      expect(res.body.state).toBe(step.state);
      // The instance that wrote answers a resume from what it kept; the other reads the row.
      const kept = await start(writer, u.token);
      const read = await start(other, u.token);
      expect(kept.raw).toBe(read.raw);
    }
    const events = await guidedEvents(a, u.sub);
    expect(events.map((e) => e.to_state)).toEqual(steps.map((s) => s.state));
  });

  it('when the fitness steps of several users are saved on both instances at once with shared keys, then each save applies once and the log matches the row', async () => {
    const users = Array.from({ length: USERS }, () => fitness.newUser(a));
    const results = await Promise.all(
      users.map(async (u, i) => {
        const headers = { 'idempotency-key': `two-fitness-${i}-${u.sub}` };
        const replies = await Promise.all([a, b, a, b].map((t) => fitness.saveStep(t, u.token, 1, fitness.STEP_INPUT[1], headers)));
        return { u, replies, headers };
      }),
    );
    for (const { u, replies, headers } of results) {
      const ok = replies.filter((r) => r.status === 200);
      for (const r of replies) if (r.status !== 200) fitness.expectError(r, 409, 'CONFLICT');
      expect(ok.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
      for (const r of ok) expect(r.body).toEqual(ok[0]?.body);

      const row = await fitness.onboardingRow(a, u.sub);
      expect(row.current_step).toBe(2);
      const events = await fitness.fitnessEvents(a, u.sub);
      expect(fitness.chainBreaks(events, 'state_1')).toEqual([]);
      // The flow creates its row with its first write (version 1 with that write's event row).
      expect(events).toHaveLength(row.version);

      // Later, either instance replays the stored answer.
      const replay = await fitness.saveStep(b, u.token, 1, fitness.STEP_INPUT[1], headers);
      expect(replay.status).toBe(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(ok[0]?.body);
    }
  });
});
