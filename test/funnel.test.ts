/**
 * The funnel report (docs/behaviour/operations.md, "Observability"): GET /api/v1/admin/funnel (JSON and
 * Prometheus text) and GET /api/v1/admin/metrics. Users are seeded through the real API (guided
 * flow via POST /api/onboarding/action, fitness via POST /api/v1/onboarding/step), and the
 * expected counts are written out by hand from those scenarios.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';
import { COMPLETE_URL, STEP_INPUT, get, post, saveStep, saveThrough, type ErrorBody } from './helpers/fitness-client.js';
import { selectOption, start, submitText } from './helpers/guided-client.js';

interface Counts {
  reached: number;
  completed: number;
  current: number;
  validation_failures: number;
  completion_rate: number;
}
interface StateRow extends Counts {
  state: string;
  label: string;
  agent: string | null;
  final: boolean;
}
interface AgentRow extends Counts {
  agent: string;
  states: string[];
}
interface FlowBody {
  flow: string;
  machine_id: string;
  validation_failures_recorded: boolean;
  notes: string[];
  states: StateRow[];
  agents: AgentRow[];
}
interface FunnelBody {
  generated_at: string;
  flows: { guided: FlowBody; fitness: FlowBody };
}

const FUNNEL_URL = '/api/v1/admin/funnel';
const METRICS_URL = '/api/v1/admin/metrics';

type Row = [reached: number, completed: number, current: number, failures: number, rate: number];
const counts = ([reached, completed, current, validation_failures, completion_rate]: Row): Counts => ({
  reached,
  completed,
  current,
  validation_failures,
  completion_rate,
});
const table = (rows: StateRow[] | AgentRow[], key: 'state' | 'agent') =>
  Object.fromEntries(
    rows.map((r) => [
      key === 'state' ? (r as StateRow).state : (r as AgentRow).agent,
      {
        reached: r.reached,
        completed: r.completed,
        current: r.current,
        validation_failures: r.validation_failures,
        completion_rate: r.completion_rate,
      },
    ]),
  );

async function funnel(t: TestApp, token: string): Promise<FunnelBody> {
  const r = await get(t, FUNNEL_URL, token);
  expect(r.status, r.raw).toBe(200);
  return r.body as FunnelBody;
}

const sub = (label: string) => `${label}-${randomUUID()}`;

for (const backend of BACKENDS) {
  describe(`funnel report [${backend}]`, () => {
    let t: TestApp;
    let admin: string;
    let report: FunnelBody;

    beforeAll(async () => {
      t = await buildTestApp(backend, { database: 'own' });

      // Guided. g1 finishes, with one empty answer and one option not offered on the way.
      const g1 = t.token(sub('g1'));
      await start(t, g1);
      await submitText(t, g1, '   ');
      await submitText(t, g1, 'Me llamo Marta');
      await submitText(t, g1, 'Quiero correr 5 km sin lesionarme');
      await selectOption(t, g1, 'Z');
      await selectOption(t, g1, 'A');
      const done = await selectOption(t, g1, '3');
      expect(done.body.state).toBe('end');
      // g2 stops at the goal after one blank answer; g3 only started (a second START resumes, writes nothing).
      const g2 = t.token(sub('g2'));
      await start(t, g2);
      await submitText(t, g2, 'Soy Ana');
      expect((await submitText(t, g2, ' ')).body.state).toBe('ask_goal');
      const g3 = t.token(sub('g3'));
      await start(t, g3);
      await start(t, g3);

      // Fitness. f1 completes; f2 saves 1-3 (as the workout agent), fails a save of 4, edits 1;
      // f3 only looked at its progress; f4 saved state 1 and was then deleted.
      const f1 = t.token(sub('f1'));
      await saveThrough(t, f1, 9);
      expect((await post(t, COMPLETE_URL, f1, {})).status).toBe(200);
      const f2 = t.token(sub('f2'));
      for (const n of [1, 2, 3] as const) {
        expect((await saveStep(t, f2, n, STEP_INPUT[n], { 'x-agent-context': 'workout_planning' })).status).toBe(200);
      }
      expect((await saveStep(t, f2, 4, { diet_type: 'carnivore', allergies: [], intolerances: [], dislikes: [] })).status).toBe(400);
      expect((await saveStep(t, f2, 1, { fitness_level: 'advanced' })).status).toBe(200);
      const f3 = t.token(sub('f3'));
      expect((await get(t, '/api/v1/onboarding/progress', f3)).status).toBe(200);
      const f4Sub = sub('f4');
      const f4 = t.token(f4Sub);
      expect((await saveStep(t, f4, 1, STEP_INPUT[1])).status).toBe(200);
      await t.database.db.query(
        `INSERT INTO onboarding_states (user_id, current_step, deleted_at) SELECT id, 1, now() FROM users WHERE sub = $1
         ON CONFLICT (user_id) DO UPDATE SET deleted_at = now()`,
        [f4Sub],
      );

      admin = t.token(sub('admin'), { role: 'admin' });
      report = await funnel(t, admin);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('when guided users start, re-ask and finish, then each state has the exact reached, completed, current, re-asks and rate', () => {
      const guided = report.flows.guided;
      expect(guided.machine_id).toBe('guidedOnboarding');
      expect(guided.validation_failures_recorded).toBe(true);
      expect(guided.states.map((s) => s.state)).toEqual([
        'start',
        'ask_name',
        'ask_goal',
        'choose_main_use',
        'choose_style',
        'summary',
        'end',
      ]);
      expect(table(guided.states, 'state')).toEqual({
        start: counts([3, 3, 0, 0, 1]),
        ask_name: counts([3, 2, 1, 1, 0.6667]),
        ask_goal: counts([2, 1, 1, 1, 0.5]),
        choose_main_use: counts([1, 1, 0, 1, 1]),
        choose_style: counts([1, 1, 0, 0, 1]),
        // Never stored: choose_style -> end passes through it in one request.
        summary: counts([1, 1, 0, 0, 1]),
        end: counts([1, 1, 1, 0, 1]),
      });
      expect(guided.states.find((s) => s.state === 'end')?.final).toBe(true);
      expect(guided.agents).toEqual([]);
    });

    it('when fitness users save, fail, edit, complete and get deleted, then each state has the exact counts', () => {
      const fitness = report.flows.fitness;
      expect(fitness.machine_id).toBe('fitnessOnboarding');
      expect(fitness.states.map((s) => s.state)).toEqual([...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `state_${n}`), 'completed']);
      // state_1: every user has a fitness row from the first authenticated request, so the three
      // guided users and the admin are in it now, beside f3; f4 (deleted) counts in history only.
      expect(table(fitness.states, 'state')).toEqual({
        state_1: counts([8, 3, 5, 0, 0.375]),
        state_2: counts([3, 2, 0, 0, 0.6667]),
        state_3: counts([2, 2, 0, 0, 1]),
        state_4: counts([2, 1, 1, 1, 0.5]),
        state_5: counts([1, 1, 0, 0, 1]),
        state_6: counts([1, 1, 0, 0, 1]),
        state_7: counts([1, 1, 0, 0, 1]),
        state_8: counts([1, 1, 0, 0, 1]),
        state_9: counts([1, 1, 0, 0, 1]),
        completed: counts([1, 1, 1, 0, 1]),
      });
      expect(fitness.states.find((s) => s.state === 'state_3')).toMatchObject({
        label: '3. Workout Preferences & Constraints',
        agent: 'workout_planning',
        final: false,
      });
    });

    it('when fitness users spread over the agents, then each agent has reached, completed (all its states saved), current and rate', () => {
      const fitness = report.flows.fitness;
      expect(fitness.agents.map((a) => [a.agent, a.states])).toEqual([
        ['workout_planning', ['state_1', 'state_2', 'state_3']],
        ['diet_planning', ['state_4', 'state_5']],
        ['scheduler', ['state_6', 'state_7', 'state_8']],
        ['supplement', ['state_9']],
      ]);
      expect(table(fitness.agents, 'agent')).toEqual({
        workout_planning: counts([8, 2, 5, 0, 0.25]),
        diet_planning: counts([2, 1, 1, 1, 0.5]),
        scheduler: counts([1, 1, 0, 0, 1]),
        supplement: counts([1, 1, 0, 0, 1]),
      });
    });

    it('when a fitness save is rejected, then it is counted for its state and agent, and nowhere else', () => {
      const fitness = report.flows.fitness;
      expect(fitness.validation_failures_recorded).toBe(true);
      const failures = Object.fromEntries(fitness.states.map((st) => [st.state, st.validation_failures]));
      expect(failures).toEqual({ ...Object.fromEntries(fitness.states.map((st) => [st.state, 0])), state_4: 1 });
      expect(fitness.agents.find((a) => a.agent === 'diet_planning')?.validation_failures).toBe(1);
    });

    it('when the report is asked as Prometheus text, then it is the exposition format with HELP/TYPE and the same numbers as the JSON', async () => {
      const json = await funnel(t, admin);
      const res = await t.app.inject({
        method: 'GET',
        url: `${FUNNEL_URL}?format=prometheus`,
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.body;
      expect(text.endsWith('\n')).toBe(true);
      expect(text).toContain('# TYPE onboarding_state_reached gauge\n');
      expect(text).toMatch(/^# HELP onboarding_state_reached \S.*$/m);
      expect(text).toContain('onboarding_state_reached{flow="guided",state="ask_name"} 3\n');
      expect(text).toContain('onboarding_state_validation_failures{flow="guided",state="ask_goal"} 1\n');
      expect(text).toContain('onboarding_state_completion_rate{flow="fitness",state="state_4"} 0.5\n');
      expect(text).toContain('onboarding_agent_completed{flow="fitness",agent="workout_planning"} 2\n');
      expect(text).toContain('onboarding_state_validation_failures{flow="fitness",state="state_4"} 1\n');

      const declared = new Set<string>();
      const samples = new Map<string, number>();
      for (const line of text.trimEnd().split('\n')) {
        const type = /^# TYPE (\w+) gauge$/.exec(line);
        if (type?.[1]) {
          declared.add(type[1]);
          continue;
        }
        if (line.startsWith('# HELP ')) continue;
        const m = /^(\w+)\{((?:\w+="[^"\\\n]*",?)+)\} (-?\d+(?:\.\d+)?)$/.exec(line);
        expect(m, `not a sample line: ${line}`).not.toBeNull();
        const [, name = '', labels = '', value = ''] = m ?? [];
        expect(declared.has(name), `${name} has no # TYPE before it`).toBe(true);
        samples.set(`${name}{${labels}}`, Number(value));
      }
      for (const f of [json.flows.guided, json.flows.fitness]) {
        for (const s of f.states) {
          for (const metric of ['reached', 'completed', 'current', 'completion_rate'] as const) {
            expect(samples.get(`onboarding_state_${metric}{flow="${f.flow}",state="${s.state}"}`), `${f.flow} ${s.state} ${metric}`).toBe(
              s[metric],
            );
          }
        }
        for (const a of f.agents) {
          expect(samples.get(`onboarding_agent_current{flow="${f.flow}",agent="${a.agent}"}`)).toBe(a.current);
        }
      }

      const metrics = await t.app.inject({ method: 'GET', url: METRICS_URL, headers: { authorization: `Bearer ${admin}` } });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(metrics.body).toBe(text);
    });

    it('when the token has no admin role, then both endpoints answer 403 FORBIDDEN in the uniform error shape', async () => {
      const user = t.token(sub('plain'));
      for (const url of [FUNNEL_URL, `${FUNNEL_URL}?format=prometheus`, METRICS_URL]) {
        const r = await get(t, url, user);
        expect(r.status, url).toBe(403);
        const body = r.body as ErrorBody;
        expect(body).toEqual({
          detail: { message: expect.any(String), error_code: 'FORBIDDEN' },
          error_code: 'FORBIDDEN',
          request_id: r.headers['x-request-id'],
        });
      }
      const other = t.token(sub('editor'), { role: 'editor' });
      expect((await get(t, FUNNEL_URL, other)).status).toBe(403);
    });

    it('when there is no token or a bad one, then both endpoints answer 401 UNAUTHORIZED', async () => {
      for (const url of [FUNNEL_URL, METRICS_URL]) {
        for (const token of [null, 'not-a-jwt']) {
          const r = await get(t, url, token);
          expect(r.status, `${url} ${token}`).toBe(401);
          expect((r.body as ErrorBody).error_code).toBe('UNAUTHORIZED');
        }
      }
    });

    it('when the format is unknown, then 400 VALIDATION_ERROR', async () => {
      const r = await get(t, `${FUNNEL_URL}?format=xml`, admin);
      expect(r.status).toBe(400);
      expect((r.body as ErrorBody).error_code).toBe('VALIDATION_ERROR');
    });
  });

  describe(`funnel report on data without events [${backend}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(backend, { database: 'own' });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('when nobody has done anything, then every count is 0 and every rate is 0', async () => {
      const admin = t.token(sub('admin'), { role: 'admin' });
      const body = await funnel(t, admin);
      for (const s of body.flows.guided.states)
        expect(counts([s.reached, s.completed, s.current, s.validation_failures, s.completion_rate])).toEqual(counts([0, 0, 0, 0, 0]));
      // Only the admin's own fitness row exists, waiting in state 1.
      const fitness = table(body.flows.fitness.states, 'state');
      expect(fitness.state_1).toEqual(counts([1, 0, 1, 0, 0]));
      expect(fitness.state_2).toEqual(counts([0, 0, 0, 0, 0]));
    });

    it('when a row carries saved states but no events (migrated from the legacy model), then those states count as completed', async () => {
      const migratedSub = sub('legacy');
      expect((await get(t, '/api/v1/onboarding/progress', t.token(migratedSub))).status).toBe(200);
      await t.database.db.query(
        `INSERT INTO onboarding_states (user_id, current_step, step_data) SELECT id, 3, $2::jsonb FROM users WHERE sub = $1
         ON CONFLICT (user_id) DO UPDATE SET current_step = 3, step_data = EXCLUDED.step_data`,
        [migratedSub, JSON.stringify({ step_1: STEP_INPUT[1], step_2: STEP_INPUT[2] })],
      );
      const body = await funnel(t, t.token(sub('admin'), { role: 'admin' }));
      const fitness = table(body.flows.fitness.states, 'state');
      // Users: the first admin, the migrated user, the second admin.
      expect(fitness.state_1).toEqual(counts([3, 1, 2, 0, 0.3333]));
      expect(fitness.state_2).toEqual(counts([1, 1, 0, 0, 1]));
      expect(fitness.state_3).toEqual(counts([1, 0, 1, 0, 0]));
      expect(body.flows.fitness.agents[0]).toMatchObject({ agent: 'workout_planning', reached: 3, completed: 0, current: 3 });
    });
  });
}
