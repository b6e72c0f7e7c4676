import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assign, createActor, fromPromise, setup, transition } from 'xstate';
import { dialogueMachine, type DialogueEvent } from '../machines/fitness/dialogue.js';
import { applyEvent, initialSnapshot, nextSnapshot, RecentSnapshots, restore, type FlowMachine } from '../src/engine/machine.js';

// A toy two-version machine: v1 stored `count`; v2 renamed it to `total`.
const counter = setup({
  types: { context: {} as { total: number }, events: {} as { type: 'ADD' } | { type: 'SLOW' } },
  actors: { slow: fromPromise<number, number>(async ({ input }) => input + 10) },
}).createMachine({
  id: 'counter',
  initial: 'idle',
  context: { total: 0 },
  states: {
    idle: {
      on: {
        ADD: { actions: assign({ total: ({ context }) => context.total + 1 }) },
        SLOW: 'working',
      },
    },
    working: {
      invoke: {
        src: 'slow',
        input: ({ context }) => context.total,
        onDone: { target: 'idle', actions: assign({ total: ({ event }) => event.output }) },
      },
    },
  },
});

const def: FlowMachine<typeof counter> = {
  flow: 'toy',
  machine: counter,
  machineId: 'counter',
  version: 2,
  migrations: {
    1: (s) => {
      const v1 = s as { value: string; status: string; context: { count: number } };
      return { ...v1, context: { total: v1.context.count } };
    },
  },
  accepts: (s) => typeof (s as { context?: { total?: unknown } }).context?.total === 'number',
  settled: (s) => !s.matches('working'),
  settleTimeoutMs: 1000,
};

const v1Snapshot = () => {
  const persisted = createActor(counter).start().getPersistedSnapshot() as unknown as { context: { total: number } };
  const { total, ...rest } = { ...persisted.context, total: 5 };
  return { ...persisted, context: { ...rest, count: total } };
};

describe('engine restore', () => {
  it('when a snapshot is one version behind, then the migration step brings it forward', () => {
    const r = restore(def, { machine_id: 'counter', machine_version: 1, snapshot: v1Snapshot() });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.snapshot.context.total).toBe(5);
      expect(r.migratedFrom).toBe(1);
    }
  });

  it('when no migration exists for a version, then the session is reported, not reinterpreted', () => {
    expect(restore(def, { machine_id: 'counter', machine_version: 0, snapshot: {} })).toEqual({ ok: false, reason: 'no_migration' });
  });

  it('when the snapshot belongs to another machine or a newer version, then it is refused', () => {
    expect(restore(def, { machine_id: 'other', machine_version: 2, snapshot: {} })).toEqual({ ok: false, reason: 'other_machine' });
    expect(restore(def, { machine_id: 'counter', machine_version: 3, snapshot: {} })).toEqual({ ok: false, reason: 'newer_version' });
  });

  it('when a stored snapshot of a machine that invokes is restored, then a settled one resumes and a broken one is rejected', async () => {
    const settled = await applyEvent(def, initialSnapshot(def), { type: 'SLOW' });
    const stored = { machine_id: 'counter', machine_version: 2, snapshot: JSON.parse(JSON.stringify(settled.persisted)) as unknown };
    const back = restore(def, stored);
    expect(back.ok && back.snapshot.value).toBe('idle');
    expect(back.ok && back.snapshot.context.total).toBe(10);
    const unknownState = { ...stored, snapshot: { ...(stored.snapshot as object), value: 'nowhere' } };
    expect(restore(def, unknownState)).toEqual({ ok: false, reason: 'rejected' });
  });

  it('when the snapshot does not pass the flow check, then it is rejected', () => {
    expect(restore(def, { machine_id: 'counter', machine_version: 2, snapshot: { context: { total: 'x' } } })).toEqual({
      ok: false,
      reason: 'rejected',
    });
  });
});

describe('engine RecentSnapshots', () => {
  const added = nextSnapshot(counter, initialSnapshot(def), { type: 'ADD' });
  const persisted = counter.getPersistedSnapshot(added);
  /** The row as a later read returns it: the persisted snapshot back from JSON. */
  const row = (over: Partial<{ machine_id: string; machine_version: number; snapshot: unknown }> = {}) => ({
    machine_id: 'counter',
    machine_version: 2,
    snapshot: JSON.parse(JSON.stringify(persisted)) as unknown,
    ...over,
  });

  it('when the row read holds what this process stored, then the snapshot is given back; for another machine, version or session it is not', () => {
    const recent = new RecentSnapshots(def);
    recent.remember('u1', added, persisted);
    expect(recent.get('u1', row())).toBe(added);
    expect(recent.get('u2', row())).toBeUndefined();
    expect(recent.get('u1', row({ machine_version: 1 }))).toBeUndefined();
    expect(recent.get('u1', row({ machine_id: 'other' }))).toBeUndefined();
  });

  it('when the stored snapshot differs from what this process stored (another writer, an edit outside the service), then it is restored, not taken from memory', () => {
    const recent = new RecentSnapshots(def);
    recent.remember('u1', added, persisted);
    const stored = row().snapshot as { context: { total: number }; value: string };
    expect(recent.get('u1', row({ snapshot: { ...stored, context: { total: 7 } } }))).toBeUndefined();
    expect(recent.get('u1', row({ snapshot: { ...stored, value: 'working' } }))).toBeUndefined();
    expect(recent.get('u1', row({ snapshot: { ...stored, extra: 1 } }))).toBeUndefined();
    expect(recent.get('u1', row({ snapshot: { value: 'nope' } }))).toBeUndefined();
    expect(recent.get('u1', row({ snapshot: null }))).toBeUndefined();
    expect(recent.get('u1', row({ snapshot: [stored] }))).toBeUndefined();
  });

  it('when a snapshot with a child actor is remembered, then it is not kept, and the entry it replaces is dropped', () => {
    const recent = new RecentSnapshots(def);
    recent.remember('u1', added, persisted);
    const actor = createActor(counter).start();
    actor.send({ type: 'SLOW' });
    const working = actor.getSnapshot();
    expect(Object.keys(working.children)).not.toHaveLength(0);
    recent.remember('u1', working, actor.getPersistedSnapshot());
    actor.stop();
    expect(recent.get('u1', row())).toBeUndefined();
    expect(recent.get('u1', row({ snapshot: JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as unknown }))).toBeUndefined();
  });

  it('when more sessions than its bound are remembered, then the least recently written go first', () => {
    const recent = new RecentSnapshots(def, 2);
    recent.remember('a', added, persisted);
    recent.remember('b', added, persisted);
    recent.remember('a', added, persisted);
    recent.remember('c', added, persisted);
    expect(recent.get('b', row())).toBeUndefined();
    expect(recent.get('a', row())).toBe(added);
    expect(recent.get('c', row())).toBe(added);
  });
});

describe('engine applyEvent', () => {
  it('when an event starts an invocation, then the result is returned only once it has settled', async () => {
    const start = initialSnapshot(def);
    const added = await applyEvent(def, start, { type: 'ADD' });
    expect(added.snapshot.context.total).toBe(1);
    const slow = await applyEvent(def, added.snapshot, { type: 'SLOW' });
    expect(slow.snapshot.value).toBe('idle');
    expect(slow.snapshot.context.total).toBe(11);
    const persisted = slow.persisted as { value: string; children: Record<string, unknown> };
    expect(persisted.value).toBe('idle');
    expect(Object.keys(persisted.children)).toEqual([]);
  });

  it('when the persisted result is hydrated again, then it continues from the same state', async () => {
    const first = await applyEvent(def, null, { type: 'ADD' });
    const r = restore(def, { machine_id: 'counter', machine_version: 2, snapshot: first.persisted });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const second = await applyEvent(def, r.snapshot, { type: 'ADD' });
    expect(second.snapshot.context.total).toBe(2);
  });
});

describe('engine nextSnapshot', () => {
  const dialogueEvents: DialogueEvent[] = [
    { type: 'PARTIAL', text: 'eight' },
    { type: 'MISUNDERSTOOD' },
    { type: 'UNSURE', data: { fitness_level: 'beginner' } },
    { type: 'REFUSED' },
    { type: 'EDIT', target: 2 },
    { type: 'RETRY' },
    { type: 'SAVED', next: 4 },
    { type: 'ASK', state: 4 },
    { type: 'COMPLETED' },
  ];

  it("when a machine invokes nothing, then each step equals XState's own transition() through every event", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...dialogueEvents), { maxLength: 12 }), (events) => {
        let ours = dialogueMachine.resolveState({
          value: 'asking',
          context: { state: 3, edit: null, failures: 0, carry: [], pending: null },
        });
        let theirs = ours;
        for (const event of events) {
          ours = nextSnapshot(dialogueMachine, ours, event);
          [theirs] = transition(dialogueMachine, theirs, event);
          expect(dialogueMachine.getPersistedSnapshot(ours)).toEqual(dialogueMachine.getPersistedSnapshot(theirs));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("when a machine that invokes takes steps that start nothing, then each equals transition()'s and none carries a child", () => {
    let ours = initialSnapshot(def);
    let theirs = ours;
    for (let i = 0; i < 5; i++) {
      ours = nextSnapshot(counter, ours, { type: 'ADD' });
      [theirs] = transition(counter, theirs, { type: 'ADD' });
      expect(counter.getPersistedSnapshot(ours)).toEqual(counter.getPersistedSnapshot(theirs));
      expect(Object.keys(ours.children)).toEqual([]);
    }
    expect(ours.context.total).toBe(5);
  });

  it('when a machine invokes, then its step that starts the invocation is the same as transition() gives', () => {
    const from = initialSnapshot(def);
    const ours = nextSnapshot(counter, from, { type: 'SLOW' });
    const [theirs] = transition(counter, from, { type: 'SLOW' });
    expect(ours.value).toBe('working');
    expect(counter.getPersistedSnapshot(ours)).toEqual(counter.getPersistedSnapshot(theirs));
  });
});
