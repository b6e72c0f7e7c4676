/**
 * A frontend served from another origin calls the API from Chromium with a typical HTTP
 * client's extra headers: the CORS preflight must let register, login and an authenticated,
 * idempotent POST through, and expose the headers a client reads.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { closeBrowser, describeWithBrowser, launchBrowser, listen } from './helpers/browser.js';

/** A tiny static server: the "frontend" origin, distinct from the API's by its port. */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><title>frontend</title></head><body>frontend</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Call {
  ok: boolean;
  status: number;
  body: unknown;
  headers: Record<string, string | null>;
  error?: string;
}

/** Runs fetch inside the page, the way a browser frontend's HTTP client does. */
function browserFetch(page: Page, url: string, init: { method: string; headers: Record<string, string>; body?: unknown }): Promise<Call> {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const res = await fetch(url, {
          method: init.method,
          headers: init.headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        });
        const headers: Record<string, string | null> = {};
        for (const name of ['x-request-id', 'retry-after', 'idempotent-replayed']) headers[name] = res.headers.get(name);
        return { ok: res.ok, status: res.status, body: await res.json(), headers };
      } catch (err) {
        return { ok: false, status: 0, body: null, headers: {}, error: String(err) };
      }
    },
    { url, init },
  );
}

/** The extra headers of a common HTTP client (axios-style defaults plus app headers). */
const CLIENT_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/plain, */*',
  'X-Requested-With': 'XMLHttpRequest',
  'X-Client-Version': '1.4.2',
  'Cache-Control': 'no-cache',
};

describeWithBrowser('CORS from a second origin in Chromium', () => {
  let t: TestApp;
  let api: string;
  let frontend: { server: Server; origin: string };
  let other: { server: Server; origin: string };
  let browser: Browser;

  beforeAll(async () => {
    frontend = await servePage();
    other = await servePage();
    t = await buildTestApp('pglite', { env: { CORS_ORIGINS: `${frontend.origin}, http://localhost:5173` } });
    api = await listen(t.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await t?.close();
    for (const s of [frontend?.server, other?.server]) await new Promise((resolve) => s?.close(resolve));
  });

  async function openAt(origin: string): Promise<Page> {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    return page;
  }

  it('when an allowed origin registers, logs in and posts an idempotent step with extra client headers, then every call succeeds and the exposed headers are readable', async () => {
    const page = await openAt(frontend.origin);
    try {
      const email = `cors-${randomUUID()}@example.com`;
      const register = await browserFetch(page, `${api}/api/v1/auth/register`, {
        method: 'POST',
        headers: CLIENT_HEADERS,
        body: { email, password: 'correct horse battery', full_name: 'Cora Origin' },
      });
      expect(register.error).toBeUndefined();
      expect(register.status, JSON.stringify(register.body)).toBe(201);

      const login = await browserFetch(page, `${api}/api/v1/auth/login`, {
        method: 'POST',
        headers: CLIENT_HEADERS,
        body: { email, password: 'correct horse battery' },
      });
      expect(login.status, JSON.stringify(login.body)).toBe(200);
      const token = (login.body as { access_token: string }).access_token;

      const stepHeaders = {
        ...CLIENT_HEADERS,
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': `cors-${randomUUID()}`,
        'X-Agent-Context': 'workout_planning',
        'X-Request-Id': 'cors-browser-1',
      };
      const step = { step: 1, data: { fitness_level: 'intermediate' } };
      const first = await browserFetch(page, `${api}/api/v1/onboarding/step`, { method: 'POST', headers: stepHeaders, body: step });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.headers['x-request-id']).toBe('cors-browser-1');
      expect(first.headers['idempotent-replayed']).toBeNull();

      const replay = await browserFetch(page, `${api}/api/v1/onboarding/step`, { method: 'POST', headers: stepHeaders, body: step });
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');

      const me = await browserFetch(page, `${api}/api/v1/onboarding/progress`, {
        method: 'GET',
        headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', Authorization: `Bearer ${token}` },
      });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ current_state: 2 });
    } finally {
      await page.context().close();
    }
  });

  it('when an origin that is not allowed calls the API, then the browser blocks the call', async () => {
    const page = await openAt(other.origin);
    try {
      const res = await browserFetch(page, `${api}/api/v1/auth/login`, {
        method: 'POST',
        headers: CLIENT_HEADERS,
        body: { email: 'nobody@example.com', password: 'whatever-password' },
      });
      expect(res.status).toBe(0);
      expect(res.error).toMatch(/Failed to fetch/);
    } finally {
      await page.context().close();
    }
  });

  it('when a preflight asks for arbitrary headers and methods, then it reflects the headers and lists the API methods', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/onboarding/step',
      headers: {
        origin: frontend.origin,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'x-requested-with,x-client-version,cache-control,authorization,content-type',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(frontend.origin);
    expect(res.headers['access-control-allow-headers']).toBe('x-requested-with,x-client-version,cache-control,authorization,content-type');
    expect(String(res.headers['access-control-allow-methods']).split(/,\s*/)).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    const simple = await t.app.inject({ method: 'GET', url: '/health', headers: { origin: frontend.origin } });
    expect(String(simple.headers['access-control-expose-headers']).split(/,\s*/)).toEqual([
      'X-Request-Id',
      'Retry-After',
      'Idempotent-Replayed',
    ]);
  });
});
