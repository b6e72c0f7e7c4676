/**
 * The security headers are computed once at boot (src/plugins/security-headers.ts) instead of by
 * @fastify/helmet on every request: every response must still carry exactly what @fastify/helmet
 * would send with the same options.
 */
import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newUser, type TestApp } from './helpers/app.js';

/** The headers @fastify/helmet adds to a bare Fastify reply with the app's options. */
async function helmetReference(): Promise<Record<string, unknown>> {
  const bare = Fastify();
  bare.get('/', async () => ({ ok: true }));
  const plain = await bare.inject({ method: 'GET', url: '/' });
  const withHelmet = Fastify();
  await withHelmet.register(helmet, { contentSecurityPolicy: false });
  withHelmet.get('/', async () => ({ ok: true }));
  const res = await withHelmet.inject({ method: 'GET', url: '/' });
  await Promise.all([bare.close(), withHelmet.close()]);
  return Object.fromEntries(Object.entries(res.headers).filter(([name]) => !(name in plain.headers)));
}

describe('security headers', () => {
  let t: TestApp;
  let reference: Record<string, unknown>;

  beforeAll(async () => {
    t = await buildTestApp('pglite');
    reference = await helmetReference();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when any kind of response is sent, then it carries exactly the headers @fastify/helmet would set', async () => {
    const user = newUser(t, 'perf-headers');
    const auth = { authorization: `Bearer ${user.token}` };
    const responses = await Promise.all([
      t.app.inject({ method: 'GET', url: '/health' }),
      t.app.inject({ method: 'GET', url: '/api/v1/onboarding/progress', headers: auth }),
      t.app.inject({ method: 'GET', url: '/api/v1/onboarding/progress' }),
      t.app.inject({ method: 'GET', url: '/no-such-path' }),
      t.app.inject({ method: 'POST', url: '/api/v1/onboarding/step', headers: auth, payload: { step: 1, data: { fitness_level: 'x' } } }),
    ]);
    expect(Object.keys(reference).length).toBeGreaterThan(5);
    for (const res of responses) {
      for (const [name, value] of Object.entries(reference)) expect(res.headers[name], name).toBe(value);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['content-security-policy']).toBeUndefined();
    }
  });
});
