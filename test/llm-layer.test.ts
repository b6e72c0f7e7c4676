/**
 * The LLM layer against a fake Messages API on loopback, with the real SDK: every malformed or
 * slow answer becomes a named failure (never an exception), a turn never outlives its deadline,
 * and the budget bounds concurrent calls and turns per user.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicChatModel } from '../src/llm/anthropic-chat.js';
import { LlmBudget } from '../src/llm/budget.js';
import { metricsRegistry } from '../src/observability/metrics.js';
import type { ChatOutcome, ChatRequest } from '../src/llm/ports.js';
import { MALFORMED, startFakeAnthropic, type FakeAnthropic } from './helpers/fake-anthropic.js';

const API_KEY = 'sk-ant-test-layer-secret';

const TOOLS = [{ name: 'save', description: 'Saves.', input_schema: { type: 'object' as const, properties: {} } }];

describe('LLM layer (real SDK, fake Messages API)', () => {
  let fake: FakeAnthropic;

  beforeEach(async () => {
    fake = await startFakeAnthropic();
  });
  afterEach(async () => {
    await fake.close();
  });

  const model = (opts: { callTimeoutMs?: number; turnTimeoutMs?: number; budget?: LlmBudget } = {}) =>
    createAnthropicChatModel({
      apiKey: API_KEY,
      model: 'claude-test-model',
      baseURL: fake.baseURL,
      callTimeoutMs: opts.callTimeoutMs ?? 5_000,
      ...(opts.turnTimeoutMs === undefined ? {} : { turnTimeoutMs: opts.turnTimeoutMs }),
      ...(opts.budget === undefined ? {} : { budget: opts.budget }),
    });

  const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
    system: 'You are a test.',
    history: [],
    message: 'hi',
    tools: TOOLS,
    callTool: async () => ({ content: { success: true }, isError: false }),
    ...extra,
  });

  it.each(MALFORMED)('when the API answers %s, then the outcome is llm_invalid and no tool ran', async (_label, reply) => {
    fake.enqueue(reply);
    let toolRuns = 0;

    const outcome = await model().chat(request({ callTool: async () => ((toolRuns += 1), { content: {}, isError: false }) }));

    expect(outcome).toMatchObject({ ok: false, reason: 'llm_invalid', toolCalls: [] });
    expect(toolRuns).toBe(0);
    expect(JSON.stringify(outcome)).not.toContain(API_KEY);
  });

  it('when calls succeed and fail, then the metrics count them by adapter and outcome, with tokens and fallbacks', async () => {
    const adapter = `metrics-${Math.random().toString(36).slice(2)}`;
    const value = async (name: string, labels: Record<string, string>): Promise<number> => {
      const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name);
      const hit = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l) && !('le' in v.labels));
      return Number(hit?.value ?? 0);
    };
    const counted = createAnthropicChatModel({
      adapter,
      apiKey: API_KEY,
      model: 'claude-test-model',
      baseURL: fake.baseURL,
      callTimeoutMs: 5_000,
    });
    fake.enqueue({ kind: 'text', text: 'Hello.' });
    expect(await counted.chat(request())).toMatchObject({ ok: true });
    fake.enqueue(MALFORMED[0]![1]);
    expect(await counted.chat(request())).toMatchObject({ ok: false, reason: 'llm_invalid' });

    expect(await value('llm_calls_total', { adapter, outcome: 'ok' })).toBe(1);
    expect(await value('llm_calls_total', { adapter, outcome: 'invalid' })).toBe(1);
    expect(await value('llm_call_duration_seconds', { adapter })).toBeGreaterThan(0);
    expect(await value('llm_tokens_total', { adapter, kind: 'input' })).toBeGreaterThan(0);
    expect(await value('llm_fallbacks_total', { adapter, reason: 'llm_invalid' })).toBe(1);
  });

  it('when a well-formed answer arrives, then its text comes back', async () => {
    fake.enqueue({ kind: 'text', text: '  Hello.  ' });

    expect(await model().chat(request())).toMatchObject({ ok: true, kind: 'answer', text: 'Hello.' });
  });

  it('when every tool round is slow, then the turn stops at the turn deadline, not after all rounds', async () => {
    fake.handler = () => ({ kind: 'delay', ms: 150, then: { kind: 'tool_use', name: 'save', input: {} } });
    const started = performance.now();

    const outcome = await model({ callTimeoutMs: 1_000, turnTimeoutMs: 400 }).chat(request({ maxToolRounds: 10 }));

    const elapsed = performance.now() - started;
    expect(outcome).toMatchObject({ ok: false, reason: 'llm_timeout' });
    expect(elapsed).toBeLessThan(400 + 300);
    expect(fake.requests.length).toBeLessThanOrEqual(3);
    await fake.hangsClosed();
  });

  it('when the instance runs its maximum of calls, then one more waits briefly and fails as llm_busy, counted', async () => {
    const budget = new LlmBudget({ maxConcurrency: 1, queueWaitMs: 30 });
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    fake.enqueue({ kind: 'gate', until: gate, then: { kind: 'text', text: 'First.' } });
    const m = model({ budget });

    const first = m.chat(request({ userKey: 'user-a' }));
    await fake.waitForRequests(1);
    const second = await m.chat(request({ userKey: 'user-b' }));
    open();

    expect(second).toMatchObject({ ok: false, reason: 'llm_busy' });
    expect(await first).toMatchObject({ ok: true, text: 'First.' });
    expect(fake.requests).toHaveLength(1);
    expect(budget.stats()).toMatchObject({ inFlight: 0, calls: 1, busy: 1 });
  });

  it('when a slot frees up within the wait, then the waiting call runs', async () => {
    const budget = new LlmBudget({ maxConcurrency: 1, queueWaitMs: 5_000 });
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    fake.enqueue({ kind: 'gate', until: gate, then: { kind: 'text', text: 'First.' } }, { kind: 'text', text: 'Second.' });
    const m = model({ budget });

    const first = m.chat(request());
    await fake.waitForRequests(1);
    const second = m.chat(request());
    open();

    expect(await first).toMatchObject({ ok: true, text: 'First.' });
    expect(await second).toMatchObject({ ok: true, text: 'Second.' });
    expect(budget.stats()).toMatchObject({ calls: 2, busy: 0 });
  });

  it('when a user already has a turn in flight, then a second turn of that user fails at once as llm_user_busy', async () => {
    const budget = new LlmBudget({ maxConcurrency: 10, queueWaitMs: 0 });
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    fake.enqueue({ kind: 'gate', until: gate, then: { kind: 'text', text: 'First.' } }, { kind: 'text', text: 'Other user.' });
    const m = model({ budget });

    const first = m.chat(request({ userKey: 'same-user' }));
    await fake.waitForRequests(1);
    const second: ChatOutcome = await m.chat(request({ userKey: 'same-user' }));
    const other = await m.chat(request({ userKey: 'other-user' }));
    open();

    expect(second).toMatchObject({ ok: false, reason: 'llm_user_busy' });
    expect(other).toMatchObject({ ok: true, text: 'Other user.' });
    expect(await first).toMatchObject({ ok: true, text: 'First.' });
    expect(budget.stats()).toMatchObject({ userBusy: 1 });
    // Once the first turn is done, the same user may start another one.
    fake.enqueue({ kind: 'text', text: 'Again.' });
    expect(await m.chat(request({ userKey: 'same-user' }))).toMatchObject({ ok: true, text: 'Again.' });
  });
});
