import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/index.js';

// Port 1 on loopback refuses connections: the database is down for this whole file.
describe('when the database is unreachable', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    app = await buildApp({ config, db: createDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' }), summaryLlm: null });
    await app.ready();
  });
  afterAll(() => app.close());

  it('when /ready is asked, then it answers 503 while /health still answers 200', async () => {
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it.each([
    ['GET', '/api/v1/onboarding/progress'],
    ['POST', '/api/v1/onboarding/step'],
    ['POST', '/api/onboarding/action'],
  ] as const)('when %s %s is called, then 503 SERVICE_UNAVAILABLE without internals', async (method, url) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${app.signToken({ sub: 'down-user' })}` },
      ...(method === 'POST' ? { payload: { step: 1, data: { fitness_level: 'beginner' }, action: 'START' } } : {}),
    });
    expect(res.statusCode).toBe(503);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    const code = (body.error_code ?? (body.error as { code?: string } | undefined)?.code) as string;
    expect(code).toBe('SERVICE_UNAVAILABLE');
    expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
  });
});
