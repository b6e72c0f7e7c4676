/**
 * Safe defaults: a deployment that forgets NODE_ENV is not a token mint. Dev tokens answer only on
 * a loopback listener (or with an explicit DEV_TOKENS=on), never carry an admin role, and the CLI
 * signs with the same per-installation secret as the server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createVerifier } from 'fast-jwt';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, json, type TestApp } from './helpers/app.js';
import { loadConfig } from '../src/config.js';

const run = promisify(execFile);
const SECRET = 'dev-tokens-test-secret-0123456789-abcdef';
const opened: TestApp[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.close();
});

async function app(env: Record<string, string>): Promise<TestApp> {
  const t = await buildTestApp('pglite', { env });
  opened.push(t);
  return t;
}

/** Listens on `host` and asks for a token over loopback, as a client on this machine would. */
async function mintOver(t: TestApp, host: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  await t.app.listen({ port: 0, host });
  const { port } = t.app.server.address() as { port: number };
  const res = await fetch(`http://127.0.0.1:${port}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('development tokens', () => {
  it('when NODE_ENV is forgotten and HOST is not loopback, then no token can be minted', async () => {
    const t = await app({ NODE_ENV: 'development', HOST: '0.0.0.0', JWT_SECRET: SECRET });
    const res = await mintOver(t, '0.0.0.0', { sub: 'intruder' });
    expect(res.status).toBe(404);
    expect(res.body.error_code).toBe('NOT_FOUND');
  });

  it('when dev tokens are on by config but the server actually listens on all interfaces, then the issuer refuses', async () => {
    const t = await app({ NODE_ENV: 'development', JWT_SECRET: SECRET });
    const res = await mintOver(t, '0.0.0.0', { sub: 'intruder' });
    expect(res.status).toBe(404);
  });

  it('when DEV_TOKENS=on is given explicitly, then a non-loopback listener issues tokens', async () => {
    const t = await app({ NODE_ENV: 'development', HOST: '0.0.0.0', DEV_TOKENS: 'on', JWT_SECRET: SECRET });
    const res = await mintOver(t, '0.0.0.0', { sub: 'tester' });
    expect(res.status).toBe(200);
    expect(typeof res.body.access_token).toBe('string');
  });

  it('when the listener is loopback, then a newcomer gets a token that works', async () => {
    const t = await app({});
    const res = await mintOver(t, '127.0.0.1', { sub: 'newcomer' });
    expect(res.status).toBe(200);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/onboarding/progress',
      headers: { authorization: `Bearer ${String(res.body.access_token)}` },
    });
    expect(me.statusCode).toBe(200);
  });

  it.each(['admin', 'Admin', ' superadmin '])(
    'when a dev token with role %j is asked for, then 400 VALIDATION_ERROR names the role',
    async (role) => {
      const t = await app({});
      const res = await t.app.inject({ method: 'POST', url: '/api/dev/token', payload: { sub: 'sneaky', role } });
      expect(res.statusCode).toBe(400);
      const body = json(res);
      expect(body.error_code).toBe('VALIDATION_ERROR');
      expect((body.detail as { field?: string }).field).toBe('role');
    },
  );

  it('when a dev token with an ordinary role is asked for, then it carries that role', async () => {
    const t = await app({});
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/token', payload: { sub: 'coach-1', role: 'coach' } });
    expect(res.statusCode).toBe(200);
    const token = String(json(res).access_token);
    const claims = t.app.jwt.decode<{ role?: string }>(token);
    expect(claims?.role).toBe('coach');
  });
});

describe('npm run token', () => {
  const cli = ['--import', 'tsx', 'src/cli/token.ts'];
  const env = (dataDir: string) => {
    const { JWT_SECRET: _s, NODE_ENV: _n, DEV_TOKENS: _d, HOST: _h, ...rest } = process.env;
    return { ...rest, DATA_DIR: dataDir };
  };

  it('when run without any configuration, then it signs with the same per-installation secret the server uses', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'onb-token-'));
    const { stdout } = await run(process.execPath, [...cli, 'cli-user'], { env: env(dataDir) });
    const secret = loadConfig({ DATA_DIR: dataDir }).JWT_SECRET;
    const claims = createVerifier({ key: secret, algorithms: ['HS256'] })(stdout.trim()) as { sub: string };
    expect(claims.sub).toBe('cli-user');
  });

  it('when asked for an admin role, then it refuses', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'onb-token-'));
    await expect(run(process.execPath, [...cli, 'cli-user', 'a@b.example', 'admin'], { env: env(dataDir) })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/admin role/),
    });
  });
});
