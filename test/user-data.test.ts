/** The user's own data: profile, export and erasure, on each backend, with a check that nothing of the user is left. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, json, type TestApp } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';
import { completeFlow } from './helpers/guided-client.js';

describe.each(BACKENDS)('user data on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const post = (url: string, token: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  /** Rows of the user left in any table with a user_id column, plus the users row itself. */
  async function leftovers(userId: string): Promise<Record<string, number>> {
    const { rows: tables } = await t.database.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'user_id'`,
    );
    const out: Record<string, number> = {};
    for (const { table_name } of tables) {
      const { rows } = await t.database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE user_id = $1`, [
        userId,
      ]);
      if ((rows[0]?.n ?? 0) > 0) out[table_name] = rows[0]!.n;
    }
    const { rows } = await t.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE id = $1', [userId]);
    if ((rows[0]?.n ?? 0) > 0) out.users = rows[0]!.n;
    return out;
  }

  /** A token issued a minute ago, as any token in use before a deletion was. */
  const oldToken = (sub: string) => t.app.jwt.sign({ sub, iat: Math.floor(Date.now() / 1000) - 60 });

  it('when nothing is saved yet, then GET /api/v1/profiles/me answers 200 with nulls', async () => {
    const sub = `profile-${Date.now()}-${Math.random()}`;
    const res = await get('/api/v1/profiles/me', t.token(sub, { email: 'p@example.com', name: 'Pat' }));
    expect(res.statusCode).toBe(200);
    const body = json<{ user: { email: string }; fitness: Record<string, unknown>; companion: Record<string, unknown> }>(res);
    expect(body.user.email).toBe('p@example.com');
    expect(body.fitness).toEqual({
      onboarding_completed: false,
      fitness_level: null,
      fitness_goals: null,
      workout_constraints: null,
      dietary_preferences: null,
      meal_plan: null,
      meal_schedule: null,
      workout_schedule: null,
      hydration_schedule: null,
      supplement_preferences: null,
    });
    expect(body.companion).toEqual({
      onboarding_completed: false,
      onboarding_completed_at: null,
      selected_agent_id: null,
      main_use: null,
      preferred_style: null,
    });
  });

  it('when states are saved and the guided flow is done, then the profile shows them under readable keys', async () => {
    const token = t.token(`profile2-${Math.random()}`);
    await post('/api/v1/onboarding/step', token, { step: 1, data: { fitness_level: 'beginner' } });
    await completeFlow(t, token, { style: '2' });
    const body = json<{ fitness: Record<string, unknown>; companion: Record<string, unknown> }>(await get('/api/v1/profiles/me', token));
    expect(body.fitness.fitness_level).toEqual({ fitness_level: 'beginner' });
    expect(body.fitness.fitness_goals).toBeNull();
    expect(body.companion.selected_agent_id).toBe('direct_helper');
    expect(body.companion.onboarding_completed).toBe(true);
    expect(String(body.companion.onboarding_completed_at)).toMatch(/^\d{4}-/);
  });

  it('when the user exports, then every table holding their rows is in one JSON document with exported_at and no password hash', async () => {
    const token = t.token(`export-${Math.random()}`);
    await post('/api/v1/onboarding/step', token, { step: 1, data: { fitness_level: 'advanced' } });
    await completeFlow(t, token);
    await post('/api/chat', token, { agent_id: 'calm_companion', message: 'Hola' });
    const res = await get('/api/v1/users/me/export', token);
    expect(res.statusCode).toBe(200);
    const doc = json<{ exported_at: string; user: Record<string, unknown>; tables: Record<string, Array<Record<string, unknown>>> }>(res);
    expect(doc.exported_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(doc.user).not.toHaveProperty('password_hash');
    expect(doc.user.has_password).toBe(false);
    expect(doc.tables.onboarding_states?.[0]?.step_data).toMatchObject({ step_1: { fitness_level: 'advanced' } });
    expect(doc.tables.flow_sessions?.length).toBe(1);
    expect(doc.tables.flow_events?.length).toBeGreaterThan(0);
    expect(doc.tables.companion_messages?.map((m) => m.content)).toContain('Hola');
    expect(doc.tables.companion_conversations?.length).toBe(1);
  });

  it('when the user deletes the account, then no row of theirs is left anywhere, their tokens get 401 and a new login creates a new account', async () => {
    const sub = `erase-${Math.random()}`;
    const token = oldToken(sub);
    const me = json<{ id: string }>(await get('/api/v1/users/me', token));
    await post('/api/v1/onboarding/step', token, { step: 1, data: { fitness_level: 'beginner' } });
    await completeFlow(t, token);
    await post('/api/chat', token, { agent_id: 'calm_companion', message: 'Hola' });
    await post('/api/v1/onboarding/step', token, { step: 1, data: { fitness_level: 'expert' } }); // a validation failure row
    expect(Object.keys(await leftovers(me.id)).length).toBeGreaterThan(3);
    // A token issued moments before the erasure (most likely within the same second) is old too.
    const justBefore = t.token(sub);
    expect((await get('/api/v1/users/me', justBefore)).statusCode).toBe(200);

    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/users/me', headers: { authorization: `Bearer ${token}` } });
    expect(del.statusCode).toBe(204);
    expect(await leftovers(me.id)).toEqual({});

    for (const url of ['/api/v1/users/me', '/api/v1/profiles/me']) {
      expect((await get(url, token)).statusCode).toBe(401);
      expect((await get(url, justBefore)).statusCode).toBe(401);
    }
    const chat = await post('/api/chat', token, { agent_id: 'calm_companion', message: 'hola' });
    expect(chat.statusCode).toBe(401);
    expect(await leftovers(me.id)).toEqual({});

    const fresh = t.token(sub);
    const again = await get('/api/v1/users/me', fresh);
    expect(again.statusCode).toBe(200);
    const newId = json<{ id: string }>(again).id;
    expect(newId).not.toBe(me.id);
    const profile = json<{ fitness: { fitness_level: unknown } }>(await get('/api/v1/profiles/me', fresh));
    expect(profile.fitness.fitness_level).toBeNull();
  });

  it('when an own account is deleted, then the same email can register again as a new account and the old token stays refused', async () => {
    const email = `erase-${Math.random().toString(36).slice(2)}@example.com`;
    const reg = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: 'correct horse battery', full_name: 'Eva' },
    });
    expect(reg.statusCode).toBe(201);
    const first = json<{ access_token: string; user: { id: string } }>(reg);
    const del = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${first.access_token}` },
    });
    expect(del.statusCode).toBe(204);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'correct horse battery' } });
    expect(login.statusCode).toBe(401);
    const reg2 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: 'correct horse battery', full_name: 'Eva' },
    });
    expect(reg2.statusCode).toBe(201);
    expect(json<{ user: { id: string } }>(reg2).user.id).not.toBe(first.user.id);
    expect((await get('/api/v1/users/me', oldToken(first.user.id))).statusCode).toBe(401);
  });
});
