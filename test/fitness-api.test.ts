/**
 * The fitness flow's REST endpoints (docs/behaviour/operations.md, 6, 7 and 8; issue 3) through
 * app.inject(), on PGlite and, with DATABASE_URL, on PostgreSQL. One app per backend; every
 * test has its own user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';
import { completeFlow, start } from './helpers/guided-client.js';
import {
  AUTH_ME_URL,
  CHAT_HISTORY_URL,
  CHAT_URL,
  COMPLETE_URL,
  ME_URL,
  PROGRESS_URL,
  SPEC_STATES,
  STATES,
  STATE_URL,
  STEP_INPUT,
  STEP_STORED,
  STEP_URL,
  as,
  chainBreaks,
  completeOnboarding,
  expectError,
  fitnessEventCount,
  fitnessEvents,
  get,
  newUser,
  onboardingRowIfAny,
  post,
  progress,
  saveStep,
  saveThrough,
  specInfo,
  state,
  userIdOf,
  type FitnessUser,
  type MeBody,
  type ProgressBody,
  type StepBody,
} from './helpers/fitness-client.js';
import type { StateNumber } from '../machines/fitness/states.js';

const percentage = (n: number) => Math.floor((n / 9) * 100);
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
const LOCKED = ['dashboard', 'workouts', 'meals', 'profile'];

/** Progress the behaviour reference demands with states 1..n saved in order (n = 0..9), not completed. */
function expectedProgress(n: number): ProgressBody {
  const current = Math.min(n + 1, 9) as StateNumber;
  const next = current + 1;
  return {
    current_state: current,
    total_states: 9,
    completed_states: STATES.filter((k) => k <= n),
    current_state_info: specInfo(current),
    next_state_info: next <= 9 ? specInfo(next as StateNumber) : null,
    is_complete: false,
    completion_percentage: percentage(n),
    can_complete: n === 9,
  };
}

describe.each(BACKENDS)('fitness API on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  /**
   * A user whose first authenticated request has been made. The user row exists; the fitness row
   * is created by the flow's first write, so a new user's reads see an empty state.
   */
  async function user(): Promise<FitnessUser> {
    const u = newUser(t);
    expect((await get(t, PROGRESS_URL, u.token)).status).toBe(200);
    return u;
  }

  /** What must not change when a request is refused ("no row" before and after = nothing stored). */
  async function stored(u: FitnessUser) {
    const row = await onboardingRowIfAny(t, u.sub);
    return { row, events: await fitnessEventCount(t, u.sub), state: await state(t, u.token) };
  }

  describe('progress and state', () => {
    it('when a new user asks for progress, then it is state 1, 0%, nothing completed, next state 2', async () => {
      const u = newUser(t);
      const r = await get(t, PROGRESS_URL, u.token);
      expect(r.status, r.raw).toBe(200);
      expect(r.body).toEqual(expectedProgress(0));
      expect(as<ProgressBody>(r).body.next_state_info?.name).toBe('Primary Fitness Goals');
    });

    it('when a new user asks for the state, then it is current_step 1, not complete, no data, no agent history', async () => {
      const u = newUser(t);
      const r = await get(t, STATE_URL, u.token);
      expect(r.status, r.raw).toBe(200);
      expect(r.body).toEqual({ current_step: 1, is_complete: false, step_data: {}, agent_history: [] });
    });

    it('when states 1 and 2 are saved, then progress is the behaviour reference worked example', async () => {
      const u = await user();
      await saveThrough(t, u.token, 2);
      const p = await progress(t, u.token);
      expect(p.current_state).toBe(3);
      expect(p.completed_states).toEqual([1, 2]);
      expect(p.completion_percentage).toBe(22);
      expect(p.next_state_info?.name).toBe('Diet Preferences & Restrictions');
      expect(p.is_complete).toBe(false);
      expect(p.can_complete).toBe(false);
      expect(p).toEqual(expectedProgress(2));
    });

    it('when all nine states are saved in order, then each answer and the progress after it are as the behaviour reference says', async () => {
      const u = await user();
      for (const n of STATES) {
        const agent = SPEC_STATES[n].agent;
        const r = await saveStep(t, u.token, n, STEP_INPUT[n], { 'x-agent-context': agent });
        expect(r.status, `state ${n}: ${r.raw}`).toBe(200);
        const body = as<StepBody>(r).body;
        expect(Object.keys(body).sort(), `state ${n}`).toEqual(['current_step', 'is_complete', 'message', 'next_state', 'next_state_info']);
        if (n < 9) {
          const next = (n + 1) as StateNumber;
          expect(body, `state ${n}`).toEqual({
            current_step: next,
            is_complete: false,
            message: expect.stringMatching(/\S/u),
            next_state: next,
            next_state_info: specInfo(next),
          });
        } else {
          expect(body, `state ${n}`).toEqual({
            current_step: 9,
            is_complete: false,
            message: expect.stringMatching(/\S/u),
            next_state: null,
            next_state_info: null,
          });
        }
        expect(await progress(t, u.token), `progress after state ${n}`).toEqual(expectedProgress(n));
      }

      const s = await state(t, u.token);
      expect(s.current_step).toBe(9);
      expect(s.is_complete).toBe(false);
      expect(s.step_data).toEqual(Object.fromEntries(STATES.map((n) => [`step_${n}`, STEP_STORED[n]])));
      expect(s.agent_history.map(({ state: n, agent }) => ({ state: n, agent }))).toEqual(
        STATES.map((n) => ({ state: n, agent: SPEC_STATES[n].agent })),
      );
      for (const entry of s.agent_history) {
        expect(Object.keys(entry).sort()).toEqual(['agent', 'state', 'timestamp']);
        expect(entry.timestamp).toMatch(ISO_TIMESTAMP);
      }
      const times = s.agent_history.map((e) => Date.parse(e.timestamp));
      expect(times).toEqual([...times].sort((a, b) => a - b));

      const events = await fitnessEvents(t, u.sub);
      expect(events).toHaveLength(9);
      expect(chainBreaks(events, 'state_1')).toEqual([]);
      expect(events.map((e) => e.agent)).toEqual(STATES.map((n) => SPEC_STATES[n].agent));
    });

    it('when state 9 is saved before /complete, then the message does not claim onboarding is complete (is_complete is false)', async () => {
      const u = await user();
      await saveThrough(t, u.token, 8);
      const r = await saveStep(t, u.token, 9, STEP_INPUT[9]);
      expect(r.status, r.raw).toBe(200);
      const body = as<StepBody>(r).body;
      expect(body.is_complete).toBe(false);
      expect((await progress(t, u.token)).is_complete).toBe(false);
      // The message is shown to the user, who still has to complete onboarding.
      expect(body.message).not.toMatch(/onboarding (is|has been) (now )?complete/iu);
    });

    it('when some saves carry X-Agent-Context and others do not, then agent_history and the event rows record only the ones that do', async () => {
      const u = await user();
      const first = await saveStep(t, u.token, 1, STEP_INPUT[1], { 'x-agent-context': 'workout_planning' });
      expect(first.status, first.raw).toBe(200);
      expect((await saveStep(t, u.token, 2, STEP_INPUT[2])).status).toBe(200);
      const third = await saveStep(t, u.token, 3, STEP_INPUT[3], { 'x-agent-context': 'scheduler' });
      expect(third.status, third.raw).toBe(200);

      const s = await state(t, u.token);
      expect(s.agent_history.map(({ state: n, agent }) => ({ state: n, agent }))).toEqual([
        { state: 1, agent: 'workout_planning' },
        { state: 3, agent: 'scheduler' },
      ]);
      const events = await fitnessEvents(t, u.sub);
      expect(events.map((e) => e.agent)).toEqual(['workout_planning', null, 'scheduler']);
      expect(events[0]?.request_id).toBe(first.headers['x-request-id']);
      expect(events[2]?.request_id).toBe(third.headers['x-request-id']);
    });

    it('when no save carries X-Agent-Context, then agent_history stays empty', async () => {
      const u = await user();
      await saveThrough(t, u.token, 3);
      expect((await state(t, u.token)).agent_history).toEqual([]);
    });

    it('when X-Agent-Context is not a known agent, then 400 VALIDATION_ERROR names X-Agent-Context and nothing is stored', async () => {
      const u = await user();
      const before = await stored(u);
      const r = await saveStep(t, u.token, 1, STEP_INPUT[1], { 'x-agent-context': 'hacker_agent' });
      const err = expectError(r, 400, 'VALIDATION_ERROR');
      expect(err.detail.field).toBe('X-Agent-Context');
      expect(await stored(u)).toEqual(before);
    });
  });

  describe('saving states', () => {
    it('when an earlier state is re-saved with other data, then its data is edited and current_step does not move', async () => {
      const u = await user();
      await saveThrough(t, u.token, 3);
      const r = await saveStep(t, u.token, 1, { fitness_level: 'advanced' });
      expect(r.status, r.raw).toBe(200);
      expect(r.body).toEqual({
        current_step: 4,
        is_complete: false,
        message: expect.stringMatching(/\S/u),
        next_state: 4,
        next_state_info: specInfo(4),
      });
      const s = await state(t, u.token);
      expect(s.current_step).toBe(4);
      expect(s.step_data).toEqual({ step_1: { fitness_level: 'advanced' }, step_2: STEP_STORED[2], step_3: STEP_STORED[3] });
      expect(await progress(t, u.token)).toEqual(expectedProgress(3));
      expect(await fitnessEventCount(t, u.sub)).toBe(4);
    });

    it('when the current state is saved twice with the same data, then both answers are equal and only one event row is written', async () => {
      const u = await user();
      const first = await saveStep(t, u.token, 1, STEP_INPUT[1]);
      const after = await stored(u);
      const second = await saveStep(t, u.token, 1, STEP_INPUT[1]);
      expect(first.status, first.raw).toBe(200);
      expect(second.status, second.raw).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(await fitnessEventCount(t, u.sub)).toBe(1);
      expect(await stored(u)).toEqual(after);
    });

    it('when an earlier state is edited twice with the same data, then both answers are equal and only one event row is written for the edit', async () => {
      const u = await user();
      await saveThrough(t, u.token, 4);
      const data = { diet_type: 'vegan', allergies: [], intolerances: [], dislikes: ['olives'] };
      const first = await saveStep(t, u.token, 4, data);
      const after = await stored(u);
      const second = await saveStep(t, u.token, 4, { ...data, dislikes: ['  olives '] });
      expect(first.status, first.raw).toBe(200);
      expect(second.status, second.raw).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(await fitnessEventCount(t, u.sub)).toBe(5);
      expect(await stored(u)).toEqual(after);
    });

    it.each([
      { at: 1, ahead: 3 },
      { at: 1, ahead: 9 },
      { at: 4, ahead: 5 },
      { at: 4, ahead: 9 },
    ])(
      'when state $ahead is saved while the current state is $at, then 400 STATE_MISMATCH with detail.current_state $at and nothing is stored',
      async ({ at, ahead }) => {
        const u = await user();
        await saveThrough(t, u.token, at - 1);
        const before = await stored(u);
        const r = await saveStep(t, u.token, ahead, STEP_INPUT[ahead as StateNumber]);
        const err = expectError(r, 400, 'STATE_MISMATCH');
        expect(err.detail.current_state).toBe(at);
        expect(await stored(u)).toEqual(before);
      },
    );

    const invalid: Array<{ when: string; step: StateNumber; data: Record<string, unknown>; field: string | RegExp }> = [
      {
        when: 'protein_percentage is above 100',
        step: 5,
        data: { daily_calorie_target: 2000, protein_percentage: 101, carbs_percentage: -1, fats_percentage: 0 },
        field: 'protein_percentage',
      },
      {
        when: 'the percentages add up to 101',
        step: 5,
        data: { daily_calorie_target: 2000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 31 },
        field: /^(protein|carbs|fats)_percentage$/u,
      },
      {
        when: 'daily_calorie_target is not a whole number',
        step: 5,
        data: { daily_calorie_target: 2000.5, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 },
        field: 'daily_calorie_target',
      },
      {
        when: 'a meal time is 8:0 (minutes need two digits)',
        step: 6,
        data: { meals: [{ meal_name: 'Breakfast', scheduled_time: '8:0' }] },
        field: /scheduled_time$/u,
      },
      {
        when: 'a meal time is 0800 (no colon)',
        step: 6,
        data: { meals: [{ meal_name: 'Breakfast', scheduled_time: '0800' }] },
        field: /scheduled_time$/u,
      },
      {
        when: 'a meal time is 24:00',
        step: 6,
        data: { meals: [{ meal_name: 'Late snack', scheduled_time: '24:00' }] },
        field: /scheduled_time$/u,
      },
      {
        when: 'a workout day is 7',
        step: 7,
        data: { workouts: [{ day_of_week: 7, scheduled_time: '07:00' }] },
        field: /day_of_week$/u,
      },
      {
        when: 'an unknown field is sent',
        step: 1,
        data: { fitness_level: 'beginner', favourite_colour: 'blue' },
        field: 'favourite_colour',
      },
      { when: 'fitness_level is not one of the three levels', step: 1, data: { fitness_level: 'expert' }, field: 'fitness_level' },
      { when: 'goals is empty', step: 2, data: { goals: [] }, field: 'goals' },
      {
        when: 'target_weight_kg is 301',
        step: 3,
        data: { equipment: [], injuries: [], limitations: [], target_weight_kg: 301 },
        field: 'target_weight_kg',
      },
      {
        when: 'diet_type is unknown',
        step: 4,
        data: { diet_type: 'carnivore', allergies: [], intolerances: [], dislikes: [] },
        field: 'diet_type',
      },
      {
        when: 'daily_water_target_ml is 499',
        step: 8,
        data: { daily_water_target_ml: 499, reminder_frequency_minutes: 60 },
        field: 'daily_water_target_ml',
      },
      { when: 'interested_in_supplements is missing', step: 9, data: { current_supplements: [] }, field: 'interested_in_supplements' },
    ];

    it.each(invalid)(
      'when $when (state $step), then 400 VALIDATION_ERROR names the field and nothing is stored',
      async ({ step, data, field }) => {
        const u = await user();
        await saveThrough(t, u.token, step - 1);
        const before = await stored(u);
        const r = await saveStep(t, u.token, step, data);
        const err = expectError(r, 400, 'VALIDATION_ERROR');
        expect(err.detail.field).toMatch(field);
        const leaf = (err.detail.field ?? '').split('.').pop() ?? '';
        expect(err.detail.message, 'the message names the field').toContain(leaf);
        expect(await stored(u)).toEqual(before);
      },
    );

    it.each([
      ['0', 0],
      ['10', 10],
      ['-1', -1],
      ['1.5', 1.5],
      ['the string "1"', '1'],
      ['null', null],
    ])('when step is %s, then 400 VALIDATION_ERROR names step and nothing is stored', async (_label, step) => {
      const u = await user();
      const before = await stored(u);
      const r = await saveStep(t, u.token, step, STEP_INPUT[1]);
      const err = expectError(r, 400, 'VALIDATION_ERROR');
      expect(err.detail.field).toBe('step');
      expect(await stored(u)).toEqual(before);
    });

    it('when the body has no step at all, then 400 VALIDATION_ERROR and nothing is stored', async () => {
      const u = await user();
      const before = await stored(u);
      const r = await post(t, STEP_URL, u.token, { data: STEP_INPUT[1] });
      expectError(r, 400, 'VALIDATION_ERROR');
      expect(await stored(u)).toEqual(before);
    });

    it('when meal and workout times are sent as H:MM or HH:MM:SS, then they are accepted and stored as HH:MM', async () => {
      const u = await user();
      await saveThrough(t, u.token, 5);
      const meals = await saveStep(t, u.token, 6, {
        meals: [
          { meal_name: 'Breakfast', scheduled_time: '8:00' },
          { meal_name: 'Dinner', scheduled_time: '19:30:00' },
        ],
      });
      expect(meals.status, meals.raw).toBe(200);
      const workouts = await saveStep(t, u.token, 7, { workouts: [{ day_of_week: 1, scheduled_time: '7:05:59' }] });
      expect(workouts.status, workouts.raw).toBe(200);
      const s = await state(t, u.token);
      expect(s.step_data.step_6).toEqual({
        meals: [
          { meal_name: 'Breakfast', scheduled_time: '08:00', enable_notifications: true },
          { meal_name: 'Dinner', scheduled_time: '19:30', enable_notifications: true },
        ],
      });
      expect(s.step_data.step_7).toEqual({ workouts: [{ day_of_week: 1, scheduled_time: '07:05', enable_notifications: true }] });
    });

    it('when state 8 declines reminders, then no frequency is needed and the opt-out is stored; with reminders on, the frequency is required', async () => {
      const u = await user();
      await saveThrough(t, u.token, 7);
      const before = await stored(u);
      const missing = expectError(await saveStep(t, u.token, 8, { daily_water_target_ml: 2000 }), 400, 'VALIDATION_ERROR');
      expect(missing.detail.field).toBe('reminder_frequency_minutes');
      expect(await stored(u)).toEqual(before);
      const r = await saveStep(t, u.token, 8, { daily_water_target_ml: 2000, reminders_enabled: false });
      expect(r.status, r.raw).toBe(200);
      expect(as<StepBody>(r).body.current_step).toBe(9);
      expect((await state(t, u.token)).step_data.step_8).toEqual({ daily_water_target_ml: 2000, reminders_enabled: false });
    });

    it('when a legacy row has current_step 0, then progress says state 1 and saving state 1 works', async () => {
      const u = await user();
      await t.database.db.query(
        'INSERT INTO onboarding_states (user_id, current_step) VALUES ($1, 0) ON CONFLICT (user_id) DO UPDATE SET current_step = 0',
        [await userIdOf(t, u.sub)],
      );
      const p = await progress(t, u.token);
      expect(p).toEqual(expectedProgress(0));
      expect(expectError(await saveStep(t, u.token, 2, STEP_INPUT[2]), 400, 'STATE_MISMATCH').detail.current_state).toBe(1);
      const r = await saveStep(t, u.token, 1, STEP_INPUT[1]);
      expect(r.status, r.raw).toBe(200);
      expect(as<StepBody>(r).body.current_step).toBe(2);
      expect(await progress(t, u.token)).toEqual(expectedProgress(1));
      expect((await state(t, u.token)).step_data).toEqual({ step_1: STEP_STORED[1] });
    });

    it('when the onboarding row is deleted, then state, progress, step and complete answer 404 NOT_FOUND', async () => {
      const u = await user();
      await saveThrough(t, u.token, 1);
      await t.database.db.query(
        'INSERT INTO onboarding_states (user_id, current_step, deleted_at) VALUES ($1, 1, now()) ON CONFLICT (user_id) DO UPDATE SET deleted_at = now()',
        [await userIdOf(t, u.sub)],
      );
      expectError(await get(t, STATE_URL, u.token), 404, 'NOT_FOUND');
      expectError(await get(t, PROGRESS_URL, u.token), 404, 'NOT_FOUND');
      expectError(await saveStep(t, u.token, 2, STEP_INPUT[2]), 404, 'NOT_FOUND');
      expectError(await post(t, COMPLETE_URL, u.token, {}), 404, 'NOT_FOUND');
      expect(await fitnessEventCount(t, u.sub)).toBe(1);
    });
  });

  describe('completion', () => {
    it('when /complete is called with nothing saved, then 400 ONBOARDING_INCOMPLETE lists all nine states as missing', async () => {
      const u = await user();
      const err = expectError(await post(t, COMPLETE_URL, u.token, {}), 400, 'ONBOARDING_INCOMPLETE');
      expect(err.detail.missing_states).toEqual(STATES);
      expect(await fitnessEventCount(t, u.sub)).toBe(0);
    });

    it('when /complete is called with states 1-8 saved, then 400 ONBOARDING_INCOMPLETE lists state 9 and nothing changes', async () => {
      const u = await user();
      await saveThrough(t, u.token, 8);
      const before = await stored(u);
      const err = expectError(await post(t, COMPLETE_URL, u.token, {}), 400, 'ONBOARDING_INCOMPLETE');
      expect(err.detail.missing_states).toEqual([9]);
      expect(await stored(u)).toEqual(before);
    });

    it('when all nine are saved and /complete is called twice, then both answer 200 is_complete and only one completion event is written', async () => {
      const u = await user();
      await saveThrough(t, u.token, 9);
      const first = await post(t, COMPLETE_URL, u.token, {});
      expect(first.status, first.raw).toBe(200);
      expect(as<{ is_complete: boolean }>(first).body.is_complete).toBe(true);
      expect(await fitnessEventCount(t, u.sub)).toBe(10);

      const p = await progress(t, u.token);
      expect(p).toEqual({ ...expectedProgress(9), is_complete: true });
      expect((await state(t, u.token)).is_complete).toBe(true);

      const second = await post(t, COMPLETE_URL, u.token, {});
      expect(second.status, second.raw).toBe(200);
      expect(as<{ is_complete: boolean }>(second).body.is_complete).toBe(true);
      expect(await fitnessEventCount(t, u.sub)).toBe(10);
      expect(chainBreaks(await fitnessEvents(t, u.sub), 'state_1')).toEqual([]);
    });

    it('when state 9 is skipped with interested_in_supplements false, then every state counts as saved and /complete succeeds', async () => {
      const u = await user();
      await saveThrough(t, u.token, 8);
      const r = await saveStep(t, u.token, 9, { interested_in_supplements: false });
      expect(r.status, r.raw).toBe(200);
      expect(await progress(t, u.token)).toEqual(expectedProgress(9));
      expect((await post(t, COMPLETE_URL, u.token, {})).status).toBe(200);
    });

    it('when a state is edited after completion, then the edit is stored and the onboarding stays complete', async () => {
      const u = await user();
      await completeOnboarding(t, u.token);
      const r = await saveStep(t, u.token, 8, { daily_water_target_ml: 2500, reminder_frequency_minutes: 90 });
      expect(r.status, r.raw).toBe(200);
      expect(as<StepBody>(r).body.is_complete).toBe(true);
      const s = await state(t, u.token);
      expect(s.is_complete).toBe(true);
      expect(s.current_step).toBe(9);
      expect(s.step_data.step_8).toEqual({ daily_water_target_ml: 2500, reminders_enabled: true, reminder_frequency_minutes: 90 });
    });
  });

  describe('users/me and access control', () => {
    it('when onboarding is not completed, then users/me locks four features and reports the progress', async () => {
      const u = await user();
      await saveThrough(t, u.token, 2);
      const r = await get(t, ME_URL, u.token);
      expect(r.status, r.raw).toBe(200);
      expect(r.body).toEqual({
        id: await userIdOf(t, u.sub),
        email: `${u.sub}@example.com`,
        full_name: 'Alex Runner',
        onboarding_completed: false,
        access_control: {
          can_access_dashboard: false,
          can_access_workouts: false,
          can_access_meals: false,
          can_access_chat: true,
          can_access_profile: false,
          locked_features: LOCKED,
          unlock_message: 'Complete onboarding to unlock all features',
          onboarding_progress: { current_state: 3, total_states: 9, completion_percentage: 22 },
        },
      });
    });

    it('when onboarding is completed, then users/me unlocks everything with no message and no progress', async () => {
      const u = await user();
      await completeOnboarding(t, u.token);
      const r = await get(t, ME_URL, u.token);
      expect(r.status, r.raw).toBe(200);
      const me = as<MeBody>(r).body;
      expect(me.onboarding_completed).toBe(true);
      expect(me.access_control).toEqual({
        can_access_dashboard: true,
        can_access_workouts: true,
        can_access_meals: true,
        can_access_chat: true,
        can_access_profile: true,
        locked_features: [],
        unlock_message: null,
        onboarding_progress: null,
      });
    });

    it('when all nine are saved but /complete was not called, then users/me still locks the features', async () => {
      const u = await user();
      await saveThrough(t, u.token, 9);
      const me = as<MeBody>(await get(t, ME_URL, u.token)).body;
      expect(me.onboarding_completed).toBe(false);
      expect(me.access_control.locked_features).toEqual(LOCKED);
      expect(me.access_control.onboarding_progress).toEqual({ current_state: 9, total_states: 9, completion_percentage: 100 });
    });

    it('when GET /api/v1/auth/me is called, then it answers exactly what /users/me does, before and after completion', async () => {
      const u = await user();
      await saveThrough(t, u.token, 4);
      const [me, auth] = await Promise.all([get(t, ME_URL, u.token), get(t, AUTH_ME_URL, u.token)]);
      expect(auth.status, auth.raw).toBe(200);
      expect(auth.body).toEqual(me.body);
      await saveThrough(t, u.token, 9);
      expect((await post(t, COMPLETE_URL, u.token, {})).status).toBe(200);
      const [me2, auth2] = await Promise.all([get(t, ME_URL, u.token), get(t, AUTH_ME_URL, u.token)]);
      expect(auth2.status, auth2.raw).toBe(200);
      expect(auth2.body).toEqual(me2.body);
      expect(as<MeBody>(auth2).body.onboarding_completed).toBe(true);
    });

    it('when the guided flow is completed through /api/onboarding/action, then users/me onboarding_completed stays false', async () => {
      const u = await user();
      const end = await completeFlow(t, u.token);
      expect(end.body.context.onboarding_completed).toBe(true);
      const me = as<MeBody>(await get(t, ME_URL, u.token)).body;
      expect(me.onboarding_completed).toBe(false);
      expect(me.access_control.locked_features).toEqual(LOCKED);
      expect((await progress(t, u.token)).is_complete).toBe(false);
    });

    it('when the fitness flow is completed, then the guided flow is not completed', async () => {
      const u = await user();
      await completeOnboarding(t, u.token);
      const r = await start(t, u.token);
      expect(r.status, r.raw).toBe(200);
      expect(r.body.state).toBe('ask_name');
      expect(r.body.context.onboarding_completed).toBe(false);
    });
  });

  describe('POST /api/v1/chat access rules', () => {
    it.each([CHAT_URL, '/api/v1/chat/chat'])(
      'when %s is called before completion, then 403 ONBOARDING_REQUIRED with the progress and redirect /onboarding',
      async (url) => {
        const u = await user();
        await saveThrough(t, u.token, 2);
        for (const body of [{ message: 'What should I eat today?' }, { message: 'Hi', agent_type: 'general' }]) {
          const err = expectError(await post(t, url, u.token, body), 403, 'ONBOARDING_REQUIRED');
          expect(err.detail.onboarding_progress).toEqual({ current_state: 3, total_states: 9, completion_percentage: 22 });
          expect(err.detail.redirect).toBe('/onboarding');
        }
      },
    );

    it('when a brand-new user’s very first request is POST /chat, then 403 ONBOARDING_REQUIRED at state 1, 0%', async () => {
      const u = newUser(t);
      const err = expectError(await post(t, CHAT_URL, u.token, { message: 'Hello' }), 403, 'ONBOARDING_REQUIRED');
      expect(err.detail.onboarding_progress).toEqual({ current_state: 1, total_states: 9, completion_percentage: 0 });
      expect(err.detail.redirect).toBe('/onboarding');
    });

    it('when a completed user asks for a specialized agent, then 403 AGENT_NOT_ALLOWED names it and allows only general', async () => {
      const u = await user();
      await completeOnboarding(t, u.token);
      for (const agent of ['diet_planning', 'workout_planning', 'scheduler', 'supplement']) {
        const err = expectError(
          await post(t, CHAT_URL, u.token, { message: 'Plan my meals', agent_type: agent }),
          403,
          'AGENT_NOT_ALLOWED',
        );
        expect(err.detail.requested_agent).toBe(agent);
        expect(err.detail.allowed_agent).toBe('general');
      }
      const history = await get(t, CHAT_HISTORY_URL, u.token);
      expect(history.status, history.raw).toBe(200);
      expect(as<{ messages: unknown[] }>(history).body.messages).toEqual([]);
    });

    it('when a completed user chats without agent_type and then as general, then the general agent answers and the history has the exchange newest last', async () => {
      const u = await user();
      await completeOnboarding(t, u.token);
      const first = await post(t, CHAT_URL, u.token, { message: 'How much water should I drink?' });
      expect(first.status, first.raw).toBe(200);
      const a = as<{ response: string; agent_type: string; conversation_id: string }>(first).body;
      expect(Object.keys(a).sort()).toEqual(['agent_type', 'conversation_id', 'response']);
      expect(a.agent_type).toBe('general');
      expect(a.response.trim().length).toBeGreaterThan(0);
      expect(a.conversation_id).toMatch(UUID);

      const second = await post(t, CHAT_URL, u.token, {
        message: 'And what about protein?',
        agent_type: 'general',
        conversation_id: a.conversation_id,
      });
      expect(second.status, second.raw).toBe(200);
      const b = as<{ response: string; agent_type: string; conversation_id: string }>(second).body;
      expect(b.agent_type).toBe('general');
      expect(b.conversation_id).toBe(a.conversation_id);

      const alias = await post(t, '/api/v1/chat/chat', u.token, { message: 'Thanks!', conversation_id: a.conversation_id });
      expect(alias.status, alias.raw).toBe(200);
      expect(as<{ agent_type: string }>(alias).body.agent_type).toBe('general');

      const history = await get(t, `${CHAT_HISTORY_URL}?limit=50`, u.token);
      expect(history.status, history.raw).toBe(200);
      const h = as<{ conversation_id: string; messages: Array<{ role: string; content: string; agent_type: string }> }>(history).body;
      expect(h.conversation_id).toBe(a.conversation_id);
      expect(h.messages.map(({ role, content, agent_type }) => ({ role, content, agent_type }))).toEqual([
        { role: 'user', content: 'How much water should I drink?', agent_type: 'general' },
        { role: 'assistant', content: a.response, agent_type: 'general' },
        { role: 'user', content: 'And what about protein?', agent_type: 'general' },
        { role: 'assistant', content: b.response, agent_type: 'general' },
        { role: 'user', content: 'Thanks!', agent_type: 'general' },
        { role: 'assistant', content: as<{ response: string }>(alias).body.response, agent_type: 'general' },
      ]);
    });
  });

  describe('idempotency', () => {
    it('when POST /step is repeated with the same Idempotency-Key and body, then the first answer is replayed and applied once', async () => {
      const u = await user();
      const key = { 'idempotency-key': `step-1-${u.sub}` };
      const first = await saveStep(t, u.token, 1, STEP_INPUT[1], key);
      expect(first.status, first.raw).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      // Move on, so a re-run (instead of a replay) would answer differently.
      expect((await saveStep(t, u.token, 2, STEP_INPUT[2])).status).toBe(200);

      const replay = await saveStep(t, u.token, 1, STEP_INPUT[1], key);
      expect(replay.status, replay.raw).toBe(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(as<StepBody>(replay).body.current_step).toBe(2);
      expect(await fitnessEventCount(t, u.sub)).toBe(2);
      expect((await state(t, u.token)).current_step).toBe(3);
    });

    it('when two users send the same Idempotency-Key and body, then each gets their own change (keys are per user)', async () => {
      const a = await user();
      const b = await user();
      const key = { 'idempotency-key': `shared-${a.sub}` };
      const first = await saveStep(t, a.token, 1, STEP_INPUT[1], key);
      expect(first.status, first.raw).toBe(200);
      const other = await saveStep(t, b.token, 1, STEP_INPUT[1], key);
      expect(other.status, other.raw).toBe(200);
      expect(other.headers['idempotent-replayed']).toBeUndefined();
      expect(await fitnessEventCount(t, b.sub)).toBe(1);
      expect((await state(t, b.token)).step_data).toEqual({ step_1: STEP_STORED[1] });
    });

    it('when the same Idempotency-Key comes with another body, then 422 IDEMPOTENCY_KEY_REUSED and nothing is applied', async () => {
      const u = await user();
      const key = { 'idempotency-key': `reuse-${u.sub}` };
      expect((await saveStep(t, u.token, 1, STEP_INPUT[1], key)).status).toBe(200);
      const before = await stored(u);
      const r = await saveStep(t, u.token, 1, { fitness_level: 'advanced' }, key);
      expectError(r, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await stored(u)).toEqual(before);
    });
  });

  describe('the uniform error shape on malformed requests', () => {
    it('when the body of POST /step is not valid JSON, then 400 VALIDATION_ERROR in the uniform shape and nothing is stored', async () => {
      const u = await user();
      const before = await stored(u);
      const res = await t.app.inject({
        method: 'POST',
        url: STEP_URL,
        headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
        payload: '{"step": 1, "data": {',
      });
      expectError(
        { status: res.statusCode, body: JSON.parse(res.body) as unknown, raw: res.body, headers: res.headers },
        400,
        'VALIDATION_ERROR',
      );
      expect(await stored(u)).toEqual(before);
    });

    it('when data is not an object, then 400 VALIDATION_ERROR names data', async () => {
      const u = await user();
      const err = expectError(await saveStep(t, u.token, 1, 'beginner'), 400, 'VALIDATION_ERROR');
      expect(err.detail.field).toBe('data');
    });

    it('when the body of POST /step is larger than the limit, then 413 PAYLOAD_TOO_LARGE in the uniform shape', async () => {
      const u = await user();
      const r = await saveStep(t, u.token, 3, { equipment: ['x'.repeat(70 * 1024)], injuries: [], limitations: [] });
      expectError(r, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('when an unknown /api/v1 route is called with a token, then 404 NOT_FOUND in the uniform shape', async () => {
      const u = await user();
      expectError(await get(t, '/api/v1/onboarding/nope', u.token), 404, 'NOT_FOUND');
    });
  });

  describe('authentication, CORS and docs', () => {
    const routes: Array<['GET' | 'POST', string, unknown]> = [
      ['GET', STATE_URL, null],
      ['GET', PROGRESS_URL, null],
      ['POST', STEP_URL, { step: 1, data: STEP_INPUT[1] }],
      ['POST', COMPLETE_URL, {}],
      ['GET', ME_URL, null],
      ['GET', AUTH_ME_URL, null],
      ['POST', CHAT_URL, { message: 'hi' }],
      ['POST', '/api/v1/chat/chat', { message: 'hi' }],
      ['GET', CHAT_HISTORY_URL, null],
      ['POST', '/api/v1/chat/onboarding', { message: "I'm a beginner", current_state: 1 }],
      ['GET', '/api/v1/onboarding/history', null],
    ];

    it.each(routes)('when %s %s is called without a token or with a bad one, then 401 UNAUTHORIZED', async (method, url, body) => {
      const variants: Array<Record<string, string>> = [{}, { authorization: 'Bearer not-a-jwt' }, { authorization: 'Basic dXNlcjpwYXNz' }];
      for (const headers of variants) {
        const r = method === 'GET' ? await get(t, url, null, headers) : await post(t, url, null, body, headers);
        expectError(r, 401, 'UNAUTHORIZED');
      }
    });

    it.each(['http://localhost:5173', 'http://localhost:3000'])(
      'when %s sends a preflight for POST /step, then it is allowed with Authorization and Content-Type',
      async (origin) => {
        const res = await t.app.inject({
          method: 'OPTIONS',
          url: STEP_URL,
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type,idempotency-key,x-agent-context',
          },
        });
        expect(res.statusCode).toBeLessThan(300);
        expect(res.headers['access-control-allow-origin']).toBe(origin);
        const allowed = String(res.headers['access-control-allow-headers'] ?? '')
          .toLowerCase()
          .split(',')
          .map((h) => h.trim());
        expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-agent-context']));
        expect(String(res.headers['access-control-allow-methods'] ?? '')).toContain('POST');
      },
    );

    it('when an allowed origin makes a real request, then the answer carries its Access-Control-Allow-Origin', async () => {
      const u = newUser(t);
      const r = await get(t, PROGRESS_URL, u.token, { origin: 'http://localhost:5173' });
      expect(r.status).toBe(200);
      expect(r.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    });

    it('when an unlisted origin sends a preflight or a request, then no Access-Control-Allow-Origin is given', async () => {
      const origin = 'http://evil.example.com';
      const pre = await t.app.inject({
        method: 'OPTIONS',
        url: STEP_URL,
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const u = newUser(t);
      const r = await get(t, PROGRESS_URL, u.token, { origin });
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('when /docs is opened without a token, then the Swagger UI is served', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/docs' });
      expect(res.statusCode).toBeLessThan(400);
    });

    it('when /docs/json is read, then it lists the fitness paths and the step body comes from the state schemas', async () => {
      const r = await get(t, '/docs/json', null);
      expect(r.status).toBe(200);
      const doc = as<{ paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>> }>(
        r,
      ).body;
      const paths = Object.keys(doc.paths);
      for (const p of [STATE_URL, PROGRESS_URL, STEP_URL, COMPLETE_URL, ME_URL, AUTH_ME_URL, CHAT_URL, CHAT_HISTORY_URL]) {
        expect(paths, p).toContain(p);
      }
      const body = doc.paths[STEP_URL]?.post?.requestBody?.content?.['application/json']?.schema;
      expect(body).toBeDefined();
      // Request bodies are named components (docs/behaviour/operations.md, OpenAPI that tools can
      // use), so the body is a $ref into components.schemas: follow it.
      const components = as<{ components?: { schemas?: Record<string, unknown> } }>(r).body.components?.schemas ?? {};
      const seen = new Set<string>();
      const found = new Map<string, unknown>();
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (typeof node !== 'object' || node === null) return;
        const ref: unknown = Reflect.get(node, '$ref');
        if (typeof ref === 'string') {
          const name = ref.replace('#/components/schemas/', '');
          expect(components, ref).toHaveProperty([name]);
          if (!seen.has(name)) {
            seen.add(name);
            walk(components[name]);
          }
        }
        for (const [k, v] of Object.entries(node)) {
          if (k === 'properties' && typeof v === 'object' && v !== null) {
            for (const [name, prop] of Object.entries(v)) if (!found.has(name)) found.set(name, prop);
          }
          walk(v);
        }
      };
      walk(body);
      expect(found.get('fitness_level')).toMatchObject({ enum: ['beginner', 'intermediate', 'advanced'] });
      expect(found.get('diet_type')).toMatchObject({ enum: ['omnivore', 'vegetarian', 'vegan', 'pescatarian', 'keto', 'paleo'] });
      expect(found.get('goal_type')).toMatchObject({ enum: ['fat_loss', 'muscle_gain', 'general_fitness'] });
      expect(found.get('daily_calorie_target')).toMatchObject({ minimum: 1000, maximum: 5000 });
      for (const field of ['meals', 'workouts', 'daily_water_target_ml', 'interested_in_supplements', 'equipment']) {
        expect(found.has(field), field).toBe(true);
      }
    });
  });
});
