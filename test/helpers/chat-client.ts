/**
 * Helpers for the onboarding-chat API tests (docs/behaviour/fitness.md, "Agents and tools" and the chat
 * endpoints): typed calls through app.inject(), the response shapes, the state table's columns
 * (from fitness-client.ts), valid data per state, and read-only looks at the rows the chat
 * writes. Seeding writes onboarding_states directly, the way a user mid-onboarding looks.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { StepInputMap } from '../../src/flows/fitness/schemas.js';
import type { TestApp } from './app.js';
import type { StateNumber } from '../../machines/fitness/states.js';
import { SPEC_STATES, STATES as FITNESS_STATES, type MeBody, type Specialist, type StateBody } from './fitness-client.js';

export type State = StateNumber;
export type { Specialist };

export const STATES: readonly State[] = FITNESS_STATES;

const column = <T>(pick: (s: (typeof SPEC_STATES)[State]) => T): Readonly<Record<State, T>> =>
  Object.fromEntries(STATES.map((n) => [n, pick(SPEC_STATES[n])])) as Record<State, T>;

/** Columns of the one state table (fitness-client.ts SPEC_STATES), as the chat tests read them. */
export const SPEC_AGENT = column((s) => s.agent);
export const SPEC_STATE_NAME = column((s) => s.name);
export const SPEC_TOOL = column((s) => s.tool);
/** Required fields per state (optional ones, such as state 3's targets, left out). */
export const SPEC_REQUIRED_FIELDS = column((s): readonly string[] => s.required_fields);

export const isState = (n: number): n is State => Number.isInteger(n) && n >= 1 && n <= 9;

/** Complete, valid data for every state, stored as the schemas output it (defaults filled in). */
export const VALID_STEP_DATA: { readonly [S in State]: StepInputMap[S] } = {
  1: { fitness_level: 'beginner' },
  2: { goals: [{ goal_type: 'general_fitness', priority: 1 }] },
  3: { equipment: [], injuries: [], limitations: [] },
  4: { diet_type: 'omnivore', allergies: [], intolerances: [], dislikes: [] },
  5: { daily_calorie_target: 2200, protein_percentage: 30, carbs_percentage: 45, fats_percentage: 25 },
  6: { meals: [{ meal_name: 'breakfast', scheduled_time: '08:00', enable_notifications: true }] },
  7: { workouts: [{ day_of_week: 1, scheduled_time: '18:00', enable_notifications: true }] },
  8: { daily_water_target_ml: 2000, reminders_enabled: true, reminder_frequency_minutes: 90 },
  9: { interested_in_supplements: false, current_supplements: [] },
};

/** Messages no state's extractor can read: each one gets a question back, never a save. */
export const UNEXTRACTABLE = ['banana', 'hmm', 'purple elephants', 'qwerty', 'what?'] as const;

// ---------------------------------------------------------------------------------------------
// Response shapes.

export interface StateInfoBody {
  state_number: number;
  name: string;
  agent: string;
  description: string;
  required_fields: string[];
}

export interface ProgressBody {
  current_state: number;
  total_states: number;
  completed_states: number[];
  current_state_info: StateInfoBody;
  next_state_info: StateInfoBody | null;
  is_complete: boolean;
  completion_percentage: number;
  can_complete: boolean;
}

export interface QuickReplyBody {
  value: string;
  label: string;
}

export interface UiBody {
  type: 'buttons';
  options: QuickReplyBody[];
}

export interface OnboardingChatBody {
  response: string;
  agent_type: string;
  state_updated: boolean;
  new_state: number | null;
  is_complete: boolean;
  progress: ProgressBody;
  ui: UiBody | null;
}

export interface ErrorBody {
  detail: { message: string; error_code: string; [context: string]: unknown };
  error_code: string;
  request_id: string;
}

export interface HistoryMessageBody {
  role: 'user' | 'assistant';
  content: string;
  agent_type: string;
  state: number | null;
  created_at: string;
  [extra: string]: unknown;
}

export interface GeneralChatBody {
  response: string;
  agent_type: string;
  conversation_id: string;
}

export type { MeBody, StateBody };

export interface Reply<T> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
}

// ---------------------------------------------------------------------------------------------
// Calls.

export interface ChatUser {
  sub: string;
  token: string;
  userId: string;
}

async function call<T>(
  t: TestApp,
  token: string,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const res = await t.app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as T, headers: res.headers };
}

/** POST /api/v1/chat/onboarding; a non-200 body is the error shape. */
export const chatOnboarding = (t: TestApp, token: string, message: string, currentState: number, headers: Record<string, string> = {}) =>
  call<OnboardingChatBody & ErrorBody>(t, token, 'POST', '/api/v1/chat/onboarding', { message, current_state: currentState }, headers);

/** POST /api/v1/chat (or its alias); a non-200 body is the error shape. */
export const chatGeneral = (
  t: TestApp,
  token: string,
  body: { message: string; agent_type?: string; conversation_id?: string },
  url: '/api/v1/chat' | '/api/v1/chat/chat' = '/api/v1/chat',
) => call<GeneralChatBody & ErrorBody>(t, token, 'POST', url, body);

export const getProgress = (t: TestApp, token: string) => call<ProgressBody>(t, token, 'GET', '/api/v1/onboarding/progress');
export const getState = (t: TestApp, token: string) => call<StateBody>(t, token, 'GET', '/api/v1/onboarding/state');
export const getMe = (t: TestApp, token: string) => call<MeBody>(t, token, 'GET', '/api/v1/users/me');
export const getOnboardingHistory = (t: TestApp, token: string) =>
  call<{ messages: HistoryMessageBody[] }>(t, token, 'GET', '/api/v1/onboarding/history');
export const getChatHistory = (t: TestApp, token: string) =>
  call<{ conversation_id: string | null; messages: HistoryMessageBody[] }>(t, token, 'GET', '/api/v1/chat/history');

/** POST /api/v1/onboarding/step, the REST way to save a state. */
export const saveStep = (t: TestApp, token: string, step: State, data: unknown) =>
  call<Record<string, unknown>>(t, token, 'POST', '/api/v1/onboarding/step', { step, data });

/** A new user: the first authenticated request creates the user row and its onboarding state. */
export async function newChatUser(t: TestApp, label = 'chat'): Promise<ChatUser> {
  const sub = `${label}-${randomUUID()}`;
  const token = t.token(sub);
  const first = await getProgress(t, token);
  if (first.status !== 200) throw new Error(`progress for a new user answered ${first.status}`);
  const { rows } = await t.database.db.query<{ id: string }>('SELECT id FROM users WHERE sub = $1', [sub]);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`no user row for sub ${sub}`);
  return { sub, token, userId: id };
}

/**
 * Puts a user at `state` directly in onboarding_states: states before it saved with
 * VALID_STEP_DATA (or `data` where given), nothing after it, agent_history left as is.
 * `complete` saves all nine and marks onboarding completed.
 */
export async function seedOnboarding(
  t: TestApp,
  userId: string,
  opts: { state: State; complete?: boolean; data?: Partial<Record<State, unknown>> },
): Promise<void> {
  const saved = STATES.filter((n) => (opts.complete ? true : n < opts.state));
  const stepData = Object.fromEntries(saved.map((n) => [`step_${n}`, opts.data?.[n] ?? VALID_STEP_DATA[n]]));
  const { rowCount } = await t.database.db.query(
    // The fitness flow creates its row with its first write: seed it the same way (insert or update).
    `INSERT INTO onboarding_states (user_id, current_step, step_data, is_complete) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (user_id) DO UPDATE SET current_step = EXCLUDED.current_step, step_data = EXCLUDED.step_data, is_complete = EXCLUDED.is_complete`,
    [userId, opts.complete ? 9 : opts.state, JSON.stringify(stepData), opts.complete === true],
  );
  if (rowCount !== 1) throw new Error(`no onboarding_states row for user ${userId}`);
}

// ---------------------------------------------------------------------------------------------
// Rows.

export interface StoredMessage {
  channel: string;
  conversation_id: string;
  role: string;
  content: string;
  agent_type: string;
  state: number | null;
}

/** chat_messages of one user, in insertion order. */
export async function storedMessages(t: TestApp, userId: string, channel?: 'onboarding' | 'general'): Promise<StoredMessage[]> {
  const { rows } = await t.database.db.query<StoredMessage>(
    `SELECT channel, conversation_id::text AS conversation_id, role, content, agent_type, state FROM chat_messages
     WHERE user_id = $1 AND ($2::text IS NULL OR channel = $2::text) ORDER BY id`,
    [userId, channel ?? null],
  );
  return rows;
}

export interface FitnessEventRow {
  from_state: string | null;
  to_state: string;
  event: string;
  agent: string | null;
  request_id: string | null;
}

/** The fitness flow's event rows of one user, oldest first. */
export async function fitnessEvents(t: TestApp, userId: string): Promise<FitnessEventRow[]> {
  const { rows } = await t.database.db.query<FitnessEventRow>(
    `SELECT from_state, to_state, event, agent, request_id FROM flow_events
     WHERE user_id = $1 AND flow = 'fitness' ORDER BY id`,
    [userId],
  );
  return rows;
}

export interface OnboardingRowView {
  current_step: number;
  is_complete: boolean;
  step_data: Record<string, unknown>;
  agent_history: Array<{ state: number; agent: string; timestamp: string }>;
}

export async function onboardingRow(t: TestApp, userId: string): Promise<OnboardingRowView> {
  const { rows } = await t.database.db.query<OnboardingRowView>(
    `SELECT current_step, is_complete, step_data, agent_history FROM onboarding_states WHERE user_id = $1`,
    [userId],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`no onboarding_states row for user ${userId}`);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Expectations computed from the behaviour reference, not from the code under test.

export function specStateInfo(n: State): { state_number: State; name: string; agent: Specialist } {
  return { state_number: n, name: SPEC_STATE_NAME[n], agent: SPEC_AGENT[n] };
}

/** The progress object docs/behaviour/fitness.md describes for a user working on `current` with `completed` saved. */
export function specProgress(current: State, completed: readonly State[], isComplete: boolean) {
  const next = current + 1;
  return {
    current_state: current,
    total_states: 9,
    completed_states: [...completed].sort((a, b) => a - b),
    current_state_info: expectInfo(current),
    next_state_info: isState(next) ? expectInfo(next) : null,
    is_complete: isComplete,
    completion_percentage: Math.floor((completed.length / 9) * 100),
    can_complete: completed.length === 9,
  };
}

function expectInfo(n: State) {
  return { ...specStateInfo(n), description: expect.any(String), required_fields: [...SPEC_REQUIRED_FIELDS[n]] };
}

export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
