/**
 * The onboarding chat (docs/behaviour/fitness.md, issue 4) through app.inject() with the default offline
 * agent, on PGlite and, with DATABASE_URL, on PostgreSQL: a newcomer completes all nine states
 * in plain English, and every refusal, validation reply and quick-reply path of the endpoint.
 * One app per backend; every test has its own user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/app.js';
import {
  ISO_TIMESTAMP,
  SPEC_AGENT,
  STATES,
  UNEXTRACTABLE,
  VALID_STEP_DATA,
  chatGeneral,
  chatOnboarding,
  fitnessEvents,
  getChatHistory,
  getMe,
  getOnboardingHistory,
  getProgress,
  getState,
  newChatUser,
  saveStep,
  seedOnboarding,
  specProgress,
  storedMessages,
  type ChatUser,
  type HistoryMessageBody,
  type OnboardingChatBody,
  type State,
} from './helpers/chat-client.js';
import { BACKENDS } from './helpers/db.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The behaviour reference's own examples, one per state, with the data each must store. */
const NEWCOMER: ReadonlyArray<{ state: State; message: string; stored: unknown }> = [
  { state: 1, message: "I'm a beginner", stored: { fitness_level: 'beginner' } },
  {
    state: 2,
    message: 'lose fat and build some muscle',
    stored: { goals: [expect.objectContaining({ goal_type: 'fat_loss' }), expect.objectContaining({ goal_type: 'muscle_gain' })] },
  },
  {
    state: 3,
    message: 'dumbbells and a bench, bad left knee',
    stored: { equipment: ['dumbbells', 'bench'], injuries: [expect.stringMatching(/left knee/i)], limitations: [] },
  },
  {
    state: 4,
    message: 'vegetarian, allergic to peanuts, no mushrooms',
    stored: { diet_type: 'vegetarian', allergies: ['peanuts'], intolerances: [], dislikes: ['mushrooms'] },
  },
  {
    state: 5,
    message: '2000 kcal, 30/40/30',
    stored: { daily_calorie_target: 2000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 },
  },
  {
    state: 6,
    message: 'breakfast 8:00, lunch 13:00, dinner 19:30',
    stored: {
      meals: [
        { meal_name: expect.stringMatching(/^breakfast$/i), scheduled_time: '08:00', enable_notifications: true },
        { meal_name: expect.stringMatching(/^lunch$/i), scheduled_time: '13:00', enable_notifications: true },
        { meal_name: expect.stringMatching(/^dinner$/i), scheduled_time: '19:30', enable_notifications: true },
      ],
    },
  },
  {
    state: 7,
    message: 'Mon, Wed and Fri at 7am',
    stored: {
      workouts: [
        { day_of_week: 0, scheduled_time: '07:00', enable_notifications: true },
        { day_of_week: 2, scheduled_time: '07:00', enable_notifications: true },
        { day_of_week: 4, scheduled_time: '07:00', enable_notifications: true },
      ],
    },
  },
  {
    state: 8,
    message: '3 liters a day, remind me every hour',
    stored: { daily_water_target_ml: 3000, reminders_enabled: true, reminder_frequency_minutes: 60 },
  },
  {
    state: 9,
    message: 'I take creatine and vitamin D',
    stored: { interested_in_supplements: true, current_supplements: ['creatine', expect.stringMatching(/^vitamin d$/i)] },
  },
];

const LOCKED_ACCESS = {
  can_access_dashboard: false,
  can_access_workouts: false,
  can_access_meals: false,
  can_access_chat: true,
  can_access_profile: false,
  locked_features: ['dashboard', 'workouts', 'meals', 'profile'],
  unlock_message: 'Complete onboarding to unlock all features',
};

const UNLOCKED_ACCESS = {
  can_access_dashboard: true,
  can_access_workouts: true,
  can_access_meals: true,
  can_access_chat: true,
  can_access_profile: true,
  locked_features: [],
  unlock_message: null,
  onboarding_progress: null,
};

/** The ui field: none, or buttons whose every option is a value and a label. */
function expectUiShape(ui: OnboardingChatBody['ui']): void {
  if (ui === null) return;
  expect(ui.type).toBe('buttons');
  expect(ui.options.length).toBeGreaterThan(0);
  for (const option of ui.options) {
    expect(option.value.trim()).not.toBe('');
    expect(option.label.trim()).not.toBe('');
  }
}

/** Each history message exposes exactly the behaviour reference's fields (no agent bookkeeping). */
function expectHistoryShape(messages: HistoryMessageBody[]): void {
  let previous = 0;
  for (const m of messages) {
    expect(Object.keys(m).sort()).toEqual(['agent_type', 'content', 'created_at', 'role', 'state']);
    expect(m.created_at).toMatch(ISO_TIMESTAMP);
    const at = Date.parse(m.created_at);
    expect(at).toBeGreaterThanOrEqual(previous);
    previous = at;
  }
}

describe.each(BACKENDS)('onboarding chat API (offline agent) on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A user working on `state`, the states before it saved directly in onboarding_states. */
  async function userAt(state: State): Promise<ChatUser> {
    const u = await newChatUser(t, `chat-${backend}`);
    if (state > 1) await seedOnboarding(t, u.userId, { state });
    return u;
  }

  describe('a newcomer completes the nine states by chatting', () => {
    it('when a new user answers every state in plain English, then each turn saves its state with its agent, progress, history and users/me follow, and saving state 9 completes onboarding', async () => {
      const u = await newChatUser(t, `newcomer-${backend}`);

      // Before completion the general chat is closed and redirects to onboarding.
      const early = await chatGeneral(t, u.token, { message: 'What should I train today?' });
      expect(early.status).toBe(403);
      expect(early.body.error_code).toBe('ONBOARDING_REQUIRED');
      expect(early.body.detail).toMatchObject({
        redirect: '/onboarding',
        onboarding_progress: { current_state: 1, total_states: 9, completion_percentage: 0 },
      });

      const initial = await getProgress(t, u.token);
      expect(initial.body).toEqual(specProgress(1, [], false));
      let currentState = initial.body.current_state;
      const sent: Array<{ role: 'user' | 'assistant'; content: string; agent_type: string; state: number }> = [];
      const requestIds: string[] = [];

      for (const [i, turn] of NEWCOMER.entries()) {
        const agent = SPEC_AGENT[turn.state];
        const requestId = `newcomer-${backend}-turn-${turn.state}-${u.userId.slice(0, 8)}`;
        requestIds.push(requestId);
        expect(currentState).toBe(turn.state);

        const res = await chatOnboarding(t, u.token, turn.message, currentState, { 'x-request-id': requestId });
        expect(res.status, `turn ${turn.state}: ${JSON.stringify(res.body)}`).toBe(200);
        const body = res.body;
        expect(body.response.trim()).not.toBe('');
        expect(body.agent_type).toBe(agent);
        expect(body.state_updated).toBe(true);
        const last = turn.state === 9;
        // The turn that completes the onboarding answers new_state 9 (the state just saved), so a
        // client moving its progress bar on new_state reaches 100% (SPEC amendment to section 6).
        expect(body.new_state).toBe(last ? 9 : turn.state + 1);
        expect(body.is_complete).toBe(last);
        const completed = STATES.filter((n) => n <= turn.state);
        const nextCurrent: State = last ? 9 : (STATES[turn.state] ?? 9);
        expect(body.progress).toEqual(specProgress(nextCurrent, completed, last));
        expectUiShape(body.ui);

        const progress = await getProgress(t, u.token);
        expect(progress.status).toBe(200);
        expect(progress.body).toEqual(body.progress);

        sent.push(
          { role: 'user', content: turn.message, agent_type: agent, state: turn.state },
          { role: 'assistant', content: body.response, agent_type: agent, state: turn.state },
        );
        const history = await getOnboardingHistory(t, u.token);
        expect(history.status).toBe(200);
        expect(history.body.messages).toHaveLength(2 * (i + 1));
        expectHistoryShape(history.body.messages);
        expect(history.body.messages.map(({ created_at: _at, ...m }) => m)).toEqual(sent);

        const me = await getMe(t, u.token);
        expect(me.status).toBe(200);
        expect(me.body.onboarding_completed).toBe(last);
        expect(me.body.access_control).toEqual(
          last
            ? UNLOCKED_ACCESS
            : {
                ...LOCKED_ACCESS,
                onboarding_progress: {
                  current_state: nextCurrent,
                  total_states: 9,
                  completion_percentage: Math.floor((completed.length / 9) * 100),
                },
              },
        );

        const state = await getState(t, u.token);
        expect(state.body.step_data[`step_${turn.state}`]).toEqual(turn.stored);
        expect(state.body.agent_history).toHaveLength(i + 1);
        expect(state.body.agent_history[i]).toEqual({ state: turn.state, agent, timestamp: expect.stringMatching(ISO_TIMESTAMP) });

        currentState = body.progress.current_state;
      }

      // agent_history: one entry per save, each with its state's agent.
      const state = await getState(t, u.token);
      expect(state.body.is_complete).toBe(true);
      expect(state.body.agent_history.map((h) => [h.state, h.agent])).toEqual(STATES.map((n) => [n, SPEC_AGENT[n]]));

      // Every fitness event row names the agent of the turn (and request) that wrote it; the
      // last turn wrote the save of state 9 and the completion.
      const events = await fitnessEvents(t, u.userId);
      expect(events.length).toBe(10);
      for (const [i, requestId] of requestIds.entries()) {
        const rows = events.filter((e) => e.request_id === requestId);
        const turnState = STATES[i] ?? 9;
        expect(rows).toHaveLength(turnState === 9 ? 2 : 1);
        for (const row of rows) expect(row.agent).toBe(SPEC_AGENT[turnState]);
      }

      // After completion the general agent answers with the profile in its context; offline, it
      // answers the question asked from the saved profile (SPEC 15), here the workout schedule
      // saved in state 7 (Mon, Wed and Fri at 7am).
      const general = await chatGeneral(t, u.token, { message: 'What does my workout plan look like?' });
      expect(general.status).toBe(200);
      expect(general.body.agent_type).toBe('general');
      expect(general.body.conversation_id).toMatch(UUID);
      for (const saved of [/monday/i, /wednesday/i, /friday/i, /07:00/]) expect(general.body.response).toMatch(saved);
      const chatHistory = await getChatHistory(t, u.token);
      expect(chatHistory.body.conversation_id).toBe(general.body.conversation_id);
      expect(chatHistory.body.messages.map((m) => [m.role, m.agent_type])).toEqual([
        ['user', 'general'],
        ['assistant', 'general'],
      ]);

      // ...and the onboarding chat is closed.
      const again = await chatOnboarding(t, u.token, 'I want to change my goals', 9);
      expect(again.status).toBe(403);
      expect(again.body.error_code).toBe('ONBOARDING_COMPLETED');
      expect((await getOnboardingHistory(t, u.token)).body.messages).toHaveLength(18);
    });
  });

  describe('state checks', () => {
    it('when current_state is ahead of the server state, then 400 STATE_MISMATCH with the server state and nothing is stored', async () => {
      const u = await userAt(1);
      const res = await chatOnboarding(t, u.token, "I'm a beginner", 3);
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('STATE_MISMATCH');
      expect(res.body.detail.current_state).toBe(1);
      expect((await getState(t, u.token)).body).toMatchObject({ current_step: 1, step_data: {}, agent_history: [] });
      expect(await storedMessages(t, u.userId)).toEqual([]);
    });

    it('when current_state is behind the server state, then 400 STATE_MISMATCH with the server state and nothing is stored', async () => {
      const u = await userAt(4);
      const res = await chatOnboarding(t, u.token, 'vegan', 3);
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('STATE_MISMATCH');
      expect(res.body.detail.current_state).toBe(4);
      expect((await getProgress(t, u.token)).body.current_state).toBe(4);
      expect(await storedMessages(t, u.userId)).toEqual([]);
    });

    it('when the message is empty or blank, then 400 VALIDATION_ERROR naming the message and nothing is stored', async () => {
      const u = await userAt(1);
      for (const message of ['', '   ']) {
        const res = await chatOnboarding(t, u.token, message, 1);
        expect(res.status).toBe(400);
        expect(res.body.error_code).toBe('VALIDATION_ERROR');
        expect(res.body.detail.field).toBe('message');
      }
      expect(await storedMessages(t, u.userId)).toEqual([]);
      expect((await getState(t, u.token)).body.current_step).toBe(1);
    });
  });

  describe('validation in conversation', () => {
    it('when the user asks for 12000 kcal in state 5, then the reply names the 1000-5000 limit, nothing is stored and the state holds', async () => {
      const u = await newChatUser(t, `kcal-${backend}`);
      for (const n of [1, 2, 3, 4] as const) expect((await saveStep(t, u.token, n, VALID_STEP_DATA[n])).status).toBe(200);
      const before = await getState(t, u.token);
      expect(before.body.current_step).toBe(5);

      const res = await chatOnboarding(t, u.token, 'I want 12000 kcal', 5);

      expect(res.status).toBe(200);
      expect(res.body.agent_type).toBe('diet_planning');
      expect(res.body.response).toMatch(/1000/);
      expect(res.body.response).toMatch(/5000/);
      expect(res.body.state_updated).toBe(false);
      expect(res.body.new_state).toBeNull();
      expect(res.body.is_complete).toBe(false);
      expect(res.body.progress).toEqual(specProgress(5, [1, 2, 3, 4], false));
      expect((await getState(t, u.token)).body).toEqual(before.body);
    });
  });

  describe('questions and quick replies', () => {
    it('when the message cannot be read, then the agent asks a specific question with quick replies and the state holds', async () => {
      const u = await userAt(1);
      const res = await chatOnboarding(t, u.token, 'banana', 1);
      expect(res.status).toBe(200);
      expect(res.body.agent_type).toBe('workout_planning');
      expect(res.body.state_updated).toBe(false);
      expect(res.body.new_state).toBeNull();
      expect(res.body.response).toMatch(/\?/);
      expect(res.body.response).toMatch(/beginner|intermediate|advanced/i);
      expect(res.body.ui?.type).toBe('buttons');
      expect(res.body.ui?.options.length).toBeGreaterThan(0);
      expect((await getState(t, u.token)).body).toMatchObject({ current_step: 1, step_data: {}, agent_history: [] });
    });

    it.each(STATES)(
      'when state %i fails twice, then the buttons fully answer it: sending any button value saves the state',
      async (state) => {
        const failTwice = async (u: ChatUser): Promise<OnboardingChatBody> => {
          const first = await chatOnboarding(t, u.token, UNEXTRACTABLE[0], state);
          expect(first.status).toBe(200);
          expect(first.body.state_updated).toBe(false);
          expect(first.body.ui?.options.length ?? 0).toBeGreaterThan(0);
          const second = await chatOnboarding(t, u.token, UNEXTRACTABLE[3], state);
          expect(second.status).toBe(200);
          expect(second.body.state_updated).toBe(false);
          expect(second.body.agent_type).toBe(SPEC_AGENT[state]);
          return second.body;
        };

        const probe = await userAt(state);
        const options = (await failTwice(probe)).ui?.options ?? [];
        expect(options.length).toBeGreaterThan(0);

        for (const option of options) {
          const u = await userAt(state);
          expect((await failTwice(u)).ui?.options).toEqual(options);
          const res = await chatOnboarding(t, u.token, option.value, state);
          expect(res.status).toBe(200);
          expect(res.body.state_updated, `button "${option.value}": ${res.body.response}`).toBe(true);
          // Saving state 9 completes the onboarding: new_state is then 9 (SPEC amendment to section 6).
          expect(res.body.new_state).toBe(state === 9 ? 9 : state + 1);
          expect(res.body.is_complete).toBe(state === 9);
          const saved = await getState(t, u.token);
          expect(saved.body.step_data[`step_${state}`]).toBeDefined();
          expect(saved.body.agent_history).toEqual([{ state, agent: SPEC_AGENT[state], timestamp: expect.stringMatching(ISO_TIMESTAMP) }]);
        }
      },
    );
  });

  describe('idempotency', () => {
    it('when a chat turn is sent twice with the same Idempotency-Key, then the first response is replayed and nothing is applied again', async () => {
      const u = await userAt(1);
      const key = `chat-turn-${u.userId}`;
      const first = await chatOnboarding(t, u.token, "I'm a beginner", 1, { 'idempotency-key': key });
      expect(first.status).toBe(200);
      expect(first.body.new_state).toBe(2);

      const replay = await chatOnboarding(t, u.token, "I'm a beginner", 1, { 'idempotency-key': key });
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');

      const state = await getState(t, u.token);
      expect(state.body.current_step).toBe(2);
      expect(state.body.agent_history).toHaveLength(1);
      expect(await storedMessages(t, u.userId)).toHaveLength(2);

      const reused = await chatOnboarding(t, u.token, 'advanced', 1, { 'idempotency-key': key });
      expect(reused.status).toBe(422);
      expect(reused.body.error_code).toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });
});
