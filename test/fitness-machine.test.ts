/**
 * The fitness onboarding machine (docs/behaviour/fitness.md "State semantics"), pure: no DB, no HTTP.
 * Transitions one by one, then model-based paths (@xstate/graph) and random event sequences
 * (fast-check) checked against invariants and against a small reference model of the behaviour reference.
 */
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from '@xstate/graph';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { fitnessMachine, fitnessSnapshotOf, type FitnessContext, type FitnessEvent } from '../machines/fitness/machine.js';
import { STATE_NUMBERS, type StateNumber } from '../machines/fitness/states.js';

type Snapshot = SnapshotFrom<typeof fitnessMachine>;

const ALL: StateNumber[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
/** The machine keeps whatever validated data it is given; one fixed value per state keeps re-saves identical. */
const dataOf = (step: StateNumber) => ({ answer: `state ${step}` });
const save = (step: StateNumber): FitnessEvent => ({ type: 'SAVE_STEP', step, data: dataOf(step) });
const savedData = (states: readonly StateNumber[]) => Object.fromEntries(states.map((n) => [`step_${n}`, dataOf(n)]));
const COMPLETE: FitnessEvent = { type: 'COMPLETE' };
/** The brief's representative event set. */
const EVENTS: FitnessEvent[] = [...ALL.map(save), COMPLETE];

const below = (n: number): StateNumber[] => ALL.filter((k) => k < n);
const initial = (): Snapshot => initialTransition(fitnessMachine)[0];
const step = (s: Snapshot, e: FitnessEvent): Snapshot => transition(fitnessMachine, s, e)[0];
const run = (events: readonly FitnessEvent[], from: Snapshot = initial()): Snapshot => events.reduce<Snapshot>((s, e) => step(s, e), from);
/** A user working on state n with 1..n-1 saved, reached through the machine itself. */
const at = (n: StateNumber): Snapshot => run(below(n).map(save));
const allSaved = (): Snapshot => run(ALL.map(save));
const completed = (): Snapshot => run([...ALL.map(save), COMPLETE]);
const view = (s: Snapshot) => ({ value: s.value, context: s.context });

// ---------------------------------------------------------------------------------------------
// A reference model of docs/behaviour/fitness.md, written independently of the machine
// ---------------------------------------------------------------------------------------------

interface Model {
  /** The state being worked on (1-9). */
  current: StateNumber;
  saved: StateNumber[];
  complete: boolean;
}

const modelOf = (c: FitnessContext): Model => ({
  current: c.current_step < 1 ? 1 : (c.current_step as StateNumber),
  saved: [...c.completed_states],
  complete: c.is_complete,
});

/** null: the event is refused. */
function reference(m: Model, e: FitnessEvent): Model | null {
  if (e.type === 'COMPLETE') return m.saved.length === 9 ? { ...m, complete: true } : null;
  if (m.complete) return m.saved.includes(e.step) ? m : null;
  if (e.step > m.current) return null;
  const saved = ALL.filter((k) => k === e.step || m.saved.includes(k));
  if (e.step < m.current) return { ...m, saved };
  return { current: m.current === 9 ? 9 : ((m.current + 1) as StateNumber), saved, complete: false };
}

// ---------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------

function checkSnapshot(s: Snapshot, where: string): void {
  const c = s.context;
  expect(Number.isInteger(c.current_step) && c.current_step >= 1 && c.current_step <= 9, `${where}: current_step ${c.current_step}`).toBe(
    true,
  );
  expect(c.completed_states, `${where}: completed_states sorted and unique`).toEqual(ALL.filter((k) => c.completed_states.includes(k)));
  // No state skipped: every state below the one worked on is saved, none above it is.
  for (const k of below(c.current_step)) expect(c.completed_states, `${where}: state ${k} below current`).toContain(k);
  for (const k of c.completed_states) expect(k, `${where}: saved state ${k} ahead of current`).toBeLessThanOrEqual(c.current_step);
  // Completed only with all nine saved, and the value agrees with the context.
  expect(c.is_complete, `${where}: is_complete vs value`).toBe(s.value === 'completed');
  if (c.is_complete) expect(c.completed_states, `${where}: completed without all nine`).toEqual(ALL);
  else expect(s.value, `${where}: value vs current_step`).toBe(`state_${c.current_step}`);
  // The row is the source of truth: hydrating the context gives back the same snapshot.
  expect(view(fitnessSnapshotOf(c)), `${where}: hydrated`).toEqual(view(s));
}

function checkStep(prev: Snapshot, e: FitnessEvent, next: Snapshot, where: string): void {
  checkSnapshot(next, where);
  expect(next.context.current_step, `${where}: current_step decreased`).toBeGreaterThanOrEqual(prev.context.current_step);
  for (const k of prev.context.completed_states) expect(next.context.completed_states, `${where}: lost saved state ${k}`).toContain(k);
  if (prev.context.is_complete) expect(next.context.is_complete, `${where}: completion undone`).toBe(true);
  // current_step moves by at most one, and only when the current state is saved.
  const moved = next.context.current_step - prev.context.current_step;
  expect(moved, `${where}: moved by ${moved}`).toBeLessThanOrEqual(1);
  if (moved === 1) expect(e, `${where}: moved without saving the current state`).toEqual(save(prev.context.current_step as StateNumber));
  // The machine agrees with the reference model, refusals included.
  const expected = reference(modelOf(prev.context), e);
  expect(prev.can(e), `${where}: can()`).toBe(expected !== null);
  expect(modelOf(next.context), `${where}: result`).toEqual(expected ?? modelOf(prev.context));
}

const eventName = (e: FitnessEvent) => (e.type === 'COMPLETE' ? 'COMPLETE' : `SAVE_STEP ${e.step}`);

// ---------------------------------------------------------------------------------------------
// Transitions one by one
// ---------------------------------------------------------------------------------------------

describe('fitness machine: transitions', () => {
  it('when the machine starts, then it works on state 1 with nothing saved and not complete', () => {
    const s = initial();
    expect(s.value).toBe('state_1');
    expect(s.context).toEqual({ current_step: 1, completed_states: [], is_complete: false, step_data: {} });
    expect(s.status).toBe('active');
  });

  it('when the states are listed, then they are state_1..state_9 and completed', () => {
    expect(Object.keys(fitnessMachine.root.states)).toEqual([...ALL.map((n) => `state_${n}`), 'completed']);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8] as const)(
    'when state %i (the current one) is saved, then it is recorded and the next state is current',
    (n) => {
      const before = at(n);
      expect(before.value).toBe(`state_${n}`);
      expect(before.can(save(n))).toBe(true);
      const after = step(before, save(n));
      expect(after.value).toBe(`state_${n + 1}`);
      expect(after.context).toEqual({
        current_step: n + 1,
        completed_states: ALL.filter((k) => k <= n),
        is_complete: false,
        step_data: savedData(ALL.filter((k) => k <= n)),
      });
    },
  );

  it('when state 9 (the current one) is saved, then it is recorded and current_step stays 9 (there is no state 10)', () => {
    const after = step(at(9), save(9));
    expect(after.value).toBe('state_9');
    expect(after.context).toEqual({ current_step: 9, completed_states: ALL, is_complete: false, step_data: savedData(ALL) });
    expect(after.status).toBe('active');
  });

  it('when state 9 is saved again, then current_step stays 9 and nothing else changes', () => {
    const once = allSaved();
    const twice = step(once, save(9));
    expect(once.can(save(9))).toBe(true);
    expect(view(twice)).toEqual(view(once));
  });

  it.each([2, 3, 4, 5, 6, 7, 8, 9] as const)(
    'when an earlier state is re-saved while working on state %i, then it is accepted and nothing moves',
    (n) => {
      const before = at(n);
      for (const k of below(n)) {
        expect(before.can(save(k)), `state ${k}`).toBe(true);
        const after = step(before, save(k));
        expect(view(after), `state ${k}`).toEqual(view(before));
      }
    },
  );

  it.each([1, 2, 3, 4, 5, 6, 7, 8] as const)('when a state ahead of state %i is saved, then it is refused and nothing changes', (n) => {
    const before = at(n);
    for (const k of ALL.filter((x) => x > n)) {
      expect(before.can(save(k)), `state ${k}`).toBe(false);
      expect(view(step(before, save(k))), `state ${k}`).toEqual(view(before));
    }
  });

  it.each(ALL)('when COMPLETE is sent while working on state %i with a state unsaved, then it is refused', (n) => {
    const before = at(n);
    expect(before.can(COMPLETE)).toBe(false);
    expect(view(step(before, COMPLETE))).toEqual(view(before));
  });

  it('when COMPLETE is sent with all nine saved, then the machine is completed with current_step 9', () => {
    const before = allSaved();
    expect(before.can(COMPLETE)).toBe(true);
    const after = step(before, COMPLETE);
    expect(after.value).toBe('completed');
    expect(after.context).toEqual({ current_step: 9, completed_states: ALL, is_complete: true, step_data: savedData(ALL) });
  });

  it('when state 9 is skipped (saved with no supplements), then completion is allowed like any other save of it', () => {
    // The machine only sees "state 9 saved"; skipping is saving interested_in_supplements: false.
    expect(step(at(9), save(9)).can(COMPLETE)).toBe(true);
    expect(at(9).can(COMPLETE)).toBe(false);
  });

  it('when COMPLETE is sent again after completion, then it stays completed and nothing changes', () => {
    const done = completed();
    expect(view(step(done, COMPLETE))).toEqual(view(done));
  });

  it.each(ALL)('when state %i is edited after completion, then it is accepted and it stays completed', (k) => {
    const done = completed();
    expect(done.can(save(k))).toBe(true);
    expect(view(step(done, save(k)))).toEqual(view(done));
  });

  it('when a legacy row with current_step 0 is hydrated, then it works as state 1', () => {
    const legacy = fitnessSnapshotOf({ current_step: 0, completed_states: [], is_complete: false, step_data: {} });
    expect(legacy.value).toBe('state_1');
    expect(legacy.can(save(1))).toBe(true);
    for (const k of ALL.filter((x) => x > 1)) expect(legacy.can(save(k)), `state ${k}`).toBe(false);
    expect(legacy.can(COMPLETE)).toBe(false);
    const after = step(legacy, save(1));
    expect(after.value).toBe('state_2');
    expect(after.context).toEqual({ current_step: 2, completed_states: [1], is_complete: false, step_data: savedData([1]) });
  });

  it.each(ALL)('when a row working on state %i is hydrated, then it behaves as the machine that got there', (n) => {
    const reached = at(n);
    const hydrated = fitnessSnapshotOf(reached.context);
    expect(view(hydrated)).toEqual(view(reached));
    for (const e of EVENTS) {
      expect(hydrated.can(e), eventName(e)).toBe(reached.can(e));
      expect(view(step(hydrated, e)), eventName(e)).toEqual(view(step(reached, e)));
    }
  });

  it('when a completed row is hydrated, then it is in completed and accepts edits only', () => {
    const hydrated = fitnessSnapshotOf({ current_step: 9, completed_states: ALL, is_complete: true, step_data: savedData(ALL) });
    expect(hydrated.value).toBe('completed');
    expect(view(hydrated)).toEqual(view(completed()));
  });
});

// ---------------------------------------------------------------------------------------------
// Model-based paths
// ---------------------------------------------------------------------------------------------

const serializeState = (s: Snapshot): string => JSON.stringify({ value: s.value, context: s.context });
const legacyStart = fitnessSnapshotOf({ current_step: 0, completed_states: [], is_complete: false, step_data: {} });

describe('fitness machine: model-based paths (@xstate/graph)', () => {
  const shortest = getShortestPaths(fitnessMachine, { events: EVENTS, serializeState });
  const simple = getSimplePaths(fitnessMachine, { events: EVENTS, serializeState });
  const fromLegacy = getSimplePaths(fitnessMachine, { events: EVENTS, serializeState, fromState: legacyStart });

  function checkPath(path: (typeof shortest)[number]): void {
    const first = path.steps[0];
    expect(first).toBeDefined();
    if (first === undefined) return;
    checkSnapshot(first.state, 'path start');
    for (let i = 1; i < path.steps.length; i++) {
      const prev = path.steps[i - 1];
      const cur = path.steps[i];
      if (prev === undefined || cur === undefined) throw new Error('path index out of range');
      checkStep(prev.state, cur.event, cur.state, `step ${i} ${eventName(cur.event)} on path to ${serializeState(path.state)}`);
    }
  }

  it('when the shortest paths are generated, then they reach all nine working states and completed, each once', () => {
    const reached = shortest.map((p) => String(p.state.value)).sort();
    expect(reached).toEqual([...ALL.map((n) => `state_${n}`), 'state_9', 'completed'].sort());
    // state_9 twice: before and after state 9 is saved.
    const completedPath = shortest.find((p) => p.state.value === 'completed');
    expect(completedPath?.steps.slice(1).map((s) => eventName(s.event))).toEqual([...ALL.map((n) => `SAVE_STEP ${n}`), 'COMPLETE']);
  });

  it('when any shortest or simple path is followed, then every invariant holds at every step', () => {
    expect(simple.length).toBeGreaterThanOrEqual(shortest.length);
    for (const path of [...shortest, ...simple]) checkPath(path);
  });

  it('when paths start from a legacy row with current_step 0, then they keep the invariants and can still complete', () => {
    expect(fromLegacy.some((p) => p.state.value === 'completed')).toBe(true);
    for (const path of fromLegacy) {
      const [first, ...rest] = path.steps;
      expect(first?.state.context.current_step).toBe(0);
      let prev = first?.state;
      for (const [i, s] of rest.entries()) {
        if (prev === undefined) throw new Error('no start');
        // From the legacy row the first move takes current_step 0 to 2 (0 counts as state 1).
        if (i === 0) {
          expect(s.event).toEqual(save(1));
          expect(s.state.context.current_step).toBe(2);
          checkSnapshot(s.state, 'after the legacy first save');
        } else {
          checkStep(prev, s.event, s.state, `legacy path step ${i + 1}`);
        }
        prev = s.state;
      }
    }
  });

  it('when every reachable state gets every event, then each transition matches the behaviour reference reference model', () => {
    const adjacency = getAdjacencyMap(fitnessMachine, { events: EVENTS, serializeState });
    const entries = Object.values(adjacency);
    // 9 working states before their save, state 9 saved, and completed.
    expect(entries).toHaveLength(11);
    let accepted = 0;
    let refused = 0;
    for (const { state } of entries) {
      for (const e of EVENTS) {
        const next = step(state, e);
        checkStep(state, e, next, `${serializeState(state)} + ${eventName(e)}`);
        if (state.can(e)) accepted++;
        else refused++;
      }
    }
    // Both kinds of outcome are exercised (a machine that accepts or refuses everything fails).
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

describe('fitness machine: random event sequences (fast-check)', () => {
  const event = fc.constantFrom(...EVENTS);

  it('when any sequence of events is sent from a fresh or a legacy start, then every invariant holds after each one', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(event, { maxLength: 40 }), (legacy, events) => {
        let s = legacy ? legacyStart : initial();
        for (const [i, e] of events.entries()) {
          const next = step(s, e);
          if (s.context.current_step === 0) {
            // The only thing a legacy row can do is save state 1.
            expect(s.can(e)).toBe(e.type === 'SAVE_STEP' && e.step === 1);
            if (s.can(e)) checkSnapshot(next, `legacy event ${i}`);
            else expect(view(next)).toEqual(view(s));
          } else {
            checkStep(s, e, next, `event ${i} ${eventName(e)}`);
          }
          s = next;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when the nine states are saved in order with earlier edits interleaved, then COMPLETE is accepted only at the end', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATE_NUMBERS), { maxLength: 20 }), (edits) => {
        let s = initial();
        for (const n of ALL) {
          expect(s.can(COMPLETE)).toBe(false);
          for (const k of edits.filter((x) => x < n)) s = step(s, save(k));
          expect(s.context.current_step).toBe(n);
          s = step(s, save(n));
        }
        expect(s.can(COMPLETE)).toBe(true);
        expect(step(s, COMPLETE).value).toBe('completed');
      }),
    );
  });
});
