/**
 * docs/behaviour/operations.md (authentication and users) and the security/observability points of section 9,
 * on /api/onboarding/action, on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';
import { ACTION_URL, act, start, userIdOf } from './helpers/guided-client.js';

const SECRET = 'auth-test-secret-0123456789-abcdefghijklmnop';
const START_BODY = { action: 'START', value: null, context: {} };

interface RawReply {
  status: number;
  body: unknown;
  raw: string;
  headers: Record<string, string | string[] | number | undefined>;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The error code in either error shape: the guided flow's `error.code` or section 8's `error_code`. */
function errorCode(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { error?: { code?: unknown }; error_code?: unknown };
  if (typeof b.error?.code === 'string') return b.error.code;
  return typeof b.error_code === 'string' ? b.error_code : undefined;
}

function looksLikeStackTrace(raw: string): boolean {
  return /"stack"|\n\s+at\s|\bat\s+\S+\s+\([^)]*:\d+:\d+\)|node_modules|\.ts:\d+/u.test(raw);
}

async function post(t: TestApp, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<RawReply> {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(payload),
  });
  let body: unknown = null;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, body, raw: res.body, headers: res.headers };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(BACKENDS)('authentication and users on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(backend, { env: { JWT_SECRET: SECRET } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const sign = createSigner({ key: SECRET, algorithm: 'HS256' });
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  describe('tokens', () => {
    it('when a token is signed with the configured secret, then the request is served (the control for the 401 cases)', async () => {
      const res = await post(t, ACTION_URL, START_BODY, bearer(sign({ sub: `user-${randomUUID()}` })));
      expect(res.status).toBe(200);
    });

    const badTokens: ReadonlyArray<readonly [string, () => Record<string, string>]> = [
      ['there is no Authorization header', () => ({})],
      ['the header is not a bearer token', () => ({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })],
      ['the bearer token is empty', () => ({ authorization: 'Bearer ' })],
      ['the token is malformed', () => bearer('not-a-jwt')],
      ['the token has three parts of garbage', () => bearer('abc.def.ghi')],
      ['the token expired', () => bearer(sign({ sub: `user-${randomUUID()}`, exp: nowSeconds() - 60 }))],
      ['the token was issued with a negative lifetime', () => bearer(t.app.jwt.sign({ sub: `user-${randomUUID()}` }, { expiresIn: -1 }))],
      [
        'the token is signed with another secret',
        () =>
          bearer(createSigner({ key: 'another-secret-0123456789-abcdefghijklmnop', algorithm: 'HS256' })({ sub: `user-${randomUUID()}` })),
      ],
      [
        'the token uses alg none',
        () => bearer(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: `user-${randomUUID()}`, iat: nowSeconds() })}.`),
      ],
      [
        'the token uses alg none with a copied signature',
        () => {
          const good = sign({ sub: 'x' }).split('.');
          return bearer(`${base64url({ alg: 'none', typ: 'JWT' })}.${good[1]}.${good[2]}`);
        },
      ],
    ];

    it.each(badTokens)('when %s, then 401 UNAUTHORIZED without a stack trace', async (_label, headers) => {
      const res = await post(t, ACTION_URL, START_BODY, headers());
      expect(res.status).toBe(401);
      expect(errorCode(res.body)).toBe('UNAUTHORIZED');
      expect(looksLikeStackTrace(res.raw)).toBe(false);
    });

    it('when a request is refused with 401, then no user row and no session are created', async () => {
      const sub = `user-${randomUUID()}`;
      const forged = createSigner({ key: 'another-secret-0123456789-abcdefghijklmnop' })({ sub });
      expect((await post(t, ACTION_URL, START_BODY, bearer(forged))).status).toBe(401);
      expect(await userIdOf(t, sub)).toBeNull();
    });
  });

  describe('users', () => {
    it('when a subject makes its first authenticated request, then its user row is created with email and name from the claims', async () => {
      const sub = `user-${randomUUID()}`;
      expect(await userIdOf(t, sub)).toBeNull();
      const token = t.token(sub, { email: 'marta@example.com', name: 'Marta López' });
      expect((await start(t, token)).status).toBe(200);
      const { rows } = await t.database.db.query<{ email: string | null; full_name: string | null }>(
        'SELECT email, full_name FROM users WHERE sub = $1',
        [sub],
      );
      expect(rows).toEqual([{ email: 'marta@example.com', full_name: 'Marta López' }]);
      expect((await start(t, token)).status).toBe(200);
      const again = await t.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE sub = $1', [sub]);
      expect(again.rows[0]?.n).toBe(1);
    });

    it('when the claims have no email or name, then the user row is created without them', async () => {
      const sub = `user-${randomUUID()}`;
      expect((await start(t, t.token(sub))).status).toBe(200);
      const { rows } = await t.database.db.query<{ email: string | null; full_name: string | null }>(
        'SELECT email, full_name FROM users WHERE sub = $1',
        [sub],
      );
      expect(rows).toEqual([{ email: null, full_name: null }]);
    });
  });

  describe('dev tokens', () => {
    it('when POST /api/dev/token is called with a sub, then it returns a bearer token that works on the guided endpoint', async () => {
      const sub = `dev-${randomUUID()}`;
      const res = await post(t, '/api/dev/token', { sub });
      expect(res.status).toBe(200);
      const body = res.body as { access_token?: unknown; token_type?: unknown };
      expect(typeof body.access_token).toBe('string');
      const token = String(body.access_token);
      const flow = await act(t, token, START_BODY);
      expect(flow.status).toBe(200);
      expect(flow.body.state).toBe('ask_name');
      expect(await userIdOf(t, sub)).not.toBeNull();
    });

    it('when the app is built with DEV_TOKENS=false, then POST /api/dev/token is 404', async () => {
      const off = await buildTestApp(backend, { env: { DEV_TOKENS: 'false', JWT_SECRET: SECRET } });
      try {
        const res = await post(off, '/api/dev/token', { sub: 'someone' });
        expect(res.status).toBe(404);
        expect(looksLikeStackTrace(res.raw)).toBe(false);
        // The rest of the service is unaffected.
        expect((await post(off, ACTION_URL, START_BODY, bearer(off.token(`user-${randomUUID()}`)))).status).toBe(200);
      } finally {
        await off.close();
      }
    });
  });

  describe('rate limit', () => {
    it('when a user sends a 4th request within a minute at RATE_LIMIT_PER_MINUTE=3, then 429 with Retry-After, and another user is unaffected', async () => {
      const limited = await buildTestApp(backend, { env: { RATE_LIMIT_PER_MINUTE: '3', JWT_SECRET: SECRET } });
      try {
        const a = limited.token(`user-${randomUUID()}`);
        const b = limited.token(`user-${randomUUID()}`);
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await post(limited, ACTION_URL, START_BODY, bearer(a))).status);
        expect(statuses).toEqual([200, 200, 200]);
        const fourth = await post(limited, ACTION_URL, START_BODY, bearer(a));
        expect(fourth.status).toBe(429);
        expect(errorCode(fourth.body)).toBe('RATE_LIMITED');
        expect(fourth.headers['retry-after']).toBeDefined();
        expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
        expect(looksLikeStackTrace(fourth.raw)).toBe(false);
        expect((await post(limited, ACTION_URL, START_BODY, bearer(b))).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });

  describe('health, readiness and headers', () => {
    it('when GET /health is called, then 200', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
    });

    it('when GET /ready is called with the database up, then 200', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(200);
    });

    it('when any response is sent, then it carries the security headers', async () => {
      const health = await t.app.inject({ method: 'GET', url: '/health' });
      const action = await post(t, ACTION_URL, START_BODY, bearer(t.token(`user-${randomUUID()}`)));
      const refused = await post(t, ACTION_URL, START_BODY);
      for (const headers of [health.headers, action.headers, refused.headers]) {
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['x-frame-options']).toBeDefined();
        expect(headers['x-powered-by']).toBeUndefined();
      }
    });
  });

  describe('error bodies', () => {
    it('when requests fail in every way the endpoint knows, then no error body contains a stack trace', async () => {
      const token = t.token(`user-${randomUUID()}`);
      await start(t, token);
      const replies: Array<{ status: number; raw: string }> = [];
      const send = async (payload: string, headers: Record<string, string> = bearer(token)) => {
        const res = await t.app.inject({
          method: 'POST',
          url: ACTION_URL,
          headers: { 'content-type': 'application/json', ...headers },
          payload,
        });
        replies.push({ status: res.statusCode, raw: res.body });
      };
      await send('{"action":');
      await send('[]');
      await send(JSON.stringify({ action: 'FOO' }));
      await send(JSON.stringify({ action: 'SELECT_OPTION', value: 'A' }));
      await send(JSON.stringify({ action: 'SUBMIT_TEXT', value: 'x'.repeat(501) }));
      await send(JSON.stringify({ action: 'SUBMIT_TEXT', value: 'x'.repeat(70 * 1024) }));
      await send(JSON.stringify(START_BODY), bearer('nope'));
      await send(JSON.stringify(START_BODY), { ...bearer(token), 'content-type': 'text/plain' });
      const notFound = await t.app.inject({ method: 'GET', url: '/api/nothing-here', headers: bearer(token) });
      replies.push({ status: notFound.statusCode, raw: notFound.body });

      // A text/plain body is a malformed body for this JSON endpoint: 400 (docs/behaviour/guided.md).
      expect(replies.map((r) => r.status)).toEqual([400, 400, 400, 409, 400, 413, 401, 400, 404]);
      for (const r of replies) expect(looksLikeStackTrace(r.raw)).toBe(false);
    });
  });
});
