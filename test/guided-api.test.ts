/**
 * The guided flow's contract (seeds/contrato-api-onboarding-action.md, docs/behaviour/guided.md, 7, 8)
 * through app.inject(): every rule and every error path, on PGlite and, with DATABASE_URL, on
 * PostgreSQL. One app per backend; every test has its own user.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, newUser as createUser } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';
import {
  act,
  chainBreaks,
  completeFlow,
  copyOf,
  guidedEventCount,
  guidedEvents,
  guidedSessions,
  mainUseOptions,
  numberedSteps,
  reply,
  say,
  selectOption,
  start,
  styleOptions,
  submitText,
  userIdOf,
  type GuidedBody,
  type GuidedReply,
} from './helpers/guided-client.js';

/** docs/behaviour/guided.md, word for word. */
const SPEC_MAIN_USE_OPTIONS = [
  { value: 'A', label: 'Hablar con un avatar IA' },
  { value: 'B', label: 'Publicar y leer posts' },
  { value: 'C', label: 'Ambas cosas' },
];
const SPEC_STYLE_OPTIONS = [
  { value: '1', label: 'Calmado y empático' },
  { value: '2', label: 'Directo y práctico' },
  { value: '3', label: 'Motivador / coach' },
  { value: '4', label: 'Divertido y ligero' },
  { value: '5', label: 'Informativo y neutral' },
];
const SPEC_REASK_NAME = 'No he llegado a ver tu nombre, ¿puedes decírmelo otra vez?';
const SPEC_AGENTS: ReadonlyArray<readonly [string, string]> = [
  ['1', 'calm_companion'],
  ['2', 'direct_helper'],
  ['3', 'coach_motivator'],
  ['4', 'light_fun'],
  ['5', 'info_neutral'],
];

const es = copyOf('es');
const en = copyOf('en');
const INPUT = { type: 'input', options: [] };
const NONE = { type: 'none', options: [] };

/** The body without its `error`: what an error response re-renders. */
function rendered(body: GuidedBody): Omit<GuidedBody, 'error'> {
  const { error: _error, ...rest } = body;
  return rest;
}

function hasQuestionMark(text: string): boolean {
  return /[?¿]/u.test(text);
}

describe.each(BACKENDS)('guided API on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const newUser = () => createUser(t);

  /** A user already in ask_goal with the name Marta. */
  async function userInAskGoal(): Promise<{ sub: string; token: string }> {
    const u = newUser();
    expect((await start(t, u.token)).status).toBe(200);
    expect((await submitText(t, u.token, 'Me llamo Marta')).body.state).toBe('ask_goal');
    return u;
  }

  async function userInChooseMainUse(): Promise<{ sub: string; token: string }> {
    const u = await userInAskGoal();
    expect((await submitText(t, u.token, 'Quiero leer más')).body.state).toBe('choose_main_use');
    return u;
  }

  async function userInChooseStyle(): Promise<{ sub: string; token: string }> {
    const u = await userInChooseMainUse();
    expect((await selectOption(t, u.token, 'C')).body.state).toBe('choose_style');
    return u;
  }

  describe('happy path', () => {
    it('when a new user goes START -> name -> goal -> main use -> style, then every step answers the contract exactly', async () => {
      const u = newUser();

      const s1 = await start(t, u.token);
      expect(s1.status).toBe(200);
      expect(s1.body).toEqual({
        state: 'ask_name',
        messages: [reply('welcome'), reply('app_intro'), reply('ask_name')],
        ui: INPUT,
        context: { onboarding_completed: false },
      });

      const s2 = await submitText(t, u.token, 'Me llamo Marta.');
      expect(s2.status).toBe(200);
      expect(s2.body).toEqual({
        state: 'ask_goal',
        messages: [reply('greet', { name: 'Marta' }), reply('ask_goal')],
        ui: INPUT,
        context: { onboarding_completed: false, user_name: 'Marta' },
      });

      const s3 = await submitText(t, u.token, '  Quiero correr una media maratón en primavera  ');
      expect(s3.status).toBe(200);
      expect(s3.body).toEqual({
        state: 'choose_main_use',
        messages: [reply('ask_main_use')],
        ui: { type: 'buttons', options: SPEC_MAIN_USE_OPTIONS },
        context: {
          onboarding_completed: false,
          user_name: 'Marta',
          user_goal: 'Quiero correr una media maratón en primavera',
        },
      });

      const s4 = await selectOption(t, u.token, 'B');
      expect(s4.status).toBe(200);
      expect(s4.body).toEqual({
        state: 'choose_style',
        messages: [reply('ask_style')],
        ui: { type: 'buttons', options: SPEC_STYLE_OPTIONS },
        context: {
          onboarding_completed: false,
          user_name: 'Marta',
          user_goal: 'Quiero correr una media maratón en primavera',
          main_use: 'B',
        },
      });

      const s5 = await selectOption(t, u.token, '3');
      expect(s5.status).toBe(200);
      expect(s5.body.state).toBe('end');
      expect(s5.body.ui).toEqual(NONE);
      expect(s5.body.messages).toHaveLength(2);
      expect(s5.body.messages[0]?.role).toBe('assistant');
      expect(s5.body.messages[0]?.content.length).toBeGreaterThan(0);
      expect(s5.body.messages[1]).toEqual(say(es.closing.B));
      expect(s5.body.context).toEqual({
        onboarding_completed: true,
        user_name: 'Marta',
        user_goal: 'Quiero correr una media maratón en primavera',
        main_use: 'B',
        preferred_style: '3',
        selected_agent_id: 'coach_motivator',
        next_route: '/',
        ui_hints: { show_chat_cta: false },
      });
    });

    it('when the catalogue renders the buttons, then they are the options docs/behaviour/guided.md lists', () => {
      expect(mainUseOptions('es')).toEqual(SPEC_MAIN_USE_OPTIONS);
      expect(styleOptions('es')).toEqual(SPEC_STYLE_OPTIONS);
    });

    it.each(SPEC_AGENTS)('when the style chosen is %s, then the flow ends with agent %s', async (style, agent) => {
      const u = newUser();
      const end = await completeFlow(t, u.token, { style, mainUse: 'A' });
      expect(end.body.state).toBe('end');
      expect(end.body.context.onboarding_completed).toBe(true);
      expect(end.body.context.preferred_style).toBe(style);
      expect(end.body.context.selected_agent_id).toBe(agent);
      expect(end.body.context.main_use).toBe('A');
    });
  });

  describe('name extraction', () => {
    it.each([
      ['Me llamo Marta.', 'Marta'],
      ['Me llamo Juan, pero todo el mundo me dice Juanki.', 'Juan'],
      ['Soy Ana', 'Ana'],
      ['My name is John', 'John'],
      ["I'm Bob", 'Bob'],
      ['Marta', 'Marta'],
    ])('when the name answer is %j, then the name used is %j', async (text, name) => {
      const u = newUser();
      await start(t, u.token);
      const res = await submitText(t, u.token, text);
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('ask_goal');
      expect(res.body.context.user_name).toBe(name);
      expect(res.body.messages[0]).toEqual(reply('greet', { name }));
      expect(text).toContain(name);
    });
  });

  describe('summary and closing', () => {
    it.each([
      ['Me llamo Marta', 'Quiero correr una maratón', 'Marta'],
      ['Me llamo Juan, pero todo el mundo me dice Juanki.', 'Quiero aprender inglés este año', 'Juan'],
      ['Soy Ana', '¿Qué tiempo hace hoy?', 'Ana'],
      ['Marta', 'no sé', 'Marta'],
      ['Soy Luis', 'Quiero ser millonario en una semana', 'Luis'],
    ])(
      'when %j completes the flow with the goal %j, then the summary names %j, has 2 or 3 numbered steps and asks nothing',
      async (nameText, goal, name) => {
        const u = newUser();
        const end = await completeFlow(t, u.token, { name: nameText, goal, style: '2' });
        const summary = end.body.messages[0]?.content ?? '';
        const closing = end.body.messages[1]?.content ?? '';
        expect(summary).toContain(name);
        const steps = numberedSteps(summary);
        expect(steps.length === 2 || steps.length === 3).toBe(true);
        expect(steps).toEqual(steps.map((_n, i) => i + 1));
        expect(hasQuestionMark(summary)).toBe(false);
        expect(hasQuestionMark(closing)).toBe(false);
        expect(closing.length).toBeGreaterThan(0);
      },
    );
  });

  describe('START', () => {
    it('when a user without a session sends START, then the session is created in ask_name with one creation event', async () => {
      const u = newUser();
      const res = await start(t, u.token);
      expect(res.body.state).toBe('ask_name');
      const sessions = await guidedSessions(t, u.sub);
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.state).toBe('ask_name');
      expect(sessions[0]?.completed).toBe(false);
      const events = await guidedEvents(t, u.sub);
      expect(events.map((e) => [e.from_state, e.to_state, e.event])).toEqual([[null, 'ask_name', 'START']]);
    });

    it('when START arrives in ask_goal, then it resumes ask_goal with its question and the name kept, writing nothing', async () => {
      const u = await userInAskGoal();
      const count = await guidedEventCount(t, u.sub);
      const res = await start(t, u.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        state: 'ask_goal',
        messages: [reply('ask_goal')],
        ui: INPUT,
        context: { onboarding_completed: false, user_name: 'Marta' },
      });
      expect(await guidedEventCount(t, u.sub)).toBe(count);
    });

    it('when START arrives in choose_style, then it resumes choose_style with its buttons and every earlier answer', async () => {
      const u = await userInChooseStyle();
      const res = await start(t, u.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        state: 'choose_style',
        messages: [reply('ask_style')],
        ui: { type: 'buttons', options: SPEC_STYLE_OPTIONS },
        context: { onboarding_completed: false, user_name: 'Marta', user_goal: 'Quiero leer más', main_use: 'C' },
      });
    });

    it('when START arrives in ask_name, then it asks the name again without the welcome', async () => {
      const u = newUser();
      await start(t, u.token);
      const res = await start(t, u.token);
      expect(res.body).toEqual({
        state: 'ask_name',
        messages: [reply('ask_name')],
        ui: INPUT,
        context: { onboarding_completed: false },
      });
    });

    it('when START arrives twice after completion, then both return end with the same stored summary and closing', async () => {
      const u = newUser();
      const end = await completeFlow(t, u.token, { style: '5' });
      const count = await guidedEventCount(t, u.sub);
      const again = await start(t, u.token);
      const third = await start(t, u.token);
      for (const res of [again, third]) {
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          state: 'end',
          messages: [say(end.body.messages[0]?.content ?? 'missing summary'), say(es.closing.A)],
          ui: NONE,
          context: end.body.context,
        });
        expect(res.body.context.onboarding_completed).toBe(true);
      }
      expect(await guidedEventCount(t, u.sub)).toBe(count);
    });

    it("when the request's context.locale is 'en', then the copy is English all the way to the end", async () => {
      const u = newUser();
      const ctx = { locale: 'en' };
      const s1 = await start(t, u.token, ctx);
      expect(s1.body).toEqual({
        state: 'ask_name',
        messages: [reply('welcome', {}, 'en'), reply('app_intro', {}, 'en'), reply('ask_name', {}, 'en')],
        ui: INPUT,
        context: { onboarding_completed: false },
      });
      const s2 = await submitText(t, u.token, 'My name is John', ctx);
      expect(s2.body.messages).toEqual([reply('greet', { name: 'John' }, 'en'), reply('ask_goal', {}, 'en')]);
      const empty = await submitText(t, u.token, '', ctx);
      expect(empty.body.messages).toEqual([reply('reask_goal', {}, 'en')]);
      const s3 = await submitText(t, u.token, 'I want to sleep better', ctx);
      expect(s3.body.messages).toEqual([reply('ask_main_use', {}, 'en')]);
      expect(s3.body.ui).toEqual({ type: 'buttons', options: mainUseOptions('en') });
      const s4 = await selectOption(t, u.token, 'A', ctx);
      expect(s4.body.messages).toEqual([reply('ask_style', {}, 'en')]);
      expect(s4.body.ui).toEqual({ type: 'buttons', options: styleOptions('en') });
      const s5 = await selectOption(t, u.token, '1', ctx);
      expect(s5.body.state).toBe('end');
      expect(s5.body.messages[1]).toEqual(say(en.closing.A));
      const summary = s5.body.messages[0]?.content ?? '';
      expect(summary).toContain('John');
      expect(hasQuestionMark(summary)).toBe(false);
      expect(summary).not.toBe(s5.body.messages[1]?.content);
    });
  });

  describe('empty answers and re-asks', () => {
    it('when the name is empty, then the state stays ask_name with the behaviour reference re-ask message and an input', async () => {
      const u = newUser();
      await start(t, u.token);
      const res = await submitText(t, u.token, '');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        state: 'ask_name',
        messages: [say(SPEC_REASK_NAME)],
        ui: INPUT,
        context: { onboarding_completed: false },
      });
      expect(reply('reask_name')).toEqual(say(SPEC_REASK_NAME));
    });

    it.each([
      ['blank spaces', '   '],
      ['tabs and newlines', '\t\n  \n'],
    ])('when the name is %s, then it counts as empty and is asked again', async (_label, value) => {
      const u = newUser();
      await start(t, u.token);
      const res = await submitText(t, u.token, value);
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('ask_name');
      expect(res.body.messages).toEqual([reply('reask_name')]);
      expect(res.body.ui).toEqual(INPUT);
    });

    it('when SUBMIT_TEXT carries a null value, then it is treated as an empty answer', async () => {
      const u = newUser();
      await start(t, u.token);
      const res = await submitText(t, u.token, null);
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('ask_name');
      expect(res.body.messages).toEqual([reply('reask_name')]);
      expect(res.body.ui).toEqual(INPUT);
    });

    it('when the name is empty three times in a row, then the third reply explains with an example', async () => {
      const u = newUser();
      await start(t, u.token);
      const replies: GuidedReply[] = [];
      for (let i = 0; i < 3; i++) replies.push(await submitText(t, u.token, i === 1 ? '  ' : ''));
      expect(replies.map((r) => r.body.messages)).toEqual([[reply('reask_name')], [reply('reask_name')], [reply('explain_name')]]);
      expect(replies.every((r) => r.body.state === 'ask_name' && r.body.ui.type === 'input')).toBe(true);
      expect(reply('explain_name').content).not.toBe(reply('reask_name').content);
      const fourth = await submitText(t, u.token, '');
      expect(fourth.body.messages).not.toEqual([reply('reask_name')]);
    });

    it('when the goal is empty three times in a row, then the third reply explains with an example', async () => {
      const u = await userInAskGoal();
      const replies: GuidedReply[] = [];
      for (let i = 0; i < 3; i++) replies.push(await submitText(t, u.token, i === 2 ? null : ''));
      expect(replies.map((r) => r.body.messages)).toEqual([[reply('reask_goal')], [reply('reask_goal')], [reply('explain_goal')]]);
      expect(replies.every((r) => r.body.state === 'ask_goal' && r.body.ui.type === 'input')).toBe(true);
      expect(replies.every((r) => r.body.context.user_name === 'Marta')).toBe(true);
    });

    it('when two empty names are followed by a name, then the goal question starts its own count of re-asks', async () => {
      const u = newUser();
      await start(t, u.token);
      await submitText(t, u.token, '');
      await submitText(t, u.token, '');
      expect((await submitText(t, u.token, 'Soy Ana')).body.state).toBe('ask_goal');
      const a = await submitText(t, u.token, '');
      const b = await submitText(t, u.token, '');
      expect([a.body.messages, b.body.messages]).toEqual([[reply('reask_goal')], [reply('reask_goal')]]);
    });
  });

  describe('SELECT_OPTION with a value that is not an option', () => {
    it.each([['Z'], ['a'], ['1'], ['']])(
      'when %j is selected in choose_main_use, then 200, same state, the error message and the same buttons',
      async (value) => {
        const u = await userInChooseMainUse();
        const before = await start(t, u.token);
        const res = await selectOption(t, u.token, value);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          state: 'choose_main_use',
          messages: [reply('invalid_option')],
          ui: { type: 'buttons', options: SPEC_MAIN_USE_OPTIONS },
          context: before.body.context,
        });
      },
    );

    it.each([['6'], ['0'], ['A'], ['1.0']])(
      'when %j is selected in choose_style, then 200, same state, the error message and the same buttons',
      async (value) => {
        const u = await userInChooseStyle();
        const before = await start(t, u.token);
        const res = await selectOption(t, u.token, value);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          state: 'choose_style',
          messages: [reply('invalid_option')],
          ui: { type: 'buttons', options: SPEC_STYLE_OPTIONS },
          context: before.body.context,
        });
      },
    );
  });

  describe('errors leave the stored state unchanged', () => {
    type Setup = 'ask_name' | 'ask_goal' | 'choose_main_use' | 'choose_style';
    interface ErrorCase {
      name: string;
      state: Setup;
      status: number;
      code: string;
      payload?: unknown;
      raw?: string;
    }
    const cases: ErrorCase[] = [
      { name: 'the body is malformed JSON', state: 'ask_goal', status: 400, code: 'VALIDATION_ERROR', raw: '{"action":' },
      { name: 'the body is empty', state: 'ask_goal', status: 400, code: 'VALIDATION_ERROR', raw: '' },
      { name: 'the body is a JSON array', state: 'ask_goal', status: 400, code: 'VALIDATION_ERROR', raw: '[{"action":"START"}]' },
      { name: 'the body is a JSON string', state: 'ask_goal', status: 400, code: 'VALIDATION_ERROR', raw: '"START"' },
      { name: 'the body is a JSON number', state: 'ask_goal', status: 400, code: 'VALIDATION_ERROR', raw: '42' },
      { name: 'the body is JSON null', state: 'ask_goal', status: 400, code: 'VALIDATION_ERROR', raw: 'null' },
      {
        name: 'the action is missing',
        state: 'ask_goal',
        status: 400,
        code: 'VALIDATION_ERROR',
        payload: { value: 'Quiero leer', context: {} },
      },
      {
        name: 'the action is a number',
        state: 'ask_goal',
        status: 400,
        code: 'VALIDATION_ERROR',
        payload: { action: 1, value: 'x', context: {} },
      },
      {
        name: 'the value is a number',
        state: 'ask_goal',
        status: 400,
        code: 'VALIDATION_ERROR',
        payload: { action: 'SUBMIT_TEXT', value: 5, context: {} },
      },
      {
        name: 'the value is an object',
        state: 'ask_goal',
        status: 400,
        code: 'VALIDATION_ERROR',
        payload: { action: 'SUBMIT_TEXT', value: { text: 'x' }, context: {} },
      },
      {
        name: 'the value is an array',
        state: 'choose_main_use',
        status: 400,
        code: 'VALIDATION_ERROR',
        payload: { action: 'SELECT_OPTION', value: ['A'], context: {} },
      },
      {
        name: 'the context is a string',
        state: 'ask_goal',
        status: 400,
        code: 'VALIDATION_ERROR',
        payload: { action: 'SUBMIT_TEXT', value: 'x', context: 'es' },
      },
      {
        name: 'the action is unknown (FOO)',
        state: 'ask_goal',
        status: 400,
        code: 'INVALID_ACTION',
        payload: { action: 'FOO', value: null, context: {} },
      },
      {
        name: 'the action is in lower case',
        state: 'ask_goal',
        status: 400,
        code: 'INVALID_ACTION',
        payload: { action: 'submit_text', value: 'Quiero leer', context: {} },
      },
      {
        name: 'the value has 501 characters',
        state: 'ask_goal',
        status: 400,
        code: 'VALIDATION_ERROR',
        payload: { action: 'SUBMIT_TEXT', value: 'a'.repeat(501), context: {} },
      },
      {
        name: 'SUBMIT_TEXT is sent in choose_main_use',
        state: 'choose_main_use',
        status: 409,
        code: 'ACTION_NOT_ALLOWED',
        payload: { action: 'SUBMIT_TEXT', value: 'A', context: {} },
      },
      {
        name: 'SUBMIT_TEXT is sent in choose_style',
        state: 'choose_style',
        status: 409,
        code: 'ACTION_NOT_ALLOWED',
        payload: { action: 'SUBMIT_TEXT', value: '1', context: {} },
      },
      {
        name: 'SELECT_OPTION is sent in ask_name',
        state: 'ask_name',
        status: 409,
        code: 'ACTION_NOT_ALLOWED',
        payload: { action: 'SELECT_OPTION', value: 'A', context: {} },
      },
      {
        name: 'SELECT_OPTION is sent in ask_goal',
        state: 'ask_goal',
        status: 409,
        code: 'ACTION_NOT_ALLOWED',
        payload: { action: 'SELECT_OPTION', value: '1', context: {} },
      },
      {
        name: 'the body is over 64 KB',
        state: 'ask_goal',
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        payload: { action: 'SUBMIT_TEXT', value: 'x'.repeat(70 * 1024), context: {} },
      },
    ];

    async function userIn(state: Setup): Promise<{ sub: string; token: string }> {
      if (state === 'ask_goal') return userInAskGoal();
      if (state === 'choose_main_use') return userInChooseMainUse();
      if (state === 'choose_style') return userInChooseStyle();
      const u = newUser();
      await start(t, u.token);
      return u;
    }

    it.each(cases)('when $name in $state, then $status $code re-rendering the state, and nothing is stored', async (c) => {
      const u = await userIn(c.state);
      const before = await start(t, u.token);
      expect(before.body.state).toBe(c.state);
      const events = await guidedEventCount(t, u.sub);
      const [session] = await guidedSessions(t, u.sub);

      const res = await act(t, u.token, c.payload, c.raw === undefined ? {} : { raw: c.raw });
      expect(res.status).toBe(c.status);
      expect(res.body.error?.code).toBe(c.code);
      expect(typeof res.body.error?.message).toBe('string');
      expect(res.body.error?.message.length).toBeGreaterThan(0);
      expect(rendered(res.body)).toEqual(before.body);
      expect(Object.keys(res.body).sort()).toEqual(['context', 'error', 'messages', 'state', 'ui']);

      expect(await guidedEventCount(t, u.sub)).toBe(events);
      expect(await guidedSessions(t, u.sub)).toEqual([session]);
      const after = await start(t, u.token);
      expect(after.status).toBe(200);
      expect(after.body).toEqual(before.body);
    });

    it('when the value has exactly 500 characters, then it is accepted', async () => {
      const u = await userInAskGoal();
      const goal = `Quiero ${'a'.repeat(493)}`;
      expect(goal).toHaveLength(500);
      const res = await submitText(t, u.token, goal);
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('choose_main_use');
      expect(res.body.context.user_goal).toBe(goal);
    });

    it.each([
      ['SUBMIT_TEXT', 'Me llamo Marta'],
      ['SELECT_OPTION', 'A'],
    ])('when %s is sent before START, then 409 ACTION_NOT_ALLOWED in state start and no session is created', async (action, value) => {
      const u = newUser();
      const res = await act(t, u.token, { action, value, context: {} });
      expect(res.status).toBe(409);
      expect(res.body.error?.code).toBe('ACTION_NOT_ALLOWED');
      expect(rendered(res.body)).toEqual({ state: 'start', messages: [], ui: NONE, context: { onboarding_completed: false } });
      expect(await guidedEventCount(t, u.sub)).toBe(0);
      expect(await guidedSessions(t, u.sub)).toEqual([]);
      const first = await start(t, u.token);
      expect(first.body.messages).toEqual([reply('welcome'), reply('app_intro'), reply('ask_name')]);
    });

    it.each([
      ['SUBMIT_TEXT', 'Me llamo Otra'],
      ['SELECT_OPTION', '2'],
      ['SELECT_OPTION', 'A'],
    ])('when %s %j is sent after completion, then 409 ACTION_NOT_ALLOWED re-rendering end, and nothing changes', async (action, value) => {
      const u = newUser();
      const end = await completeFlow(t, u.token, { style: '1' });
      const events = await guidedEventCount(t, u.sub);
      const sessions = await guidedSessions(t, u.sub);
      const res = await act(t, u.token, { action, value, context: {} });
      expect(res.status).toBe(409);
      expect(res.body.error?.code).toBe('ACTION_NOT_ALLOWED');
      expect(rendered(res.body)).toEqual(end.body);
      expect(await guidedEventCount(t, u.sub)).toBe(events);
      expect(await guidedSessions(t, u.sub)).toEqual(sessions);
      expect((await start(t, u.token)).body).toEqual(end.body);
    });
  });

  describe('stored state unknown to the machine', () => {
    it.each([
      [
        'a snapshot the machine does not know',
        `UPDATE flow_sessions SET snapshot = '{"value":"nope"}'::jsonb WHERE user_id = $1 AND flow = 'guided'`,
      ],
      [
        'a state name that does not exist',
        `UPDATE flow_sessions SET snapshot = jsonb_set(snapshot, '{value}', '"nope"'), state = 'nope' WHERE user_id = $1 AND flow = 'guided'`,
      ],
      ['machine_version 99', `UPDATE flow_sessions SET machine_version = 99 WHERE user_id = $1 AND flow = 'guided'`],
      ['another machine id', `UPDATE flow_sessions SET machine_id = 'someOtherMachine' WHERE user_id = $1 AND flow = 'guided'`],
    ])('when the stored session has %s, then START starts over from scratch', async (_label, sql) => {
      const u = await userInChooseMainUse();
      const userId = await userIdOf(t, u.sub);
      const changed = await t.database.db.query(sql, [userId]);
      expect(changed.rowCount).toBe(1);

      const res = await start(t, u.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        state: 'ask_name',
        messages: [reply('welcome'), reply('app_intro'), reply('ask_name')],
        ui: INPUT,
        context: { onboarding_completed: false },
      });
      const [session] = await guidedSessions(t, u.sub);
      expect(session?.state).toBe('ask_name');
      expect(session?.machine_version).toBe(1);
      const next = await submitText(t, u.token, 'Soy Ana');
      expect(next.body.state).toBe('ask_goal');
      expect(next.body.context).toEqual({ onboarding_completed: false, user_name: 'Ana' });
    });
  });

  describe('persistence', () => {
    it('when the flow completes, then the guided session row is completed and holds the result for /api/chat', async () => {
      const u = newUser();
      await completeFlow(t, u.token, { mainUse: 'C', style: '4' });
      const sessions = await guidedSessions(t, u.sub);
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.state).toBe('end');
      expect(sessions[0]?.completed).toBe(true);
      expect(sessions[0]?.result).toEqual({
        onboarding_completed: true,
        selected_agent_id: 'light_fun',
        main_use: 'C',
        preferred_style: '4',
        onboarding_completed_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
    });

    it('when the flow runs with a re-ask and an invalid option, then the event log has one chained row per accepted event', async () => {
      const u = newUser();
      await start(t, u.token);
      await submitText(t, u.token, '');
      await act(t, u.token, { action: 'SELECT_OPTION', value: 'A', context: {} }); // 409: not logged
      await submitText(t, u.token, 'Soy Ana');
      await submitText(t, u.token, 'Quiero dormir mejor');
      await selectOption(t, u.token, 'Z');
      await selectOption(t, u.token, 'B');
      await start(t, u.token); // a resume changes nothing: not logged
      await selectOption(t, u.token, '2');
      const events = await guidedEvents(t, u.sub);
      expect(events.map((e) => [e.from_state, e.to_state, e.event])).toEqual([
        [null, 'ask_name', 'START'],
        ['ask_name', 'ask_name', 'SUBMIT_TEXT'],
        ['ask_name', 'ask_goal', 'SUBMIT_TEXT'],
        ['ask_goal', 'choose_main_use', 'SUBMIT_TEXT'],
        ['choose_main_use', 'choose_main_use', 'SELECT_OPTION'],
        ['choose_main_use', 'choose_style', 'SELECT_OPTION'],
        ['choose_style', 'end', 'SELECT_OPTION'],
      ]);
      expect(chainBreaks(events)).toEqual([]);
    });
  });

  describe('user isolation', () => {
    it('when two users progress in turns, then each sees only their own state and no user id appears in any body', async () => {
      const a = newUser();
      const b = newUser();
      const replies: GuidedReply[] = [];
      replies.push(await start(t, a.token));
      replies.push(await submitText(t, a.token, 'Me llamo Marta'));
      const bStart = await start(t, b.token);
      replies.push(bStart);
      expect(bStart.body).toEqual({
        state: 'ask_name',
        messages: [reply('welcome'), reply('app_intro'), reply('ask_name')],
        ui: INPUT,
        context: { onboarding_completed: false },
      });
      replies.push(await submitText(t, b.token, 'Soy Ana'));
      const aGoal = await submitText(t, a.token, 'Quiero leer más');
      replies.push(aGoal);
      expect(aGoal.body.context).toEqual({ onboarding_completed: false, user_name: 'Marta', user_goal: 'Quiero leer más' });
      const bResume = await start(t, b.token);
      replies.push(bResume);
      expect(bResume.body).toEqual({
        state: 'ask_goal',
        messages: [reply('ask_goal')],
        ui: INPUT,
        context: { onboarding_completed: false, user_name: 'Ana' },
      });
      const aEnd = await completeFlowFrom(a.token, 'choose_main_use');
      replies.push(aEnd);
      const bAgain = await start(t, b.token);
      expect(bAgain.body.state).toBe('ask_goal');
      expect(bAgain.body.context.onboarding_completed).toBe(false);

      const ids = [await userIdOf(t, a.sub), await userIdOf(t, b.sub)];
      for (const r of replies) {
        for (const id of ids) expect(r.raw).not.toContain(String(id));
        expect(r.raw).not.toContain(a.sub);
        expect(r.raw).not.toContain(b.sub);
      }
      expect(await guidedEventCount(t, b.sub)).toBe(2);
    });

    async function completeFlowFrom(token: string, state: 'choose_main_use'): Promise<GuidedReply> {
      expect((await start(t, token)).body.state).toBe(state);
      await selectOption(t, token, 'A');
      return selectOption(t, token, '2');
    }
  });

  describe('Idempotency-Key', () => {
    it('when the same key and body are sent twice, then the second gets the same response, replayed, applied once', async () => {
      const u = newUser();
      await start(t, u.token);
      const events = await guidedEventCount(t, u.sub);
      const key = `k-${randomUUID()}`;
      const payload = { action: 'SUBMIT_TEXT', value: 'Me llamo Marta', context: {} };
      const first = await act(t, u.token, payload, { headers: { 'idempotency-key': key } });
      expect(first.status).toBe(200);
      expect(first.body.state).toBe('ask_goal');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const second = await act(t, u.token, payload, { headers: { 'idempotency-key': key } });
      expect(second.status).toBe(first.status);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(await guidedEventCount(t, u.sub)).toBe(events + 1);
      // Applied once: a second application would have taken the text as the goal.
      expect((await start(t, u.token)).body.state).toBe('ask_goal');
    });

    it('when the same key comes with another body, then 422 IDEMPOTENCY_KEY_REUSED and nothing is applied', async () => {
      const u = newUser();
      await start(t, u.token);
      const key = `k-${randomUUID()}`;
      await act(t, u.token, { action: 'SUBMIT_TEXT', value: 'Me llamo Marta', context: {} }, { headers: { 'idempotency-key': key } });
      const events = await guidedEventCount(t, u.sub);
      const res = await act(
        t,
        u.token,
        { action: 'SUBMIT_TEXT', value: 'Quiero leer más', context: {} },
        { headers: { 'idempotency-key': key } },
      );
      expect(res.status).toBe(422);
      expect(res.body.error?.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await guidedEventCount(t, u.sub)).toBe(events);
      const now = await start(t, u.token);
      expect(now.body.state).toBe('ask_goal');
      expect(now.body.context.user_goal).toBeUndefined();
    });

    it('when another user sends the same key, then it is independent of the first user', async () => {
      const a = newUser();
      const b = newUser();
      const key = `shared-${randomUUID()}`;
      await start(t, a.token);
      const aRes = await act(t, a.token, { action: 'SUBMIT_TEXT', value: 'Soy Ana', context: {} }, { headers: { 'idempotency-key': key } });
      expect(aRes.status).toBe(200);
      const bRes = await act(t, b.token, { action: 'START', value: null, context: {} }, { headers: { 'idempotency-key': key } });
      expect(bRes.status).toBe(200);
      expect(bRes.headers['idempotent-replayed']).toBeUndefined();
      expect(bRes.body.state).toBe('ask_name');
      expect(bRes.body.context).toEqual({ onboarding_completed: false });
      const bSame = await act(
        t,
        b.token,
        { action: 'SUBMIT_TEXT', value: 'Soy Ana', context: {} },
        { headers: { 'idempotency-key': `${key}-b` } },
      );
      expect(bSame.body.context.user_name).toBe('Ana');
      expect(await guidedEventCount(t, b.sub)).toBe(2);
    });
  });
});
