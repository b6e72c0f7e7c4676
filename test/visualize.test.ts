/**
 * docs/behaviour/review.md: `npm run visualize` writes each machine's Mermaid stateDiagram-v2 and JSON
 * definition to docs/statecharts/. The expectations come from the machines' own definitions
 * (`machine.toJSON()`), not from the generator's walk of `machine.root`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AnyStateMachine } from 'xstate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogueMachine } from '../machines/fitness/dialogue.js';
import { fitnessMachine } from '../machines/fitness/machine.js';
import { guidedMachine } from '../machines/guided/machine.js';
import { mermaidText, toMermaid } from '../src/visualizer/mermaid.js';
import { STATECHARTS_DIR, statechartFiles } from '../src/visualizer/statecharts.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'src', 'cli', 'visualize.ts');

const MACHINES: Array<[string, AnyStateMachine]> = [
  ['guidedOnboarding', guidedMachine],
  ['fitnessOnboarding', fitnessMachine],
  ['fitnessDialogue', dialogueMachine],
];

/** The parts of `machine.toJSON()` read here. */
interface DefTransition {
  target?: string[];
  guard?: unknown;
  eventType: string;
}
interface DefNode {
  key: string;
  type: string;
  states: Record<string, DefNode>;
  transitions: DefTransition[];
  invoke: Array<{ id: string; src: unknown }>;
}

interface Edge {
  from: string;
  to: string;
  label: string;
}

function edgesOf(mermaid: string): Edge[] {
  return [...mermaid.matchAll(/^ {2}(\S+) --> (\S+)(?: : (.*))?$/gm)].map((m) => ({ from: m[1] ?? '', to: m[2] ?? '', label: m[3] ?? '' }));
}

/** The Mermaid id of `#machine.key` (or the machine itself, drawn as the "any state" box). */
function idOf(machineId: string, ref: string): string {
  const local = ref.replace(/^#/, '');
  return local === machineId ? 's__any' : `s_${local.slice(machineId.length + 1)}`;
}

/** Every transition in the definition, as the edge it must be drawn as. */
function expectedEdges(machineId: string, def: DefNode): Edge[] {
  const out: Edge[] = [];
  const visit = (node: DefNode, nodeRef: string) => {
    node.transitions.forEach((t) => {
      const sameEvent = node.transitions.filter((x) => x.eventType === t.eventType);
      const guard = typeof t.guard === 'string' ? t.guard : null;
      let event = t.eventType;
      for (const [prefix, word] of [
        ['xstate.done.actor.', 'onDone'],
        ['xstate.error.actor.', 'onError'],
      ] as const) {
        if (event.startsWith(prefix)) {
          const inv = node.invoke.find((x) => x.id === event.slice(prefix.length));
          event = `${word} ${String(inv?.src)}`;
        }
      }
      const isFallback = guard === null && sameEvent.indexOf(t) > 0;
      const label = `${event}${guard ? ` [${guard}]` : isFallback ? ' [else]' : ''}`;
      for (const target of t.target ?? [nodeRef]) out.push({ from: idOf(machineId, nodeRef), to: idOf(machineId, target), label });
    });
    for (const child of Object.values(node.states)) visit(child, `${nodeRef}.${child.key}`);
  };
  visit(def, machineId);
  return out;
}

describe('Mermaid statecharts from the machines', () => {
  for (const [id, machine] of MACHINES) {
    // The definition as JSON (targets become '#machine.state' references).
    const def = JSON.parse(JSON.stringify(machine.toJSON())) as DefNode;
    const text = toMermaid(machine);

    it(`when ${id} is drawn, then the text is a stateDiagram-v2 with every state of the machine`, () => {
      expect(text.split('\n')).toContain('stateDiagram-v2');
      expect(text).toContain(`title: ${id}`);
      const keys = Object.keys(def.states);
      expect(keys.length).toBeGreaterThan(3);
      for (const key of keys) expect(text).toContain(`  state "${key}" as s_${key}\n`);
      const initial = machine.root.initial?.target[0]?.key;
      expect(text).toContain(`  [*] --> s_${initial}\n`);
      for (const [key, node] of Object.entries(def.states)) {
        if (node.type === 'final') expect(text).toContain(`  s_${key} --> [*]\n`);
      }
    });

    it(`when ${id} is drawn, then every transition (event, guard, target; targetless ones as self-loops) is an edge, and nothing else is`, () => {
      const expected = expectedEdges(id, def);
      const drawn = edgesOf(text).filter((e) => e.from !== '[*]' && e.to !== '[*]');
      expect(drawn).toEqual(expect.arrayContaining(expected));
      expect(drawn).toHaveLength(expected.length);
    });
  }

  it('when the guided machine is drawn, then its invoked summary shows onDone and onError', () => {
    const text = toMermaid(guidedMachine);
    expect(text).toContain('  s_summary --> s_end : onDone generateSummary\n');
    expect(text).toContain('  s_summary --> s_choose_style : onError generateSummary\n');
    expect(text).toContain('  s_ask_name --> s_ask_goal : SUBMIT_TEXT [hasName]\n');
    expect(text).toContain('  s_ask_name --> s_ask_name : SUBMIT_TEXT [else]\n');
  });

  it("when the fitness machine is drawn, then the root-level COMPLETE is drawn once from an 'any state' box to completed", () => {
    const text = toMermaid(fitnessMachine);
    expect(text).toContain('  state "any state" as s__any\n');
    expect(text.match(/--> s_completed : COMPLETE \[allSaved\]/g)).toEqual(['--> s_completed : COMPLETE [allSaved]']);
    expect(text).toContain('  s__any --> s_completed : COMPLETE [allSaved]\n');
    expect(text).toContain('  s_state_8 --> s_state_9 : SAVE_STEP [isCurrent]\n');
    expect(text).toContain('  s_state_9 --> s_state_9 : SAVE_STEP [isCurrent]\n');
    // Completion is a transition of its own, under a guard the chart can name.
    expect(text).toContain('  s_state_9 --> s_completed : SAVE_STEP [isCurrentAndCompletes]\n');
    expect(text).not.toContain('inline guard');
    // Before state 9, saving the current state always moves on: no self-loop under the same guard.
    expect(text).not.toMatch(/s_state_([1-8]) --> s_state_\1 : SAVE_STEP \[isCurrent\]/u);
    expect(text).toContain('  s_completed --> s_completed : SAVE_STEP [isSaved]\n');
  });

  it('when descriptions are given, then each becomes a description line of its state, made safe for Mermaid', () => {
    const text = toMermaid(fitnessMachine, {
      describe: (key) => (key === 'state_3' ? ['Workout; #1', 'now 4, reached 10, completed 6'] : []),
    });
    expect(text).toContain('  s_state_3 : Workout, no. 1\n');
    expect(text).toContain('  s_state_3 : now 4, reached 10, completed 6\n');
    expect(mermaidText('a: b\n"c" %% {d}')).toBe("a - b 'c' % d");
  });
});

describe('npm run visualize', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'statecharts-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('when the CLI runs, then it writes the .mmd and .json of each machine, byte for byte the committed docs/statecharts files', async () => {
    await run(TSX, [CLI, '--out', out], { cwd: ROOT });
    const written = (await readdir(out)).sort();
    expect(written).toEqual([
      'fitnessDialogue.json',
      'fitnessDialogue.mmd',
      'fitnessOnboarding.json',
      'fitnessOnboarding.mmd',
      'guidedOnboarding.json',
      'guidedOnboarding.mmd',
    ]);
    const committed = (await readdir(STATECHARTS_DIR)).sort();
    expect(committed).toEqual(written);
    for (const name of written) {
      expect(await readFile(path.join(out, name), 'utf8'), name).toBe(await readFile(path.join(STATECHARTS_DIR, name), 'utf8'));
    }
  });

  it('when the JSON definitions are read, then they are the machines: same id, same states, same root-level transition', async () => {
    for (const [id, machine] of MACHINES) {
      const json = JSON.parse(await readFile(path.join(STATECHARTS_DIR, `${id}.json`), 'utf8')) as DefNode & { id: string };
      expect(json.id).toBe(id);
      expect(Object.keys(json.states)).toEqual(Object.keys(machine.root.states));
    }
    const fitness = JSON.parse(await readFile(path.join(STATECHARTS_DIR, 'fitnessOnboarding.json'), 'utf8')) as DefNode;
    expect(fitness.transitions).toEqual([
      expect.objectContaining({ eventType: 'COMPLETE', guard: 'allSaved', target: ['#fitnessOnboarding.completed'] }),
    ]);
  });

  it('when the in-process generator runs, then it matches the committed files too', async () => {
    for (const [name, text] of statechartFiles()) expect(await readFile(path.join(STATECHARTS_DIR, name), 'utf8'), name).toBe(text);
  });

  it('when --check finds a stale file, then it exits 1 and names it; on the committed files it exits 0', async () => {
    await expect(run(TSX, [CLI, '--check'], { cwd: ROOT })).resolves.toMatchObject({ stdout: expect.stringContaining('up to date') });
    await writeFile(path.join(out, 'guidedOnboarding.mmd'), 'stale\n');
    const failed = await run(TSX, [CLI, '--check', '--out', out], { cwd: ROOT }).then(
      () => null,
      (err: unknown) => err as { code?: number; stderr?: string },
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('guidedOnboarding.mmd');
  });
});
