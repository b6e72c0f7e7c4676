/**
 * GET /metrics: Prometheus text from prom-client with request histograms, process metrics,
 * the shared counters and the funnel gauges (cached), behind METRICS_TOKEN when it is set;
 * and the admin funnel granted to the accounts listed in ADMIN_EMAILS.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/app.js';

const TOKEN = 'metrics-token-0123456789';
const ADMIN = `boss-${randomUUID()}@example.com`;

describe('metrics and the admin funnel', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp('pglite', { env: { METRICS_TOKEN: TOKEN, ADMIN_EMAILS: ` other@example.com, ${ADMIN.toUpperCase()} ` } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const scrape = () => t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });

  it('when /metrics is called without the token or with a wrong one, then 401 in the error shape', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }]) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error_code: 'UNAUTHORIZED' });
    }
  });

  /** The value of one sample (metric name with its labels, as written in the text), 0 when absent. */
  const sample = (body: string, series: string): number => {
    const line = body.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  };

  it('when requests were served and a turn recorded, then the scrape has their histograms, process metrics, the turn and the funnel', async () => {
    // The counters belong to the process, which other test files share: this file's turns are
    // what it adds to them between two scrapes.
    const START = 'onboarding_turns_total{flow="guided",state="start",event="START"}';
    const NAME = 'onboarding_turns_total{flow="guided",state="ask_name",event="SUBMIT_TEXT"}';
    const REJECTED = 'onboarding_validation_failures_total{flow="guided",state="ask_name"}';
    const PROGRESS = 'http_request_duration_seconds_count{method="GET",route="/api/v1/onboarding/progress",status="200"}';
    const before = await scrape();
    expect(before.statusCode).toBe(200);
    const user = t.token(`m-${randomUUID()}`);
    const headers = { authorization: `Bearer ${user}` };
    await t.app.inject({ method: 'GET', url: '/api/v1/onboarding/progress', headers });
    // Real turns: a START, then an empty name (a re-ask, i.e. a rejected answer).
    const act = (action: string, value: string | null) =>
      t.app.inject({ method: 'POST', url: '/api/onboarding/action', headers, payload: { action, value, context: {} } });
    expect((await act('START', null)).statusCode).toBe(200);
    expect((await act('SUBMIT_TEXT', '   ')).statusCode).toBe(200);
    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    for (const series of [START, NAME, REJECTED, PROGRESS]) {
      expect(sample(res.body, series) - sample(before.body, series), series).toBe(1);
    }
    expect(res.body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(res.body).toMatch(/^process_resident_memory_bytes |^nodejs_heap_size_used_bytes /m);
    expect(res.body).toMatch(/^onboarding_state_reached\{flow="fitness",state="/m);
    expect(res.body).toMatch(/^# TYPE llm_calls_total counter/m);
  });

  it('when two scrapes follow each other, then the second reuses the cached funnel (no new scan)', async () => {
    const first = await scrape();
    // A new user reaching the fitness flow changes the funnel; the cached gauges do not see it yet.
    const user = t.token(`m-${randomUUID()}`);
    await t.app.inject({ method: 'GET', url: '/api/v1/onboarding/progress', headers: { authorization: `Bearer ${user}` } });
    const second = await scrape();
    const funnel = (body: string) => body.split('\n').filter((l) => l.startsWith('onboarding_state_') || l.startsWith('onboarding_agent_'));
    expect(funnel(second.body)).toEqual(funnel(first.body));
  });

  it('when a registered account listed in ADMIN_EMAILS asks for the funnel, then 200; another account gets 403', async () => {
    const register = async (email: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email, password: 'correct horse battery', full_name: 'Admin Person' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { access_token: string }).access_token;
    };
    const admin = await register(ADMIN);
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/admin/funnel', headers: { authorization: `Bearer ${admin}` } });
    expect(ok.statusCode, ok.body).toBe(200);
    const other = await register(`nobody-${randomUUID()}@example.com`);
    const no = await t.app.inject({ method: 'GET', url: '/api/v1/admin/funnel', headers: { authorization: `Bearer ${other}` } });
    expect(no.statusCode).toBe(403);
    // A token that merely claims the email (no password login behind it) is not an admin.
    const claimed = t.token(`m-${randomUUID()}`, { email: ADMIN });
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/admin/funnel', headers: { authorization: `Bearer ${claimed}` } });
    expect(forged.statusCode).toBe(403);
  });
});
