/**
 * The offline agent's dialogue machine (machines/fitness/dialogue.ts): its transitions on their
 * own, the agent driving it through edits and confirmations, how an older release's bookkeeping
 * (reply meta, version 0) is brought forward, and its persistence with the onboarding row through
 * the chat endpoint on PGlite and, with DATABASE_URL, PostgreSQL.
 */
import { pino } from 'pino';
import { transition } from 'xstate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogueMachine, type DialogueEvent } from '../machines/fitness/dialogue.js';
import { agentForState, type StateNumber } from '../machines/fitness/states.js';
import type { StoredMachine } from '../src/engine/machine.js';
import type { OnboardingReply } from '../src/flows/fitness/agents/agent.js';
import { offlineAgent } from '../src/flows/fitness/agents/offline/agent.js';
import { DIALOGUE_FLOW, resumeDialogue, storedDialogue } from '../src/flows/fitness/agents/offline/dialogue.js';
import type { ChatMessage } from '../src/flows/fitness/chat-store.js';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { chatOnboarding, getState, newChatUser, seedOnboarding } from './helpers/chat-client.js';
import { BACKENDS } from './helpers/db.js';
import type { ToolResult } from '../src/flows/fitness/agents/tools.js';

const silent = pino({ level: 'silent' });

/** Runs events from a fresh dialogue on `state` with XState's pure transition. */
function run(state: StateNumber, ...events: DialogueEvent[]) {
  let snapshot = resumeDialogue(null, [], state);
  for (const event of events) snapshot = transition(dialogueMachine, snapshot, event)[0];
  return { value: snapshot.value, context: snapshot.context };
}

describe('dialogue machine: transitions', () => {
  it('when a question is open, then it waits in asking with nothing counted', () => {
    expect(run(3)).toEqual({ value: 'asking', context: { state: 3, edit: null, failures: 0, carry: [], pending: null } });
  });

  it('when parts of an answer arrive, then the last two are kept and each counts as a try', () => {
    const after = run(5, { type: 'PARTIAL', text: 'a' }, { type: 'PARTIAL', text: 'b' }, { type: 'PARTIAL', text: 'c' });
    expect(after).toMatchObject({ value: 'asking', context: { failures: 3, carry: ['b', 'c'] } });
  });

  it('when an answer is refused, then the kept parts go and the try counts', () => {
    expect(run(5, { type: 'PARTIAL', text: 'a' }, { type: 'REFUSED' })).toMatchObject({ context: { failures: 2, carry: [] } });
  });

  it('when the save fails for a reason not the user’s, then nothing is counted', () => {
    expect(run(5, { type: 'MISUNDERSTOOD' }, { type: 'RETRY' })).toMatchObject({ value: 'asking', context: { failures: 1 } });
  });

  it('when an answer needs a guess, then it is held in confirming until a save or a refusal', () => {
    const held = run(1, { type: 'UNSURE', data: { fitness_level: 'beginner' } });
    expect(held).toMatchObject({ value: 'confirming', context: { pending: { fitness_level: 'beginner' } } });
    expect(run(1, { type: 'UNSURE', data: {} }, { type: 'REFUSED' })).toMatchObject({
      value: 'asking',
      context: { failures: 1, pending: null },
    });
    expect(run(1, { type: 'UNSURE', data: {} }, { type: 'SAVED', next: 2 })).toEqual(run(2));
  });

  it('when an earlier answer is changed, then the detour keeps its place through failures and a refused guess, and returns to the open question', () => {
    const editing = run(4, { type: 'EDIT', target: 2 }, { type: 'MISUNDERSTOOD' });
    expect(editing).toMatchObject({ value: 'editing', context: { state: 4, edit: 2, failures: 1 } });
    const refused = run(4, { type: 'EDIT', target: 2 }, { type: 'UNSURE', data: { goals: [] } }, { type: 'REFUSED' });
    expect(refused).toMatchObject({ value: 'editing', context: { state: 4, edit: 2, pending: null } });
    // The edit's save does not move the open state, whatever `next` says.
    expect(run(4, { type: 'EDIT', target: 2 }, { type: 'SAVED', next: 4 })).toEqual(run(4));
  });

  it('when a greeting or help re-asks the question, then a detour, a pending guess and the count are dropped', () => {
    expect(run(4, { type: 'EDIT', target: 2 }, { type: 'UNSURE', data: { x: 1 } }, { type: 'ASK', state: 4 })).toEqual(run(4));
  });

  it('when the last state is saved, then the dialogue is done', () => {
    expect(run(9, { type: 'COMPLETED' })).toMatchObject({ value: 'done' });
  });
});

describe('dialogue persistence: versions and migration', () => {
  const at = (state: StateNumber, meta: Record<string, unknown> | null): ChatMessage[] => [
    { role: 'assistant', content: 'q', agent_type: agentForState(state), state, created_at: new Date(0).toISOString(), meta },
  ];

  it('when the stored dialogue is current, then it resumes as stored', () => {
    const confirming = transition(dialogueMachine, resumeDialogue(null, [], 1), { type: 'UNSURE', data: { fitness_level: 'advanced' } })[0];
    const resumed = resumeDialogue(storedDialogue(confirming), [], 1);
    expect(resumed.value).toBe('confirming');
    expect(resumed.context.pending).toEqual({ fitness_level: 'advanced' });
  });

  it('when a turn leaves the dialogue as read, then the stored one is handed back; any change, or an older version, is stored anew', () => {
    // As the column returns it: parsed JSON, keys in another order.
    const read = JSON.parse(JSON.stringify(storedDialogue(resumeDialogue(null, [], 2)))) as StoredMachine;
    const resumed = resumeDialogue(read, [], 2);
    expect(storedDialogue(transition(dialogueMachine, resumed, { type: 'ASK', state: 2 })[0], read)).toBe(read);
    const failed = storedDialogue(transition(dialogueMachine, resumed, { type: 'MISUNDERSTOOD' })[0], read);
    expect(failed).not.toBe(read);
    expect(failed.snapshot).toMatchObject({ value: 'asking', context: { state: 2, failures: 1 } });
    const older = { ...read, machine_version: 0 };
    expect(storedDialogue(resumed, older)).toEqual(read);
    expect(storedDialogue(resumed, older)).not.toBe(older);
  });

  it('when the dialogue holds a key set to undefined, then the stored JSON without that key still counts as unchanged', () => {
    const confirming = transition(dialogueMachine, resumeDialogue(null, [], 1), {
      type: 'UNSURE',
      data: { fitness_level: 'advanced', note: undefined },
    })[0];
    const read = JSON.parse(JSON.stringify(storedDialogue(confirming))) as StoredMachine;
    expect(read.snapshot).not.toHaveProperty('context.pending.note');
    expect(storedDialogue(confirming, read)).toBe(read);
    // A defined value in its place is a change.
    const changed = transition(dialogueMachine, resumeDialogue(null, [], 1), {
      type: 'UNSURE',
      data: { fitness_level: 'advanced', note: 'x' },
    })[0];
    expect(storedDialogue(changed, read)).not.toBe(read);
  });

  it('when the row read holds the dialogue this process stored last for the conversation, then that dialogue resumes without a restore; a different stored one is restored', () => {
    const confirming = transition(dialogueMachine, resumeDialogue(null, [], 1), { type: 'UNSURE', data: { fitness_level: 'advanced' } })[0];
    const stored = storedDialogue(confirming, null, 'conversation-kept');
    const read = JSON.parse(JSON.stringify(stored)) as StoredMachine;
    expect(resumeDialogue(read, [], 1, 'conversation-kept')).toBe(confirming);
    // Without the key, or for another conversation, the stored copy is restored: equal, not the same object.
    const restored = resumeDialogue(read, [], 1, 'conversation-other');
    expect(restored).not.toBe(confirming);
    expect({ value: restored.value, context: restored.context }).toEqual({ value: confirming.value, context: confirming.context });
    // Another instance (or an edit outside the service) stored something else: that is what resumes.
    const changed = { ...read, snapshot: { ...(read.snapshot as object), value: 'asking' } };
    const resumed = resumeDialogue(changed, [], 1, 'conversation-kept');
    expect(resumed).not.toBe(confirming);
    expect(resumed.value).toBe('asking');
    // A kept dialogue about another state is not resumed either.
    expect(resumeDialogue(read, [], 2, 'conversation-kept').context.state).toBe(2);
  });

  it('when only an older release’s reply meta holds the bookkeeping (version 0), then it is migrated', () => {
    const history = at(1, { v: 1, by: 'offline', kind: 'confirm', state: 1, failures: 1, pending: { fitness_level: 'beginner' } });
    const resumed = resumeDialogue(null, history, 1);
    expect({ value: resumed.value, context: resumed.context }).toEqual({
      value: 'confirming',
      context: { state: 1, edit: null, failures: 1, carry: [], pending: { fitness_level: 'beginner' } },
    });
    const edit = resumeDialogue(null, at(4, { v: 1, by: 'offline', kind: 'ask', state: 4, failures: 0, edit: 2 }), 4);
    expect(edit.value).toBe('editing');
  });

  it('when the stored dialogue is another machine’s, a newer version, broken, or about another state, then the question starts afresh', () => {
    const fresh = { value: 'asking', context: { state: 3, edit: null, failures: 0, carry: [], pending: null } };
    const confirming = storedDialogue(transition(dialogueMachine, resumeDialogue(null, [], 2), { type: 'UNSURE', data: {} })[0]);
    const cases: StoredMachine[] = [
      { ...confirming, machine_id: 'guidedOnboarding' },
      { ...confirming, machine_version: DIALOGUE_FLOW.version + 1 },
      { ...confirming, snapshot: { value: 'confirming', context: { state: 3 } } },
      confirming,
    ];
    for (const stored of cases) {
      const resumed = resumeDialogue(stored, [], 3);
      expect({ value: resumed.value, context: resumed.context }).toEqual(fresh);
    }
  });
});

describe('offline agent: driving the dialogue', () => {
  /** A conversation at `state` with states before it saved; the tool accepts every valid save. */
  function chatAt(state: StateNumber, history: ChatMessage[] = []) {
    let dialogue: StoredMachine | null = null;
    const saves: Array<{ name: string; input: unknown }> = [];
    const callTool = async (name: string, input: unknown): Promise<ToolResult> => {
      if (name === 'get_onboarding_state') return { success: true, current_state: state, step_data: {} } as unknown as ToolResult;
      saves.push({ name, input });
      return { success: true, message: 'saved', current_state: state, next_state: state };
    };
    return {
      saves,
      async say(message: string): Promise<OnboardingReply> {
        const reply = await offlineAgent.reply({
          userId: 'u',
          state,
          agent: agentForState(state),
          message,
          history,
          dialogue,
          ctx: { requestId: 'r', log: silent },
          callTool,
        });
        dialogue = reply.dialogue ?? null;
        return reply;
      },
      snapshot: () => dialogue?.snapshot as { value: string; context: Record<string, unknown> },
    };
  }

  it('when the user changes an earlier answer and the first try is not understood, then the next answer still goes to that earlier state', async () => {
    const chat = chatAt(4);
    await chat.say('I want to change my goals');
    expect(chat.snapshot()).toMatchObject({ value: 'editing', context: { state: 4, edit: 2 } });
    await chat.say('hmm not sure');
    expect(chat.snapshot()).toMatchObject({ value: 'editing', context: { edit: 2, failures: 1 } });
    const reply = await chat.say('build muscle');
    expect(chat.saves).toEqual([{ name: 'save_fitness_goals', input: { goals: [{ goal_type: 'muscle_gain', priority: 1 }] } }]);
    expect(chat.snapshot()).toMatchObject({ value: 'asking', context: { state: 4, edit: null, failures: 0 } });
    expect(reply.response).toMatch(/diet/i);
  });

  it('when an older release left a confirmation pending in its reply meta, then "yes" saves it', async () => {
    const history: ChatMessage[] = [
      {
        role: 'assistant',
        content: 'Beginner, right?',
        agent_type: 'workout_planning',
        state: 1,
        created_at: new Date(0).toISOString(),
        meta: { v: 1, by: 'offline', kind: 'confirm', state: 1, failures: 0, pending: { fitness_level: 'beginner' }, locale: 'en' },
      },
    ];
    const chat = chatAt(1, history);
    await chat.say('yes');
    expect(chat.saves).toEqual([{ name: 'save_fitness_level', input: { fitness_level: 'beginner' } }]);
  });
});

describe.each(BACKENDS)('dialogue stored with the onboarding row on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => {
    await t.close();
  });

  const dialogueRow = async (userId: string) =>
    (
      await t.database.db.query<{
        dialogue_machine_id: string | null;
        dialogue_machine_version: number | null;
        dialogue_snapshot: unknown;
      }>('SELECT dialogue_machine_id, dialogue_machine_version, dialogue_snapshot FROM onboarding_states WHERE user_id = $1', [userId])
    ).rows[0];

  it('when an answer needs a guess, then the pending values are stored with the row (not in the message) and "yes" in the next request saves them', async () => {
    const u = await newChatUser(t, `dialogue-${backend}`);
    await seedOnboarding(t, u.userId, { state: 4 });
    const unsure = await chatOnboarding(t, u.token, "I'm vegetarian, and I can't have peanuts I think", 4);
    expect(unsure.status).toBe(200);
    expect(unsure.body.state_updated).toBe(false);
    const row = await dialogueRow(u.userId);
    expect(row).toMatchObject({
      dialogue_machine_id: 'fitnessDialogue',
      dialogue_machine_version: 1,
      dialogue_snapshot: { value: 'confirming', context: { state: 4, pending: expect.objectContaining({ diet_type: 'vegetarian' }) } },
    });
    const metas = await t.database.db.query<{ meta: unknown }>(
      "SELECT meta FROM chat_messages WHERE user_id = $1 AND role = 'assistant' ORDER BY id",
      [u.userId],
    );
    expect(metas.rows.map((r) => r.meta)).toEqual([{ v: 2, by: 'offline', locale: 'en' }]);

    const yes = await chatOnboarding(t, u.token, 'yes', 4);
    expect(yes.body).toMatchObject({ state_updated: true, new_state: 5 });
    expect((await getState(t, u.token)).body.step_data.step_4).toMatchObject({ diet_type: 'vegetarian' });
    expect(await dialogueRow(u.userId)).toMatchObject({ dialogue_snapshot: { value: 'asking', context: { state: 5, failures: 0 } } });
  });

  it('when a turn leaves the dialogue as it was, then the row is not rewritten: its version stays and only the messages are added', async () => {
    const u = await newChatUser(t, `dialogue-same-${backend}`);
    const version = async () =>
      (await t.database.db.query<{ version: number }>('SELECT version FROM onboarding_states WHERE user_id = $1', [u.userId])).rows[0]
        ?.version;
    // The first greeting stores the open question; the next ones find it as stored.
    expect((await chatOnboarding(t, u.token, 'hello', 1)).status).toBe(200);
    const first = await version();
    expect(first).toBeDefined();
    expect(await dialogueRow(u.userId)).toMatchObject({ dialogue_snapshot: { value: 'asking', context: { state: 1, failures: 0 } } });
    for (const greeting of ['hello', 'hi']) expect((await chatOnboarding(t, u.token, greeting, 1)).status).toBe(200);
    expect(await version()).toBe(first);
    const messages = await t.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_messages WHERE user_id = $1', [
      u.userId,
    ]);
    expect(messages.rows[0]?.n).toBe(6);
  });

  it('when a turn is not understood, then the try is counted in the stored dialogue and the second failure brings the full quick replies', async () => {
    const u = await newChatUser(t, `dialogue-fail-${backend}`);
    await chatOnboarding(t, u.token, 'hmm', 1);
    expect(await dialogueRow(u.userId)).toMatchObject({ dialogue_snapshot: { value: 'asking', context: { state: 1, failures: 1 } } });
    const second = await chatOnboarding(t, u.token, 'dunno', 1);
    expect(await dialogueRow(u.userId)).toMatchObject({ dialogue_snapshot: { context: { failures: 2 } } });
    expect(second.body.ui?.options.map((o: { value: string }) => o.value)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/beginner/i),
        expect.stringMatching(/intermediate/i),
        expect.stringMatching(/advanced/i),
      ]),
    );
  });
});
