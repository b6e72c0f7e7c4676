/**
 * The shared rate limit: two app instances on one PostgreSQL database and one Redis count
 * together; a Redis that cannot be reached skips the limit (counted) instead of failing
 * requests; unknown routes, refused tokens and login per account are limited too.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { metricsRegistry } from '../src/observability/metrics.js';
import { TEST_PASSWORD_HASH } from './helpers/app.js';
import { sharedTestDatabase, type TestDatabase } from './helpers/db.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const backend = process.env.DATABASE_URL ? 'pg' : 'pglite';

async function counter(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((v) => Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l))
    .reduce((sum, v) => sum + v.value, 0);
}

async function instance(database: TestDatabase, env: Record<string, string>): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '10', ...env });
  const app = await buildApp({ config, db: database.db, summaryLlm: null, passwordHash: TEST_PASSWORD_HASH });
  await app.ready();
  return app;
}

describe('rate limit shared through Redis by two instances', () => {
  let database: TestDatabase;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    database = await sharedTestDatabase(backend);
    // A prefix of this run's own: reruns and parallel files never see each other's counters.
    const env = { REDIS_URL, REDIS_KEY_PREFIX: `test-rl-${randomUUID()}:` };
    a = await instance(database, env);
    b = await instance(database, env);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('when one user sends 20 requests alternating between two instances with a limit of 10, then exactly 10 pass and the rest get 429 with Retry-After', async () => {
    const token = a.signToken({ sub: `rl-${randomUUID()}` });
    const before = await counter('rate_limit_rejections_total', { limit: 'general' });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await (i % 2 === 0 ? a : b).inject({
        method: 'GET',
        url: '/api/v1/onboarding/progress',
        headers: { authorization: `Bearer ${token}` },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.json()).toMatchObject({ error_code: 'RATE_LIMITED', detail: { error_code: 'RATE_LIMITED' } });
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect((await counter('rate_limit_rejections_total', { limit: 'general' })) - before).toBe(10);
  });

  it('when one IP asks for unknown routes through both instances, then the 11th and later get 429', async () => {
    const ip = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await (i % 2 === 0 ? a : b).inject({ method: 'GET', url: `/nope/${i}`, remoteAddress: ip });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });

  it('when one IP keeps sending bad tokens, then after the limit it gets 429 instead of 401', async () => {
    const ip = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await (i % 2 === 0 ? a : b).inject({
        method: 'GET',
        url: '/api/v1/onboarding/progress',
        remoteAddress: ip,
        headers: { authorization: 'Bearer not-a-token' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
  });

  it('when /ready, /docs and the dev token issuer are called from one IP, then they share its limit', async () => {
    const ip = `10.3.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const calls = [
      () => a.inject({ method: 'GET', url: '/ready', remoteAddress: ip }),
      () => b.inject({ method: 'GET', url: '/docs/json', remoteAddress: ip }),
      () => a.inject({ method: 'POST', url: '/api/dev/token', remoteAddress: ip, payload: { sub: 'rl-dev' } }),
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await calls[i % 3]!()).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('when one account is tried from many IPs, then its login is limited across them', async () => {
    const email = `rl-${randomUUID()}@example.com`;
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await (i % 2 === 0 ? a : b).inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: `10.4.${i}.${Math.floor(Math.random() * 250)}`,
        payload: { email, password: 'wrong-password' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});

describe('rate limit when Redis cannot be reached', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await sharedTestDatabase('pglite');
    // Port 9 (discard) on loopback is closed here: every connection is refused at once.
    app = await instance(database, { REDIS_URL: 'redis://127.0.0.1:9', RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('when Redis is down, then requests are served without the limit and each skipped check is counted', async () => {
    const before = await counter('redis_errors_total');
    const token = app.signToken({ sub: `rl-down-${randomUUID()}` });
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/onboarding/progress', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
    }
    expect((await counter('redis_errors_total')) - before).toBe(5);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/^redis_errors_total \d+/m);
  });
});

describe('rate limit without Redis', () => {
  let database: TestDatabase;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    database = await sharedTestDatabase('pglite');
    a = await instance(database, {});
    b = await instance(database, {});
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('when two instances count in memory, then each lets its own 10 through (20 of 20)', async () => {
    const token = a.signToken({ sub: `rl-mem-${randomUUID()}` });
    let ok = 0;
    for (let i = 0; i < 20; i++) {
      const res = await (i % 2 === 0 ? a : b).inject({
        method: 'GET',
        url: '/api/v1/onboarding/progress',
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.statusCode === 200) ok++;
    }
    expect(ok).toBe(20);
  });
});
