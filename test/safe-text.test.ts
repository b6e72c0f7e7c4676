import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTextProblem } from '../src/plugins/safe-text.js';
import { redactUrl } from '../src/plugins/log-privacy.js';
import { BACKENDS } from './helpers/db.js';
import { buildTestApp, newUser, type TestApp } from './helpers/app.js';

describe('findTextProblem', () => {
  it('when a value or a key holds NUL or a lone surrogate, then the field is named', () => {
    expect(findTextProblem({ a: 'ok', b: 'x\u0000' })).toEqual({ kind: 'unstorable', field: 'b' });
    expect(findTextProblem({ a: { ['k\ud800']: 1 } })).toEqual({ kind: 'unstorable', field: 'a.k\ud800' });
    expect(findTextProblem({ a: ['fine 😀', '\udc00'] })).toEqual({ kind: 'unstorable', field: 'a.1' });
    expect(findTextProblem({ a: 'fine 😀' })).toBeNull();
  });
  it('when JSON is nested deeper than the bound, then it is refused without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findTextProblem(deep)?.kind).toBe('too_deep');
  });
  it('when a URL carries a token in its query, then the logged URL hides it', () => {
    expect(redactUrl('/?token=abc.def&x=1')).toBe('/?token=[REDACTED]&x=1');
    expect(redactUrl('/a?ACCESS_TOKEN=s')).toBe('/a?ACCESS_TOKEN=[REDACTED]');
  });
});

describe.each(BACKENDS)('unstorable input on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(() => t.close());

  it('when a guided answer holds NUL, then 400 VALIDATION_ERROR in the contract shape and the state is unchanged', async () => {
    const u = newUser(t);
    const h = { authorization: `Bearer ${u.token}` };
    await t.app.inject({
      method: 'POST',
      url: '/api/onboarding/action',
      headers: h,
      payload: { action: 'START', value: null, context: {} },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/onboarding/action',
      headers: h,
      payload: { action: 'SUBMIT_TEXT', value: 'Ana\u0000', context: {} },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string }; state: string };
    expect(body.error.code).toBe('VALIDATION_ERROR');
    expect(body.state).toBe('ask_name');
  });

  it('when an answer names a state the flow has left, then 409 and the flow advances once', async () => {
    const u = newUser(t);
    const h = { authorization: `Bearer ${u.token}` };
    const act = (payload: object) => t.app.inject({ method: 'POST', url: '/api/onboarding/action', headers: h, payload });
    await act({ action: 'START', value: null, context: {} });
    const first = await act({ action: 'SUBMIT_TEXT', value: 'Me llamo Ana', context: { state: 'ask_name' } });
    const second = await act({ action: 'SUBMIT_TEXT', value: 'Me llamo Ana', context: { state: 'ask_name' } });
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(409);
    expect((second.json() as { state: string }).state).toBe('ask_goal');
  });

  it('when a body key holds a lone surrogate or JSON is too deep, then 400 with the documented shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'a@b.co', password: 'longenough', full_name: 'A', ['x\ud800']: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error_code: string }).error_code).toBe('VALIDATION_ERROR');
    const u = newUser(t);
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const d = await t.app.inject({
      method: 'POST',
      url: '/api/v1/onboarding/complete',
      headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json', 'idempotency-key': 'deep-1' },
      payload: deep,
    });
    expect(d.statusCode).toBe(400);
  });

  it('when a token claim holds NUL, then 401', async () => {
    const token = t.app.signToken({ sub: 'nul\u0000sub' });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/onboarding/progress', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(401);
  });

  it('when the body is not JSON, then plain words and no framework text', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'accept-language': 'es-ES' },
      payload: '{nope',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/Body is not valid JSON|stack/);
    expect((res.json() as { detail: { message: string } }).detail.message).toBe('El cuerpo de la petición no es JSON válido.');
  });
});
