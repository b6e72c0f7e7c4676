import { randomUUID } from 'node:crypto';
import { argon2id, type HashOptions } from 'argon2';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openTestDatabase, sharedTestDatabase, type Backend, type TestDatabase } from './db.js';

/**
 * argon2id at its smallest cost (1 MiB, 2 passes, 1 lane) for the test apps: a production hash
 * costs about a second of CPU here, and the tests hash and verify hundreds of passwords. The
 * production parameters are checked by their own test (accounts.test.ts).
 */
export const TEST_PASSWORD_HASH = { type: argon2id, memoryCost: 1024, timeCost: 2, parallelism: 1 } as const satisfies HashOptions;

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  token(sub: string, claims?: { email?: string; name?: string; role?: string }): string;
  close(): Promise<void>;
}

/**
 * A fresh app, built by the same factory as the server, on the worker's shared database
 * (helpers/db.ts: its tests each own their users) or, with `database: 'own'`, on a migrated
 * database of its own that `close()` drops, for tests that read whole tables.
 */
export async function buildTestApp(
  backend: Backend,
  opts: { env?: Record<string, string>; app?: Omit<AppOptions, 'config' | 'db'>; database?: 'shared' | 'own' } = {},
): Promise<TestApp> {
  const database = opts.database === 'own' ? await openTestDatabase(backend) : await sharedTestDatabase(backend);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000', ...opts.env });
  const app = await buildApp({ config, db: database.db, summaryLlm: null, passwordHash: TEST_PASSWORD_HASH, ...opts.app });
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
