import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openTestDatabase, type Backend, type TestDatabase } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  token(sub: string, claims?: { email?: string; name?: string; role?: string }): string;
  close(): Promise<void>;
}

/** A fresh app on its own database, built by the same factory as the server. */
export async function buildTestApp(
  backend: Backend,
  opts: { env?: Record<string, string>; app?: Omit<AppOptions, 'config' | 'db'> } = {},
): Promise<TestApp> {
  const database = await openTestDatabase(backend);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000', ...opts.env });
  const app = await buildApp({ config, db: database.db, summaryLlm: null, ...opts.app });
  await app.ready();
  return {
    app,
    database,
    token: (sub, claims = {}) => app.signToken({ sub, ...claims }),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** A fresh user of the app: a unique sub and its token (the row is created on first use). */
export function newUser(t: TestApp, prefix = 'user'): { sub: string; token: string } {
  const sub = `${prefix}-${randomUUID()}`;
  return { sub, token: t.token(sub) };
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}
