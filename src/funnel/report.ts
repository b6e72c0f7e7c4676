/**
 * The funnel report (docs/behaviour/operations.md, "Observability"): per flow, per state and, for fitness, per
 * owning agent: reached, completed, current, validation failures, completion rate.
 *
 * Set-based: one statement per flow (so each flow's numbers come from one snapshot), no per-user
 * loop. Definitions:
 * - reached: users who ever were in the state: an event into or out of it, a current session in
 *   it, or (fitness) its data saved. So reached >= completed and reached >= current.
 * - completed: users who left it forward. Guided: an event out of it to another state. Fitness:
 *   its data saved (a `SAVE_STEP_n` event, or `step_n` in onboarding_states.step_data, which also
 *   covers rows migrated from the legacy model that have no events). A final state is completed
 *   by reaching it.
 * - current: users in it now. Guided: flow_sessions.state. Fitness: onboarding_states
 *   (is_complete -> `completed`, else current_step; a legacy 0 works on state 1), soft-deleted
 *   rows excluded. Every authenticated user has a fitness row from the first request, so users who
 *   never touched the fitness flow are counted in state 1.
 * - validation_failures: guided re-asks (events whose from_state = to_state: an empty answer, no
 *   name found, an option not offered); fitness rejected saves, from the validation_failures table.
 * - completion_rate: completed / reached (0 when nothing reached), 4 decimals.
 * Historical counts (reached, completed) keep soft-deleted fitness rows: those users did reach.
 */
import type { Database } from '../db/index.js';
import { DIALOGUE_CHART, FITNESS_FUNNEL, GUIDED_FUNNEL, labelOf, type FlowName, type FunnelFlow } from './flows.js';

interface StateFunnel {
  state: string;
  label: string;
  /** The agent that owns the state (fitness), else null. */
  agent: string | null;
  final: boolean;
  reached: number;
  completed: number;
  current: number;
  validation_failures: number;
  completion_rate: number;
}

interface AgentFunnel {
  agent: string;
  states: string[];
  /** Users who reached any of the agent's states. */
  reached: number;
  /** Users who completed every one of the agent's states. */
  completed: number;
  /** Users in one of the agent's states now. */
  current: number;
  validation_failures: number;
  completion_rate: number;
}

export interface FlowFunnel {
  flow: FlowName;
  machine_id: string;
  validation_failures_recorded: boolean;
  notes: string[];
  states: StateFunnel[];
  agents: AgentFunnel[];
}

export interface FunnelReport {
  generated_at: string;
  flows: Record<FlowName, FlowFunnel>;
}

interface CountRow {
  level: 'state' | 'agent';
  key: string;
  reached: number;
  completed: number;
  current: number;
  validation_failures: number;
}

const rate = (completed: number, reached: number): number => (reached === 0 ? 0 : Math.round((completed / reached) * 10_000) / 10_000);

const GUIDED_SQL = `
WITH ev AS (
  SELECT user_id, COALESCE(from_state, $2::text) AS from_state, to_state
  FROM flow_events WHERE flow = $1::text
),
via AS (
  SELECT p.via AS state, ev.user_id
  FROM ev JOIN unnest($3::text[], $4::text[], $5::text[]) AS p(via, src, dst)
    ON ev.from_state = p.src AND ev.to_state = p.dst
),
cur AS (SELECT state, user_id FROM flow_sessions WHERE flow = $1::text),
reached AS (
  SELECT to_state AS state, user_id FROM ev
  UNION SELECT from_state, user_id FROM ev
  UNION SELECT state, user_id FROM via
  UNION SELECT state, user_id FROM cur
),
done AS (
  SELECT from_state AS state, user_id FROM ev WHERE from_state <> to_state
  UNION SELECT state, user_id FROM via
  UNION SELECT state, user_id FROM reached WHERE state = ANY($6::text[])
),
facts AS (
  SELECT 'reached' AS kind, state FROM reached
  UNION ALL SELECT 'completed', state FROM done
  UNION ALL SELECT 'current', state FROM cur
  UNION ALL SELECT 'failure', from_state FROM ev WHERE from_state = to_state
)
SELECT 'state' AS level, state AS key,
  count(*) FILTER (WHERE kind = 'reached')::int AS reached,
  count(*) FILTER (WHERE kind = 'completed')::int AS completed,
  count(*) FILTER (WHERE kind = 'current')::int AS current,
  count(*) FILTER (WHERE kind = 'failure')::int AS validation_failures
FROM facts GROUP BY state`;

const FITNESS_SQL = `
WITH map AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[]) AS m(state, data_key, event, step, agent)
),
ev AS (
  SELECT user_id, COALESCE(from_state, $7::text) AS from_state, to_state, event
  FROM flow_events WHERE flow = $1::text
),
cur AS (
  SELECT CASE WHEN o.is_complete THEN $8::text ELSE m.state END AS state, o.user_id
  FROM onboarding_states o
  LEFT JOIN map m ON m.step = LEAST(GREATEST(o.current_step, 1), $9::int)
  WHERE o.deleted_at IS NULL
  -- The flow writes its row on a user's first save: until then a user works on the first state.
  UNION ALL
  SELECT m.state, u.id FROM users u JOIN map m ON m.step = 1
  WHERE NOT EXISTS (SELECT 1 FROM onboarding_states o WHERE o.user_id = u.id)
),
done AS (
  SELECT m.state, ev.user_id FROM ev JOIN map m ON m.event = ev.event
  UNION SELECT m.state, o.user_id FROM onboarding_states o JOIN map m ON o.step_data -> m.data_key IS NOT NULL
  UNION SELECT $8::text, user_id FROM onboarding_states WHERE is_complete
  UNION SELECT to_state, user_id FROM ev WHERE to_state = $8::text
),
reached AS (
  SELECT to_state AS state, user_id FROM ev
  UNION SELECT from_state, user_id FROM ev
  UNION SELECT state, user_id FROM cur
  UNION SELECT state, user_id FROM done
),
facts AS (
  SELECT 'reached' AS kind, state, user_id FROM reached
  UNION ALL SELECT 'completed', state, user_id FROM done
  UNION ALL SELECT 'current', state, user_id FROM cur
),
per_agent_user AS (
  SELECT m.agent, f.user_id,
    bool_or(f.kind = 'reached') AS reached,
    count(*) FILTER (WHERE f.kind = 'completed') AS done,
    bool_or(f.kind = 'current') AS current
  FROM facts f JOIN map m ON m.state = f.state
  GROUP BY m.agent, f.user_id
),
agent_size AS (SELECT agent, count(*) AS n FROM map GROUP BY agent),
vf AS (
  SELECT m.state, m.agent FROM validation_failures v JOIN map m ON m.step = v.state WHERE v.flow = $1::text
)
SELECT 'state' AS level, state AS key,
  count(*) FILTER (WHERE kind = 'reached')::int AS reached,
  count(*) FILTER (WHERE kind = 'completed')::int AS completed,
  count(*) FILTER (WHERE kind = 'current')::int AS current,
  (SELECT count(*) FROM vf WHERE vf.state = facts.state)::int AS validation_failures
FROM facts GROUP BY state
UNION ALL
SELECT 'agent', a.agent,
  count(*) FILTER (WHERE a.reached)::int,
  count(*) FILTER (WHERE a.done = s.n)::int,
  count(*) FILTER (WHERE a.current)::int,
  (SELECT count(*) FROM vf WHERE vf.agent = a.agent)::int
FROM per_agent_user a JOIN agent_size s ON s.agent = a.agent
GROUP BY a.agent`;

function stateRows(f: FunnelFlow, rows: readonly CountRow[]): StateFunnel[] {
  const byState = new Map(rows.filter((r) => r.level === 'state').map((r) => [r.key, r]));
  return f.states.map((state) => {
    const r = byState.get(state);
    const reached = r?.reached ?? 0;
    const completed = r?.completed ?? 0;
    return {
      state,
      label: labelOf(f, state),
      agent: f.agents[state] ?? null,
      final: f.finalStates.includes(state),
      reached,
      completed,
      current: r?.current ?? 0,
      validation_failures: r?.validation_failures ?? 0,
      completion_rate: rate(completed, reached),
    };
  });
}

function agentRows(f: FunnelFlow, rows: readonly CountRow[]): AgentFunnel[] {
  const byAgent = new Map(rows.filter((r) => r.level === 'agent').map((r) => [r.key, r]));
  return f.agentOrder.map((agent) => {
    const r = byAgent.get(agent);
    const reached = r?.reached ?? 0;
    const completed = r?.completed ?? 0;
    return {
      agent,
      states: f.states.filter((s) => f.agents[s] === agent),
      reached,
      completed,
      current: r?.current ?? 0,
      validation_failures: r?.validation_failures ?? 0,
      completion_rate: rate(completed, reached),
    };
  });
}

async function guidedFunnel(db: Database): Promise<FlowFunnel> {
  const f = GUIDED_FUNNEL;
  const { rows } = await db.query<CountRow>(GUIDED_SQL, [
    f.flow,
    f.initial,
    f.passThrough.map((p) => p.via),
    f.passThrough.map((p) => p.from),
    f.passThrough.map((p) => p.to),
    f.finalStates,
  ]);
  return {
    flow: f.flow,
    machine_id: f.machineId,
    validation_failures_recorded: true,
    notes: [
      'validation_failures counts re-asks: events that stayed in the state (empty answer, no name found, option not offered).',
      ...f.passThrough.map((p) => `${p.via} is never stored: a transition from ${p.from} to ${p.to} counts as passing through it.`),
    ],
    states: stateRows(f, rows),
    agents: [],
  };
}

async function fitnessFunnel(db: Database): Promise<FlowFunnel> {
  const f = FITNESS_FUNNEL;
  const steps = f.states.filter((s) => f.agents[s] !== undefined);
  const stepNumber = (s: string) => Number(s.replace(/^state_/, ''));
  const [completed] = f.finalStates;
  const { rows } = await db.query<CountRow>(FITNESS_SQL, [
    f.flow,
    steps,
    steps.map((s) => `step_${stepNumber(s)}`),
    steps.map((s) => `SAVE_STEP_${stepNumber(s)}`),
    steps.map(stepNumber),
    steps.map((s) => f.agents[s] ?? ''),
    f.initial,
    completed ?? 'completed',
    steps.length,
  ]);
  return {
    flow: f.flow,
    machine_id: f.machineId,
    validation_failures_recorded: true,
    notes: [
      'validation_failures counts rejected saves (400 VALIDATION_ERROR, by REST or by an agent tool) per state and agent.',
      'state_1 includes every user who has authenticated but not saved state 1: the onboarding row exists from the first request.',
      'completed counts a state as saved from SAVE_STEP_n events and from step_data (rows migrated from the legacy model have no events).',
    ],
    states: stateRows(f, rows),
    agents: agentRows(f, rows),
  };
}

export async function funnelReport(db: Database, now: () => Date = () => new Date()): Promise<FunnelReport> {
  const guided = await guidedFunnel(db);
  const fitness = await fitnessFunnel(db);
  return { generated_at: now().toISOString(), flows: { guided, fitness } };
}

/**
 * How many live onboarding conversations are in each state of the offline agent's dialogue now
 * (the states of the stored snapshots; conversations the agent never answered are not counted).
 */
export async function dialogueCounts(db: Database): Promise<Map<string, number>> {
  const { rows } = await db.query<{ state: string; n: number }>(
    `SELECT dialogue_snapshot->>'value' AS state, count(*)::int AS n FROM onboarding_states
     WHERE dialogue_machine_id = $1 AND deleted_at IS NULL GROUP BY 1`,
    [DIALOGUE_CHART.machineId],
  );
  return new Map(rows.map((r) => [r.state, r.n]));
}
