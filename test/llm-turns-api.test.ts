/**
 * Whole turns through the HTTP API with the Anthropic adapters on, the real SDK talking to a
 * fake Messages API on loopback: a malformed, hostile or slow model answer never gives a 5xx,
 * the turn falls back offline within its deadline, and the stored rows hold only the fallback.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { offlineSummary } from '../src/flows/guided/summary/offline.js';
import { unstorableText } from '../src/llm/text.js';
import { buildTestApp, newUser, type TestApp } from './helpers/app.js';
import { chatOnboarding, getState, newChatUser, storedMessages } from './helpers/chat-client.js';
import { BACKENDS } from './helpers/db.js';
import { MALFORMED, startFakeAnthropic, type FakeAnthropic } from './helpers/fake-anthropic.js';
import { completeFlow, guidedSessions } from './helpers/guided-client.js';

const CALL_MS = 400;
const TURN_MS = 700;
/** Room for the database work of a turn on a busy machine, on top of the LLM deadline. */
const SLACK_MS = 2_000;

const storable = (text: string): boolean => unstorableText(text) === null && text.length <= 8_000;

describe.each(BACKENDS)('LLM-backed turns with malformed or slow answers on %s', (backend) => {
  let t: TestApp;
  let fake: FakeAnthropic;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    t = await buildTestApp(backend, {
      env: {
        ANTHROPIC_API_KEY: 'test-key',
        ANTHROPIC_BASE_URL: fake.baseURL,
        LLM_TIMEOUT_MS: String(CALL_MS),
        LLM_TURN_TIMEOUT_MS: String(TURN_MS),
        LLM_MAX_RETRIES: '0',
      },
      // The helper turns the summary LLM off by default; here it comes from the config.
      app: { summaryLlm: undefined },
    });
  });
  afterEach(() => {
    fake.handler = null;
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it.each(MALFORMED)('when the onboarding agent gets %s, then the offline agent answers and saves what it reads', async (_label, reply) => {
    const u = await newChatUser(t, `llm-${backend}`);
    fake.enqueue(reply);

    const res = await chatOnboarding(t, u.token, "I'm a beginner", 1);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ agent_type: 'workout_planning', state_updated: true, new_state: 2 });
    const state = await getState(t, u.token);
    expect(state.body.step_data).toEqual({ step_1: { fitness_level: 'beginner' } });
    const rows = await storedMessages(t, u.userId, 'onboarding');
    expect(rows.map((r) => r.role)).toEqual(['user', 'assistant']);
    expect(rows.every((r) => storable(r.content))).toBe(true);
    expect(rows[1]?.content).toBe(res.body.response);
  });

  it('when every tool round of the model is slow, then the turn answers within the turn deadline and its rows agree with the state', async () => {
    const u = await newChatUser(t, `llm-slow-${backend}`);
    fake.handler = () => ({ kind: 'delay', ms: 250, then: { kind: 'tool_use', name: 'get_onboarding_state', input: {} } });
    const started = performance.now();

    const res = await chatOnboarding(t, u.token, "I'm a beginner", 1);

    expect(performance.now() - started).toBeLessThan(TURN_MS + SLACK_MS);
    expect(res.status).toBe(200);
    const state = await getState(t, u.token);
    const rows = await storedMessages(t, u.userId, 'onboarding');
    expect(rows.map((r) => r.role)).toEqual(['user', 'assistant']);
    expect(rows[1]?.content).toBe(res.body.response);
    expect(state.body.current_step).toBe(res.body.state_updated ? 2 : 1);
  });

  it.each(MALFORMED.filter(([label]) => !label.includes('tool input')))(
    'when the guided summary gets %s, then the flow completes with the offline summary stored',
    async (_label, reply) => {
      const u = newUser(t, `llm-guided-${backend}`);
      fake.handler = () => reply;

      const end = await completeFlow(t, u.token, { name: 'Me llamo Marta', goal: 'Quiero correr 5 km', mainUse: 'A', style: '3' });

      expect(end.status).toBe(200);
      expect(end.body.state).toBe('end');
      const summary = end.body.messages[0]?.content ?? '';
      expect(summary).toBe(offlineSummary({ name: 'Marta', goal: 'Quiero correr 5 km', mainUse: 'A', style: '3', locale: 'es' }));
      const [session] = await guidedSessions(t, u.sub);
      expect(session?.completed).toBe(true);
      expect(JSON.stringify(session)).not.toContain('\\u0000');
    },
  );

  it('when the guided summary call hangs, then the flow completes with the offline summary within the turn deadline', async () => {
    const u = newUser(t, `llm-guided-hang-${backend}`);
    fake.handler = () => ({ kind: 'hang' });
    const started = performance.now();

    const end = await completeFlow(t, u.token);

    expect(end.status).toBe(200);
    expect(end.body.state).toBe('end');
    expect(performance.now() - started).toBeLessThan(TURN_MS + 5 * SLACK_MS);
    await fake.hangsClosed();
  });
});
