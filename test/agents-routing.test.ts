/**
 * Routing and access properties of the onboarding agents (docs/behaviour/fitness.md "Agents and tools",
 * issue 4): over arbitrary states, users, messages and requested agents, through app.inject()
 * on PGlite (and PostgreSQL with DATABASE_URL); plus pure checks of the tool sets and of the
 * tool executor's refusal of other agents' tools.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeTool, toolsForAgent } from '../src/flows/fitness/agents/tools.js';
import { stepSchemas, type StepInputMap } from '../src/flows/fitness/schemas.js';
import { FitnessService } from '../src/flows/fitness/service.js';
import { FitnessStore } from '../src/flows/fitness/store.js';
import { buildTestApp, type TestApp } from './helpers/app.js';
import {
  ISO_TIMESTAMP,
  SPEC_AGENT,
  SPEC_REQUIRED_FIELDS,
  SPEC_TOOL,
  STATES,
  UNEXTRACTABLE,
  chatGeneral,
  chatOnboarding,
  newChatUser,
  onboardingRow,
  seedOnboarding,
  storedMessages,
  type Specialist,
  type State,
} from './helpers/chat-client.js';
import { BACKENDS } from './helpers/db.js';

const SPECIALISTS: readonly Specialist[] = ['workout_planning', 'diet_planning', 'scheduler', 'supplement'];
const ALL_AGENTS = [...SPECIALISTS, 'general'] as const;

/** DB-backed properties stay small: each run is a new user and a few requests. */
const DB_RUNS = { numRuns: 25 };

const stateArb = fc.constantFrom(...STATES);
const unextractableArb = fc.constantFrom(...UNEXTRACTABLE);

/** Plain answers the offline agent saves in one turn, per state. */
const ANSWERS: Readonly<Record<State, readonly string[]>> = {
  1: ["I'm a beginner", 'intermediate', 'advanced, I train daily'],
  2: ['lose fat', 'build muscle', 'lose fat and build some muscle'],
  3: ['no equipment, no injuries', 'dumbbells and a bench, bad left knee', 'full gym, no injuries'],
  4: ['vegan', 'vegetarian, allergic to peanuts, no mushrooms', 'omnivore, no allergies'],
  5: ['2000 kcal, 30/40/30', '1800 kcal, 40/30/30', '2500 kcal, 25/50/25'],
  6: ['breakfast 8:00, lunch 13:00, dinner 19:30', 'Lunch 12:00, dinner 19:00'],
  7: ['Mon, Wed and Fri at 7am', 'Tue and Thu at 6pm', 'Weekdays at 7am'],
  8: ['3 liters a day, remind me every hour', '2 liters, remind me every hour', '2.5 liters, remind me every 2 hours'],
  9: ['I take creatine and vitamin D', 'no supplements', 'I take creatine'],
};
const answerArb = (state: State) => fc.constantFrom(...ANSWERS[state]);

// ---------------------------------------------------------------------------------------------
// Arbitrary valid data per state (input as stored: defaults written out).

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const words = (...pool: string[]) => fc.uniqueArray(fc.constantFrom(...pool), { maxLength: pool.length });

const VALID_DATA: { [S in State]: fc.Arbitrary<StepInputMap[S]> } = {
  1: fc.record({ fitness_level: fc.constantFrom('beginner', 'intermediate', 'advanced') }),
  2: fc.record({
    goals: fc
      .uniqueArray(fc.constantFrom('fat_loss', 'muscle_gain', 'general_fitness'), { minLength: 1, maxLength: 3 })
      .map((types) => types.map((goal_type, i) => ({ goal_type, priority: i + 1 }))),
  }),
  3: fc.record({
    equipment: words('dumbbells', 'bench', 'kettlebell', 'pull-up bar'),
    injuries: words('left knee', 'lower back'),
    limitations: words('only 30 minutes per session'),
  }),
  4: fc.record({
    diet_type: fc.constantFrom('omnivore', 'vegetarian', 'vegan', 'pescatarian', 'keto', 'paleo'),
    allergies: words('peanuts', 'shellfish'),
    intolerances: words('lactose', 'gluten'),
    dislikes: words('mushrooms', 'olives'),
  }),
  5: fc
    .record({
      daily_calorie_target: fc.integer({ min: 1000, max: 5000 }),
      protein: fc.integer({ min: 0, max: 100 }),
      carbsShare: fc.integer({ min: 0, max: 100 }),
    })
    .map(({ daily_calorie_target, protein, carbsShare }) => {
      const carbs = Math.floor(((100 - protein) * carbsShare) / 100);
      return { daily_calorie_target, protein_percentage: protein, carbs_percentage: carbs, fats_percentage: 100 - protein - carbs };
    }),
  6: fc.record({
    meals: fc.array(
      fc.record({
        meal_name: fc.constantFrom('breakfast', 'lunch', 'dinner', 'snack'),
        scheduled_time: hhmm,
        enable_notifications: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  7: fc.record({
    workouts: fc.array(
      fc.record({ day_of_week: fc.integer({ min: 0, max: 6 }), scheduled_time: hhmm, enable_notifications: fc.boolean() }),
      { minLength: 1, maxLength: 5 },
    ),
  }),
  // Reminders on (a frequency is then required) or declined (the frequency is optional).
  8: fc.oneof(
    fc.record({
      daily_water_target_ml: fc.integer({ min: 500, max: 10000 }),
      reminders_enabled: fc.constant(true),
      reminder_frequency_minutes: fc.integer({ min: 15, max: 480 }),
    }),
    fc.record(
      {
        daily_water_target_ml: fc.integer({ min: 500, max: 10000 }),
        reminders_enabled: fc.constant(false),
        reminder_frequency_minutes: fc.integer({ min: 15, max: 480 }),
      },
      { requiredKeys: ['daily_water_target_ml', 'reminders_enabled'] },
    ),
  ),
  9: fc.oneof(
    fc.record({ interested_in_supplements: fc.constant(false) }),
    fc.record({ interested_in_supplements: fc.boolean(), current_supplements: words('creatine', 'vitamin D', 'protein powder') }),
  ),
};

const stateWithDataArb = stateArb.chain((state) => VALID_DATA[state].map((data): { state: State; data: unknown } => ({ state, data })));

// ---------------------------------------------------------------------------------------------
// Pure: the tool sets and their schemas.

describe('agent tool sets', () => {
  it('when any agent is asked for its tools, then it holds exactly the save tools of its own states plus get_onboarding_state', () => {
    for (const agent of SPECIALISTS) {
      const own = STATES.filter((n) => SPEC_AGENT[n] === agent).map((n) => SPEC_TOOL[n]);
      const names = toolsForAgent(agent).map((tool) => tool.name);
      expect([...names].sort()).toEqual([...own, 'get_onboarding_state'].sort());
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it("when a save tool's input_schema is read, then it is the JSON Schema of its state's zod schema", () => {
    for (const agent of SPECIALISTS) {
      for (const tool of toolsForAgent(agent)) {
        if (tool.name === 'get_onboarding_state') {
          expect(tool.input_schema).toMatchObject({ type: 'object' });
          continue;
        }
        const state = STATES.find((n) => SPEC_TOOL[n] === tool.name);
        if (state === undefined) throw new Error(`unexpected tool ${tool.name}`);
        const { $schema: _drop, ...expected } = z.toJSONSchema(stepSchemas[state], { io: 'input' }) as Record<string, unknown>;
        expect(tool.input_schema).toEqual(expected);
        expect(tool.input_schema).toMatchObject({ type: 'object', additionalProperties: false });
        // State 8's frequency is required only while reminders are on (reminders_enabled defaults
        // to true), which JSON Schema's `required` cannot say: the schema leaves it optional and the
        // tool's validation enforces the condition.
        const conditional: readonly string[] = state === 8 ? ['reminder_frequency_minutes'] : [];
        expect([...(tool.input_schema.required as string[])].sort()).toEqual(
          SPEC_REQUIRED_FIELDS[state].filter((f) => !conditional.includes(f)).sort(),
        );
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// With a database.

describe.each(BACKENDS)('agent routing and access on %s', (backend) => {
  let t: TestApp;
  let fitness: FitnessService;

  beforeAll(async () => {
    t = await buildTestApp(backend);
    fitness = new FitnessService(new FitnessStore(t.database.db));
  });
  afterAll(async () => {
    await t?.close();
  });

  const user = () => newChatUser(t, `routing-${backend}`);

  it('when a user at any state sends a message the agent cannot read, then the state agent answers and both stored messages name it', async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, unextractableArb, async (state, message) => {
        const u = await user();
        await seedOnboarding(t, u.userId, { state });

        const res = await chatOnboarding(t, u.token, message, state);

        expect(res.status).toBe(200);
        expect(res.body.agent_type).toBe(SPEC_AGENT[state]);
        expect(res.body.state_updated).toBe(false);
        expect(res.body.progress.current_state).toBe(state);
        expect(await storedMessages(t, u.userId)).toEqual([
          expect.objectContaining({ channel: 'onboarding', role: 'user', content: message, agent_type: SPEC_AGENT[state], state }),
          expect.objectContaining({ channel: 'onboarding', role: 'assistant', agent_type: SPEC_AGENT[state], state }),
        ]);
      }),
      DB_RUNS,
    );
  });

  it('when the claimed state differs from the server state, then 400 STATE_MISMATCH names the server state and nothing is stored', async () => {
    const pair = fc.tuple(stateArb, stateArb).filter(([server, claimed]) => server !== claimed);
    await fc.assert(
      fc.asyncProperty(pair, unextractableArb, async ([server, claimed], message) => {
        const u = await user();
        await seedOnboarding(t, u.userId, { state: server });

        const res = await chatOnboarding(t, u.token, message, claimed);

        expect(res.status).toBe(400);
        expect(res.body.error_code).toBe('STATE_MISMATCH');
        expect(res.body.detail.current_state).toBe(server);
        expect(await storedMessages(t, u.userId)).toEqual([]);
      }),
      DB_RUNS,
    );
  });

  it('when onboarding is or is not completed, then the onboarding chat is open before completion and 403 ONBOARDING_COMPLETED after', async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, stateArb, fc.boolean(), unextractableArb, async (state, claimedAfter, completed, message) => {
        const u = await user();
        await seedOnboarding(t, u.userId, { state, complete: completed });

        const res = await chatOnboarding(t, u.token, message, completed ? claimedAfter : state);

        if (completed) {
          expect(res.status).toBe(403);
          expect(res.body.error_code).toBe('ONBOARDING_COMPLETED');
          expect(await storedMessages(t, u.userId)).toEqual([]);
        } else {
          expect(res.status).toBe(200);
          expect(res.body.agent_type).toBe(SPEC_AGENT[state]);
        }
      }),
      DB_RUNS,
    );
  });

  it('when a completed user chats with any requested agent, then general answers, any other agent gets 403 AGENT_NOT_ALLOWED, and before completion 403 ONBOARDING_REQUIRED', async () => {
    const messageArb = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== '');
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.option(fc.constantFrom(...ALL_AGENTS), { nil: undefined }),
        fc.constantFrom('/api/v1/chat' as const, '/api/v1/chat/chat' as const),
        messageArb,
        stateArb,
        async (completed, requested, url, message, state) => {
          const u = await user();
          await seedOnboarding(t, u.userId, { state, complete: completed });

          const res = await chatGeneral(t, u.token, { message, ...(requested === undefined ? {} : { agent_type: requested }) }, url);
          const stored = await storedMessages(t, u.userId, 'general');

          if (!completed) {
            expect(res.status).toBe(403);
            expect(res.body.error_code).toBe('ONBOARDING_REQUIRED');
            expect(res.body.detail).toMatchObject({
              redirect: '/onboarding',
              onboarding_progress: { current_state: state, total_states: 9 },
            });
            expect(stored).toEqual([]);
          } else if (requested === undefined || requested === 'general') {
            expect(res.status).toBe(200);
            expect(res.body.agent_type).toBe('general');
            expect(res.body.response.trim()).not.toBe('');
            expect(stored.map((m) => [m.role, m.agent_type, m.conversation_id])).toEqual([
              ['user', 'general', res.body.conversation_id],
              ['assistant', 'general', res.body.conversation_id],
            ]);
          } else {
            expect(res.status).toBe(403);
            expect(res.body.error_code).toBe('AGENT_NOT_ALLOWED');
            expect(res.body.detail).toMatchObject({ requested_agent: requested, allowed_agent: 'general' });
            expect(stored).toEqual([]);
          }
        },
      ),
      DB_RUNS,
    );
  });

  it('when an agent saves its state by chat, then agent_history gains exactly that agent, state and a fresh timestamp', async () => {
    const arb = stateArb.chain((state) => answerArb(state).map((message) => ({ state, message })));
    await fc.assert(
      fc.asyncProperty(arb, async ({ state, message }) => {
        const u = await user();
        await seedOnboarding(t, u.userId, { state });
        const before = await onboardingRow(t, u.userId);
        const startedAt = Date.now();

        const res = await chatOnboarding(t, u.token, message, state);

        expect(res.status).toBe(200);
        expect(res.body.state_updated, `"${message}" in state ${state}: ${res.body.response}`).toBe(true);
        const after = await onboardingRow(t, u.userId);
        expect(after.agent_history).toHaveLength(before.agent_history.length + 1);
        expect(after.agent_history.slice(0, -1)).toEqual(before.agent_history);
        const entry = after.agent_history.at(-1);
        expect(entry).toEqual({ state, agent: SPEC_AGENT[state], timestamp: expect.stringMatching(ISO_TIMESTAMP) });
        const at = Date.parse(entry?.timestamp ?? '');
        // The database clock stamps it; a second of slack either side for clock granularity.
        expect(at).toBeGreaterThanOrEqual(startedAt - 1000);
        expect(at).toBeLessThanOrEqual(Date.now() + 1000);
      }),
      DB_RUNS,
    );
  });

  it("when an agent's save tool runs with any valid data, then the data is stored and agent_history gains that agent and state", async () => {
    await fc.assert(
      fc.asyncProperty(stateWithDataArb, async ({ state, data }) => {
        const u = await user();
        await seedOnboarding(t, u.userId, { state });
        const agent = SPEC_AGENT[state];

        const result = await executeTool(fitness, u.userId, agent, SPEC_TOOL[state], data, {
          requestId: `prop-${u.userId}`,
          log: t.app.log,
        });

        expect(result).toMatchObject({ success: true });
        const row = await onboardingRow(t, u.userId);
        expect(row.step_data[`step_${state}`]).toEqual(data);
        expect(row.agent_history).toEqual([{ state, agent, timestamp: expect.stringMatching(ISO_TIMESTAMP) }]);
      }),
      DB_RUNS,
    );
  });

  it('when a conversation of several turns runs from any state, then every stored message names the agent of its state', async () => {
    const turnArb = fc.oneof(
      fc.constant<{ kind: 'answer' }>({ kind: 'answer' }),
      unextractableArb.map((message) => ({ kind: 'noise' as const, message })),
    );
    await fc.assert(
      fc.asyncProperty(stateArb, fc.array(turnArb, { minLength: 1, maxLength: 4 }), fc.nat(), async (start, turns, pick) => {
        const u = await user();
        await seedOnboarding(t, u.userId, { state: start });
        let current: State = start;
        let sent = 0;
        for (const turn of turns) {
          const answers = ANSWERS[current];
          const message = turn.kind === 'answer' ? (answers[pick % answers.length] ?? answers[0] ?? 'beginner') : turn.message;
          const res = await chatOnboarding(t, u.token, message, current);
          expect(res.status).toBe(200);
          expect(res.body.agent_type).toBe(SPEC_AGENT[current]);
          sent += 1;
          if (res.body.is_complete) break;
          const next = res.body.progress.current_state;
          if (!STATES.includes(next as State)) throw new Error(`progress.current_state ${next} is not a state`);
          current = next as State;
        }
        const stored = await storedMessages(t, u.userId, 'onboarding');
        expect(stored).toHaveLength(2 * sent);
        for (const m of stored) {
          expect(m.state).not.toBeNull();
          expect(m.agent_type).toBe(SPEC_AGENT[(m.state ?? 0) as State]);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('when an agent calls a tool that is not its own, then executeTool refuses it with TOOL_NOT_ALLOWED and nothing changes', async () => {
    const u = await user();
    await seedOnboarding(t, u.userId, { state: 5 });
    const before = await onboardingRow(t, u.userId);
    const foreign = fc.constantFrom(...SPECIALISTS).chain((agent) => {
      const own = new Set(toolsForAgent(agent).map((tool) => tool.name));
      const otherTools = STATES.map((n) => SPEC_TOOL[n]).filter((name) => !own.has(name));
      const name = fc.oneof(
        fc.constantFrom(...otherTools),
        fc.string({ maxLength: 40 }).filter((s) => !own.has(s)),
      );
      return fc.tuple(fc.constant(agent), name);
    });

    await fc.assert(
      fc.asyncProperty(foreign, fc.jsonValue(), async ([agent, name], input) => {
        const result = await executeTool(fitness, u.userId, agent, name, input, { requestId: 'prop-foreign', log: t.app.log });
        expect(result).toMatchObject({ success: false, error_code: 'TOOL_NOT_ALLOWED' });
      }),
      { numRuns: 100 },
    );
    expect(await onboardingRow(t, u.userId)).toEqual(before);
  });
});
