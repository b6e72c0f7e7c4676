/** The offline general agent on /api/v1/chat: answers the question asked, confirms changes before saving them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, json, newUser, type TestApp } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';
import { detectLocale, replyLocale } from '../src/flows/assistant/offline.js';
import type { ChatMessage } from '../src/flows/fitness/chat-store.js';

describe('the language of the general agent’s reply', () => {
  it.each([
    ['tell me a joke', 'en'],
    ['What are my allergies?', 'en'],
    ['I hurt my knee again', 'en'],
    ['me duele la rodilla otra vez', 'es'],
    ['¿Qué suplementos tomo?', 'es'],
    ['añade cacahuetes a mis alergias', 'es'],
    ['sí', 'es'],
    ['no', null],
    ['ok', null],
  ] as const)('when the message is %j, then its language is %s', (message, expected) => {
    expect(detectLocale(message)).toBe(expected);
  });

  it('when the message shows no language, then the conversation’s language is kept, else the fitness default', () => {
    const said = (content: string): ChatMessage => ({
      role: 'user',
      content,
      agent_type: 'general',
      state: null,
      created_at: '',
      meta: null,
    });
    expect(replyLocale('no', [said('añade cacahuetes a mis alergias')])).toBe('es');
    expect(replyLocale('ok', [said('I went vegan'), said('?')])).toBe('en');
    expect(replyLocale('no', [])).toBe('en');
    expect(replyLocale('tell me a joke', [], 'es')).toBe('es');
  });
});

const PROFILE: Array<[number, unknown]> = [
  [1, { fitness_level: 'beginner' }],
  [2, { goals: [{ goal_type: 'fat_loss', priority: 1 }] }],
  [3, { equipment: ['dumbbells'], injuries: [], limitations: [] }],
  [4, { diet_type: 'omnivore', allergies: ['shellfish'], intolerances: [], dislikes: [] }],
  [5, { daily_calorie_target: 2000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 }],
  [6, { meals: [{ meal_name: 'breakfast', scheduled_time: '08:00' }] }],
  [7, { workouts: [{ day_of_week: 0, scheduled_time: '18:00' }] }],
  [8, { daily_water_target_ml: 2500, reminder_frequency_minutes: 60 }],
  [9, { interested_in_supplements: true, current_supplements: ['creatine'] }],
];

describe.each(BACKENDS)('offline general agent on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function completedUser(): Promise<string> {
    const { token } = newUser(t);
    for (const [step, data] of PROFILE) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/onboarding/step',
        headers: { authorization: `Bearer ${token}` },
        payload: { step, data },
      });
      expect(res.statusCode).toBe(200);
    }
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/onboarding/complete', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(200);
    return token;
  }
  const ask = async (token: string, message: string, conversation_id?: string) =>
    json<{ response: string; conversation_id: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/chat',
        headers: { authorization: `Bearer ${token}` },
        payload: { message, ...(conversation_id ? { conversation_id } : {}) },
      }),
    );
  const profile = async (token: string) =>
    json<{ fitness: Record<string, Record<string, unknown>> }>(
      await t.app.inject({ method: 'GET', url: '/api/v1/profiles/me', headers: { authorization: `Bearer ${token}` } }),
    );

  it('when asked different questions, then each answer is about what was asked, in the language asked', async () => {
    const token = await completedUser();
    expect((await ask(token, 'What are my allergies?')).response).toBe('Allergies: shellfish. Intolerances: none.');
    expect((await ask(token, 'How much water should I drink?')).response).toBe(
      'Your water target is 2500 ml a day, with a reminder every 60 minutes.',
    );
    expect((await ask(token, '¿Qué suplementos tomo?')).response).toBe('Suplementos que tomas: creatine.');
    expect((await ask(token, 'What are my goals?')).response).toBe('Your goals: fat loss.');
    expect((await ask(token, 'tell me a joke')).response).toContain('I can tell you what your profile says');
  });

  it('when the user says "I went vegan" and then yes, then the diet is saved through the step service and recorded as general', async () => {
    const token = await completedUser();
    const proposal = await ask(token, 'I went vegan');
    expect(proposal.response).toContain('change your diet to vegan');
    expect((await profile(token)).fitness.dietary_preferences?.diet_type).toBe('omnivore');
    const done = await ask(token, 'yes', proposal.conversation_id);
    expect(done.response).toContain('Done');
    expect((await profile(token)).fitness.dietary_preferences?.diet_type).toBe('vegan');
    const { rows } = await t.database.db.query<{ agent_history: Array<{ agent: string; state: number }> }>(
      'SELECT o.agent_history FROM onboarding_states o JOIN users u ON u.id = o.user_id WHERE u.sub = $1',
      [JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub],
    );
    expect(rows[0]?.agent_history.at(-1)).toMatchObject({ agent: 'general', state: 4 });
  });

  it('when the user asks in Spanish to add an allergy and says no, then nothing changes', async () => {
    const token = await completedUser();
    const proposal = await ask(token, 'añade cacahuetes a mis alergias');
    expect(proposal.response).toContain('«cacahuetes»');
    const no = await ask(token, 'no', proposal.conversation_id);
    expect(no.response).toBe('De acuerdo, no he cambiado nada.');
    expect((await profile(token)).fitness.dietary_preferences?.allergies).toEqual(['shellfish']);
  });

  it('when the user hurt their knee again and confirms, then the injury is added', async () => {
    const token = await completedUser();
    const proposal = await ask(token, 'I hurt my knee again');
    expect(proposal.response).toContain('“knee”');
    await ask(token, 'yes please', proposal.conversation_id);
    expect((await profile(token)).fitness.workout_constraints?.injuries).toEqual(['knee']);
  });
});
