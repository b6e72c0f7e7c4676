/**
 * Hostile input (issue 10, "Tests that must exist"): fast-check over every endpoint's schema,
 * with a fixed seed, on PGlite and, with DATABASE_URL, on PostgreSQL.
 *
 * The routes come from the app itself: its route tree (`printRoutes`) lists every route, so a
 * new endpoint is attacked without touching this file, and its OpenAPI document (`/docs/json`)
 * gives each documented operation's body, query, headers and security. For each route,
 * test/helpers/hostile.ts generates plausible requests with one hostile change each (wrong
 * types, missing and extra fields, huge strings, NUL and unpaired surrogates in values and field
 * names, deep nesting, out-of-range and NaN-like numbers, arrays for objects, invalid JSON and
 * UTF-8, wrong content types, hostile Idempotency-Key / X-Agent-Context / Accept-Language /
 * X-Request-Id and other headers, hostile query strings and path parameters, missing, garbage,
 * foreign, unsigned, expired tokens and tokens with hostile claims). Requests run one at a time
 * as the users of a small pool (fresh, half-way, onboarded, admin; DELETE as a user made for it).
 *
 * For every response:
 * - no 5xx;
 * - a request the documented rules refuse (schema violation, unstorable text, too deep or too
 *   large, not JSON, refused token, no such route) gets a 4xx;
 * - an error (4xx) has its family's documented shape (docs/behaviour/errors.md, src/errors.ts);
 * - no body carries internals: stack frames, file paths, driver or framework error names,
 *   connection errors, SQL or database messages (text the requests themselves sent is echo, not
 *   a leak);
 * - every table of the public schema is snapshotted before and after the request: a request
 *   that was not accepted (not 2xx) changed nothing but the documented counters, namely
 *     - `validation_failures`: one row for a refused fitness answer (400 VALIDATION_ERROR), the
 *       funnel's count of where users struggle (drizzle/schema.ts, src/funnel/report.ts), its
 *       field name bounded (issue 10: unknown field names are truncated before they are stored);
 *     - `idempotency_keys`: the request's own key with its stored answer (docs/behaviour/data.md:
 *       the same key and body replay the first response, refused ones included).
 *   Accepted requests may change state; the next request's "before" is taken after them.
 *
 * The run prints its figures (requests, statuses, kinds) for the release note.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgentsRegistry } from '../src/agents/registry.js';
import type { Database } from '../src/db/index.js';
import { ERROR_STATUS, errorBody } from '../src/errors.js';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';
import { completeOnboarding, saveThrough } from './helpers/fitness-client.js';
import { completeFlow, start, submitText } from './helpers/guided-client.js';
import {
  foreignToken,
  hostileRequests,
  operationsOf,
  parseRouteTree,
  unsignedToken,
  type Actor,
  type AuthSpec,
  type HostileRequest,
  type OpenApiDoc,
  type Operation,
} from './helpers/hostile.js';

const SEED = Number(process.env.FC_SEED ?? 20261122);
/** Requests per documented operation, and per other route (screens, docs, health, metrics). */
const RUNS_DOCUMENTED = 60;
const RUNS_OTHER = 10;
/** The longest field name `validation_failures` keeps (issue 10, item 11; migrations/0008). */
const STORED_FIELD_MAX = 100;

const KNOWN_EMAIL = 'hostile-known@example.com';
const KNOWN_PASSWORD = 'correct horse battery staple';

// ---------------------------------------------------------------------------------------------
// Table snapshots.

interface TableDiff {
  table: string;
  added: Array<Record<string, unknown>>;
  removed: Array<Record<string, unknown>>;
}

/**
 * Every table of the public schema, as a hash per table (one round trip), with the rows of each
 * table kept from the last time its hash changed, so a change can be shown row by row.
 */
class Snapshots {
  private rows = new Map<string, { hash: string; rows: string[] }>();
  private constructor(
    private readonly db: Database,
    readonly tables: string[],
    private readonly hashQuery: string,
  ) {}

  static async open(db: Database): Promise<Snapshots> {
    const { rows } = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const tables = rows.map((r) => r.table_name);
    const hashQuery = tables
      .map(
        (t) =>
          `SELECT '${t}' AS t, md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS h FROM (SELECT row_to_json(x)::text AS r FROM "${t}" x) s`,
      )
      .join(' UNION ALL ');
    const s = new Snapshots(db, tables, hashQuery);
    await s.take();
    return s;
  }

  /** The tables whose contents changed since the previous call, with the rows added and removed. */
  async take(): Promise<TableDiff[]> {
    const { rows } = await this.db.query<{ t: string; h: string }>(this.hashQuery);
    const diffs: TableDiff[] = [];
    for (const { t, h } of rows) {
      const known = this.rows.get(t);
      if (known?.hash === h) continue;
      const now = (await this.db.query<{ r: string }>(`SELECT row_to_json(x)::text AS r FROM "${t}" x`)).rows.map((r) => r.r);
      this.rows.set(t, { hash: h, rows: now });
      if (known) diffs.push({ table: t, ...multisetDiff(known.rows, now) });
    }
    return diffs;
  }
}

function multisetDiff(
  before: string[],
  after: string[],
): { added: Array<Record<string, unknown>>; removed: Array<Record<string, unknown>> } {
  const counts = new Map<string, number>();
  for (const r of before) counts.set(r, (counts.get(r) ?? 0) + 1);
  const added: string[] = [];
  for (const r of after) {
    const n = counts.get(r) ?? 0;
    if (n > 0) counts.set(r, n - 1);
    else added.push(r);
  }
  const removed = [...counts].flatMap(([r, n]) => Array<string>(n).fill(r));
  const parse = (r: string) => JSON.parse(r) as Record<string, unknown>;
  return { added: added.map(parse), removed: removed.map(parse) };
}

/**
 * The writes of a request that was not accepted, beyond the documented counters (see the file's
 * comment): an empty list when it changed nothing else.
 */
function unexpectedWrites(diffs: TableDiff[], sent: { userId: string | null; idempotencyKey: string | undefined }, res: Answer): string[] {
  const problems: string[] = [];
  const show = (rows: Array<Record<string, unknown>>) => rows.slice(0, 2).map((r) => JSON.stringify(r).slice(0, 300));
  for (const d of diffs) {
    if (d.table === 'validation_failures') {
      // The funnel's count of a refused fitness answer: one row, this user's, for a 400.
      const ok =
        d.removed.length === 0 &&
        d.added.length === 1 &&
        res.statusCode === 400 &&
        d.added.every(
          (r) => r.user_id === sent.userId && r.flow === 'fitness' && typeof r.field === 'string' && r.field.length <= STORED_FIELD_MAX,
        );
      if (!ok) problems.push(`validation_failures: +${d.added.length} -${d.removed.length} ${show(d.added).join(' ')}`);
      continue;
    }
    if (d.table === 'idempotency_keys') {
      // The request's own key, holding the very answer it got (so a retry replays it).
      let body: unknown = null;
      try {
        body = JSON.parse(res.body);
      } catch {
        body = res.body;
      }
      const ok =
        d.removed.length === 0 &&
        d.added.length === 1 &&
        d.added.every(
          (r) =>
            r.user_id === sent.userId &&
            r.key === sent.idempotencyKey &&
            r.status === 'done' &&
            r.response_status === res.statusCode &&
            isDeepStrictEqual(r.response_body, body),
        );
      if (!ok) problems.push(`idempotency_keys: +${d.added.length} -${d.removed.length} ${show(d.added).join(' ')}`);
      continue;
    }
    problems.push(`${d.table}: +${d.added.length} -${d.removed.length} ${show([...d.added, ...d.removed]).join(' ')}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// What a response may say.

const INTERNALS: ReadonlyArray<readonly [string, RegExp]> = [
  ['a stack frame', /\n\s+at\s|\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|node:|\/)[^\s)]*:\d+:\d+/g],
  ['a file path', /\/work\/|\/home\/|\/usr\/|\/tmp\/|node_modules|file:\/\/|\b[\w-]+\.(?:ts|js|mjs|cjs):\d+/g],
  [
    'a driver or connection error',
    /\b(?:DatabaseError|PGlite|pg_[a-z_]+|SQLSTATE|ECONN[A-Z]+|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)\b/g,
  ],
  [
    'a database message',
    /relation "|column "|duplicate key value|violates (?:not-null|foreign key|unique|check) constraint|invalid input syntax|invalid byte sequence|unsupported Unicode escape|syntax error at or near|current transaction is aborted|could not serialize|deadlock detected|null value in column/gi,
  ],
  ['SQL', /\bSELECT\s[^"\n]{0,80}?\sFROM\s|\bINSERT\s+INTO\s|\bUPDATE\s+"?\w+"?\s+SET\s|\bDELETE\s+FROM\s|\bON CONFLICT\b|\bRETURNING\s/g],
  [
    'a framework or runtime error',
    /\bFST_[A-Z_]+|\bERR_[A-Z_]{4,}|ZodError|\b(?:Type|Range|Reference|Syntax)Error\b|Maximum call stack|Cannot read propert|is not a function|undefined is not/g,
  ],
  ['file contents', /root:x:0:0|"devDependencies"|BEGIN (?:RSA |EC )?PRIVATE KEY/g],
];

/** Every string of a JSON value (keys included), walked without recursion. */
function stringsOf(value: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        stack.push(x);
      }
    }
  }
  return out;
}

/** What the requests themselves sent: text a response may echo without leaking anything. */
class SentText {
  private readonly texts: string[] = [];
  add(req: HostileRequest): void {
    this.texts.push(req.url, safeDecode(req.url), ...Object.values(req.headers));
    if (req.payload !== undefined) {
      const text = Buffer.from(req.payload).toString('utf8');
      this.texts.push(text);
      try {
        this.texts.push(...stringsOf(JSON.parse(text)));
      } catch {
        // Not JSON: its text is already there.
      }
    }
  }
  includes(fragment: string): boolean {
    return this.texts.some((t) => t.includes(fragment));
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return s;
  }
}

function leaks(res: Answer, sent: SentText): string[] {
  const type = String(res.headers['content-type'] ?? '');
  let texts: string[];
  if (type.includes('json')) {
    try {
      const body: unknown = JSON.parse(res.body);
      texts = stringsOf(body);
      const keys = new Set(texts);
      if (keys.has('stack') || keys.has('trace')) return ['a stack'];
    } catch {
      texts = [res.body];
    }
  } else if (type.startsWith('text/plain') || res.statusCode >= 400) {
    texts = [res.body];
  } else {
    // Static pages, scripts, styles and the YAML document are files of the repository, the
    // same whatever the request; only what can carry an error is read.
    return [];
  }
  const found: string[] = [];
  for (const text of texts) {
    for (const [what, pattern] of INTERNALS) {
      for (const m of text.matchAll(pattern)) {
        if (!sent.includes(m[0])) found.push(`${what}: ${JSON.stringify(m[0].slice(0, 80))}`);
      }
    }
  }
  return found;
}

/** What the checks read of a response (a LightMyRequestResponse is one). */
type Answer = Pick<LightMyRequestResponse, 'statusCode' | 'body' | 'headers'>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const codeStatus = (code: unknown): number | undefined =>
  typeof code === 'string' && code in ERROR_STATUS ? ERROR_STATUS[code as keyof typeof ERROR_STATUS] : undefined;
const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

/** docs/behaviour/errors.md's `/api/v1` and accounts shape. */
function platformShapeProblem(body: Json, res: Answer): string | null {
  const keys = Object.keys(body).sort().join(',');
  if (keys !== 'detail,error_code,request_id') return `keys ${keys}`;
  const detail = body.detail;
  if (!isObject(detail) || !nonEmpty(detail.message) || detail.error_code !== body.error_code) return 'detail';
  if (codeStatus(body.error_code) !== res.statusCode) return `code ${String(body.error_code)} with status ${res.statusCode}`;
  // A replayed answer (Idempotency-Key) is the first response as it was, with that request's id.
  if (!nonEmpty(body.request_id) || (body.request_id !== res.headers['x-request-id'] && res.headers['idempotent-replayed'] !== 'true'))
    return 'request_id';
  return null;
}

/** The guided contract's error: the error and the current state rendered (only the error without a user). */
function guidedShapeProblem(body: Json, res: Answer): string | null {
  const error = body.error;
  if (!isObject(error) || !nonEmpty(error.code) || !nonEmpty(error.message)) return 'error';
  if (codeStatus(error.code) !== res.statusCode) return `code ${String(error.code)} with status ${res.statusCode}`;
  const keys = Object.keys(body).sort().join(',');
  if (res.statusCode === 401 || res.statusCode === 429) return keys === 'error' ? null : `keys ${keys}`;
  if (keys !== 'context,error,messages,state,ui') return `keys ${keys}`;
  if (typeof body.state !== 'string' || !Array.isArray(body.messages) || !isObject(body.ui) || !isObject(body.context))
    return 'state rendering';
  return null;
}

const COMPANION_CODES: Readonly<Record<string, number>> = { INVALID_AGENT: 400, INVALID_MESSAGE: 400 };

/** The companion chat's `{"error": {code, message}}`. */
function companionShapeProblem(body: Json, res: Answer): string | null {
  const keys = Object.keys(body).sort().join(',');
  if (keys !== 'error') return `keys ${keys}`;
  const error = body.error;
  if (!isObject(error) || !nonEmpty(error.code) || !nonEmpty(error.message)) return 'error';
  const status = COMPANION_CODES[String(error.code)] ?? codeStatus(error.code);
  if (status !== res.statusCode) return `code ${String(error.code)} with status ${res.statusCode}`;
  return null;
}

function undecodablePath(url: string): boolean {
  try {
    decodeURIComponent(url.split('?')[0] ?? '');
    return false;
  } catch {
    return true;
  }
}

function shapeProblem(family: Operation['family'], req: Pick<HostileRequest, 'method' | 'url'>, res: Answer): string | null {
  if (req.method === 'HEAD') return null;
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json'))
    return `content-type ${String(res.headers['content-type'])}`;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return 'not JSON';
  }
  if (!isObject(body)) return 'not an object';
  // Requests that match no route (an unknown path, or one the router cannot decode) are answered
  // in the platform shape, whatever family the path looks like.
  if ((res.statusCode === 404 || undecodablePath(req.url)) && platformShapeProblem(body, res) === null) return null;
  switch (family) {
    case 'guided':
      return guidedShapeProblem(body, res);
    case 'companion':
      return companionShapeProblem(body, res);
    default:
      return platformShapeProblem(body, res);
  }
}

// ---------------------------------------------------------------------------------------------

/** A seed per route, so that a new route does not change the requests of the others. */
function seedFor(key: string): number {
  let h = SEED | 0;
  for (const c of key) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

interface Figures {
  requests: number;
  byStatus: Map<number, number>;
  byKind: Map<string, number>;
  refusedByOp: Map<string, number>;
  mustRejectByOp: Map<string, number>;
  /** Statuses per route, printed with HOSTILE_DETAIL=1. */
  byOp: Map<string, Map<number, number>>;
  mustReject: number;
  refused: number;
  countedFailures: number;
  storedKeys: number;
}

const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

describe('the checks of the hostile-input suite', () => {
  const answer = (statusCode: number, body: unknown): Answer => ({
    statusCode,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-1' },
  });
  const url = { method: 'POST', url: '/api/v1/onboarding/step' };

  it('when a body carries internals, then it is a leak; text the requests sent is an echo', () => {
    const sent = new SentText();
    const injection = 'Robert"); DELETE FROM users WHERE ("1"="1';
    sent.add({
      op: 'POST /x',
      kind: 'extra-field',
      ...url,
      headers: {},
      payload: JSON.stringify({ [injection]: 1 }),
      auth: { kind: 'none' },
      actor: 'anonymous',
      mustReject: null,
    });
    expect(leaks(answer(503, { detail: { message: 'connect ECONNREFUSED 127.0.0.1:5432' } }), sent)).not.toEqual([]);
    expect(leaks(answer(400, { message: 'x', stack: 'Error: x' }), sent)).toEqual(['a stack']);
    expect(leaks(answer(500, 'Error: x\n    at run (/work/main/src/app.ts:10:5)'), sent)).not.toEqual([]);
    expect(leaks(answer(400, { detail: { message: 'duplicate key value violates unique constraint "users_pkey"' } }), sent)).not.toEqual(
      [],
    );
    expect(leaks(answer(400, { detail: { message: 'x', code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' } }), sent)).not.toEqual([]);
    expect(leaks(answer(400, { detail: { message: `data.${injection}: Unrecognized key` } }), sent)).toEqual([]);
    expect(leaks(answer(400, { detail: { message: `${injection} and then SELECT id FROM users ` } }), sent)).not.toEqual([]);
  });

  it('when an error is not in its family’s documented shape, then the shape check says so', () => {
    const framework = { error: 'Bad Request', code: 'FST_ERR_BAD_URL', message: 'bad', statusCode: 400 };
    expect(shapeProblem('platform', url, answer(400, framework))).not.toBeNull();
    expect(shapeProblem('platform', url, answer(400, errorBody('VALIDATION_ERROR', 'Not valid.', 'req-1')))).toBeNull();
    expect(shapeProblem('platform', url, answer(409, errorBody('VALIDATION_ERROR', 'Not valid.', 'req-1')))).not.toBeNull();
    expect(shapeProblem('platform', url, answer(400, errorBody('VALIDATION_ERROR', 'Not valid.', 'another')))).not.toBeNull();
    const guided = { method: 'POST', url: '/api/onboarding/action' };
    expect(shapeProblem('guided', guided, answer(409, { error: { code: 'ACTION_NOT_ALLOWED', message: 'No.' } }))).not.toBeNull();
    const rendered = {
      error: { code: 'ACTION_NOT_ALLOWED', message: 'No.' },
      state: 'ask_name',
      messages: [],
      ui: { type: 'input', options: [] },
      context: {},
    };
    expect(shapeProblem('guided', guided, answer(409, rendered))).toBeNull();
    expect(shapeProblem('guided', guided, answer(401, { error: { code: 'UNAUTHORIZED', message: 'Token.' } }))).toBeNull();
    const chat = { method: 'POST', url: '/api/chat' };
    expect(shapeProblem('companion', chat, answer(400, { error: { code: 'INVALID_MESSAGE', message: 'Empty.' } }))).toBeNull();
    expect(shapeProblem('companion', chat, answer(400, errorBody('VALIDATION_ERROR', 'Not valid.', 'req-1')))).not.toBeNull();
    expect(shapeProblem('companion', chat, answer(404, errorBody('NOT_FOUND', 'No such route.', 'req-1')))).toBeNull();
  });
});

describe.each(BACKENDS)('hostile input on %s', (backend) => {
  let t: TestApp;
  let ops: Operation[];
  let routesInTree: number;
  let snapshots: Snapshots;
  const tokens = new Map<Actor, string>();
  const userIds = new Map<Actor, string>();
  const avatars = loadAgentsRegistry()
    .avatars()
    .map((a) => a.id);

  const userIdOf = async (sub: string): Promise<string> => {
    const { rows } = await t.database.db.query<{ id: string }>('SELECT id FROM users WHERE sub = $1', [sub]);
    if (!rows[0]) throw new Error(`no user ${sub}`);
    return rows[0].id;
  };

  /** A pool user: the first authenticated request creates its row. */
  const poolUser = async (actor: Actor, claims: { role?: string } = {}): Promise<string> => {
    const sub = `hostile-${actor}`;
    const token = t.token(sub, claims);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    if (res.statusCode !== 200) throw new Error(`pool user ${actor}: ${res.statusCode} ${res.body}`);
    tokens.set(actor, token);
    userIds.set(actor, await userIdOf(sub));
    return token;
  };

  beforeAll(async () => {
    t = await buildTestApp(backend, { database: 'own' });
    const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/docs/json' })).body) as OpenApiDoc;
    const routes = parseRouteTree(t.app.printRoutes());
    routesInTree = routes.length;
    for (const r of routes) {
      if (!t.app.hasRoute({ method: r.method as 'GET', url: r.url })) throw new Error(`the route tree was misread: ${r.method} ${r.url}`);
    }
    ops = operationsOf(routes, doc);
    const documented = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const missing = documented.filter((k) => !ops.some((o) => o.key === k));
    if (missing.length > 0) throw new Error(`documented operations not in the route tree: ${missing.join(', ')}`);

    await poolUser('fresh');
    const midway = await poolUser('midway');
    await saveThrough(t, midway, 3);
    await start(t, midway);
    await submitText(t, midway, 'Me llamo Ana');
    const done = await poolUser('done');
    await completeOnboarding(t, done);
    await completeFlow(t, done);
    await poolUser('admin', { role: 'admin' });
    // The subject that tokens with hostile claims name, so that none of them could create it.
    await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${t.token('pool-hostile')}` } });
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: KNOWN_EMAIL, password: KNOWN_PASSWORD, full_name: 'Known Account' }),
    });
    if (registered.statusCode !== 201) throw new Error(`register: ${registered.statusCode} ${registered.body}`);
    snapshots = await Snapshots.open(t.database.db);
  });

  afterAll(async () => {
    await t?.close();
  });

  const authHeader = (auth: AuthSpec, actorToken: string | undefined): string | undefined => {
    switch (auth.kind) {
      case 'actor':
        return actorToken && `Bearer ${actorToken}`;
      case 'none':
        return undefined;
      case 'raw':
        return auth.header;
      case 'claims':
        // Hostile claims (wrong types included), signed with the app's own secret.
        return `Bearer ${t.app.jwt.sign(auth.claims as unknown as { sub: string })}`;
      case 'foreign-secret':
        return `Bearer ${foreignToken('hostile-fresh')}`;
      case 'alg-none':
        return `Bearer ${unsignedToken('hostile-fresh')}`;
      case 'expired':
        return `Bearer ${t.app.jwt.sign({ sub: 'hostile-fresh', iat: Math.floor(Date.now() / 1000) - 30 * 86_400 })}`;
    }
  };

  it('when a request is accepted, then the table snapshot sees its writes, and a refused fitness answer writes only the counters', async () => {
    const sub = `hostile-probe-${randomUUID()}`;
    const token = t.token(sub);
    await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    const userId = await userIdOf(sub);
    await snapshots.take();

    const accepted = await start(t, token);
    expect(accepted.status).toBe(200);
    const written = await snapshots.take();
    expect(written.map((d) => d.table)).toContain('flow_sessions');
    // Had it been refused, these writes would be reported.
    const notFound = await t.app.inject({ method: 'GET', url: '/nowhere' });
    expect(unexpectedWrites(written, { userId, idempotencyKey: undefined }, notFound).join('\n')).toMatch(/flow_sessions/);

    const key = `probe-${randomUUID()}`;
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/onboarding/step',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      payload: JSON.stringify({ step: 1, data: { fitness_level: 'expert' } }),
    });
    expect(refused.statusCode).toBe(400);
    const counters = await snapshots.take();
    expect(counters.map((d) => d.table).sort()).toEqual(['idempotency_keys', 'validation_failures']);
    expect(unexpectedWrites(counters, { userId, idempotencyKey: key }, refused)).toEqual([]);
    // A row under another key is not this request's bookkeeping.
    expect(unexpectedWrites(counters, { userId, idempotencyKey: 'another-key' }, refused)).not.toEqual([]);
  });

  it('when every route gets hostile requests, then none is a 5xx, the refused ones are documented errors that leak nothing and change nothing but the counters', async () => {
    const startedAt = Date.now();
    const idempotencyKeys = ['hostile-key-1', 'hostile-key-2', 'hostile-key-3'];
    const hints = {
      email: [KNOWN_EMAIL],
      password: [KNOWN_PASSWORD],
      agent_id: avatars,
      agent: avatars,
      action: ['START', 'SUBMIT_TEXT', 'SELECT_OPTION'],
      value: ['A', '1', 'Me llamo Ana', 'Quiero dormir mejor'],
      message: ['hola', 'I am a beginner', 'quiero perder grasa'],
      locale: ['es', 'en'],
      sub: ['hostile-dev'],
    };
    const perOp = ops.map((op) =>
      fc.sample(hostileRequests(op, { hints, idempotencyKeys }), {
        seed: seedFor(op.key),
        numRuns: op.documented && op.method !== 'HEAD' ? RUNS_DOCUMENTED : RUNS_OTHER,
      }),
    );
    // Round-robin over the routes, so that each route meets users in varied states.
    const requests: HostileRequest[] = [];
    for (let i = 0; perOp.some((list) => i < list.length); i++) for (const list of perOp) if (list[i]) requests.push(list[i]!);
    const opByKey = new Map(ops.map((o) => [o.key, o]));

    const figures: Figures = {
      requests: 0,
      byStatus: new Map(),
      byKind: new Map(),
      refusedByOp: new Map(),
      mustRejectByOp: new Map(),
      byOp: new Map(),
      mustReject: 0,
      refused: 0,
      countedFailures: 0,
      storedKeys: 0,
    };
    const problems: string[] = [];
    const sent = new SentText();
    let disposable = 0;
    await snapshots.take();

    for (const req of requests) {
      const op = opByKey.get(req.op)!;
      let actorToken = tokens.get(req.actor);
      let userId = req.auth.kind === 'actor' ? (userIds.get(req.actor) ?? null) : null;
      if (req.actor === 'disposable' && req.auth.kind === 'actor') {
        // DELETE erases its user: each gets one of its own, made before the "before" snapshot.
        const sub = `hostile-disposable-${disposable++}`;
        actorToken = t.token(sub);
        await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${actorToken}` } });
        userId = await userIdOf(sub);
        await snapshots.take();
      }
      const authorization = authHeader(req.auth, actorToken);
      const headers = { ...req.headers, ...(authorization === undefined ? {} : { authorization }) };
      sent.add(req);
      const res = await t.app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers,
        ...(req.payload === undefined ? {} : { payload: req.payload }),
      });
      const diffs = await snapshots.take();

      figures.requests++;
      bump(figures.byStatus, res.statusCode);
      bump(figures.byKind, req.kind);
      const ofOp = figures.byOp.get(op.key) ?? new Map<number, number>();
      figures.byOp.set(op.key, bump(ofOp, res.statusCode));
      if (req.mustReject) {
        figures.mustReject++;
        bump(figures.mustRejectByOp, op.key);
      }
      const what = `${req.kind} ${req.method} ${req.url.slice(0, 120)} (${op.key}, ${req.actor}/${req.auth.kind}) -> ${res.statusCode}`;
      const fail = (p: string) => problems.push(`${what}: ${p}`);

      if (res.statusCode >= 500) fail(`5xx: ${res.body.slice(0, 300)}`);
      else if (req.mustReject && res.statusCode < 400) fail(`accepted, though ${req.mustReject}`);
      if (res.statusCode >= 400) {
        const shape = shapeProblem(op.family, req, res);
        if (shape) fail(`not the documented error shape (${shape}): ${res.body.slice(0, 300)}`);
      }
      for (const leak of leaks(res, sent)) fail(`leaks ${leak}`);
      if (res.statusCode < 200 || res.statusCode >= 300) {
        figures.refused++;
        bump(figures.refusedByOp, op.key);
        const idempotencyKey = req.headers['idempotency-key'];
        for (const w of unexpectedWrites(diffs, { userId, idempotencyKey }, res)) fail(`changed ${w}`);
        if (diffs.some((d) => d.table === 'validation_failures')) figures.countedFailures++;
        if (diffs.some((d) => d.table === 'idempotency_keys')) figures.storedKeys++;
      }
    }

    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    const statuses = [...figures.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
    const kinds = [...figures.byKind].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`);
    const fivexx = [...figures.byStatus].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    console.info(
      [
        `hostile input on ${backend} (seed ${SEED}): ${figures.requests} requests over ${ops.length} routes (${ops.filter((o) => o.documented).length} documented operations) in ${seconds} s`,
        `  statuses: ${statuses.join(', ')}; 5xx = ${fivexx}`,
        `  must be refused: ${figures.mustReject}; not accepted (non-2xx): ${figures.refused}, of which ${figures.countedFailures} counted a validation failure and ${figures.storedKeys} stored their Idempotency-Key's answer`,
        `  kinds: ${kinds.join(', ')}`,
        `  problems: ${problems.length}`,
        ...(process.env.HOSTILE_DETAIL
          ? [...figures.byOp].map(
              ([key, m]) =>
                `  ${key}: ${[...m]
                  .sort(([a], [b]) => a - b)
                  .map(([s, n]) => `${s}: ${n}`)
                  .join(', ')}`,
            )
          : []),
      ].join('\n'),
    );

    expect(problems.slice(0, 25), `${problems.length} problems`).toEqual([]);
    // The run covered what it claims to: every route of the tree, and on every documented
    // operation requests that the documented rules refuse (each checked above to be refused).
    expect(ops.length).toBe(routesInTree);
    const fewRefusals = ops
      .filter((o) => o.documented && o.method !== 'HEAD' && (figures.mustRejectByOp.get(o.key) ?? 0) < 3)
      .map((o) => `${o.key}: ${figures.mustRejectByOp.get(o.key) ?? 0}`);
    expect(fewRefusals).toEqual([]);
    for (const kind of [
      'wrong-type',
      'missing-field',
      'extra-field',
      'out-of-range',
      'enum-miss',
      'nan-like',
      'array-for-object',
      'huge-string',
      'unstorable-value',
      'unstorable-key',
      'deep-nesting',
      'invalid-json',
      'content-type',
      'idempotency-key',
      'agent-context',
      'accept-language',
      'auth',
      'query-param',
      'query-unstorable',
      'path-param',
    ]) {
      expect(figures.byKind.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
  });
});
