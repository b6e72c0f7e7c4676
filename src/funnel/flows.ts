/**
 * The flows the funnel report and the statechart visualizer know: each machine with its
 * display names and, for fitness, the agent that owns each state. States come from the machine
 * objects, so a new state shows up in the report and the diagrams without an edit here.
 */
import type { AnyStateMachine } from 'xstate';
import { guidedMachine } from '../../machines/guided/machine.js';
import { dialogueMachine } from '../../machines/fitness/dialogue.js';
import { fitnessMachine, stateId } from '../../machines/fitness/machine.js';
import { FITNESS_STATES, SPECIALIZED_AGENTS } from '../../machines/fitness/states.js';

export type FlowName = 'guided' | 'fitness';

export interface FunnelFlow {
  flow: FlowName;
  machineId: string;
  machine: AnyStateMachine;
  title: string;
  /** Top-level state keys, in the machine's order. */
  states: readonly string[];
  initial: string;
  finalStates: readonly string[];
  /** Display name per state key (the key itself when absent). */
  labels: Readonly<Record<string, string>>;
  /** The agent that owns each state (fitness only). */
  agents: Readonly<Record<string, string>>;
  agentOrder: readonly string[];
  /**
   * States a single request runs through without storing them (an invoked actor's state, such as
   * the guided `summary`): an event from `from` to `to` passed through `via`.
   */
  passThrough: ReadonlyArray<{ via: string; from: string; to: string }>;
}

/** Top-level states of a machine, in declaration order. */
function topLevelStates(machine: AnyStateMachine): string[] {
  return Object.keys(machine.root.states);
}

function initialOf(machine: AnyStateMachine): string {
  const key = machine.root.initial?.target[0]?.key;
  if (key === undefined) throw new Error(`machine ${machine.id} has no initial state`);
  return key;
}

/** Each state with an invoked actor, entered from S and left on the actor's completion to U: S -> U passes through it. */
function passThroughStates(machine: AnyStateMachine): Array<{ via: string; from: string; to: string }> {
  const top = Object.values(machine.root.states);
  const out: Array<{ via: string; from: string; to: string }> = [];
  for (const via of top.filter((n) => n.invoke.length > 0)) {
    const exits = [...via.transitions]
      .filter(([event]) => event.startsWith('xstate.done.actor.'))
      .flatMap(([, ts]) => ts.flatMap((t) => t.target ?? []));
    const entries = top.filter((n) => [...n.transitions.values()].some((ts) => ts.some((t) => t.target?.includes(via))));
    for (const from of entries) for (const to of exits) out.push({ via: via.key, from: from.key, to: to.key });
  }
  return out;
}

function flowOf(
  flow: FlowName,
  machine: AnyStateMachine,
  title: string,
  extra: Pick<FunnelFlow, 'labels' | 'agents' | 'agentOrder' | 'finalStates'>,
): FunnelFlow {
  return {
    flow,
    machineId: machine.id,
    machine,
    title,
    states: topLevelStates(machine),
    initial: initialOf(machine),
    passThrough: passThroughStates(machine),
    ...extra,
  };
}

export const GUIDED_FUNNEL = flowOf('guided', guidedMachine, 'Guided onboarding', {
  labels: {},
  agents: {},
  agentOrder: [],
  finalStates: topLevelStates(guidedMachine).filter((k) => guidedMachine.root.states[k]?.type === 'final'),
});

export const FITNESS_FUNNEL = flowOf('fitness', fitnessMachine, 'Fitness onboarding', {
  labels: {
    ...Object.fromEntries(FITNESS_STATES.map((s) => [stateId(s.number), `${s.number}. ${s.name}`])),
    completed: 'Onboarding completed',
  },
  agents: Object.fromEntries(FITNESS_STATES.map((s) => [stateId(s.number), s.agent])),
  agentOrder: SPECIALIZED_AGENTS,
  // `completed` is not an XState final state (saved states stay editable), but it ends the funnel.
  finalStates: ['completed'],
});

export const FUNNEL_FLOWS: readonly FunnelFlow[] = [GUIDED_FUNNEL, FITNESS_FUNNEL];

export const labelOf = (f: FunnelFlow, state: string): string => f.labels[state] ?? state;

/**
 * A machine drawn beside the funnels that has no funnel of its own: the offline agent's dialogue,
 * counted by the state each stored conversation is in now.
 */
export interface Statechart {
  flow: FlowName;
  machineId: string;
  machine: AnyStateMachine;
  title: string;
  labels: Readonly<Record<string, string>>;
}

export const DIALOGUE_CHART: Statechart = {
  flow: 'fitness',
  machineId: dialogueMachine.id,
  machine: dialogueMachine,
  title: 'Fitness onboarding: the offline agent’s dialogue',
  labels: {
    asking: 'Question open',
    editing: 'Changing an earlier answer',
    confirming: 'Waiting for a yes',
    done: 'Profile complete',
  },
};
