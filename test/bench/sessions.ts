/**
 * Concurrent sessions: N simulated users each complete the guided flow (5 requests in a row)
 * with a bounded number of users in flight; afterwards the database itself is checked: every user
 * in `end`, with exactly the five events of the path, in order.
 */
import type pg from 'pg';
import { boundedAll, call, percentile, type Req } from './load.js';
import { GUIDED_PATH, mintUsers } from './scenarios.js';

const EXPECTED_CHAIN = [
  [null, 'ask_name'],
  ['ask_name', 'ask_goal'],
  ['ask_goal', 'choose_main_use'],
  ['choose_main_use', 'choose_style'],
  ['choose_style', 'end'],
];

export interface SessionsResult {
  users: number;
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Requests that failed: a non-2xx answer, a wrong state in the answer, or a network error. */
  errors: number;
  firstError: string | null;
  /** Users whose stored session or event chain is not the completed path. */
  lostUpdates: number;
  firstLost: string | null;
}

export async function runSessions(baseUrl: string, db: pg.Pool, n: number, inFlight: number): Promise<SessionsResult> {
  const prefix = `bench-sess-${Date.now().toString(36)}`;
  const users = mintUsers(prefix, n);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const began = performance.now();
  await boundedAll(users, inFlight, async (u) => {
    for (const step of GUIDED_PATH) {
      const req: Req = {
        method: 'POST',
        path: '/api/onboarding/action',
        headers: u.auth,
        body: JSON.stringify(step.value === undefined ? { action: step.action } : { action: step.action, value: step.value }),
      };
      try {
        const a = await call(baseUrl, req);
        latencies.push(a.ms);
        const state = (a.body as { state?: unknown } | null)?.state;
        if (a.status !== 200 || state !== step.expect) {
          errors++;
          firstError ??= `${u.sub} ${step.action}: ${a.status} state=${String(state)}`;
          return; // this user's flow is broken; the check below counts it too
        }
      } catch (err) {
        errors++;
        firstError ??= `${u.sub} ${step.action}: ${err instanceof Error ? err.message : String(err)}`;
        return;
      }
    }
  });
  const seconds = (performance.now() - began) / 1000;

  const { rows } = await db.query<{
    sub: string;
    state: string | null;
    completed: boolean | null;
    chain: [string | null, string][] | null;
  }>(
    `SELECT u.sub, s.state, s.completed,
       (SELECT json_agg(json_build_array(e.from_state, e.to_state) ORDER BY e.id)
          FROM flow_events e WHERE e.user_id = u.id AND e.flow = 'guided') AS chain
     FROM users u LEFT JOIN flow_sessions s ON s.user_id = u.id AND s.flow = 'guided'
     WHERE u.sub LIKE $1`,
    [`${prefix}-%`],
  );
  const expected = JSON.stringify(EXPECTED_CHAIN);
  let lostUpdates = n - rows.length;
  let firstLost: string | null = lostUpdates > 0 ? `${lostUpdates} users have no user row` : null;
  for (const r of rows) {
    if (r.state !== 'end' || r.completed !== true || JSON.stringify(r.chain) !== expected) {
      lostUpdates++;
      firstLost ??= `${r.sub}: state=${String(r.state)} chain=${JSON.stringify(r.chain)}`;
    }
  }
  const sorted = latencies.sort((a, b) => a - b);
  return {
    users: n,
    requests: latencies.length,
    seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors,
    firstError,
    lostUpdates,
    firstLost,
  };
}
