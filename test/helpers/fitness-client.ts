/**
 * Helpers for the fitness-flow API tests (docs/behaviour/fitness.md): typed calls to the /api/v1
 * endpoints, realistic data for the nine states, the behaviour reference's state table, the uniform error
 * shape, and read-only looks at the rows the flow writes.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { StateNumber } from '../../machines/fitness/states.js';
import type { TestApp } from './app.js';

export const STATE_URL = '/api/v1/onboarding/state';
export const PROGRESS_URL = '/api/v1/onboarding/progress';
export const STEP_URL = '/api/v1/onboarding/step';
export const COMPLETE_URL = '/api/v1/onboarding/complete';
export const ME_URL = '/api/v1/users/me';
export const AUTH_ME_URL = '/api/v1/auth/me';
export const CHAT_URL = '/api/v1/chat';
export const CHAT_HISTORY_URL = '/api/v1/chat/history';

export const STATES: StateNumber[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];

export type Specialist = 'workout_planning' | 'diet_planning' | 'scheduler' | 'supplement';

/**
 * docs/behaviour/fitness.md's table, written out here so the tests do not read the code's own
 * table: name, agent, save tool and required fields of each state (the one copy the helpers use).
 */
export const SPEC_STATES: Record<StateNumber, { name: string; agent: Specialist; tool: string; required_fields: string[] }> = {
  1: { name: 'Fitness Level Assessment', agent: 'workout_planning', tool: 'save_fitness_level', required_fields: ['fitness_level'] },
  2: { name: 'Primary Fitness Goals', agent: 'workout_planning', tool: 'save_fitness_goals', required_fields: ['goals'] },
  3: {
    name: 'Workout Preferences & Constraints',
    agent: 'workout_planning',
    tool: 'save_workout_constraints',
    required_fields: ['equipment', 'injuries', 'limitations'],
  },
  4: {
    name: 'Diet Preferences & Restrictions',
    agent: 'diet_planning',
    tool: 'save_dietary_preferences',
    required_fields: ['diet_type', 'allergies', 'intolerances', 'dislikes'],
  },
  5: {
    name: 'Fixed Meal Plan Selection',
    agent: 'diet_planning',
    tool: 'save_meal_plan',
    required_fields: ['daily_calorie_target', 'protein_percentage', 'carbs_percentage', 'fats_percentage'],
  },
  6: { name: 'Meal Timing Schedule', agent: 'scheduler', tool: 'save_meal_schedule', required_fields: ['meals'] },
  7: { name: 'Workout Schedule', agent: 'scheduler', tool: 'save_workout_schedule', required_fields: ['workouts'] },
  8: {
    name: 'Hydration Schedule',
    agent: 'scheduler',
    tool: 'save_hydration_schedule',
    required_fields: ['daily_water_target_ml', 'reminder_frequency_minutes'],
  },
  9: {
    name: 'Supplement Preferences',
    agent: 'supplement',
    tool: 'save_supplement_preferences',
    required_fields: ['interested_in_supplements'],
  },
};

export interface StateInfo {
  state_number: number;
  name: string;
  agent: string;
  description: string;
  required_fields: string[];
}

/** The state info the behaviour reference defines for state n (the description is free text, not empty). */
export function specInfo(n: StateNumber): StateInfo {
  const s = SPEC_STATES[n];
  return { state_number: n, name: s.name, agent: s.agent, description: expect.stringMatching(/\S/u), required_fields: s.required_fields };
}

/** What a user sends for each state: realistic, with untrimmed strings and defaults left out. */
export const STEP_INPUT: Record<StateNumber, Record<string, unknown>> = {
  1: { fitness_level: 'intermediate' },
  2: {
    goals: [
      { goal_type: 'fat_loss', priority: 1 },
      { goal_type: 'muscle_gain', priority: 2 },
    ],
  },
  3: {
    equipment: ['dumbbells', ' bench '],
    injuries: ['bad left knee'],
    limitations: [],
    target_weight_kg: 78.5,
    target_body_fat_percentage: 18,
  },
  4: { diet_type: 'vegetarian', allergies: ['peanuts'], intolerances: ['lactose'], dislikes: ['mushrooms'] },
  5: { daily_calorie_target: 2200, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 },
  6: {
    meals: [
      { meal_name: 'Breakfast', scheduled_time: '08:00' },
      { meal_name: 'Lunch', scheduled_time: '13:00', enable_notifications: false },
      { meal_name: 'Dinner', scheduled_time: '19:30' },
    ],
  },
  7: {
    workouts: [
      { day_of_week: 0, scheduled_time: '07:00' },
      { day_of_week: 2, scheduled_time: '07:00' },
      { day_of_week: 4, scheduled_time: '18:15', enable_notifications: false },
    ],
  },
  8: { daily_water_target_ml: 3000, reminder_frequency_minutes: 60 },
  9: { interested_in_supplements: true, current_supplements: ['creatine', 'vitamin D'] },
};

/**
 * What is stored for STEP_INPUT: strings trimmed, enable_notifications defaulted to true, and
 * state 8's reminders_enabled defaulted to true (docs/behaviour/fitness.md "Validation" 8).
 */
export const STEP_STORED: Record<StateNumber, Record<string, unknown>> = {
  ...STEP_INPUT,
  3: {
    equipment: ['dumbbells', 'bench'],
    injuries: ['bad left knee'],
    limitations: [],
    target_weight_kg: 78.5,
    target_body_fat_percentage: 18,
  },
  6: {
    meals: [
      { meal_name: 'Breakfast', scheduled_time: '08:00', enable_notifications: true },
      { meal_name: 'Lunch', scheduled_time: '13:00', enable_notifications: false },
      { meal_name: 'Dinner', scheduled_time: '19:30', enable_notifications: true },
    ],
  },
  7: {
    workouts: [
      { day_of_week: 0, scheduled_time: '07:00', enable_notifications: true },
      { day_of_week: 2, scheduled_time: '07:00', enable_notifications: true },
      { day_of_week: 4, scheduled_time: '18:15', enable_notifications: false },
    ],
  },
  8: { daily_water_target_ml: 3000, reminders_enabled: true, reminder_frequency_minutes: 60 },
};

export interface Reply<T = unknown> {
  status: number;
  body: T;
  raw: string;
  headers: LightMyRequestResponse['headers'];
}

function parse(res: LightMyRequestResponse): Reply<unknown> {
  let body: unknown = null;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, body, raw: res.body, headers: res.headers };
}

/** A typed view of a body the caller has checked the status of. */
export const as = <T>(r: Reply<unknown>): Reply<T> => r as Reply<T>;

export interface FitnessUser {
  sub: string;
  token: string;
}

export function newUser(t: TestApp): FitnessUser {
  const sub = `fit-${randomUUID()}`;
  return { sub, token: t.token(sub, { email: `${sub}@example.com`, name: 'Alex Runner' }) };
}

export async function get(t: TestApp, url: string, token: string | null, headers: Record<string, string> = {}): Promise<Reply<unknown>> {
  const res = await t.app.inject({
    method: 'GET',
    url,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
  });
  return parse(res);
}

export async function post(
  t: TestApp,
  url: string,
  token: string | null,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<unknown>> {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
    payload: JSON.stringify(payload),
  });
  return parse(res);
}

export interface StepBody {
  current_step: number;
  is_complete: boolean;
  message: string;
  next_state: number | null;
  next_state_info: StateInfo | null;
}

export interface ProgressBody {
  current_state: number;
  total_states: number;
  completed_states: number[];
  current_state_info: StateInfo;
  next_state_info: StateInfo | null;
  is_complete: boolean;
  completion_percentage: number;
  can_complete: boolean;
}

export interface StateBody {
  current_step: number;
  is_complete: boolean;
  step_data: Record<string, unknown>;
  agent_history: Array<{ state: number; agent: string; timestamp: string }>;
}

export interface MeBody {
  id: string;
  email: string | null;
  full_name: string | null;
  onboarding_completed: boolean;
  access_control: {
    can_access_dashboard: boolean;
    can_access_workouts: boolean;
    can_access_meals: boolean;
    can_access_chat: boolean;
    can_access_profile: boolean;
    locked_features: string[];
    unlock_message: string | null;
    onboarding_progress: { current_state: number; total_states: number; completion_percentage: number } | null;
  };
}

export interface ErrorBody {
  detail: { message: string; error_code: string; field?: string; [context: string]: unknown };
  error_code: string;
  request_id: string;
}

export const saveStep = (t: TestApp, token: string, step: unknown, data: unknown, headers: Record<string, string> = {}) =>
  post(t, STEP_URL, token, { step, data }, headers);

export async function progress(t: TestApp, token: string): Promise<ProgressBody> {
  const r = await get(t, PROGRESS_URL, token);
  expect(r.status, r.raw).toBe(200);
  return as<ProgressBody>(r).body;
}

export async function state(t: TestApp, token: string): Promise<StateBody> {
  const r = await get(t, STATE_URL, token);
  expect(r.status, r.raw).toBe(200);
  return as<StateBody>(r).body;
}

/** Saves states 1..n in order with STEP_INPUT, checking each answer is 200. */
export async function saveThrough(t: TestApp, token: string, n: number): Promise<void> {
  for (const s of STATES.filter((k) => k <= n)) {
    const r = await saveStep(t, token, s, STEP_INPUT[s]);
    expect(r.status, `state ${s}: ${r.raw}`).toBe(200);
  }
}

export async function completeOnboarding(t: TestApp, token: string): Promise<void> {
  await saveThrough(t, token, 9);
  const r = await post(t, COMPLETE_URL, token, {});
  expect(r.status, r.raw).toBe(200);
}

export function looksLikeStackTrace(raw: string): boolean {
  return /"stack"|\n\s+at\s|\bat\s+\S+\s+\([^)]*:\d+:\d+\)|node_modules|\.ts:\d+/u.test(raw);
}

/**
 * docs/behaviour/errors.md: `{detail: {message, error_code, ...context}, error_code, request_id}`, nothing
 * else at the top, the request id the one of the response, and no stack trace.
 */
export function expectError(r: Reply<unknown>, status: number, code: string): ErrorBody {
  expect(r.status, r.raw).toBe(status);
  expect(looksLikeStackTrace(r.raw), r.raw).toBe(false);
  const body = as<ErrorBody>(r).body;
  expect(Object.keys(body).sort()).toEqual(['detail', 'error_code', 'request_id']);
  expect(body.error_code).toBe(code);
  expect(body.detail.error_code).toBe(code);
  expect(typeof body.detail.message).toBe('string');
  expect(body.detail.message.trim().length).toBeGreaterThan(0);
  expect(typeof body.request_id).toBe('string');
  expect(body.request_id.length).toBeGreaterThan(0);
  expect(r.headers['x-request-id']).toBe(body.request_id);
  return body;
}

// ---------------------------------------------------------------------------------------------
// The rows behind the API
// ---------------------------------------------------------------------------------------------

export interface FitnessEventRow {
  id: number;
  from_state: string | null;
  to_state: string;
  event: string;
  agent: string | null;
  request_id: string | null;
}

export interface OnboardingRowView {
  current_step: number;
  is_complete: boolean;
  step_data: Record<string, unknown>;
  agent_history: unknown[];
  version: number;
}

export async function userIdOf(t: TestApp, sub: string): Promise<string> {
  const { rows } = await t.database.db.query<{ id: string }>('SELECT id FROM users WHERE sub = $1', [sub]);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`no user row for sub ${sub}`);
  return id;
}

export async function fitnessEvents(t: TestApp, sub: string): Promise<FitnessEventRow[]> {
  const userId = await userIdOf(t, sub);
  const { rows } = await t.database.db.query<FitnessEventRow>(
    `SELECT id::int AS id, from_state, to_state, event, agent, request_id FROM flow_events
     WHERE user_id = $1 AND flow = 'fitness' ORDER BY id`,
    [userId],
  );
  return rows;
}

export async function fitnessEventCount(t: TestApp, sub: string): Promise<number> {
  const userId = await userIdOf(t, sub);
  const { rows } = await t.database.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM flow_events WHERE user_id = $1 AND flow = 'fitness'`,
    [userId],
  );
  return rows[0]?.n ?? 0;
}

export async function onboardingRow(t: TestApp, sub: string): Promise<OnboardingRowView> {
  const row = await onboardingRowIfAny(t, sub);
  if (row === null) throw new Error(`no onboarding_states row for sub ${sub}`);
  return row;
}

/**
 * The user's onboarding_states row, or null when there is none: the fitness flow creates the row
 * on its first write, so "no row" before and after a refused request means nothing was stored.
 */
export async function onboardingRowIfAny(t: TestApp, sub: string): Promise<OnboardingRowView | null> {
  const userId = await userIdOf(t, sub);
  const { rows } = await t.database.db.query<OnboardingRowView>(
    `SELECT current_step, is_complete, step_data, agent_history, version FROM onboarding_states WHERE user_id = $1`,
    [userId],
  );
  return rows[0] ?? null;
}

/** Each event's from_state is the previous one's to_state; the first starts at `start`. */
export function chainBreaks(events: readonly FitnessEventRow[], start: string): string[] {
  const breaks: string[] = [];
  let previous = start;
  events.forEach((e, i) => {
    if (e.from_state !== previous) breaks.push(`row ${i}: from ${String(e.from_state)} but previous to ${previous}`);
    previous = e.to_state;
  });
  return breaks;
}
