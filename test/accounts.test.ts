/**
 * docs/behaviour/operations.md "Accounts of the service's own" (register, login) with section 8's error shape,
 * on PGlite and, with DATABASE_URL, on PostgreSQL. One app per backend logs at trace level into
 * memory, so the last test can look for passwords and hashes in everything said so far.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_CREDENTIALS_MESSAGE, PASSWORD_HASH_OPTIONS } from '../src/accounts/service.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';

const REGISTER = '/api/v1/auth/register';
const LOGIN = '/api/v1/auth/login';
const ACTION = '/api/onboarding/action';

interface Reply {
  status: number;
  body: Record<string, unknown>;
  raw: string;
  headers: Record<string, string | string[] | number | undefined>;
}

interface ErrorBody {
  detail: { message: string; error_code: string; field?: string };
  error_code: string;
  request_id: string;
}

interface UserBody {
  id: string;
  email: string;
  full_name: string;
  age: number | null;
  gender: string | null;
  height_cm: number | null;
  weight_kg: number | null;
}

const email = (tag = 'user') => `${tag}-${randomUUID()}@example.com`;
/** Every password a test sends, so the leak check knows what to look for. */
const passwords = new Set<string>();
const password = (tag = 'pw') => {
  const p = `${tag}-${randomUUID()}`;
  passwords.add(p);
  return p;
};

function errorOf(res: Reply): ErrorBody {
  return res.body as unknown as ErrorBody;
}

function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function withoutRequestId(body: Record<string, unknown>): Record<string, unknown> {
  const { request_id: _id, ...rest } = body;
  return rest;
}

describe.each(BACKENDS)('accounts on %s', (backend) => {
  let t: TestApp;
  const logLines: string[] = [];
  const replies: Reply[] = [];

  async function post(
    url: string,
    payload: unknown,
    opts: { token?: string; ip?: string; app?: Pick<TestApp, 'app'> } = {},
  ): Promise<Reply> {
    const res = await (opts.app ?? t).app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      payload: JSON.stringify(payload),
      ...(opts.ip ? { remoteAddress: opts.ip } : {}),
    });
    const reply: Reply = {
      status: res.statusCode,
      body: JSON.parse(res.body) as Record<string, unknown>,
      raw: res.body,
      headers: res.headers,
    };
    replies.push(reply);
    return reply;
  }

  function registration(overrides: Record<string, unknown> = {}) {
    return { email: email(), password: password(), full_name: 'Ana García', ...overrides };
  }

  beforeAll(async () => {
    t = await buildTestApp(backend, {
      app: { logger: { level: 'trace', stream: { write: (line: string) => void logLines.push(line) } } },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('register', () => {
    it('when the body is valid, then 201 with a bearer token and the user, without password or hash', async () => {
      const body = registration({
        email: email('Mixed.Case'),
        full_name: '  Ana García  ',
        age: 34,
        gender: 'female',
        height_cm: 165.5,
        weight_kg: 61.2,
      });
      const res = await post(REGISTER, body);
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['access_token', 'token_type', 'user']);
      expect(res.body.token_type).toBe('bearer');
      const user = res.body.user as UserBody;
      expect(user).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: body.email,
        full_name: 'Ana García',
        age: 34,
        gender: 'female',
        height_cm: 165.5,
        weight_kg: 61.2,
      });
      expect(res.raw).not.toContain(body.password);
      expect(res.raw).not.toMatch(/password|\$argon2/);
      expect(jwtPayload(String(res.body.access_token)).sub).toBe(user.id);
    });

    it('when an account is created, then its row is a normal user whose sub is its id and whose hash is argon2id', async () => {
      const body = registration();
      const user = (await post(REGISTER, body)).body.user as UserBody;
      const { rows } = await t.database.db.query<{ sub: string; email: string; password_hash: string }>(
        'SELECT sub, email, password_hash FROM users WHERE id = $1',
        [user.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.sub).toBe(user.id);
      expect(rows[0]?.email).toBe(body.email);
      expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
      expect(rows[0]?.password_hash).not.toContain(body.password);
    });

    it('when only the required fields are given, then the optional ones are null', async () => {
      const res = await post(REGISTER, registration());
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ age: null, gender: null, height_cm: null, weight_kg: null });
    });

    it('when the token from registration is used on an authenticated route, then it is served as that user', async () => {
      const res = await post(REGISTER, registration());
      const user = res.body.user as UserBody;
      const action = await post(ACTION, { action: 'START' }, { token: String(res.body.access_token) });
      expect(action.status).toBe(200);
      const { rows } = await t.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE sub = $1', [user.id]);
      expect(rows[0]?.n).toBe(1);
      const sessions = await t.database.db.query<{ user_id: string }>('SELECT user_id FROM flow_sessions WHERE user_id = $1', [user.id]);
      expect(sessions.rows).toHaveLength(1);
    });

    it('when the email is already registered in another case, then 409 EMAIL_TAKEN', async () => {
      const first = email('Dup');
      expect((await post(REGISTER, registration({ email: first }))).status).toBe(201);
      const res = await post(REGISTER, registration({ email: first.toUpperCase() }));
      expect(res.status).toBe(409);
      expect(errorOf(res)).toEqual({
        detail: { message: expect.any(String), error_code: 'EMAIL_TAKEN', field: 'email' },
        error_code: 'EMAIL_TAKEN',
        request_id: expect.any(String),
      });
    });

    it('when two registrations for the same email race, then exactly one is created and the other gets 409 EMAIL_TAKEN', async () => {
      const shared = email('Race');
      const [a, b] = await Promise.all([
        post(REGISTER, registration({ email: shared })),
        post(REGISTER, registration({ email: shared.toLowerCase() })),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect([a, b].find((r) => r.status === 409)?.body.error_code).toBe('EMAIL_TAKEN');
      const { rows } = await t.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)', [
        shared,
      ]);
      expect(rows[0]?.n).toBe(1);
    });

    it('when a user from an outside identity provider has the email, then registering it still works', async () => {
      const shared = email('Idp');
      expect((await post(ACTION, { action: 'START' }, { token: t.token(`idp-${randomUUID()}`, { email: shared }) })).status).toBe(200);
      expect((await post(REGISTER, registration({ email: shared }))).status).toBe(201);
    });

    const invalid: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
      ['the password has 7 characters', { password: 'Abc123!' }, 'password'],
      ['the password has 201 characters', { password: 'x'.repeat(201) }, 'password'],
      ['the password is missing', { password: undefined }, 'password'],
      ['the email is not an email', { email: 'not-an-email' }, 'email'],
      ['the email is missing', { email: undefined }, 'email'],
      ['the full name is only spaces', { full_name: '   ' }, 'full_name'],
      ['the full name has 101 characters', { full_name: 'a'.repeat(101) }, 'full_name'],
      ['the age is 12', { age: 12 }, 'age'],
      ['the age is 121', { age: 121 }, 'age'],
      ['the age is not whole', { age: 30.5 }, 'age'],
      ['the age is a string', { age: '30' }, 'age'],
      ['the gender is not in the set', { gender: 'robot' }, 'gender'],
      ['the height is 49', { height_cm: 49 }, 'height_cm'],
      ['the height is 273', { height_cm: 273 }, 'height_cm'],
      ['the weight is 19.9', { weight_kg: 19.9 }, 'weight_kg'],
      ['the weight is 501', { weight_kg: 501 }, 'weight_kg'],
    ];

    it.each(invalid)('when %s, then 400 VALIDATION_ERROR naming that field and no account', async (_label, overrides, field) => {
      const body = registration(overrides);
      const res = await post(REGISTER, body);
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('VALIDATION_ERROR');
      expect(errorOf(res).detail.field).toBe(field);
      expect(errorOf(res).detail.message).toContain(field);
      if (typeof body.email === 'string') {
        const { rows } = await t.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE email = $1', [body.email]);
        expect(rows[0]?.n).toBe(0);
      }
    });

    it('when the body has an unknown field, then 400 VALIDATION_ERROR naming it', async () => {
      const res = await post(REGISTER, registration({ is_admin: true }));
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('VALIDATION_ERROR');
      expect(errorOf(res).detail.message).toContain('is_admin');
    });

    it('when the unknown field has a 60 KB name, then the 400 names it by its first 64 characters only', async () => {
      const res = await post(REGISTER, registration({ ['k'.repeat(60_000)]: true }));
      expect(res.status).toBe(400);
      expect(errorOf(res).detail.message).toBe(`${'k'.repeat(64)}…: unknown field`);
      expect(JSON.stringify(res.body).length).toBeLessThan(1000);
    });

    it('when every value sits on its bound, then the account is created', async () => {
      for (const [age, height_cm, weight_kg, gender] of [
        [13, 50, 20, 'male'],
        [120, 272, 500, 'prefer_not_to_say'],
      ] as const) {
        const res = await post(REGISTER, registration({ password: 'Pa55:w0r', age, height_cm, weight_kg, gender }));
        expect(res.status).toBe(201);
        expect(res.body.user).toMatchObject({ age, height_cm, weight_kg, gender });
      }
    });
  });

  describe('login', () => {
    async function account(): Promise<{ email: string; password: string; id: string }> {
      const body = registration({ email: email('Login') });
      const res = await post(REGISTER, body);
      expect(res.status).toBe(201);
      return { email: body.email, password: body.password, id: (res.body.user as UserBody).id };
    }

    it('when the email (in any case) and password match, then 200 with a token for that account', async () => {
      const acct = await account();
      const res = await post(LOGIN, { email: acct.email.toUpperCase(), password: acct.password });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['access_token', 'token_type']);
      expect(res.body.token_type).toBe('bearer');
      expect(jwtPayload(String(res.body.access_token)).sub).toBe(acct.id);
      expect((await post(ACTION, { action: 'START' }, { token: String(res.body.access_token) })).status).toBe(200);
    });

    it('when the password is wrong or the email unknown, then both get the same 401 INVALID_CREDENTIALS body', async () => {
      const acct = await account();
      const wrong = await post(LOGIN, { email: acct.email, password: password('wrong') });
      const unknown = await post(LOGIN, { email: email('nobody'), password: acct.password });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(withoutRequestId(wrong.body)).toEqual({
        detail: { message: INVALID_CREDENTIALS_MESSAGE, error_code: 'INVALID_CREDENTIALS' },
        error_code: 'INVALID_CREDENTIALS',
      });
      expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(wrong.body));
      expect(wrong.body.request_id).not.toBe(unknown.body.request_id);
    });

    it('when the email belongs to an outside-provider user without a password, then 401 INVALID_CREDENTIALS', async () => {
      const shared = email('IdpOnly');
      await post(ACTION, { action: 'START' }, { token: t.token(`idp-${randomUUID()}`, { email: shared }) });
      const res = await post(LOGIN, { email: shared, password: password() });
      expect(res.status).toBe(401);
      expect(res.body.error_code).toBe('INVALID_CREDENTIALS');
    });

    it('when the login body has an unknown field, then 400 VALIDATION_ERROR naming it', async () => {
      const res = await post(LOGIN, { email: email(), password: password(), remember_me: true });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('VALIDATION_ERROR');
      expect(errorOf(res).detail.message).toContain('remember_me');
    });

    it('when one IP makes an 11th login attempt for one email within a minute, then 429 RATE_LIMITED with Retry-After, for that email and IP only', async () => {
      const acct = await account();
      const ip = '203.0.113.7';
      for (let i = 0; i < 10; i++) {
        const attempt = await post(LOGIN, { email: i % 2 ? acct.email.toUpperCase() : acct.email, password: password('guess') }, { ip });
        expect(attempt.status).toBe(401);
      }
      const limited = await post(LOGIN, { email: acct.email, password: acct.password }, { ip });
      expect(limited.status).toBe(429);
      expect(limited.body.error_code).toBe('RATE_LIMITED');
      expect(errorOf(limited).detail.error_code).toBe('RATE_LIMITED');
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);

      expect((await post(LOGIN, { email: acct.email, password: acct.password }, { ip: '203.0.113.8' })).status).toBe(200);
      expect((await post(LOGIN, { email: email('other'), password: password() }, { ip })).status).toBe(401);
    });
  });

  it('when one IP exceeds the general limit across register and login, then 429 RATE_LIMITED with Retry-After', async () => {
    const small = await buildTestApp(backend, { env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const body = registration();
      expect((await post(REGISTER, body, { app: small })).status).toBe(201);
      expect((await post(LOGIN, { email: body.email, password: body.password }, { app: small })).status).toBe(200);
      expect((await post(LOGIN, { email: email(), password: password() }, { app: small })).status).toBe(401);
      const limited = await post(REGISTER, registration(), { app: small });
      expect(limited.status).toBe(429);
      expect(limited.body.error_code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const fromElsewhere = await post(REGISTER, registration(), { app: small, ip: '198.51.100.1' });
      expect(fromElsewhere.status).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('when an app is built without hash parameters, then new and upgraded hashes are argon2id with 64 MiB, 3 passes and 4 lanes', async () => {
    // The test apps hash cheaply (helpers/app.ts); this one has the server's own default.
    const production = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000' }),
      db: t.database.db,
      summaryLlm: null,
    });
    try {
      const storedParams = async (id: string) => {
        const { rows } = await t.database.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [id]);
        const m = /^\$argon2id\$v=19\$([^$]+)\$/.exec(rows[0]?.password_hash ?? '');
        return Object.fromEntries((m?.[1] ?? '').split(',').map((kv) => kv.split('=')));
      };
      const PRODUCTION = { m: '65536', t: '3', p: '4' };
      expect(PASSWORD_HASH_OPTIONS).toMatchObject({ memoryCost: 65_536, timeCost: 3, parallelism: 4 });

      const fresh = registration();
      const created = await post(REGISTER, fresh, { app: { app: production } });
      expect(created.status).toBe(201);
      expect(await storedParams((created.body.user as UserBody).id)).toEqual(PRODUCTION);

      // An account hashed with other parameters is rehashed with these at its next login.
      const cheap = registration();
      const id = ((await post(REGISTER, cheap)).body.user as UserBody).id;
      expect(await storedParams(id)).not.toEqual(PRODUCTION);
      expect((await post(LOGIN, { email: cheap.email, password: cheap.password }, { app: { app: production } })).status).toBe(200);
      expect(await storedParams(id)).toEqual(PRODUCTION);
      expect((await post(LOGIN, { email: cheap.email, password: cheap.password })).status).toBe(200);
    } finally {
      await production.close();
    }
  });

  it('when accounts register, log in, fail and are refused, then no password or hash appears in any response or log line', async () => {
    const body = registration({ email: email('Leak') });
    await post(REGISTER, body);
    await post(REGISTER, { ...body, email: body.email.toUpperCase() });
    const weak = 'Wk7#q!z';
    passwords.add(weak);
    await post(REGISTER, registration({ password: weak }));
    await post(REGISTER, registration({ extra: password('extra') }));
    const login = await post(LOGIN, { email: body.email, password: body.password });
    await post(LOGIN, { email: body.email, password: password('wrong') });
    await post(LOGIN, { email: email(), password: body.password });
    await post(ACTION, { action: 'START' }, { token: String(login.body.access_token) });

    const logs = logLines.join('');
    // The capture works: it holds this very request's id and the refusal of the duplicate.
    expect(logs).toContain(String(login.headers['x-request-id']));
    expect(logs).toContain('EMAIL_TAKEN');
    const said = [logs, ...replies.map((r) => `${r.raw}\n${JSON.stringify(r.headers)}`)];
    for (const text of said) {
      expect(text).not.toContain('$argon2');
      for (const p of passwords) expect(text).not.toContain(p);
    }
  });
});
