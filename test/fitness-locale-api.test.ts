/**
 * SPEC 14 for the fitness flow through app.inject(): the REST progress, step, completion and
 * users/me answers, the onboarding chat and the user-facing errors speak the request's language
 * (the chat's `locale`, then Accept-Language, then the conversation's own, then English), while
 * codes and field names stay English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FITNESS_STATES, type StateNumber } from '../machines/fitness/states.js';
import { stateCopy } from '../src/flows/fitness/agents/offline/copy.js';
import { buildTestApp, type TestApp } from './helpers/app.js';
import {
  COMPLETE_URL,
  ME_URL,
  PROGRESS_URL,
  STEP_INPUT,
  as,
  expectError,
  get,
  newUser,
  post,
  saveStep,
  saveThrough,
  type MeBody,
  type ProgressBody,
  type StateInfo,
} from './helpers/fitness-client.js';
import { BACKENDS } from './helpers/db.js';

const CHAT_URL = '/api/v1/chat/onboarding';

/** The state's name and description as the state table writes them in each language. */
function info(n: StateNumber, locale: 'en' | 'es'): Pick<StateInfo, 'name' | 'description'> {
  const meta = FITNESS_STATES[n - 1];
  if (meta === undefined) throw new Error(`no state ${n}`);
  return locale === 'es' ? { name: meta.name_es, description: meta.description_es } : { name: meta.name, description: meta.description };
}

const es = { 'accept-language': 'es-ES,es;q=0.9' };
const en = { 'accept-language': 'en-US' };

interface StepReply {
  message: string;
  next_state_info: StateInfo | null;
}

interface ChatReply {
  response: string;
  progress: ProgressBody;
}

describe.each(BACKENDS)('fitness flow language on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('REST progress and step answers', () => {
    it.each([
      ['es-ES', 'es'],
      ['es-MX', 'es'],
      ['fr-FR, es;q=0.8, en;q=0.5', 'es'],
      ['en-GB', 'en'],
      ['EN', 'en'],
      [undefined, 'en'],
    ] as const)(
      'when progress is asked with Accept-Language %s, then the state names and descriptions are in %s',
      async (header, locale) => {
        const user = newUser(t);
        await saveThrough(t, user.token, 1);
        const r = await get(t, PROGRESS_URL, user.token, header === undefined ? {} : { 'accept-language': header });
        expect(r.status, r.raw).toBe(200);
        const body = as<ProgressBody>(r).body;
        expect(body.current_state_info).toMatchObject({ state_number: 2, ...info(2, locale), agent: 'workout_planning' });
        expect(body.next_state_info).toMatchObject({ state_number: 3, ...info(3, locale) });
      },
    );

    it('when a state is saved in Spanish, then the message and the next state are in Spanish, and in English without the header', async () => {
      const user = newUser(t);
      const saved = await saveStep(t, user.token, 1, STEP_INPUT[1], es);
      expect(saved.status, saved.raw).toBe(200);
      const body = as<StepReply>(saved).body;
      expect(body.message).toBe(`Guardado: ${info(1, 'es').name}. Siguiente: ${info(2, 'es').name}.`);
      expect(body.next_state_info).toMatchObject({ state_number: 2, ...info(2, 'es') });

      const again = await saveStep(t, user.token, 2, STEP_INPUT[2]);
      expect(again.status, again.raw).toBe(200);
      expect(as<StepReply>(again).body.message).toBe(`${info(2, 'en').name} saved. Next: ${info(3, 'en').name}.`);
    });

    it('when onboarding is completed in Spanish, then the message and the progress are in Spanish', async () => {
      const user = newUser(t);
      await saveThrough(t, user.token, 9);
      const r = await post(t, COMPLETE_URL, user.token, {}, es);
      expect(r.status, r.raw).toBe(200);
      const body = as<{ message: string; progress: ProgressBody }>(r).body;
      expect(body.message).toBe('Onboarding completado: ya tienes todas las funciones.');
      expect(body.progress.current_state_info).toMatchObject(info(9, 'es'));
    });

    it('when users/me is asked in Spanish before completion, then the unlock message is Spanish', async () => {
      const user = newUser(t);
      const spanish = await get(t, ME_URL, user.token, es);
      expect(spanish.status, spanish.raw).toBe(200);
      expect(as<MeBody>(spanish).body.access_control.unlock_message).toBe('Completa el onboarding para desbloquear todas las funciones');
      const english = await get(t, ME_URL, user.token, en);
      expect(as<MeBody>(english).body.access_control.unlock_message).toBe('Complete onboarding to unlock all features');
    });
  });

  describe('REST errors', () => {
    it('when a state fails validation in Spanish, then the message is Spanish, the code and field English', async () => {
      const user = newUser(t);
      const r = await saveStep(t, user.token, 1, { fitness_level: 'expert' }, es);
      const error = expectError(r, 400, 'VALIDATION_ERROR');
      expect(error.detail.field).toBe('fitness_level');
      expect(error.detail.message).toBe('fitness_level debe ser uno de estos valores: beginner, intermediate, advanced');

      const english = expectError(await saveStep(t, user.token, 1, { fitness_level: 'expert' }, en), 400, 'VALIDATION_ERROR');
      expect(english.detail.message).toBe('fitness_level must be one of beginner, intermediate, advanced');
    });

    it.each([
      [
        5,
        { daily_calorie_target: 900, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 },
        'daily_calorie_target debe ser un número entero entre 1000 y 5000',
      ],
      [
        5,
        { daily_calorie_target: 2000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 40 },
        'protein_percentage, carbs_percentage y fats_percentage deben sumar 100 (suman 110)',
      ],
      [1, {}, 'falta fitness_level'],
      [1, { fitness_level: 'beginner', extra: 1 }, 'campo desconocido: extra'],
      [8, { daily_water_target_ml: 2000 }, 'falta reminder_frequency_minutes: es obligatorio si los recordatorios están activados'],
    ])('when state %i is refused in Spanish, then it says why in Spanish', async (step, data, message) => {
      const user = newUser(t);
      await saveThrough(t, user.token, step - 1);
      const error = expectError(await saveStep(t, user.token, step, data, es), 400, 'VALIDATION_ERROR');
      expect(error.detail.message).toBe(message);
    });

    it('when a later state is saved too early in Spanish, then STATE_MISMATCH says which state is current, in Spanish', async () => {
      const user = newUser(t);
      const error = expectError(await saveStep(t, user.token, 3, STEP_INPUT[3], es), 400, 'STATE_MISMATCH');
      expect(error.detail.current_state).toBe(1);
      expect(error.detail.message).toBe(`Ese paso todavía no se puede guardar: ahora toca el paso 1 (${info(1, 'es').name}).`);
    });

    it('when completion is asked too early in Spanish, then ONBOARDING_INCOMPLETE lists the missing states in Spanish', async () => {
      const user = newUser(t);
      await saveThrough(t, user.token, 7);
      const error = expectError(await post(t, COMPLETE_URL, user.token, {}, es), 400, 'ONBOARDING_INCOMPLETE');
      expect(error.detail.message).toBe('Todavía no se puede completar el onboarding: faltan los pasos 8, 9.');
    });

    it('when the agent header is wrong in Spanish, then the message is Spanish', async () => {
      const user = newUser(t);
      const error = expectError(
        await saveStep(t, user.token, 1, STEP_INPUT[1], { ...es, 'x-agent-context': 'nobody' }),
        400,
        'VALIDATION_ERROR',
      );
      expect(error.detail.message).toMatch(/^X-Agent-Context debe ser uno de estos valores: /);
    });
  });

  describe('onboarding chat', () => {
    it('when the chat is spoken to with Accept-Language es, then it answers in Spanish and its progress is Spanish', async () => {
      const user = newUser(t);
      const r = await post(t, CHAT_URL, user.token, { message: 'beginner', current_state: 1 }, es);
      expect(r.status, r.raw).toBe(200);
      const body = as<ChatReply>(r).body;
      expect(body.response).toContain(stateCopy(2, 'es').question);
      expect(body.progress.current_state_info).toMatchObject(info(2, 'es'));
    });

    it('when the body names a locale, then it wins over Accept-Language', async () => {
      const user = newUser(t);
      const r = await post(t, CHAT_URL, user.token, { message: 'principiante', current_state: 1, locale: 'en-GB' }, es);
      expect(r.status, r.raw).toBe(200);
      const body = as<ChatReply>(r).body;
      expect(body.response).toContain(stateCopy(2, 'en').question);
      expect(body.progress.current_state_info).toMatchObject(info(2, 'en'));
    });

    it('when a later turn states no language, then the conversation keeps the one it was spoken in', async () => {
      const user = newUser(t);
      const first = await post(t, CHAT_URL, user.token, { message: 'hola', current_state: 1 }, es);
      expect(first.status, first.raw).toBe(200);
      // An English answer with no header: the session's Spanish decides.
      const second = await post(t, CHAT_URL, user.token, { message: 'beginner', current_state: 1 });
      expect(second.status, second.raw).toBe(200);
      const body = as<ChatReply>(second).body;
      expect(body.response).toContain(stateCopy(2, 'es').question);
      expect(body.progress.current_state_info).toMatchObject(info(2, 'es'));

      // Its refusals speak it too.
      const mismatch = expectError(await post(t, CHAT_URL, user.token, { message: 'vegano', current_state: 4 }), 400, 'STATE_MISMATCH');
      expect(mismatch.detail.message).toBe(`Ese paso todavía no se puede guardar: ahora toca el paso 2 (${info(2, 'es').name}).`);

      // A request that states English is answered in English.
      const english = await post(t, CHAT_URL, user.token, { message: 'build muscle', current_state: 2 }, en);
      expect(english.status, english.raw).toBe(200);
      expect(as<ChatReply>(english).body.progress.current_state_info).toMatchObject(info(3, 'en'));
    });

    it('when nothing states a language, then an English message gets English', async () => {
      const user = newUser(t);
      const r = await post(t, CHAT_URL, user.token, { message: 'beginner', current_state: 1 });
      expect(r.status, r.raw).toBe(200);
      expect(as<ChatReply>(r).body.response).toContain(stateCopy(2, 'en').question);
    });

    it('when the chat body is invalid in Spanish, then the error is plain Spanish with no framework text', async () => {
      const user = newUser(t);
      const empty = expectError(await post(t, CHAT_URL, user.token, { message: '   ', current_state: 1 }, es), 400, 'VALIDATION_ERROR');
      expect(empty.detail.message).toBe('message no puede estar vacío.');
      const state = expectError(await post(t, CHAT_URL, user.token, { message: 'hola', current_state: 12 }, es), 400, 'VALIDATION_ERROR');
      expect(state.detail.message).toBe('current_state debe ser como máximo 9.');
      const missing = expectError(await post(t, CHAT_URL, user.token, { message: 'hola' }, es), 400, 'VALIDATION_ERROR');
      expect(missing.detail.message).toBe('Falta current_state.');
      for (const error of [empty, state, missing]) expect(error.detail.message).not.toMatch(/Invalid|expected|received|must/);
    });

    it('when the onboarding is complete and the chat is spoken to in Spanish, then ONBOARDING_COMPLETED says so in Spanish', async () => {
      const user = newUser(t);
      await saveThrough(t, user.token, 9);
      expect((await post(t, COMPLETE_URL, user.token, {})).status).toBe(200);
      const error = expectError(
        await post(t, CHAT_URL, user.token, { message: 'hola', current_state: 9 }, es),
        403,
        'ONBOARDING_COMPLETED',
      );
      expect(error.detail.message).toBe('El onboarding ya está completado; para seguir hablando usa /api/v1/chat.');
    });
  });
});
