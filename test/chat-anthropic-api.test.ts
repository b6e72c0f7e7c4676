/**
 * The onboarding chat with the Anthropic agent (docs/behaviour/fitness.md, issue 4): the app is built from
 * env exactly as the server is (ANTHROPIC_API_KEY + ANTHROPIC_BASE_URL), the real SDK talks to
 * a scripted fake Messages API on loopback, and every turn goes through app.inject().
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TOOL_ROUNDS } from '../src/flows/fitness/agents/anthropic.js';
import { buildTestApp, type TestApp } from './helpers/app.js';
import {
  ISO_TIMESTAMP,
  UNEXTRACTABLE,
  chatOnboarding,
  getOnboardingHistory,
  getState,
  newChatUser,
  storedMessages,
  type ChatUser,
} from './helpers/chat-client.js';
import { BACKENDS } from './helpers/db.js';
import { sentApiKey, startFakeAnthropic, systemText, type FakeAnthropic, type RecordedRequest } from './helpers/fake-anthropic.js';

const WORKOUT_TOOLS = ['save_fitness_level', 'save_fitness_goals', 'save_workout_constraints', 'get_onboarding_state'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toolNames(req: RecordedRequest): string[] {
  const tools: unknown = req.body.tools;
  if (!Array.isArray(tools)) return [];
  return tools.map((tool: unknown) => (isRecord(tool) && typeof tool.name === 'string' ? tool.name : '?'));
}

function sentMessages(req: RecordedRequest): Array<{ role: unknown; content: unknown }> {
  const messages: unknown = req.body.messages;
  if (!Array.isArray(messages)) throw new Error('request has no messages array');
  return messages.map((m: unknown) => (isRecord(m) ? { role: m.role, content: m.content } : { role: undefined, content: undefined }));
}

/** The tool_result blocks of the request's last (user) message, their content parsed as JSON. */
function toolResults(req: RecordedRequest): Array<{ tool_use_id: unknown; is_error: unknown; result: unknown }> {
  const last = sentMessages(req).at(-1);
  if (last === undefined || last.role !== 'user' || !Array.isArray(last.content)) throw new Error('last message carries no tool results');
  return last.content
    .filter((b: unknown): b is Record<string, unknown> => isRecord(b) && b.type === 'tool_result')
    .map((b) => ({
      tool_use_id: b.tool_use_id,
      is_error: b.is_error,
      result: typeof b.content === 'string' ? JSON.parse(b.content) : b.content,
    }));
}

describe.each(BACKENDS)('onboarding chat with the Anthropic agent on %s', (backend) => {
  let t: TestApp;
  let fake: FakeAnthropic;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    t = await buildTestApp(backend, {
      env: {
        ANTHROPIC_API_KEY: 'test-key',
        ANTHROPIC_BASE_URL: fake.baseURL,
        LLM_TIMEOUT_MS: '500',
        LLM_MAX_RETRIES: '0',
        ANTHROPIC_MODEL: 'claude-test-model',
      },
    });
  });
  afterEach(() => {
    fake.handler = null;
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  /** The requests this test made to the fake: every one after `from`. */
  const requestsSince = (from: number): RecordedRequest[] => fake.requests.slice(from);

  async function newUser(): Promise<ChatUser> {
    return newChatUser(t, `anthropic-${backend}`);
  }

  it('when the model calls save_fitness_level and then answers, then state 1 is saved from the tool input by workout_planning and the reply is the model text', async () => {
    const u = await newUser();
    const from = fake.requests.length;
    const answer = 'Intermediate it is. What are your main goals: fat loss, muscle gain or general fitness?';
    fake.enqueue(
      { kind: 'tool_use', name: 'save_fitness_level', input: { fitness_level: 'intermediate' } },
      { kind: 'text', text: answer },
    );

    const res = await chatOnboarding(t, u.token, "I've been lifting on and off for a couple of years", 1);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      response: answer,
      agent_type: 'workout_planning',
      state_updated: true,
      new_state: 2,
      is_complete: false,
    });
    expect(res.body.progress).toMatchObject({ current_state: 2, completed_states: [1] });

    const state = await getState(t, u.token);
    expect(state.body.current_step).toBe(2);
    expect(state.body.step_data).toEqual({ step_1: { fitness_level: 'intermediate' } });
    expect(state.body.agent_history).toEqual([{ state: 1, agent: 'workout_planning', timestamp: expect.stringMatching(ISO_TIMESTAMP) }]);

    const sent = requestsSince(from);
    expect(sent).toHaveLength(2);
    for (const req of sent) {
      expect(req.path).toBe('/v1/messages');
      expect(sentApiKey(req)).toBe('test-key');
      expect(toolNames(req)).toEqual(WORKOUT_TOOLS);
    }
    expect(toolResults(sent[1]!)).toEqual([
      {
        tool_use_id: expect.any(String),
        is_error: undefined,
        result: expect.objectContaining({ success: true, current_state: 2, next_state: 2 }),
      },
    ]);

    const history = await getOnboardingHistory(t, u.token);
    expect(history.body.messages.map((m) => [m.role, m.content, m.agent_type, m.state])).toEqual([
      ['user', "I've been lifting on and off for a couple of years", 'workout_planning', 1],
      ['assistant', answer, 'workout_planning', 1],
    ]);
  });

  it('when a second turn follows, then the model gets the conversation so far from the database and the prompt of the new state', async () => {
    const u = await newUser();
    fake.enqueue(
      { kind: 'tool_use', name: 'save_fitness_level', input: { fitness_level: 'advanced' } },
      { kind: 'text', text: 'Advanced. Your goals?' },
    );
    expect((await chatOnboarding(t, u.token, 'advanced', 1)).status).toBe(200);

    const from = fake.requests.length;
    fake.enqueue({ kind: 'text', text: 'Would you rather lose fat or build muscle?' });
    const res = await chatOnboarding(t, u.token, 'not sure yet', 2);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      response: 'Would you rather lose fat or build muscle?',
      agent_type: 'workout_planning',
      state_updated: false,
      new_state: null,
    });
    const [req] = requestsSince(from);
    expect(req).toBeDefined();
    expect(systemText(req!)).toContain('Primary Fitness Goals');
    expect(sentMessages(req!)).toEqual([
      { role: 'user', content: 'advanced' },
      { role: 'assistant', content: 'Advanced. Your goals?' },
      { role: 'user', content: 'not sure yet' },
    ]);
  });

  it('when the model calls a tool with invalid input, then the validation error goes back as an is_error tool_result and the state holds', async () => {
    const u = await newUser();
    const from = fake.requests.length;
    const answer = 'Expert is not one of the levels. Are you a beginner, intermediate or advanced?';
    fake.enqueue({ kind: 'tool_use', name: 'save_fitness_level', input: { fitness_level: 'expert' } }, { kind: 'text', text: answer });

    const res = await chatOnboarding(t, u.token, "I'm an expert", 1);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      response: answer,
      agent_type: 'workout_planning',
      state_updated: false,
      new_state: null,
      is_complete: false,
    });
    const sent = requestsSince(from);
    expect(sent).toHaveLength(2);
    expect(toolResults(sent[1]!)).toEqual([
      {
        tool_use_id: expect.any(String),
        is_error: true,
        result: { success: false, error: expect.stringMatching(/fitness_level/), field: 'fitness_level', error_code: 'VALIDATION_ERROR' },
      },
    ]);
    expect((await getState(t, u.token)).body).toMatchObject({ current_step: 1, step_data: {}, agent_history: [] });
  });

  it("when the model calls another agent's tool, then it is refused as TOOL_NOT_ALLOWED and nothing is saved", async () => {
    const u = await newUser();
    const from = fake.requests.length;
    fake.enqueue(
      {
        kind: 'tool_use',
        name: 'save_meal_plan',
        input: { daily_calorie_target: 2000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 },
      },
      { kind: 'text', text: 'We will plan meals later. What is your fitness level?' },
    );

    const res = await chatOnboarding(t, u.token, 'I eat 2000 kcal', 1);

    expect(res.status).toBe(200);
    expect(res.body.state_updated).toBe(false);
    expect(toolResults(requestsSince(from)[1]!)).toEqual([
      {
        tool_use_id: expect.any(String),
        is_error: true,
        result: expect.objectContaining({ success: false, error_code: 'TOOL_NOT_ALLOWED' }),
      },
    ]);
    expect((await getState(t, u.token)).body).toMatchObject({ current_step: 1, step_data: {}, agent_history: [] });
  });

  it('when the model keeps calling tools, then the turn stops after the bound on tool rounds and asks the current state', async () => {
    const u = await newUser();
    const from = fake.requests.length;
    fake.handler = () => ({ kind: 'tool_use', name: 'get_onboarding_state', input: {} });

    const res = await chatOnboarding(t, u.token, 'tell me where I am', 1);

    expect(res.status).toBe(200);
    expect(res.body.state_updated).toBe(false);
    expect(res.body.response).toMatch(/beginner|intermediate|advanced/i);
    // One call per allowed round of tool calls, plus the call whose tool calls are not run.
    expect(requestsSince(from)).toHaveLength(DEFAULT_MAX_TOOL_ROUNDS + 1);
    expect((await getState(t, u.token)).body.current_step).toBe(1);
  });

  it('when the API answers 500, then the offline agent answers the turn and saves what it reads', async () => {
    const u = await newUser();
    const from = fake.requests.length;
    fake.enqueue({ kind: 'status', status: 500 });

    const res = await chatOnboarding(t, u.token, 'beginner', 1);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ agent_type: 'workout_planning', state_updated: true, new_state: 2 });
    expect(res.body.response.trim()).not.toBe('');
    expect(requestsSince(from)).toHaveLength(1);
    const state = await getState(t, u.token);
    expect(state.body.step_data).toEqual({ step_1: { fitness_level: 'beginner' } });
    expect(state.body.agent_history).toEqual([{ state: 1, agent: 'workout_planning', timestamp: expect.stringMatching(ISO_TIMESTAMP) }]);
    expect((await storedMessages(t, u.userId)).map((m) => m.agent_type)).toEqual(['workout_planning', 'workout_planning']);
  });

  it('when the API never answers, then the call times out and the offline agent answers the turn and saves what it reads', async () => {
    const u = await newUser();
    fake.enqueue({ kind: 'hang' });

    const res = await chatOnboarding(t, u.token, 'beginner', 1);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ agent_type: 'workout_planning', state_updated: true, new_state: 2 });
    expect((await getState(t, u.token)).body.step_data).toEqual({ step_1: { fitness_level: 'beginner' } });
    // Resolves only once the SDK dropped the hanging connection.
    await fake.hangsClosed();
    expect(fake.openHangs).toBe(0);
  });

  it('when the API fails on a message the offline agent cannot read, then the fallback asks the question with quick replies and nothing is saved', async () => {
    const u = await newUser();
    fake.enqueue({ kind: 'status', status: 500 });

    const res = await chatOnboarding(t, u.token, UNEXTRACTABLE[0], 1);

    expect(res.status).toBe(200);
    expect(res.body.state_updated).toBe(false);
    expect(res.body.ui?.options.length ?? 0).toBeGreaterThan(0);
    expect((await getState(t, u.token)).body.step_data).toEqual({});
  });
});
