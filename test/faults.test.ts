/**
 * Network faults between the service and PostgreSQL, through a TCP proxy of the test's own:
 * refused connections, a stalled database, and established connections dropped without a reset.
 * Expected: 503 SERVICE_UNAVAILABLE (no internals) within the deadlines, a bounded /ready, /health
 * turning 503 once the database has been out of reach too long, recovery after restore, a
 * shutdown within its deadline during a stall, and no partial write. The timings are printed.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/index.js';
import { freshPgDatabase, type FreshPg } from './helpers/fresh-pg.js';
import { startServer } from './helpers/server-process.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const DEADLINES = {
  DB_CONNECT_TIMEOUT_MS: '1000',
  DB_STATEMENT_TIMEOUT_MS: '1000',
  DB_QUERY_TIMEOUT_MS: '1500',
  READY_TIMEOUT_MS: '1000',
  HEALTH_DB_UNREACHABLE_MS: '2000',
  DB_POOL_SIZE: '4',
};
/** Scheduling slack on a loaded machine; the bounds stay far below "minutes". */
const SLACK_MS = 1500;
const REQUEST_BOUND_MS = 2 * 1500 + 1000 + SLACK_MS; // a query and its rollback timing out, or a connect timeout

const hasPg = Boolean(process.env.DATABASE_URL);
const figures: string[] = [];

describe.skipIf(!hasPg)('database faults through a TCP proxy', () => {
  let fresh: FreshPg;
  let proxy: TcpProxy;
  let app: FastifyInstance;
  let proxiedUrl: string;

  beforeAll(async () => {
    fresh = await freshPgDatabase('onb_faults');
    const direct = createDatabase({ url: fresh.url });
    await direct.migrate();
    await direct.close();
    const target = new URL(fresh.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    proxiedUrl = proxy.via(fresh.url);
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '100000',
      DATABASE_URL: proxiedUrl,
      ...DEADLINES,
    });
    app = await buildApp({ config, summaryLlm: null });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await fresh?.drop();
    if (figures.length) console.info(`[faults]\n  ${figures.join('\n  ')}`);
  });

  const token = (sub: string) => app.signToken({ sub });
  async function timed(method: 'GET' | 'POST', url: string, sub = `fault-${randomUUID()}`, payload?: unknown) {
    const started = Date.now();
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token(sub)}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: res.statusCode, body: res.body, ms: Date.now() - started };
  }
  const progress = (sub?: string) => timed('GET', '/api/v1/onboarding/progress', sub);
  const guidedStart = (sub?: string) => timed('POST', '/api/onboarding/action', sub, { action: 'START', value: null, context: {} });

  function expectUnavailable(r: { status: number; body: string; ms: number }, boundMs = REQUEST_BOUND_MS) {
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/SERVICE_UNAVAILABLE/);
    expect(r.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|timeout|stack|pg_/i);
    expect(r.ms).toBeLessThan(boundMs);
  }

  /** Polls `probe` until it is true; returns the time it took (bounded). */
  async function until(probe: () => Promise<boolean>, boundMs: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < boundMs) {
      if (await probe()) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`not reached within ${boundMs} ms`);
  }
  const ready = async () => (await app.inject({ method: 'GET', url: '/ready' })).statusCode === 200;
  const healthStatus = async () => (await app.inject({ method: 'GET', url: '/health' })).statusCode;

  it('when connections are refused, then requests and /ready answer 503 at once, and the service recovers after restore', async () => {
    expect((await progress()).status).toBe(200);
    await proxy.refuse();
    const r = await progress();
    expectUnavailable(r);
    const readyStarted = Date.now();
    expect(await ready()).toBe(false);
    const readyMs = Date.now() - readyStarted;
    expect(readyMs).toBeLessThan(1000 + SLACK_MS);
    expectUnavailable(await guidedStart());
    await proxy.restore();
    const recovery = await until(async () => (await progress()).status === 200, 15_000);
    figures.push(`refuse: request 503 in ${r.ms} ms, /ready 503 in ${readyMs} ms, recovered ${recovery} ms after restore`);
  });

  it('when the database stalls, then requests get 503 within the deadlines, /ready stays bounded, /health turns 503, and all recover after restore', async () => {
    expect((await progress()).status).toBe(200);
    proxy.stall();
    const stalledAt = Date.now();
    const [read, write] = await Promise.all([progress(), guidedStart()]);
    expectUnavailable(read);
    expectUnavailable(write);
    const readyStarted = Date.now();
    expect(await ready()).toBe(false);
    const readyMs = Date.now() - readyStarted;
    expect(readyMs).toBeLessThan(1000 + SLACK_MS);
    await until(async () => (await healthStatus()) === 503, 2000 + 5000 + SLACK_MS);
    const unhealthyAfter = Date.now() - stalledAt;
    await proxy.restore();
    const recovery = await until(async () => (await ready()) && (await progress()).status === 200, 15_000);
    expect(await healthStatus()).toBe(200);
    figures.push(
      `stall: read 503 in ${read.ms} ms, write 503 in ${write.ms} ms, /ready 503 in ${readyMs} ms, /health 503 after ${unhealthyAfter} ms, recovered ${recovery} ms after restore`,
    );
  });

  it('when established connections are dropped silently, then the requests on them get 503 within the query deadline and the pool heals without a restore', async () => {
    // Fill the pool with live connections, then cut all of them without a reset.
    const subs = Array.from({ length: 4 }, () => `drop-${randomUUID()}`);
    expect((await Promise.all(subs.map((s) => progress(s)))).every((r) => r.status === 200)).toBe(true);
    expect(proxy.connections).toBeGreaterThan(0);
    proxy.drop();
    const droppedAt = Date.now();
    const during = await Promise.all(subs.map((s) => progress(s)));
    for (const r of during) {
      expect([200, 503]).toContain(r.status);
      if (r.status === 503) expectUnavailable(r);
    }
    const slowest = Math.max(...during.map((r) => r.ms));
    const healed = await until(async () => (await progress()).status === 200 && (await ready()), 15_000);
    figures.push(
      `drop: ${during.filter((r) => r.status === 503).length}/${during.length} in-flight requests 503 (slowest answer ${slowest} ms), healed ${Date.now() - droppedAt} ms after the drop (${healed} ms of polling), no restore`,
    );
  });

  it('when the faults are over, then every stored session matches the last event of its log (nothing partial)', async () => {
    // One write after the faults, so the check below has at least one session to look at.
    expect((await guidedStart()).status).toBe(200);
    const c = new pg.Client({ connectionString: fresh.url });
    await c.connect();
    try {
      const res = await c.query<{ n: string }>(`
        SELECT count(*) AS n FROM flow_sessions s
        WHERE s.state IS DISTINCT FROM (
          SELECT e.to_state FROM flow_events e WHERE e.user_id = s.user_id AND e.flow = s.flow ORDER BY e.id DESC LIMIT 1
        )`);
      expect(Number(res.rows[0]?.n)).toBe(0);
      const sessions = await c.query<{ n: string }>('SELECT count(*) AS n FROM flow_sessions');
      expect(Number(sessions.rows[0]?.n)).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
  });

  it('when the database stalls with requests in flight and SIGTERM arrives, then the process answers them and exits 0 within its deadline', async () => {
    const shutdownTimeout = 6000;
    const server = await startServer({
      NODE_ENV: 'development',
      DATABASE_URL: proxiedUrl,
      MIGRATE_ON_START: 'off',
      SHUTDOWN_TIMEOUT_MS: String(shutdownTimeout),
      RATE_LIMIT_PER_MINUTE: '100000',
      JWT_SECRET: 'faults-test-secret-0123456789-abcdefgh',
      ...DEADLINES,
    });
    try {
      const mint = await fetch(`${server.base}/api/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: `stall-${randomUUID()}` }),
      });
      const bearer = { authorization: `Bearer ${((await mint.json()) as { access_token: string }).access_token}` };
      expect((await fetch(`${server.base}/api/v1/onboarding/progress`, { headers: bearer })).status).toBe(200);
      const incoming = () => server.logs.filter((l) => l.msg === 'incoming request').length;
      const before = incoming();
      proxy.stall();
      const inFlight = Array.from({ length: 3 }, () =>
        fetch(`${server.base}/api/v1/onboarding/progress`, { headers: bearer }).then(
          (r) => r.status,
          () => 0,
        ),
      );
      // SIGTERM once the server has the requests (they are logged as incoming).
      await until(async () => incoming() >= before + 3, 10_000);
      const sentAt = Date.now();
      server.child.kill('SIGTERM');
      const exit = await server.exited;
      const statuses = await Promise.all(inFlight);
      const shutdownMs = exit.at - sentAt;
      figures.push(
        `shutdown during a stall: exit ${exit.code} in ${shutdownMs} ms (deadline ${shutdownTimeout} ms), in-flight answers ${statuses.join(', ')}`,
      );
      expect(exit.code).toBe(0);
      expect(shutdownMs).toBeLessThan(shutdownTimeout);
      expect(statuses.every((s) => s === 503)).toBe(true);
    } finally {
      await proxy.restore();
      await server.stop();
    }
  });
});
