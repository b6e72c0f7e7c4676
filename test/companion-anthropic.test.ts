/** The Anthropic adapters of /api/chat and /api/v1/chat against the fake Messages API on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, json, newUser, type TestApp } from './helpers/app.js';
import { startFakeAnthropic, systemText, type FakeAnthropic } from './helpers/fake-anthropic.js';

describe('Anthropic companion and general agent', () => {
  let t: TestApp;
  let fake: FakeAnthropic;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    t = await buildTestApp('pglite', { env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.baseURL, LLM_TIMEOUT_MS: '5000' } });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const chat = async (token: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/chat', headers: { authorization: `Bearer ${token}` }, payload });

  it('when the model answers, then the reply is its text and the request carries the persona prompt, temperature and history', async () => {
    const { token } = newUser(t);
    fake.enqueue({ kind: 'text', text: 'Hola, soy Kira. ¡Vamos!' }, { kind: 'text', text: 'Segundo turno.' });
    const first = json<{ conversation_id: string; messages: Array<{ content: string }> }>(
      await chat(token, { agent_id: 'coach_motivator', message: 'Hola' }),
    );
    expect(first.messages[0]?.content).toBe('Hola, soy Kira. ¡Vamos!');
    await chat(token, { agent_id: 'coach_motivator', message: 'y ahora', conversation_id: first.conversation_id });
    const req = fake.requests.at(-1)!;
    expect(systemText(req)).toContain('Kira, una coach enérgica');
    expect(systemText(req)).toContain('Nunca culpa a la persona.');
    expect(req.body.temperature).toBe(0.7);
    expect(req.body.messages).toEqual([
      { role: 'user', content: 'Hola' },
      { role: 'assistant', content: 'Hola, soy Kira. ¡Vamos!' },
      { role: 'user', content: 'y ahora' },
    ]);
  });

  it('when the API answers 500, then the offline persona answers instead', async () => {
    const { token } = newUser(t);
    fake.enqueue({ kind: 'status', status: 500 });
    const res = json<{ messages: Array<{ content: string }> }>(await chat(token, { agent_id: 'light_fun', message: 'Hola' }));
    expect(res.messages[0]?.content).toContain('Pixel');
  });

  it('when the API does not answer within LLM_TIMEOUT_MS, then the offline persona answers and the call is aborted', async () => {
    const { token } = newUser(t);
    fake.enqueue({ kind: 'hang' });
    const res = await chat(token, { agent_id: 'info_neutral', message: 'Hola' });
    expect(res.statusCode).toBe(200);
    expect(json<{ messages: Array<{ content: string }> }>(res).messages[0]?.content).toContain('Atlas');
    await fake.hangsClosed();
  });

  async function completedUser(): Promise<string> {
    const { token } = newUser(t);
    const steps: Array<[number, unknown]> = [
      [1, { fitness_level: 'beginner' }],
      [2, { goals: [{ goal_type: 'fat_loss' }] }],
      [3, { equipment: [], injuries: [], limitations: [] }],
      [4, { diet_type: 'omnivore', allergies: [], intolerances: [], dislikes: [] }],
      [5, { daily_calorie_target: 2000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 }],
      [6, { meals: [{ meal_name: 'lunch', scheduled_time: '13:00' }] }],
      [7, { workouts: [{ day_of_week: 1, scheduled_time: '18:00' }] }],
      [8, { daily_water_target_ml: 2000, reminder_frequency_minutes: 90 }],
      [9, { interested_in_supplements: false }],
    ];
    for (const [step, data] of steps) {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/onboarding/step',
        headers: { authorization: `Bearer ${token}` },
        payload: { step, data },
      });
    }
    await t.app.inject({ method: 'POST', url: '/api/v1/onboarding/complete', headers: { authorization: `Bearer ${token}` } });
    return token;
  }
  const general = async (token: string, message: string, conversation_id?: string) =>
    json<{ response: string; conversation_id: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/chat',
        headers: { authorization: `Bearer ${token}` },
        payload: { message, ...(conversation_id ? { conversation_id } : {}) },
      }),
    );
  const diet = async (token: string) =>
    json<{ fitness: { dietary_preferences: { diet_type: string } } }>(
      await t.app.inject({ method: 'GET', url: '/api/v1/profiles/me', headers: { authorization: `Bearer ${token}` } }),
    ).fitness.dietary_preferences.diet_type;

  it('when the model proposes a change and applies it after the user agrees, then the profile changes through the step service', async () => {
    const token = await completedUser();
    const newDiet = { diet_type: 'vegan', allergies: [], intolerances: [], dislikes: [] };
    fake.enqueue(
      { kind: 'tool_use', name: 'propose_profile_change', input: { state: 4, data: newDiet, description: 'diet to vegan' } },
      { kind: 'text', text: 'Shall I switch your diet to vegan?' },
    );
    const ask = await general(token, 'I went vegan');
    expect(ask.response).toBe('Shall I switch your diet to vegan?');
    expect(systemText(fake.requests.at(-1)!)).toContain('"diet_type":"omnivore"');
    expect(await diet(token)).toBe('omnivore');
    fake.enqueue({ kind: 'tool_use', name: 'apply_confirmed_change', input: {} }, { kind: 'text', text: 'Done, you are vegan now.' });
    const done = await general(token, 'yes', ask.conversation_id);
    expect(done.response).toBe('Done, you are vegan now.');
    expect(await diet(token)).toBe('vegan');
  });

  it('when the model tries to apply a change nobody proposed, then the tool is refused and nothing is saved', async () => {
    const token = await completedUser();
    fake.enqueue({ kind: 'tool_use', name: 'apply_confirmed_change', input: {} }, { kind: 'text', text: 'I cannot change anything yet.' });
    const res = await general(token, 'make me keto');
    expect(res.response).toBe('I cannot change anything yet.');
    const toolResult = JSON.stringify(fake.requests.at(-1)!.body.messages);
    expect(toolResult).toContain('Refused: there is no proposed change');
    expect(toolResult).toContain('"is_error":true');
    expect(await diet(token)).toBe('omnivore');
  });
});
