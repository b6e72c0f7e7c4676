import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FITNESS_STATES, STATE_NUMBERS, agentForState, stateMeta, type StateNumber } from '../machines/fitness/states.js';
import type { OnboardingReply, QuickReply } from '../src/flows/fitness/agents/agent.js';
import { offlineAgent } from '../src/flows/fitness/agents/offline/agent.js';
import { COPY, STATE_COPY, stateCopy } from '../src/flows/fitness/agents/offline/copy.js';
import type { ToolResult } from '../src/flows/fitness/agents/tools.js';
import type { ChatMessage } from '../src/flows/fitness/chat-store.js';
import type { StoredMachine } from '../src/engine/machine.js';
import { validateStep } from '../src/flows/fitness/schemas.js';

// ---------------------------------------------------------------------------------------------
// Test double of the tool port: validates with validateStep and answers with the ToolResult
// shapes of tools.ts, keeps states in order like the service, and records every call.

interface ToolCall {
  name: string;
  input: unknown;
  result: ToolResult;
}

function fakeTools(startState: StateNumber) {
  let current = startState;
  let complete = false;
  const calls: ToolCall[] = [];
  const saved = new Map<StateNumber, unknown>();
  const run = (name: string, input: unknown): ToolResult => {
    const meta = FITNESS_STATES.find((m) => m.tool === name);
    if (meta === undefined) return { success: false, error: `Tool ${name} is not available`, error_code: 'TOOL_NOT_ALLOWED' };
    const valid = validateStep(meta.number, input);
    if (!valid.ok) return { success: false, error: valid.message, field: valid.field, error_code: 'VALIDATION_ERROR' };
    if (meta.number > current) {
      return { success: false, error: `State ${meta.number} cannot be saved yet`, error_code: 'STATE_MISMATCH' };
    }
    saved.set(meta.number, valid.data);
    if (meta.number === current && current < 9) current = (current + 1) as StateNumber;
    if (meta.number === 9) complete = true;
    const next_state = complete ? null : current;
    return { success: true, message: `${meta.name} saved`, current_state: current, next_state };
  };
  return {
    calls,
    saved,
    current: () => current,
    isComplete: () => complete,
    callTool: async (name: string, input: unknown): Promise<ToolResult> => {
      const result = run(name, input);
      calls.push({ name, input, result });
      return result;
    },
  };
}

const silent = pino({ level: 'silent' });

/** A conversation as the orchestrator runs it: history holds each message, the row holds the reply's dialogue. */
function conversation(startState: StateNumber, opts: { opened?: boolean } = {}) {
  const tools = fakeTools(startState);
  const history: ChatMessage[] = [];
  let dialogue: StoredMachine | null = null;
  const store = (role: ChatMessage['role'], content: string, state: StateNumber, meta: ChatMessage['meta']): void => {
    history.push({ role, content, agent_type: agentForState(state), state, created_at: new Date(0).toISOString(), meta });
  };
  if (opts.opened !== false) {
    const opening = offlineAgent.ask(startState);
    store('assistant', opening.response, startState, opening.meta);
    dialogue = opening.dialogue ?? null;
  }
  return {
    tools,
    history,
    /** Another agent (the LLM one) answered last: its reply keeps no dialogue, so the stored one is cleared. */
    answeredByAnotherAgent(content: string): void {
      store('assistant', content, tools.current(), { v: 1, by: 'anthropic', tool_calls: 0 });
      dialogue = null;
    },
    state: (): StateNumber => tools.current(),
    async say(message: string): Promise<OnboardingReply> {
      const state = tools.current();
      const reply = await offlineAgent.reply({
        userId: 'user-1',
        state,
        agent: agentForState(state),
        message,
        history: [...history],
        dialogue,
        ctx: { requestId: 'req-1', log: silent },
        callTool: tools.callTool,
      });
      store('user', message, state, null);
      store('assistant', reply.response, state, reply.meta);
      dialogue = reply.dialogue ?? null;
      return reply;
    },
  };
}

const optionsOf = (reply: OnboardingReply): QuickReply[] => reply.ui?.options ?? [];

/** Where the reply left the dialogue machine: its state and context, as stored with the row. */
function dialogueOf(reply: OnboardingReply): { value: unknown; context: Record<string, unknown> } {
  const stored = reply.dialogue;
  expect(stored?.machine_id).toBe('fitnessDialogue');
  return stored?.snapshot as { value: unknown; context: Record<string, unknown> };
}

/** Sends a button's value in a fresh conversation whose history ends with `reply`. */
async function pressEachButton(state: StateNumber, reply: OnboardingReply, setup: string[] = []): Promise<void> {
  for (const option of optionsOf(reply)) {
    const chat = conversation(state);
    for (const message of setup) await chat.say(message);
    const before = chat.tools.calls.length;
    await chat.say(option.value);
    const made = chat.tools.calls.slice(before);
    expect(made, `button "${option.label}" in state ${state}`).toHaveLength(1);
    expect(made[0]?.name).toBe(stateMeta(state).tool);
    expect(made[0]?.result.success, `button "${option.label}" (${option.value}) in state ${state}`).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------

describe('offline agent: whole conversations', () => {
  it('when a user answers all nine states tersely, then each state is saved with exactly that data and the profile is complete', async () => {
    const chat = conversation(1);
    const answers = [
      'beginner',
      'lose fat',
      'no equipment',
      'vegan',
      '2000 kcal, 30/40/30',
      'breakfast 8:00, lunch 13:00, dinner 19:30',
      'Mon, Wed and Fri at 7am',
      '3 liters, every hour',
      'no supplements',
    ];
    let last: OnboardingReply | undefined;
    for (const answer of answers) last = await chat.say(answer);

    expect(chat.tools.calls.map((call) => call.name)).toEqual(FITNESS_STATES.map((meta) => meta.tool));
    expect(chat.tools.calls.every((call) => call.result.success)).toBe(true);
    expect(Object.fromEntries(chat.tools.saved)).toEqual({
      1: { fitness_level: 'beginner' },
      2: { goals: [{ goal_type: 'fat_loss', priority: 1 }] },
      3: { equipment: [], injuries: [], limitations: [] },
      4: { diet_type: 'vegan', allergies: [], intolerances: [], dislikes: [] },
      5: { daily_calorie_target: 2000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 },
      6: {
        meals: [
          { meal_name: 'breakfast', scheduled_time: '08:00', enable_notifications: true },
          { meal_name: 'lunch', scheduled_time: '13:00', enable_notifications: true },
          { meal_name: 'dinner', scheduled_time: '19:30', enable_notifications: true },
        ],
      },
      7: {
        workouts: [0, 2, 4].map((day_of_week) => ({ day_of_week, scheduled_time: '07:00', enable_notifications: true })),
      },
      8: { daily_water_target_ml: 3000, reminders_enabled: true, reminder_frequency_minutes: 60 },
      9: { interested_in_supplements: false, current_supplements: [] },
    });
    expect(chat.tools.isComplete()).toBe(true);
    expect(last?.response).toContain(COPY.complete);
    expect(last?.ui).toBeNull();
    expect(last && dialogueOf(last)).toMatchObject({ value: 'done', context: { state: 9 } });
  });

  it('when a user answers all nine states chattily, then every state is saved in one turn each with what they said', async () => {
    const chat = conversation(1);
    const answers = [
      'I used to run but I have been lazy for a year, so probably a beginner again',
      'I mainly want to lose fat and build some muscle',
      'dumbbells and a bench, bad left knee',
      'vegetarian, allergic to peanuts, no mushrooms',
      "let's do 2200 calories with 30% protein, 45% carbs and 25% fat",
      'I usually have breakfast at 7:30, lunch around noon and dinner at 7pm',
      'I can train Tuesday and Thursday evenings at 6 and Saturday at 10am',
      'I want to drink two liters daily and get a nudge every 90 minutes',
      'I take creatine and vitamin D',
    ];
    for (const answer of answers) await chat.say(answer);

    expect(chat.tools.calls).toHaveLength(9);
    expect(chat.tools.isComplete()).toBe(true);
    expect(chat.tools.saved.get(2)).toEqual({
      goals: [
        { goal_type: 'fat_loss', priority: 1 },
        { goal_type: 'muscle_gain', priority: 2 },
      ],
    });
    expect(chat.tools.saved.get(3)).toEqual({ equipment: ['dumbbells', 'bench'], injuries: ['left knee'], limitations: [] });
    expect(chat.tools.saved.get(4)).toEqual({
      diet_type: 'vegetarian',
      allergies: ['peanuts'],
      intolerances: [],
      dislikes: ['mushrooms'],
    });
    expect(chat.tools.saved.get(5)).toEqual({
      daily_calorie_target: 2200,
      protein_percentage: 30,
      carbs_percentage: 45,
      fats_percentage: 25,
    });
    expect(chat.tools.saved.get(8)).toEqual({ daily_water_target_ml: 2000, reminders_enabled: true, reminder_frequency_minutes: 90 });
    expect(chat.tools.saved.get(9)).toEqual({ interested_in_supplements: true, current_supplements: ['creatine', 'vitamin D'] });
  });

  it('when the conversation has no opening question in its history, then the first answer is still understood', async () => {
    const chat = conversation(1, { opened: false });
    await chat.say('advanced');
    expect(chat.tools.saved.get(1)).toEqual({ fitness_level: 'advanced' });
  });
});

describe('offline agent: after a save', () => {
  it('when a state is saved, then the reply says what was saved and asks the next state with its quick replies', async () => {
    const chat = conversation(1);
    const reply = await chat.say("I'm a beginner");

    expect(reply.response).toContain("Got it: you're at beginner level.");
    expect(reply.response).toContain(stateMeta(2).name);
    expect(reply.response).toContain(STATE_COPY[2].question);
    expect(reply.ui).toEqual(offlineAgent.ask(2).ui);
    expect(dialogueOf(reply)).toMatchObject({ value: 'asking', context: { state: 2, edit: null, failures: 0, carry: [], pending: null } });
  });

  it('when a chatty state 3 answer is saved, then the confirmation restates it in plain words', async () => {
    const chat = conversation(3);
    const reply = await chat.say('dumbbells and a bench, bad left knee');
    expect(reply.response).toContain('Got it: equipment: dumbbells and bench; injuries: left knee; no limitations.');
  });

  it('when state 9 is skipped with "no supplements", then it is saved as not interested and the reply says the profile is complete', async () => {
    const chat = conversation(9);
    const reply = await chat.say('no supplements');

    expect(chat.tools.calls).toHaveLength(1);
    expect(chat.tools.calls[0]?.name).toBe('save_supplement_preferences');
    expect(chat.tools.saved.get(9)).toEqual({ interested_in_supplements: false, current_supplements: [] });
    expect(reply.response).toBe(`Got it: no supplements. ${COPY.complete}`);
    expect(reply.ui).toBeNull();
  });
});

describe('offline agent: answers it is unsure of', () => {
  it('when the answer needs a guess, then nothing is saved and the agent asks to confirm with Yes/No', async () => {
    const chat = conversation(1);
    const reply = await chat.say("I'm out of shape");

    expect(chat.tools.calls).toHaveLength(0);
    expect(reply.response).toBe("Just to check: you're at beginner level. Is that right?");
    expect(optionsOf(reply).map((option) => option.label)).toEqual(['Yes', 'No']);
    expect(dialogueOf(reply)).toMatchObject({ value: 'confirming', context: { state: 1, pending: { fitness_level: 'beginner' } } });
  });

  it.each(['yes', 'Yep!', "yes, that's right", 'correct', 'sure', 'ok', 'sí'])(
    'when an unsure answer is confirmed with "%s", then the pending data is saved and the next state is asked',
    async (yes) => {
      const chat = conversation(1);
      await chat.say("I'm out of shape");
      const reply = await chat.say(yes);

      expect(chat.tools.calls.map((call) => call.name)).toEqual(['save_fitness_level']);
      expect(chat.tools.saved.get(1)).toEqual({ fitness_level: 'beginner' });
      // With no locale asked for, the agent answers in the language of the message itself
      // (docs/behaviour/conversation.md "Languages"; issue 8): a Spanish "sí" gets Spanish.
      expect(reply.response).toContain(stateCopy(2, yes === 'sí' ? 'es' : 'en').question);
    },
  );

  it.each(['no', 'Nope.', 'not quite', 'wrong'])(
    'when an unsure answer is rejected with "%s", then nothing is saved and the state question is asked again',
    async (no) => {
      const chat = conversation(1);
      await chat.say("I'm out of shape");
      const reply = await chat.say(no);

      expect(chat.tools.calls).toHaveLength(0);
      expect(reply.response).toBe(`${COPY.rejected} ${STATE_COPY[1].question}`);
      expect(reply.ui).toEqual(offlineAgent.ask(1).ui);
      expect(dialogueOf(reply)).toMatchObject({ value: 'asking', context: { state: 1, failures: 1 } });

      await chat.say('intermediate');
      expect(chat.tools.saved.get(1)).toEqual({ fitness_level: 'intermediate' });
    },
  );

  it('when a confirmation is pending and the user gives a different answer, then that answer is taken fresh', async () => {
    const chat = conversation(1);
    await chat.say('maybe intermediate');
    await chat.say("no, I'm advanced");
    expect(chat.tools.saved.get(1)).toEqual({ fitness_level: 'advanced' });
  });

  it('when "no" answers state 9 with no confirmation pending, then it is the answer itself (no supplements)', async () => {
    const chat = conversation(9);
    await chat.say('no');
    expect(chat.tools.saved.get(9)).toEqual({ interested_in_supplements: false, current_supplements: [] });
  });

  it('when the last assistant message is not this agent\'s (another agent or state), then a "yes" is not read as a confirmation', async () => {
    const chat = conversation(1);
    await chat.say("I'm out of shape");
    chat.answeredByAnotherAgent('Anything else?');
    await chat.say('yes');
    expect(chat.tools.calls).toHaveLength(0);
  });
});

describe('offline agent: answers it cannot use', () => {
  it('when nothing can be read, then it asks one specific question about the first missing field with quick replies', async () => {
    const chat = conversation(1);
    const reply = await chat.say('hmm, hard to say');

    expect(chat.tools.calls).toHaveLength(0);
    expect(reply.response).toBe(`${COPY.notUnderstood} ${STATE_COPY[1].fields.fitness_level?.question ?? ''}`);
    expect(optionsOf(reply).map((option) => option.label)).toEqual(['Beginner', 'Intermediate', 'Advanced']);
    expect(dialogueOf(reply)).toMatchObject({ value: 'asking', context: { state: 1, failures: 1 } });
  });

  it('when part of a state is given, then it asks for the missing field and its buttons complete what was said', async () => {
    const chat = conversation(8);
    const reply = await chat.say('3 liters');

    expect(reply.response).toBe(`${COPY.partial} ${STATE_COPY[8].fields.reminder_frequency_minutes?.question ?? ''}`);
    expect(optionsOf(reply)).toEqual([
      { value: '3 liters; remind me every 30 minutes', label: 'Every 30 minutes' },
      { value: '3 liters; remind me every hour', label: 'Every hour' },
      { value: '3 liters; remind me every 2 hours', label: 'Every 2 hours' },
    ]);
    await chat.say('every 2 hours');
    expect(chat.tools.saved.get(8)).toEqual({ daily_water_target_ml: 3000, reminders_enabled: true, reminder_frequency_minutes: 120 });
  });

  it('when optional details come before the required answer, then they are kept and saved with it', async () => {
    const diet = conversation(4);
    const first = await diet.say('allergic to peanuts');
    expect(first.response.startsWith(COPY.partial)).toBe(true);
    expect(diet.tools.calls).toHaveLength(0);
    await diet.say('vegetarian');
    expect(diet.tools.saved.get(4)).toEqual({ diet_type: 'vegetarian', allergies: ['peanuts'], intolerances: [], dislikes: [] });
  });

  it('when two tries in a state fail, then the quick replies are the ones that fully answer the state', async () => {
    const chat = conversation(8);
    const first = await chat.say('3 liters');
    expect(optionsOf(first)).not.toEqual(STATE_COPY[8].options);

    const second = await chat.say('whatever you think');
    expect(chat.tools.calls).toHaveLength(0);
    expect(second.response).toContain(COPY.easier);
    expect(optionsOf(second)).toEqual(STATE_COPY[8].options);
    expect(dialogueOf(second)).toMatchObject({ value: 'asking', context: { state: 8, failures: 2 } });
  });

  it('when a state has two failed tries, then the third try still saves a plain answer', async () => {
    const chat = conversation(2);
    await chat.say('pizza');
    await chat.say('pizza again');
    await chat.say('build muscle');
    expect(chat.tools.saved.get(2)).toEqual({ goals: [{ goal_type: 'muscle_gain', priority: 1 }] });
  });
});

describe('offline agent: values out of range', () => {
  it('when the user asks for 12000 kcal with a split, then the tool refuses it, the reply names the limit, nothing is saved and the state holds', async () => {
    const chat = conversation(5);
    const reply = await chat.say('I want 12000 kcal, 30/40/30');

    expect(chat.tools.calls).toHaveLength(1);
    expect(chat.tools.calls[0]?.result).toMatchObject({ success: false, error_code: 'VALIDATION_ERROR', field: 'daily_calorie_target' });
    expect(chat.tools.saved.size).toBe(0);
    expect(chat.state()).toBe(5);
    expect(reply.response).toContain('between 1000 and 5000');
    expect(reply.response).not.toContain('daily_calorie_target');
    expect(dialogueOf(reply)).toMatchObject({ value: 'asking', context: { state: 5, failures: 1 } });
  });

  it('when the user says only "I want 12000 kcal", then the reply names the limit instead of asking for the split', async () => {
    const chat = conversation(5);
    const reply = await chat.say('I want 12000 kcal');

    expect(chat.tools.saved.size).toBe(0);
    expect(reply.response).toContain('between 1000 and 5000');
    expect(dialogueOf(reply)).toMatchObject({ value: 'asking', context: { state: 5, failures: 1 } });
    expect(dialogueOf(reply).context.carry).toEqual([]);
  });

  it.each([
    [8, '15 liters a day, every hour', 'between 500 and 10000'],
    [8, 'every 5 minutes', 'between 15 and 480'],
    [5, '2000 kcal, 30/40/20', 'must add up to 100'],
  ] as const)('when state %i gets "%s", then the reply says "%s" and nothing is saved', async (state, message, limit) => {
    const chat = conversation(state);
    const reply = await chat.say(message);
    expect(chat.tools.saved.size).toBe(0);
    expect(reply.response).toContain(limit);
  });

  it('when an out-of-range answer follows an earlier failure, then the quick replies fully answer the state', async () => {
    const chat = conversation(5);
    await chat.say('no idea');
    const reply = await chat.say('I want 12000 kcal, 30/40/30');
    expect(dialogueOf(reply)).toMatchObject({ context: { failures: 2 } });
    expect(optionsOf(reply)).toEqual(STATE_COPY[5].options);
  });
});

describe('offline agent: every quick reply answers its state', () => {
  it.each(STATE_NUMBERS)('when any button of state %i is pressed, then it is saved through the state tool', async (state) => {
    await pressEachButton(state, offlineAgent.ask(state));
    const copy = STATE_COPY[state];
    for (const field of Object.values(copy.fields)) {
      await pressEachButton(state, { response: field.question, ui: { type: 'buttons', options: [...(field.options ?? [])] }, meta: null });
    }
  });

  it.each([
    [5, '2000 kcal'],
    [5, '30/40/30'],
    [7, 'Mon and Thu'],
    [7, 'at 6:30am'],
    [8, '3 liters'],
    [8, 'every 2 hours'],
    [4, 'allergic to peanuts'],
  ] as const)('when state %i is partly answered with "%s", then every completing button saves', async (state, partial) => {
    const chat = conversation(state);
    const reply = await chat.say(partial);
    expect(optionsOf(reply).length).toBeGreaterThan(0);
    await pressEachButton(state, reply, [partial]);
  });

  it('when a fallback is offered after two failures, then every button saves', async () => {
    for (const state of STATE_NUMBERS) {
      const chat = conversation(state);
      await chat.say('???');
      const reply = await chat.say('???');
      expect(reply.response).toContain(COPY.easier);
      await pressEachButton(state, reply, ['???', '???']);
    }
  });
});

describe('offline agent: properties', () => {
  const stateArb = fc.constantFrom(...STATE_NUMBERS);
  const metaArb = fc.oneof(
    fc.constant(null),
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.record({
      v: fc.constant(1),
      by: fc.constant('offline'),
      kind: fc.constantFrom('ask', 'confirm', 'done'),
      state: fc.integer({ min: 0, max: 10 }),
      failures: fc.integer({ min: -1, max: 5 }),
      carry: fc.array(fc.string(), { maxLength: 3 }),
      pending: fc.dictionary(fc.string(), fc.jsonValue()),
    }),
  );
  /** Whatever a row may hold: another machine, a newer or unknown version, a broken or foreign snapshot. */
  const storedArb = fc.oneof(
    fc.constant(null),
    fc.record({
      machine_id: fc.constantFrom('fitnessDialogue', 'guidedOnboarding'),
      machine_version: fc.integer({ min: -1, max: 3 }),
      snapshot: fc.oneof(
        fc.jsonValue(),
        fc.record({
          status: fc.constantFrom('active', 'done'),
          value: fc.constantFrom('asking', 'editing', 'confirming', 'done', 'elsewhere'),
          context: fc.record({
            state: fc.integer({ min: 0, max: 10 }),
            edit: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 10 })),
            failures: fc.integer({ min: -1, max: 5 }),
            carry: fc.array(fc.string(), { maxLength: 3 }),
            pending: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), fc.jsonValue())),
          }),
        }),
      ),
    }),
  );
  const messageArb = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('yes', 'no', '12000 kcal', 'every 0 minutes', '25:99', 'Mon at', '-1 liters', 'x'.repeat(5000)),
  );

  it("when any message arrives in any state with any stored dialogue or earlier meta, then the reply never throws, is non-empty and only calls this state's tool", async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, messageArb, metaArb, storedArb, async (state, message, meta, dialogue) => {
        const calls: string[] = [];
        const reply = await offlineAgent.reply({
          userId: 'user-1',
          state,
          agent: agentForState(state),
          message,
          history: [
            { role: 'assistant', content: 'q', agent_type: agentForState(state), state, created_at: new Date(0).toISOString(), meta },
          ],
          dialogue,
          ctx: { requestId: 'req-1', log: silent },
          callTool: async (name, input) => {
            calls.push(name);
            return fakeTools(state).callTool(name, input);
          },
        });
        expect(reply.response.trim().length).toBeGreaterThan(0);
        expect(calls.every((name) => name === stateMeta(state).tool)).toBe(true);
        expect(calls.length).toBeLessThanOrEqual(1);
        // What it stores is always a current, valid dialogue about a real state.
        expect(reply.dialogue?.machine_version).toBe(1);
        expect(dialogueOf(reply).context).toMatchObject({ state: expect.any(Number) });
      }),
      { numRuns: 300 },
    );
  });
});
