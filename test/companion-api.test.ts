/** POST /api/chat and the conversation listings: every rule and error of the contract, on each backend. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, json, newUser, type TestApp } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';
import { completeFlow } from './helpers/guided-client.js';

interface ChatBody {
  messages: Array<{ role: string; content: string }>;
  conversation_id: string;
  agent_id: string;
}
interface ErrorBody {
  error: { code: string; message: string };
}

describe.each(BACKENDS)('/api/chat on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const chat = (token: string | null, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/chat',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('when a message is sent without conversation_id, then the avatar answers and a new conversation id is returned', async () => {
    const { token } = newUser(t);
    const res = await chat(token, { agent_id: 'direct_helper', message: 'Hola' });
    expect(res.statusCode).toBe(200);
    const body = json<ChatBody>(res);
    expect(Object.keys(body).sort()).toEqual(['agent_id', 'conversation_id', 'messages']);
    expect(body.agent_id).toBe('direct_helper');
    expect(body.conversation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]?.role).toBe('assistant');
    expect(body.messages[0]?.content).toContain('Nexo');
  });

  it('when the same conversation continues, then the id is kept and both turns are listed in order', async () => {
    const { token } = newUser(t);
    const first = json<ChatBody>(await chat(token, { agent_id: 'calm_companion', message: 'Hola', conversation_id: null }));
    const second = json<ChatBody>(
      await chat(token, { agent_id: 'calm_companion', message: 'gracias', conversation_id: first.conversation_id }),
    );
    expect(second.conversation_id).toBe(first.conversation_id);
    const list = json<{ conversations: Array<{ conversation_id: string; agent_id: string }> }>(
      await t.app.inject({ method: 'GET', url: '/api/chat/conversations', headers: { authorization: `Bearer ${token}` } }),
    );
    expect(list.conversations.map((c) => [c.conversation_id, c.agent_id])).toEqual([[first.conversation_id, 'calm_companion']]);
    const msgs = json<{ messages: Array<{ role: string; content: string }> }>(
      await t.app.inject({
        method: 'GET',
        url: `/api/chat/conversations/${first.conversation_id}/messages`,
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(msgs.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(msgs.messages[2]?.content).toBe('gracias');
    expect(msgs.messages[3]?.content).toBe(second.messages[0]?.content);
  });

  it.each([
    ['no agent_id', { message: 'hola' }],
    ['an unknown agent', { agent_id: 'ghost', message: 'hola' }],
    ['a system agent', { agent_id: 'andhis_default', message: 'hola' }],
    ['a non-string agent', { agent_id: 3, message: 'hola' }],
  ])('when the request has %s, then 400 INVALID_AGENT in Spanish', async (_what, payload) => {
    const res = await chat(newUser(t).token, payload);
    expect(res.statusCode).toBe(400);
    expect(json<ErrorBody>(res)).toEqual({
      error: { code: 'INVALID_AGENT', message: 'Ese avatar no existe. Elige uno de los avatares disponibles.' },
    });
  });

  it.each([
    ['no message', { agent_id: 'light_fun' }],
    ['a blank message', { agent_id: 'light_fun', message: '   \n ' }],
    ['a message over 4000 characters', { agent_id: 'light_fun', message: 'a'.repeat(4001) }],
    ['a NUL character', { agent_id: 'light_fun', message: 'hola\u0000' }],
  ])('when the request has %s, then 400 INVALID_MESSAGE and nothing is stored', async (_what, payload) => {
    const { token } = newUser(t);
    const res = await chat(token, payload);
    expect(res.statusCode).toBe(400);
    expect(json<ErrorBody>(res).error.code).toBe('INVALID_MESSAGE');
    const list = json<{ conversations: unknown[] }>(
      await t.app.inject({ method: 'GET', url: '/api/chat/conversations', headers: { authorization: `Bearer ${token}` } }),
    );
    expect(list.conversations).toEqual([]);
  });

  it('when text that cannot be stored is sent, then the contract code of its field says so in plain words', async () => {
    const { token } = newUser(t);
    const surrogate = await chat(token, { agent_id: 'light_fun', message: 'hola \ud800' });
    expect(surrogate.statusCode).toBe(400);
    expect(json<ErrorBody>(surrogate)).toEqual({
      error: { code: 'INVALID_MESSAGE', message: 'El mensaje contiene caracteres que no se pueden guardar.' },
    });
    const tooLong = await chat(token, { agent_id: 'light_fun', message: 'a'.repeat(4001) });
    expect(json<ErrorBody>(tooLong)).toEqual({
      error: { code: 'INVALID_MESSAGE', message: 'El mensaje es demasiado largo: como máximo 4000 caracteres.' },
    });
    const agent = await chat(token, { agent_id: 'light_fun\u0000', message: 'hola' });
    expect(agent.statusCode).toBe(400);
    expect(json<ErrorBody>(agent).error.code).toBe('INVALID_AGENT');
  });

  it('when the message is exactly 4000 characters after trimming, then it is accepted', async () => {
    const res = await chat(newUser(t).token, { agent_id: 'info_neutral', message: `  ${'b'.repeat(4000)}  ` });
    expect(res.statusCode).toBe(200);
  });

  it('when the client asks in English (context.locale or Accept-Language), then errors and replies are in English', async () => {
    const { token } = newUser(t);
    const viaContext = await chat(token, { agent_id: 'ghost', message: 'hi', context: { locale: 'en' } });
    expect(json<ErrorBody>(viaContext).error.message).toBe('That avatar does not exist. Choose one of the available avatars.');
    const viaHeader = await chat(token, { agent_id: 'light_fun', message: '' }, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(json<ErrorBody>(viaHeader).error.message).toBe('Write a message so I can answer.');
    const ok = json<ChatBody>(await chat(token, { agent_id: 'light_fun', message: 'hello' }, { 'accept-language': 'en-US' }));
    expect(ok.messages[0]?.content).toContain("I'm Pixel");
  });

  it('when the conversation id is unknown, malformed or another user’s, then 404 NOT_FOUND and nothing is added to it', async () => {
    const owner = newUser(t);
    const other = newUser(t);
    const mine = json<ChatBody>(await chat(owner.token, { agent_id: 'calm_companion', message: 'Hola' }));
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', mine.conversation_id]) {
      const res = await chat(other.token, { agent_id: 'calm_companion', message: 'hola', conversation_id: id });
      expect(res.statusCode).toBe(404);
      expect(json<ErrorBody>(res)).toEqual({ error: { code: 'NOT_FOUND', message: 'No encuentro esa conversación.' } });
    }
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/chat/conversations/${mine.conversation_id}/messages`,
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(foreign.statusCode).toBe(404);
    expect(json<ErrorBody>(foreign).error.code).toBe('NOT_FOUND');
    const otherList = json<{ conversations: unknown[] }>(
      await t.app.inject({ method: 'GET', url: '/api/chat/conversations', headers: { authorization: `Bearer ${other.token}` } }),
    );
    expect(otherList.conversations).toEqual([]);
    const ownMsgs = json<{ messages: unknown[] }>(
      await t.app.inject({
        method: 'GET',
        url: `/api/chat/conversations/${mine.conversation_id}/messages`,
        headers: { authorization: `Bearer ${owner.token}` },
      }),
    );
    expect(ownMsgs.messages).toHaveLength(2);
  });

  it('when a conversation with one avatar is continued with another, then 400 INVALID_AGENT', async () => {
    const { token } = newUser(t);
    const first = json<ChatBody>(await chat(token, { agent_id: 'calm_companion', message: 'Hola' }));
    const res = await chat(token, { agent_id: 'light_fun', message: 'hola', conversation_id: first.conversation_id });
    expect(res.statusCode).toBe(400);
    expect(json<ErrorBody>(res).error.code).toBe('INVALID_AGENT');
  });

  it('when there is no valid token, then 401 UNAUTHORIZED in the error object', async () => {
    for (const token of [null, 'not.a.jwt']) {
      const res = await chat(token, { agent_id: 'calm_companion', message: 'hola' });
      expect(res.statusCode).toBe(401);
      expect(json<ErrorBody>(res).error.code).toBe('UNAUTHORIZED');
      expect(json<ErrorBody>(res).error.message).toBe('Tu sesión no es válida. Vuelve a iniciar sesión.');
    }
  });

  it('when the guided onboarding chose an avatar, then it is the default avatar and the companion answers from the goal and summary', async () => {
    const { token } = newUser(t);
    await completeFlow(t, token, { goal: 'Quiero correr 5 km sin parar', style: '3' });
    const list = json<{ default_agent_id: string }>(
      await t.app.inject({ method: 'GET', url: '/api/chat/conversations', headers: { authorization: `Bearer ${token}` } }),
    );
    expect(list.default_agent_id).toBe('coach_motivator');
    const goal = json<ChatBody>(await chat(token, { agent_id: 'coach_motivator', message: '¿Recuerdas mi objetivo?' }));
    expect(goal.messages[0]?.content).toContain('«Quiero correr 5 km sin parar»');
    const steps = json<ChatBody>(await chat(token, { agent_id: 'coach_motivator', message: '¿Por dónde empiezo?' }));
    expect(steps.messages[0]?.content).toMatch(/Según tu resumen, el primer paso es: \S/);
  });

  it('when the guided onboarding is not done, then chatting still works and the default avatar is the fallback', async () => {
    const { token } = newUser(t);
    const list = json<{ default_agent_id: string }>(
      await t.app.inject({ method: 'GET', url: '/api/chat/conversations', headers: { authorization: `Bearer ${token}` } }),
    );
    expect(list.default_agent_id).toBe('calm_companion');
    const res = json<ChatBody>(await chat(token, { agent_id: 'calm_companion', message: '¿Cuál es mi objetivo?' }));
    expect(res.messages[0]?.content).toContain('Todavía no me has contado tu objetivo');
  });
});

describe('/api/chat rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('pglite', { env: { RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when the user exceeds the limit, then 429 RATE_LIMITED in the error object with Retry-After', async () => {
    const { token } = newUser(t);
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/chat',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ agent_id: 'calm_companion', message: 'hola' }),
      });
    await send();
    await send();
    const res = await send();
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(json<ErrorBody>(res)).toEqual({
      error: { code: 'RATE_LIMITED', message: 'Demasiados mensajes seguidos. Espera un momento y vuelve a intentarlo.' },
    });
  });
});
