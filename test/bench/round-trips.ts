/**
 * Database round trips per request, counted on the Database object (src/db/index.ts) itself:
 * our app is built in this process on the bench database, with a Database whose `query` counts
 * every statement, and each kind of request the table measures is sent through app.inject()
 * with the user's lookup already cached (the steady state of the load runs). The request paths
 * use `query` only; any use of the Drizzle handle (`orm`) is counted too and reported, since it
 * would bypass the count.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDatabase, type Database } from '../../src/db/index.js';
import { JWT_SECRET } from './setup.js';

export interface RoundTrips {
  what: string;
  /** Statements per request, over the samples (min and max differ only if a path varies). */
  min: number;
  max: number;
  samples: number;
  /** The bar this row is held to, if any (issue 7: a chat turn in at most 3). */
  bar: number | null;
}

export interface RoundTripReport {
  rows: RoundTrips[];
  /** Accesses to the Drizzle handle during the counted requests: 0, or the counts are incomplete. */
  ormAccesses: number;
}

/** A Database that counts what goes through it. */
function counting(db: Database): { db: Database; statements(): number; ormAccesses(): number } {
  let statements = 0;
  let ormAccesses = 0;
  const orm = new Proxy(db.orm, {
    get(target, prop, receiver) {
      ormAccesses += 1;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  const wrapped: Database = {
    kind: db.kind,
    orm,
    query<T>(text: string, params?: readonly unknown[]) {
      statements += 1;
      return db.query<T>(text, params);
    },
    migrate: () => db.migrate(),
    ping: (timeoutMs) => db.ping(timeoutMs),
    get lastReachedAt() {
      return db.lastReachedAt;
    },
    poolStats: () => db.poolStats(),
    close: (timeoutMs) => db.close(timeoutMs),
  };
  return { db: wrapped, statements: () => statements, ormAccesses: () => ormAccesses };
}

interface Probe {
  what: string;
  bar: number | null;
  /** Positions a fresh user (its requests are not counted); returns the counted request. */
  prepare(app: FastifyInstance, auth: Record<string, string>): Promise<() => Promise<number>>;
}

type Send = (
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: string }>;

function sender(app: FastifyInstance, auth: Record<string, string>): Send {
  return async (method, url, body, headers = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: res.body };
  };
}

async function must(send: Send, method: 'GET' | 'POST', url: string, body?: unknown, headers?: Record<string, string>): Promise<void> {
  const r = await send(method, url, body, headers);
  if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${url} -> ${r.status} ${r.body.slice(0, 300)}`);
}

const PROGRESS = '/api/v1/onboarding/progress';
const STEP = '/api/v1/onboarding/step';
const ACTION = '/api/onboarding/action';
const CHAT = '/api/v1/chat/onboarding';
const COMPANION = '/api/chat';
const key = () => ({ 'idempotency-key': `rt-${randomUUID()}` });

/** The requests of the load table, as the bench sends them, plus their Idempotency-Key variants. */
const PROBES: Probe[] = [
  {
    what: 'GET /api/v1/onboarding/progress',
    bar: null,
    async prepare(app, auth) {
      const send = sender(app, auth);
      await must(send, 'GET', PROGRESS);
      return async () => (await send('GET', PROGRESS)).status;
    },
  },
  {
    what: 'POST /api/v1/onboarding/step (fitness step, re-save state 1)',
    bar: null,
    async prepare(app, auth) {
      const send = sender(app, auth);
      await must(send, 'POST', STEP, { step: 1, data: { fitness_level: 'beginner' } });
      return async () => (await send('POST', STEP, { step: 1, data: { fitness_level: 'intermediate' } })).status;
    },
  },
  {
    what: '  same, with an Idempotency-Key',
    bar: null,
    async prepare(app, auth) {
      const send = sender(app, auth);
      await must(send, 'POST', STEP, { step: 1, data: { fitness_level: 'beginner' } });
      return async () => (await send('POST', STEP, { step: 1, data: { fitness_level: 'intermediate' } }, key())).status;
    },
  },
  {
    what: 'POST /api/onboarding/action (guided turn, a re-ask)',
    bar: null,
    async prepare(app, auth) {
      const send = sender(app, auth);
      await must(send, 'POST', ACTION, { action: 'START' });
      await must(send, 'POST', ACTION, { action: 'SUBMIT_TEXT', value: 'Me llamo Ana' });
      await must(send, 'POST', ACTION, { action: 'SUBMIT_TEXT', value: 'Quiero correr 5 km en tres meses' });
      return async () => (await send('POST', ACTION, { action: 'SELECT_OPTION', value: 'Z' })).status;
    },
  },
  {
    what: '  same, with an Idempotency-Key',
    bar: null,
    async prepare(app, auth) {
      const send = sender(app, auth);
      await must(send, 'POST', ACTION, { action: 'START' });
      await must(send, 'POST', ACTION, { action: 'SUBMIT_TEXT', value: 'Me llamo Ana' });
      await must(send, 'POST', ACTION, { action: 'SUBMIT_TEXT', value: 'Quiero correr 5 km en tres meses' });
      return async () => (await send('POST', ACTION, { action: 'SELECT_OPTION', value: 'Z' }, key())).status;
    },
  },
  {
    what: 'POST /api/v1/chat/onboarding (fitness chat turn that saves nothing: "hello")',
    bar: 3,
    async prepare(app, auth) {
      const send = sender(app, auth);
      await must(send, 'GET', PROGRESS);
      return async () => (await send('POST', CHAT, { message: 'hello', current_state: 1 })).status;
    },
  },
  {
    what: '  same, with an Idempotency-Key',
    bar: 3,
    async prepare(app, auth) {
      const send = sender(app, auth);
      await must(send, 'GET', PROGRESS);
      return async () => (await send('POST', CHAT, { message: 'hello', current_state: 1 }, key())).status;
    },
  },
  {
    what: 'POST /api/v1/chat/onboarding (fitness chat turn that saves a state), with an Idempotency-Key',
    bar: 3,
    async prepare(app, auth) {
      const send = sender(app, auth);
      await must(send, 'GET', PROGRESS);
      return async () => (await send('POST', CHAT, { message: "I'm a beginner", current_state: 1 }, key())).status;
    },
  },
  {
    what: 'POST /api/chat (offline companion, continuing a conversation)',
    bar: null,
    async prepare(app, auth) {
      const send = sender(app, auth);
      const first = await send('POST', COMPANION, { agent_id: 'calm_companion', message: 'Hola' });
      if (first.status !== 200) throw new Error(`POST ${COMPANION} -> ${first.status} ${first.body.slice(0, 300)}`);
      const { conversation_id: conversationId } = JSON.parse(first.body) as { conversation_id: string };
      return async () =>
        (await send('POST', COMPANION, { agent_id: 'calm_companion', message: '¿Por dónde empiezo?', conversation_id: conversationId }))
          .status;
    },
  },
];

/**
 * Builds our app in this process on `url` (already migrated) with a counting Database, and
 * counts the statements of `samples` requests of each probe, each from a user of its own.
 */
export async function countRoundTrips(url: string, samples = 5): Promise<RoundTripReport> {
  const inner = createDatabase({ url, poolSize: 2 });
  const counted = counting(inner);
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    JWT_SECRET,
    DEV_TOKENS: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000000',
  });
  const app = await buildApp({ config, db: counted.db, summaryLlm: null });
  await app.ready();
  try {
    const rows: RoundTrips[] = [];
    let ormAccesses = 0;
    for (const probe of PROBES) {
      const counts: number[] = [];
      for (let i = 0; i < samples; i++) {
        const auth = { authorization: `Bearer ${app.signToken({ sub: `bench-rt-${randomUUID()}` })}` };
        const request = await probe.prepare(app, auth);
        const before = counted.statements();
        const ormBefore = counted.ormAccesses();
        const status = await request();
        if (status < 200 || status >= 300) throw new Error(`${probe.what}: answered ${status}`);
        counts.push(counted.statements() - before);
        ormAccesses += counted.ormAccesses() - ormBefore;
      }
      rows.push({ what: probe.what, min: Math.min(...counts), max: Math.max(...counts), samples, bar: probe.bar });
    }
    return { rows, ormAccesses };
  } finally {
    await app.close();
    await inner.close();
  }
}

export function renderRoundTrips(report: RoundTripReport): string {
  const lines = report.rows.map((r) => {
    const n = r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`;
    const verdict = r.bar === null ? '' : r.max <= r.bar ? `   PASS (<= ${r.bar})` : `   FAIL (> ${r.bar})`;
    return `${n.padStart(5)}  ${r.what}${verdict}`;
  });
  const width = Math.max(...lines.map((l) => l.length));
  return [
    'database round trips per request (statements on the Database object; user lookup cached):',
    ...lines,
    '-'.repeat(Math.min(width, 100)),
    report.ormAccesses === 0
      ? 'the Drizzle handle was not used by these requests: every statement is counted'
      : `WARNING: the Drizzle handle was used ${report.ormAccesses} times: counts incomplete`,
  ].join('\n');
}
