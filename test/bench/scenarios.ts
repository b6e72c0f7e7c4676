/**
 * The request rows: who the users are, how they are prepared through our API, what each request
 * to our service and to the floor looks like, and how real writes are counted.
 */
import { createSigner } from 'fast-jwt';
import type pg from 'pg';
import { boundedAll, call, must, type Answer, type Req, type RequestMaker } from './load.js';
import { JWT_SECRET } from './setup.js';

export interface BenchUser {
  sub: string;
  /** users.id, for the floor's paths. */
  id: string;
  auth: Record<string, string>;
}

const sign = createSigner({ key: JWT_SECRET, algorithm: 'HS256', expiresIn: '6h' });

export function mintUsers(prefix: string, n: number): Omit<BenchUser, 'id'>[] {
  return Array.from({ length: n }, (_, i) => {
    const sub = `${prefix}-${i}`;
    return { sub, auth: { authorization: `Bearer ${sign({ sub })}` } };
  });
}

async function withIds(db: pg.Pool, users: Omit<BenchUser, 'id'>[]): Promise<BenchUser[]> {
  const { rows } = await db.query<{ sub: string; id: string }>('SELECT sub, id FROM users WHERE sub = ANY($1)', [users.map((u) => u.sub)]);
  const ids = new Map(rows.map((r) => [r.sub, r.id]));
  return users.map((u) => {
    const id = ids.get(u.sub);
    if (!id) throw new Error(`user ${u.sub} was not created`);
    return { ...u, id };
  });
}

/** Cycles through the users, one per request. */
function rotate<T>(items: readonly T[]): () => { item: T; index: number } {
  let k = 0;
  return () => {
    const index = k++ % items.length;
    return { item: items[index] as T, index };
  };
}

const json = (value: unknown) => JSON.stringify(value);

export interface Scenario {
  key: 'read' | 'step' | 'action' | 'chat' | 'companion';
  what: string;
  rate: number;
  p99Bar: number;
  ratioBar: number | null;
  /** Creates and positions the users through our API. */
  prepare(baseUrl: string, db: pg.Pool): Promise<void>;
  /** Gives the floor what it must write to match our rows (after `prepare`), where it needs anything. */
  prepareFloor?(floorUrl: string, db: pg.Pool): Promise<void>;
  /** One request to our service: false when the endpoint is not there (404). */
  available(baseUrl: string): Promise<boolean>;
  ours(): RequestMaker;
  floor(): RequestMaker;
  /** Re-reads whatever the request makers derive from stored data, before each run. */
  sync(db: pg.Pool): Promise<void>;
  /** Rows written so far that prove each request was a real write (null for reads). */
  writes(db: pg.Pool): Promise<number | null>;
  /** What `writes` counts, for the notes. */
  writesAre?: string;
}

/** The guided flow from START to `end`, as a user who came to talk (main use A) walks it. */
export const GUIDED_PATH: readonly { action: string; value?: string; expect: string }[] = [
  { action: 'START', expect: 'ask_name' },
  { action: 'SUBMIT_TEXT', value: 'Me llamo Ana', expect: 'ask_goal' },
  { action: 'SUBMIT_TEXT', value: 'Quiero correr 5 km en tres meses', expect: 'choose_main_use' },
  { action: 'SELECT_OPTION', value: 'A', expect: 'choose_style' },
  { action: 'SELECT_OPTION', value: '3', expect: 'end' },
];

const PREP_CONCURRENCY = 50;

async function countEvents(db: pg.Pool, flow: string, prefix: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM flow_events e JOIN users u ON u.id = e.user_id
     WHERE e.flow = $1 AND u.sub LIKE $2 AND e.request_id IS DISTINCT FROM 'floor'`,
    [flow, `${prefix}-%`],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * 1. GET /api/v1/onboarding/progress: one read of onboarding_states per request (the users have
 * saved nothing, so they have no row yet: the read finds none and the empty progress answers).
 */
export function readScenario(n: number): Scenario {
  const minted = mintUsers('bench-read', n);
  let users: BenchUser[] = [];
  return {
    key: 'read',
    what: 'GET /api/v1/onboarding/progress',
    rate: 1000,
    p99Bar: 5,
    ratioBar: 0.7,
    async prepare(baseUrl, db) {
      await boundedAll(minted, PREP_CONCURRENCY, (u) =>
        must(baseUrl, { method: 'GET', path: '/api/v1/onboarding/progress', headers: u.auth }),
      );
      users = await withIds(db, minted);
    },
    available: async () => true,
    ours() {
      const next = rotate(users);
      return () => ({ method: 'GET', path: '/api/v1/onboarding/progress', headers: next().item.auth });
    },
    floor() {
      const next = rotate(users);
      return () => ({ method: 'GET', path: `/read/${next().item.id}` });
    },
    sync: async () => undefined,
    writes: async () => null,
  };
}

/**
 * 2. POST /api/v1/onboarding/step: users at current_step 2 re-save state 1, alternating
 * beginner/intermediate, so every request edits stored data without moving (a real write).
 */
export function stepScenario(n: number): Scenario {
  const minted = mintUsers('bench-step', n);
  let users: BenchUser[] = [];
  /** The level stored for each user, as last read from the database; each request sends the other one. */
  let stored: string[] = [];
  const pick = (i: number) => {
    const level = stored[i] === 'beginner' ? 'intermediate' : 'beginner';
    stored[i] = level;
    return level;
  };
  return {
    key: 'step',
    what: 'POST /api/v1/onboarding/step',
    rate: 500,
    p99Bar: 10,
    ratioBar: 0.8,
    async prepare(baseUrl, db) {
      await boundedAll(minted, PREP_CONCURRENCY, (u) =>
        must(baseUrl, {
          method: 'POST',
          path: '/api/v1/onboarding/step',
          headers: u.auth,
          body: json({ step: 1, data: { fitness_level: 'beginner' } }),
        }),
      );
      users = await withIds(db, minted);
    },
    available: async () => true,
    ours() {
      const next = rotate(users);
      return (): Req => {
        const { item, index } = next();
        return {
          method: 'POST',
          path: '/api/v1/onboarding/step',
          headers: item.auth,
          body: json({ step: 1, data: { fitness_level: pick(index) } }),
        };
      };
    },
    floor() {
      const next = rotate(users);
      return (): Req => {
        const { item, index } = next();
        return { method: 'POST', path: `/fitness/${item.id}`, body: json({ fitness_level: pick(index) }) };
      };
    },
    async sync(db) {
      const { rows } = await db.query<{ id: string; level: string | null }>(
        `SELECT user_id AS id, step_data->'step_1'->>'fitness_level' AS level FROM onboarding_states WHERE user_id = ANY($1::uuid[])`,
        [users.map((u) => u.id)],
      );
      const byId = new Map(rows.map((r) => [r.id, r.level ?? '']));
      stored = users.map((u) => byId.get(u.id) ?? '');
    },
    writes: (db) => countEvents(db, 'fitness', 'bench-step'),
  };
}

/**
 * 3. POST /api/onboarding/action: users parked in choose_main_use send SELECT_OPTION with an
 * invalid value; each one increments the re-ask counter (a version-checked write + event row).
 */
export function actionScenario(n: number): Scenario {
  const minted = mintUsers('bench-action', n);
  let users: BenchUser[] = [];
  const action = (u: { auth: Record<string, string> }, body: unknown): Req => ({
    method: 'POST',
    path: '/api/onboarding/action',
    headers: u.auth,
    body: json(body),
  });
  return {
    key: 'action',
    what: 'POST /api/onboarding/action',
    rate: 500,
    p99Bar: 10,
    ratioBar: 0.8,
    async prepare(baseUrl, db) {
      await boundedAll(minted, PREP_CONCURRENCY, async (u) => {
        await must(baseUrl, action(u, { action: 'START' }));
        await must(baseUrl, action(u, { action: 'SUBMIT_TEXT', value: 'Me llamo Ana' }));
        const last = await must(baseUrl, action(u, { action: 'SUBMIT_TEXT', value: 'Quiero correr 5 km en tres meses' }));
        const state = (last.body as { state?: unknown }).state;
        if (state !== 'choose_main_use') throw new Error(`${u.sub} is in ${String(state)}, not choose_main_use`);
      });
      users = await withIds(db, minted);
    },
    available: async () => true,
    ours() {
      const next = rotate(users);
      return () => action(next().item, { action: 'SELECT_OPTION', value: 'Z' });
    },
    floor() {
      const next = rotate(users);
      return () => ({ method: 'POST', path: `/guided/${next().item.id}`, body: '{}' });
    },
    sync: async () => undefined,
    writes: (db) => countEvents(db, 'guided', 'bench-action'),
  };
}

/**
 * 4. POST /api/v1/chat/onboarding with the offline agent: users at state 1 say "hello"; the agent
 * cannot extract, asks, and the turn stores two chat messages.
 */
export function chatScenario(n: number): Scenario {
  const minted = mintUsers('bench-chat', n);
  let users: BenchUser[] = [];
  const body = json({ message: 'hello', current_state: 1 });
  return {
    key: 'chat',
    what: 'POST /api/v1/chat/onboarding',
    rate: 200,
    p99Bar: 20,
    ratioBar: 0.8,
    async prepare(baseUrl, db) {
      await boundedAll(minted, PREP_CONCURRENCY, (u) =>
        must(baseUrl, { method: 'GET', path: '/api/v1/onboarding/progress', headers: u.auth }),
      );
      users = await withIds(db, minted);
    },
    async prepareFloor(floorUrl, db) {
      // The reply our service stored for this message (available() sent one): the floor stores the same.
      const { rows } = await db.query<{ content: string; meta: unknown }>(
        `SELECT c.content, c.meta FROM chat_messages c JOIN users u ON u.id = c.user_id
         WHERE u.sub LIKE 'bench-chat-%' AND c.role = 'assistant' ORDER BY c.id DESC LIMIT 1`,
      );
      const stored = rows[0];
      if (!stored) throw new Error('no reply of ours is stored for the floor to copy');
      await must(floorUrl, { method: 'PUT', path: '/chat-reply', body: json(stored) });
    },
    async available(baseUrl) {
      const first = minted[0];
      if (!first) return false;
      const a = await call(baseUrl, { method: 'POST', path: '/api/v1/chat/onboarding', headers: first.auth, body });
      if (a.status === 404) return false;
      if (a.status !== 200) throw new Error(`POST /api/v1/chat/onboarding -> ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
      return true;
    },
    ours() {
      const next = rotate(users);
      return () => ({ method: 'POST', path: '/api/v1/chat/onboarding', headers: next().item.auth, body });
    },
    floor() {
      const next = rotate(users);
      return () => ({ method: 'POST', path: `/chat/${next().item.id}`, body: json({ message: 'hello' }) });
    },
    sync: async () => undefined,
    async writes(db) {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM chat_messages c JOIN users u ON u.id = c.user_id WHERE u.sub LIKE 'bench-chat-%'`,
      );
      return Number(rows[0]?.n ?? 0);
    },
    writesAre: 'chat messages (2 per turn)',
  };
}

/**
 * 5. POST /api/chat, the companion chat with the offline adapter (issue 11): users who completed
 * the guided flow through the API, as a user who came to talk does, each with a conversation with
 * the avatar it selected. Every request continues that conversation: the guided knowledge, the
 * conversation's owner and its last 20 messages are read, and the turn stores two messages.
 */
export function companionScenario(n: number): Scenario {
  const minted = mintUsers('bench-companion', n);
  let users: Array<BenchUser & { agent: string; conversation: string }> = [];
  const MESSAGE = '¿Por dónde empiezo?';
  return {
    key: 'companion',
    what: 'POST /api/chat (offline companion)',
    rate: 200,
    p99Bar: 20,
    ratioBar: null,
    async prepare(baseUrl, db) {
      const prepared = await boundedAll(minted, PREP_CONCURRENCY, async (u) => {
        let last: Answer | null = null;
        for (const step of GUIDED_PATH) {
          last = await must(baseUrl, {
            method: 'POST',
            path: '/api/onboarding/action',
            headers: u.auth,
            body: json(step.value === undefined ? { action: step.action } : { action: step.action, value: step.value }),
          });
        }
        const body = (last?.body ?? {}) as { state?: unknown; context?: { selected_agent_id?: unknown } };
        const agent = body.context?.selected_agent_id;
        if (body.state !== 'end' || typeof agent !== 'string')
          throw new Error(`${u.sub}: guided flow ended in ${String(body.state)} without an avatar`);
        const first = await must(baseUrl, {
          method: 'POST',
          path: '/api/chat',
          headers: u.auth,
          body: json({ agent_id: agent, message: 'Hola' }),
        });
        const conversation = (first.body as { conversation_id?: unknown }).conversation_id;
        if (typeof conversation !== 'string') throw new Error(`${u.sub}: /api/chat answered without a conversation_id`);
        return { agent, conversation };
      });
      const withId = await withIds(db, minted);
      users = withId.map((u, i) => ({ ...u, ...(prepared[i] as { agent: string; conversation: string }) }));
    },
    async available(baseUrl) {
      const first = minted[0];
      if (!first) return false;
      const a = await call(baseUrl, {
        method: 'POST',
        path: '/api/chat',
        headers: first.auth,
        body: json({ agent_id: 'calm_companion', message: 'Hola' }),
      });
      if (a.status === 404) return false;
      if (a.status !== 200) throw new Error(`POST /api/chat -> ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
      return true;
    },
    ours() {
      const next = rotate(users);
      return () => {
        const u = next().item;
        return {
          method: 'POST',
          path: '/api/chat',
          headers: u.auth,
          body: json({ agent_id: u.agent, message: MESSAGE, conversation_id: u.conversation }),
        };
      };
    },
    floor() {
      const next = rotate(users);
      return () => {
        const u = next().item;
        return {
          method: 'POST',
          path: `/companion/${u.id}`,
          body: json({ agent_id: u.agent, message: MESSAGE, conversation_id: u.conversation }),
        };
      };
    },
    sync: async () => undefined,
    async writes(db) {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM companion_messages c JOIN users u ON u.id = c.user_id WHERE u.sub LIKE 'bench-companion-%'`,
      );
      return Number(rows[0]?.n ?? 0);
    },
    writesAre: 'companion messages (2 per turn)',
  };
}
