/**
 * Mermaid `stateDiagram-v2` text generated from an XState machine object (docs/behaviour/review.md).
 * Shared by `npm run visualize` (docs/statecharts/*.mmd) and GET /visualizer (the same text with
 * live counts in the state descriptions). Pure: walks `machine.root` and nothing else.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** One transition as drawn: a targetless transition stays in its source and is drawn as a self-loop. */
interface DrawnTransition {
  /** State node ids (`machineId.state`), as XState names them; the machine id itself for a root-level `on`. */
  source: string;
  target: string;
  /** The edge label: event (or `onDone <actor>` / `onError <actor>`), then `[guard]` or `[else]`. */
  label: string;
}

interface DrawnState {
  id: string;
  key: string;
  parent: string | null;
  type: AnyStateNode['type'];
}

interface MachineGraph {
  machineId: string;
  initial: string | null;
  states: DrawnState[];
  transitions: DrawnTransition[];
}

interface MermaidOptions {
  /** Description lines under a state's name (e.g. its display name and live counts), by state key. */
  describe?: (stateKey: string, stateId: string) => readonly string[];
}

function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  return 'inline guard';
}

function eventLabel(node: AnyStateNode, eventType: string): string {
  for (const [prefix, word] of [
    ['xstate.done.actor.', 'onDone'],
    ['xstate.error.actor.', 'onError'],
  ] as const) {
    if (eventType.startsWith(prefix)) {
      const actorId = eventType.slice(prefix.length);
      const invoked = node.invoke.find((i) => i.id === actorId);
      const src = invoked && typeof invoked.src === 'string' ? invoked.src : actorId;
      return `${word} ${src}`;
    }
  }
  if (eventType.startsWith('xstate.done.state.')) return 'onDone';
  if (eventType === '') return 'always';
  return eventType;
}

/** Every state and transition of the machine, in declaration order. */
function machineGraph(machine: AnyStateMachine): MachineGraph {
  const states: DrawnState[] = [];
  const transitions: DrawnTransition[] = [];

  const visit = (node: AnyStateNode, parent: string | null) => {
    if (node !== machine.root) states.push({ id: node.id, key: node.key, parent, type: node.type });
    for (const [eventType, candidates] of node.transitions) {
      candidates.forEach((t, i) => {
        const guard = guardName(t.guard);
        const label = `${eventLabel(node, eventType)}${guard ? ` [${guard}]` : i > 0 ? ' [else]' : ''}`;
        const targets = t.target?.map((x) => x.id) ?? [node.id];
        for (const target of targets) transitions.push({ source: node.id, target, label });
      });
    }
    for (const child of Object.values(node.states)) visit(child, node === machine.root ? null : node.id);
  };
  visit(machine.root, null);

  const initial = machine.root.initial?.target[0]?.id ?? null;
  return { machineId: machine.id, initial, states, transitions };
}

/** A Mermaid-safe identifier for a state node id (`guidedOnboarding.end` -> `s_end`; keywords avoided). */
function mermaidId(stateId: string, machineId: string): string {
  const local = stateId.startsWith(`${machineId}.`) ? stateId.slice(machineId.length + 1) : stateId;
  return `s_${local.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The pseudo-state root-level transitions start from. */
const ANY_STATE_ID = 's__any';
const ANY_STATE_LABEL = 'any state';

/** Text that is safe inside a Mermaid label: no statement separators, comments or entity starts. */
export function mermaidText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/;/g, ',')
    .replace(/#/g, 'no. ')
    .replace(/%%/g, '%')
    .replace(/"/g, "'")
    .replace(/[{}]/g, '')
    .replace(/:/g, ' -')
    .trim();
}

/** The machine as a Mermaid `stateDiagram-v2`; the same machine always gives the same text. */
export function toMermaid(machine: AnyStateMachine, opts: MermaidOptions = {}): string {
  const graph = machineGraph(machine);
  const id = (stateId: string) => mermaidId(stateId, graph.machineId);
  const lines: string[] = ['---', `title: ${mermaidText(graph.machineId)}`, '---', 'stateDiagram-v2'];

  const emitStates = (parent: string | null, indent: string) => {
    for (const s of graph.states.filter((x) => x.parent === parent)) {
      const children = graph.states.some((x) => x.parent === s.id);
      if (children) {
        lines.push(`${indent}state "${mermaidText(s.key)}" as ${id(s.id)} {`);
        emitStates(s.id, `${indent}  `);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}state "${mermaidText(s.key)}" as ${id(s.id)}`);
      }
      for (const line of opts.describe?.(s.key, s.id) ?? []) lines.push(`${indent}${id(s.id)} : ${mermaidText(line)}`);
    }
  };
  emitStates(null, '  ');

  // A root-level `on` is taken in whichever state the machine is in: drawn from an "any state" box.
  // (A nested compound state's own transitions start from its composite box.)
  const rootLevel = graph.transitions.some((t) => t.source === graph.machineId);
  if (rootLevel) {
    lines.push(`  state "${ANY_STATE_LABEL}" as ${ANY_STATE_ID}`, `  class ${ANY_STATE_ID} anyState`);
  }
  if (graph.initial) lines.push(`  [*] --> ${id(graph.initial)}`);
  for (const t of graph.transitions) {
    const end = (stateId: string) => (stateId === graph.machineId ? ANY_STATE_ID : id(stateId));
    lines.push(`  ${end(t.source)} --> ${end(t.target)} : ${mermaidText(t.label)}`);
  }
  for (const s of graph.states) if (s.type === 'final' && s.parent === null) lines.push(`  ${id(s.id)} --> [*]`);
  if (rootLevel) lines.push('  classDef anyState fill:#ffffff,stroke-dasharray:4 3,font-style:italic');
  return `${lines.join('\n')}\n`;
}

/** The machine's JSON definition, functions named by their XState type (inline assign -> "xstate.assign"). */
export function machineDefinitionJson(machine: AnyStateMachine): string {
  const replacer = (key: string, value: unknown): unknown => {
    if (typeof value !== 'function') return value;
    if (key === 'toJSON') return undefined;
    const type: unknown = 'type' in value ? value.type : undefined;
    return typeof type === 'string' ? type : 'inline';
  };
  return `${JSON.stringify(machine.toJSON(), replacer, 2)}\n`;
}
