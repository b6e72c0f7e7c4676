import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FITNESS_STATES, isStateNumber, stateMeta, type SpecializedAgent, type StateNumber } from '../machines/fitness/states.js';
import type { OnboardingReply, OnboardingTurn } from '../src/flows/fitness/agents/agent.js';
import {
  anthropicTools,
  buildMessages,
  buildSystemPrompt,
  createAnthropicOnboardingAgent,
  type FallbackAgent,
} from '../src/flows/fitness/agents/anthropic.js';
import { toolsForAgent, type ToolResult } from '../src/flows/fitness/agents/tools.js';
import type { ChatMessage } from '../src/flows/fitness/chat-store.js';
import { validateStep } from '../src/flows/fitness/schemas.js';
import { sentApiKey, startFakeAnthropic, systemText, type FakeAnthropic, type RecordedRequest } from './helpers/fake-anthropic.js';

const API_KEY = 'sk-ant-test-agent-0123456789-secret';
const MODEL = 'claude-test-model';

// ---------------------------------------------------------------------------------------------
// Test doubles: a log that records pino's JSON lines, a tool executor with executeTool's rules
// and result shapes (no DB), and a fallback that records what it was asked.

interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

function recordingLog() {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write(chunk: string) {
        const parsed: unknown = JSON.parse(chunk);
        if (typeof parsed === 'object' && parsed !== null && 'level' in parsed && typeof parsed.level === 'number') {
          lines.push({ ...parsed, level: parsed.level });
        }
      },
    },
  );
  return { logger, lines, warns: () => lines.filter((l) => l.level === 40), raw: () => JSON.stringify(lines) };
}

interface ToolCall {
  name: string;
  input: unknown;
  result: ToolResult;
}

/** Mirrors executeTool: only the agent's own tools, states in order, validateStep, same result shapes. */
function recordingTools(agent: SpecializedAgent, startState: StateNumber) {
  let current: StateNumber = startState;
  let complete = false;
  const calls: ToolCall[] = [];
  const saved: Array<{ state: StateNumber; data: unknown }> = [];

  const run = (name: string, input: unknown): ToolResult => {
    const tool = toolsForAgent(agent).find((t) => t.name === name);
    if (!tool) return { success: false, error: `Tool ${name} is not available to the ${agent} agent`, error_code: 'TOOL_NOT_ALLOWED' };
    if (tool.state === null) {
      return {
        success: true,
        current_state: current,
        completed_states: saved.map((s) => s.state),
        step_data: Object.fromEntries(saved.map((s) => [`step_${s.state}`, s.data])),
        is_complete: complete,
      };
    }
    if (tool.state > current) {
      return {
        success: false,
        error: `State ${tool.state} cannot be saved yet: the current state is ${current}`,
        error_code: 'STATE_MISMATCH',
      };
    }
    const valid = validateStep(tool.state, input);
    if (!valid.ok) return { success: false, error: valid.message, field: valid.field, error_code: 'VALIDATION_ERROR' };
    saved.push({ state: tool.state, data: valid.data });
    if (tool.state === current) {
      const after = current + 1;
      if (isStateNumber(after)) current = after;
      else complete = true;
    }
    const next = complete ? null : current;
    return {
      success: true,
      message: `${stateMeta(tool.state).name} saved.${next === null ? ' Onboarding is complete.' : ` Next: ${stateMeta(next).name}.`}`,
      current_state: current,
      next_state: next,
    };
  };

  return {
    calls,
    saved,
    async callTool(name: string, input: unknown): Promise<ToolResult> {
      const result = run(name, input);
      calls.push({ name, input, result });
      return result;
    },
  };
}

const OFFLINE_REPLY: OnboardingReply = { response: 'Offline agent reply.', ui: null, meta: { by: 'offline' } };

function recordingFallback() {
  const replies: OnboardingTurn[] = [];
  const asks: StateNumber[] = [];
  const agent: FallbackAgent = {
    async reply(turn) {
      replies.push(turn);
      return OFFLINE_REPLY;
    },
    ask(state) {
      asks.push(state);
      return {
        response: `Question about ${stateMeta(state).name}?`,
        ui: { type: 'buttons', options: [{ value: `answer ${state}`, label: `Answer ${state}` }] },
        meta: { by: 'offline', asked: state },
      };
    },
  };
  return { agent, replies, asks };
}

const message = (role: 'user' | 'assistant', content: string, state: number | null = 1): ChatMessage => ({
  role,
  content,
  agent_type: role === 'user' ? 'user' : 'workout_planning',
  state,
  created_at: '2025-01-01T00:00:00.000Z',
  meta: null,
});

// ---------------------------------------------------------------------------------------------
// Reading what the SDK sent.

interface SentMessage {
  role: string;
  content: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sentMessages(req: RecordedRequest): SentMessage[] {
  const messages: unknown = req.body.messages;
  if (!Array.isArray(messages)) throw new Error('request has no messages array');
  return messages.map((m: unknown) => {
    if (!isRecord(m) || typeof m.role !== 'string') throw new Error('malformed message');
    return { role: m.role, content: m.content };
  });
}

function blocks(content: unknown): Record<string, unknown>[] {
  if (!Array.isArray(content)) return [];
  return content.filter(isRecord);
}

/** The tool_result blocks of the request's last message, with their content parsed as JSON. */
function toolResults(req: RecordedRequest): Array<{ tool_use_id: unknown; is_error: unknown; result: unknown }> {
  const last = sentMessages(req).at(-1);
  if (last === undefined || last.role !== 'user') throw new Error('last message is not a user message');
  return blocks(last.content)
    .filter((b) => b.type === 'tool_result')
    .map((b) => ({
      tool_use_id: b.tool_use_id,
      is_error: b.is_error,
      result: typeof b.content === 'string' ? JSON.parse(b.content) : b.content,
    }));
}

function toolNames(req: RecordedRequest): string[] {
  const tools: unknown = req.body.tools;
  if (!Array.isArray(tools)) return [];
  return tools.map((t: unknown) => (isRecord(t) && typeof t.name === 'string' ? t.name : '?'));
}

// ---------------------------------------------------------------------------------------------

describe('Anthropic onboarding agent (real SDK, fake Messages API)', () => {
  let fake: FakeAnthropic;
  let log: ReturnType<typeof recordingLog>;
  let fallback: ReturnType<typeof recordingFallback>;

  beforeEach(async () => {
    fake = await startFakeAnthropic();
    log = recordingLog();
    fallback = recordingFallback();
  });

  afterEach(async () => {
    await fake.close();
  });

  const agentWith = (opts: { timeoutMs?: number; maxToolRounds?: number } = {}) =>
    createAnthropicOnboardingAgent({
      apiKey: API_KEY,
      model: MODEL,
      timeoutMs: opts.timeoutMs ?? 5_000,
      baseURL: fake.baseURL,
      ...(opts.maxToolRounds === undefined ? {} : { maxToolRounds: opts.maxToolRounds }),
      fallback: fallback.agent,
    });

  const turnFor = (
    agent: SpecializedAgent,
    state: StateNumber,
    text: string,
    history: ChatMessage[] = [],
  ): { turn: OnboardingTurn; tools: ReturnType<typeof recordingTools> } => {
    const tools = recordingTools(agent, state);
    return {
      tools,
      turn: {
        userId: '00000000-0000-4000-8000-000000000001',
        state,
        agent,
        message: text,
        history,
        ctx: { requestId: 'req-test-1', log: log.logger },
        callTool: (name, input) => tools.callTool(name, input),
      },
    };
  };

  it('when the model saves a valid fitness level and then answers, then the tool result goes back and the answer is the reply', async () => {
    fake.enqueue(
      { kind: 'tool_use', name: 'save_fitness_level', input: { fitness_level: 'beginner' } },
      { kind: 'text', text: 'Great, beginner it is. What is your main goal: fat loss, muscle gain or general fitness?' },
    );
    const history = [
      message('assistant', 'Welcome! How would you describe your fitness level: beginner, intermediate or advanced?'),
      message('user', 'hmm'),
      message('user', 'let me think'),
      message('assistant', 'Take your time. Beginner, intermediate or advanced?'),
    ];
    const { turn, tools } = turnFor('workout_planning', 1, "I'm a beginner", history);

    const reply = await agentWith().reply(turn);

    expect(reply).toEqual({
      response: 'Great, beginner it is. What is your main goal: fat loss, muscle gain or general fitness?',
      ui: null,
      meta: { v: 1, by: 'anthropic', tool_calls: 1 },
    });
    expect(tools.saved).toEqual([{ state: 1, data: { fitness_level: 'beginner' } }]);
    expect(fake.requests).toHaveLength(2);

    const first = fake.requests[0]!;
    expect(first.path).toBe('/v1/messages');
    expect(first.body.model).toBe(MODEL);
    expect(sentApiKey(first)).toBe(API_KEY);
    expect(first.body.tools).toEqual(anthropicTools('workout_planning'));
    expect(toolNames(first)).toEqual(['save_fitness_level', 'save_fitness_goals', 'save_workout_constraints', 'get_onboarding_state']);
    expect(systemText(first)).toContain('Current state: 1 "Fitness Level Assessment"');
    expect(sentMessages(first)).toEqual([
      { role: 'user', content: '(The user opened the onboarding chat.)' },
      { role: 'assistant', content: 'Welcome! How would you describe your fitness level: beginner, intermediate or advanced?' },
      { role: 'user', content: 'hmm\n\nlet me think' },
      { role: 'assistant', content: 'Take your time. Beginner, intermediate or advanced?' },
      { role: 'user', content: "I'm a beginner" },
    ]);

    const second = fake.requests[1]!;
    const sent = sentMessages(second);
    expect(sent).toHaveLength(7);
    expect(sent[5]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_fake_1_1', name: 'save_fitness_level', input: { fitness_level: 'beginner' } }],
    });
    expect(toolResults(second)).toEqual([
      {
        tool_use_id: 'toolu_fake_1_1',
        is_error: undefined,
        result: { success: true, message: 'Fitness Level Assessment saved. Next: Primary Fitness Goals.', current_state: 2, next_state: 2 },
      },
    ]);
    expect(second.body.tools).toEqual(first.body.tools);
    expect(fallback.replies).toHaveLength(0);
    expect(log.warns()).toHaveLength(0);
  });

  it('when the model calls two save tools in one answer, then both run in order and both results go back in one message', async () => {
    fake.enqueue(
      {
        kind: 'message',
        content: [
          { type: 'text', text: 'Saving both.' },
          { type: 'tool_use', name: 'save_fitness_level', input: { fitness_level: 'intermediate' } },
          { type: 'tool_use', name: 'save_fitness_goals', input: { goals: [{ goal_type: 'fat_loss', priority: 1 }] } },
        ],
      },
      { kind: 'text', text: 'Noted. Any equipment, injuries or limitations?' },
    );
    const { turn, tools } = turnFor('workout_planning', 1, 'intermediate, and I want to lose fat');

    const reply = await agentWith().reply(turn);

    expect(reply.meta).toEqual({ v: 1, by: 'anthropic', tool_calls: 2 });
    expect(tools.saved.map((s) => s.state)).toEqual([1, 2]);
    const results = toolResults(fake.requests[1]!);
    expect(results.map((r) => r.tool_use_id)).toEqual(['toolu_fake_1_1', 'toolu_fake_1_2']);
    expect(results.map((r) => r.result)).toMatchObject([
      { success: true, next_state: 2 },
      { success: true, next_state: 3 },
    ]);
    expect(sentMessages(fake.requests[1]!)[1]).toMatchObject({
      role: 'assistant',
      content: [{ type: 'text', text: 'Saving both.' }, {}, {}],
    });
  });

  it('when the model sends an out-of-range value, then the validation error goes back with is_error and nothing is saved', async () => {
    fake.enqueue(
      {
        kind: 'tool_use',
        name: 'save_meal_plan',
        input: { daily_calorie_target: 12000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 },
      },
      { kind: 'text', text: 'The daily target can be at most 5000 kcal. What target would you like?' },
    );
    const { turn, tools } = turnFor('diet_planning', 5, 'I want 12000 kcal, 30/40/30');

    const reply = await agentWith().reply(turn);

    expect(reply).toEqual({
      response: 'The daily target can be at most 5000 kcal. What target would you like?',
      ui: null,
      meta: { v: 1, by: 'anthropic', tool_calls: 1 },
    });
    expect(tools.saved).toEqual([]);
    const [result] = toolResults(fake.requests[1]!);
    expect(result).toMatchObject({
      is_error: true,
      result: { success: false, field: 'daily_calorie_target', error_code: 'VALIDATION_ERROR', error: expect.stringMatching(/5000/) },
    });
    expect(systemText(fake.requests[0]!)).toContain('Current state: 5 "Fixed Meal Plan Selection"');
    expect(toolNames(fake.requests[0]!)).toEqual(['save_dietary_preferences', 'save_meal_plan', 'get_onboarding_state']);
    expect(fallback.replies).toHaveLength(0);
  });

  it("when the workout agent calls another agent's tool, then callTool refuses it and the refusal goes back to the model", async () => {
    fake.enqueue(
      {
        kind: 'tool_use',
        name: 'save_meal_plan',
        input: { daily_calorie_target: 2000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 },
      },
      { kind: 'text', text: 'We will get to meals later. Are you a beginner, intermediate or advanced?' },
    );
    const { turn, tools } = turnFor('workout_planning', 1, 'I eat 2000 kcal');

    const reply = await agentWith().reply(turn);

    expect(reply.response).toBe('We will get to meals later. Are you a beginner, intermediate or advanced?');
    expect(reply.meta).toEqual({ v: 1, by: 'anthropic', tool_calls: 1 });
    expect(tools.calls.map((c) => c.name)).toEqual(['save_meal_plan']);
    expect(tools.saved).toEqual([]);
    expect(toolResults(fake.requests[1]!)).toEqual([
      {
        tool_use_id: 'toolu_fake_1_1',
        is_error: true,
        result: {
          success: false,
          error: 'Tool save_meal_plan is not available to the workout_planning agent',
          error_code: 'TOOL_NOT_ALLOWED',
        },
      },
    ]);
  });

  it('when the model keeps calling tools past the bound, then the loop stops there and the current state is asked deterministically', async () => {
    fake.handler = () => ({ kind: 'tool_use', name: 'get_onboarding_state', input: {} });
    const { turn, tools } = turnFor('scheduler', 6, 'breakfast at 8');

    const reply = await agentWith({ maxToolRounds: 2 }).reply(turn);

    expect(fake.requests).toHaveLength(3);
    expect(tools.calls).toHaveLength(2);
    expect(fallback.asks).toEqual([6]);
    expect(fallback.replies).toHaveLength(0);
    expect(reply).toEqual({
      response: 'Question about Meal Timing Schedule?',
      ui: { type: 'buttons', options: [{ value: 'answer 6', label: 'Answer 6' }] },
      meta: { v: 1, by: 'anthropic', tool_calls: 2, fallback: 'max_tool_rounds' },
    });
    expect(log.warns()).toHaveLength(1);
    expect(log.warns()[0]).toMatchObject({ reason: 'max_tool_rounds', maxToolRounds: 2, agent: 'scheduler' });
  });

  it('when the model keeps sending invalid values until the bound, then the deterministic answer names the limit and nothing is saved', async () => {
    fake.handler = () => ({
      kind: 'tool_use',
      name: 'save_hydration_schedule',
      input: { daily_water_target_ml: 20000, reminder_frequency_minutes: 60 },
    });
    const { turn, tools } = turnFor('scheduler', 8, '20 liters, every hour');

    const reply = await agentWith({ maxToolRounds: 1 }).reply(turn);

    expect(fake.requests).toHaveLength(2);
    expect(tools.saved).toEqual([]);
    expect(reply.response).toMatch(/^That did not fit: .*10000.*Question about Hydration Schedule\?$/);
    expect(reply.meta).toEqual({ v: 1, by: 'anthropic', tool_calls: 1, fallback: 'max_tool_rounds' });
  });

  it('when the API answers HTTP 500, then the turn falls back to the offline agent with a warning that never shows the key', async () => {
    fake.enqueue({ kind: 'status', status: 500 });
    const { turn, tools } = turnFor('workout_planning', 1, "I'm a beginner");

    const reply = await agentWith().reply(turn);

    expect(reply).toBe(OFFLINE_REPLY);
    expect(fallback.replies).toEqual([turn]);
    expect(tools.calls).toHaveLength(0);
    expect(log.warns()).toHaveLength(1);
    expect(log.warns()[0]).toMatchObject({ reason: 'llm_error', status: 500, state: 1, agent: 'workout_planning', saved_states: [] });
    expect(log.raw()).not.toContain(API_KEY);
    expect(log.raw()).not.toContain("I'm a beginner");
  });

  it('when the API never answers, then the call is aborted at the timeout and the turn falls back to the offline agent', async () => {
    fake.enqueue({ kind: 'hang' });
    const { turn } = turnFor('supplement', 9, 'no supplements');

    const reply = await agentWith({ timeoutMs: 200 }).reply(turn);

    expect(reply).toBe(OFFLINE_REPLY);
    expect(fallback.replies).toEqual([turn]);
    expect(log.warns()).toHaveLength(1);
    expect(log.warns()[0]).toMatchObject({ reason: 'llm_timeout', timeoutMs: 200, state: 9 });
    // Resolves only once the client has dropped the connection; a leaked request would time the test out.
    await fake.hangsClosed();
    expect(fake.openHangs).toBe(0);
    expect(log.raw()).not.toContain(API_KEY);
  });

  it('when a save succeeded and the next call answers 500, then there is no second extraction: a confirmation plus the next question', async () => {
    fake.enqueue({ kind: 'tool_use', name: 'save_fitness_level', input: { fitness_level: 'advanced' } }, { kind: 'status', status: 500 });
    const { turn, tools } = turnFor('workout_planning', 1, 'advanced');

    const reply = await agentWith().reply(turn);

    expect(tools.saved).toEqual([{ state: 1, data: { fitness_level: 'advanced' } }]);
    expect(fallback.replies).toHaveLength(0);
    expect(fallback.asks).toEqual([2]);
    expect(reply).toEqual({
      response: 'Got it: Fitness Level Assessment saved. Question about Primary Fitness Goals?',
      ui: { type: 'buttons', options: [{ value: 'answer 2', label: 'Answer 2' }] },
      meta: { v: 1, by: 'anthropic', tool_calls: 1, fallback: 'llm_error' },
    });
    expect(log.warns()).toHaveLength(1);
    expect(log.warns()[0]).toMatchObject({ reason: 'llm_error', status: 500, saved_states: [1] });
  });

  it('when the last state is saved and the next call times out, then the reply confirms completion without asking anything', async () => {
    fake.enqueue({ kind: 'tool_use', name: 'save_supplement_preferences', input: { interested_in_supplements: false } }, { kind: 'hang' });
    const { turn } = turnFor('supplement', 9, 'no supplements');

    const reply = await agentWith({ timeoutMs: 200 }).reply(turn);

    expect(fallback.replies).toHaveLength(0);
    expect(fallback.asks).toEqual([]);
    expect(reply).toEqual({
      response: 'Supplement Preferences saved. Onboarding is complete.',
      ui: null,
      meta: { v: 1, by: 'anthropic', tool_calls: 1, fallback: 'llm_timeout' },
    });
    await fake.hangsClosed();
  });

  it('when the model answers with no text, then the turn falls back to the offline agent', async () => {
    fake.enqueue({ kind: 'message', content: [] });
    const { turn } = turnFor('diet_planning', 4, 'vegan');

    const reply = await agentWith().reply(turn);

    expect(reply).toBe(OFFLINE_REPLY);
    expect(log.warns()[0]).toMatchObject({ reason: 'unusable:empty_answer' });
  });
});

describe('Anthropic agent prompt and messages', () => {
  it('when a prompt is built for any state, then it names the current state, the agent states and only its own tools', () => {
    for (const meta of FITNESS_STATES) {
      const prompt = buildSystemPrompt(meta.agent, meta.number);
      expect(prompt).toContain(`Current state: ${meta.number} "${meta.name}"`);
      for (const field of meta.required_fields) expect(prompt).toContain(field);
      for (const other of FITNESS_STATES) {
        if (other.agent === meta.agent) expect(prompt).toContain(other.tool);
        else expect(prompt).not.toContain(other.tool);
      }
      expect(prompt).toMatch(/one question at a time/i);
      expect(prompt).toMatch(/never invent values/i);
      expect(prompt).toMatch(/English/);
    }
  });

  it('when the history already ends with the turn message, then it is not sent twice', () => {
    expect(buildMessages([message('user', 'beginner')], 'beginner')).toEqual([{ role: 'user', content: 'beginner' }]);
  });

  it('when the history ends with an unanswered user message, then it merges with the new one so roles alternate', () => {
    const sent = buildMessages(
      [message('user', 'hello'), message('assistant', 'Level?'), message('user', 'hmm'), message('user', ' ')],
      'beginner',
    );
    expect(sent).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'Level?' },
      { role: 'user', content: 'hmm\n\nbeginner' },
    ]);
  });
});
