import {
  createActor,
  initialTransition,
  transition,
  waitFor,
  type AnyActorRef,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventFrom,
  type SnapshotFrom,
} from 'xstate';

// XState's generic actor options do not resolve for an abstract machine type; the engine works
// on the erased type and hands back the caller's own snapshot type.
function actorOf(machine: AnyStateMachine, snapshot?: unknown): AnyActorRef {
  return snapshot ? createActor(machine, { snapshot: snapshot as AnyMachineSnapshot }) : createActor(machine);
}

/**
 * XState's transition() builds a throwaway actor and actor system for every call (tens of µs per
 * event). A step that starts no actor has nothing to keep in that actor, so one inert scope per
 * machine serves every such step; like transition()'s, it executes no action (assigns are pure).
 */
const inertScopes = new WeakMap<AnyStateMachine, AnyActorScope>();
function sharedScope(machine: AnyStateMachine): AnyActorScope {
  let scope = inertScopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    const ignore = (): void => undefined;
    scope = {
      self,
      id: '',
      sessionId: '',
      logger: ignore,
      defer: ignore,
      emit: ignore,
      system: self.system,
      stopChild: ignore,
      actionExecutor: ignore,
    };
    inertScopes.set(machine, scope);
  }
  return scope;
}

const hasChildren = (snapshot: AnyMachineSnapshot): boolean => Object.keys(snapshot.children).length > 0;

/**
 * The snapshot after one event: XState's pure transition, in the shared inert scope when neither
 * side has a child actor. A step that enters an invoking state (the guided summary) is taken again
 * by transition() with a system of its own: the child made in the inert scope was never started,
 * and is dropped with that first result.
 */
export function nextSnapshot<M extends AnyStateMachine>(machine: M, from: SnapshotFrom<M>, event: EventFrom<M>): SnapshotFrom<M> {
  const start = from as AnyMachineSnapshot;
  if (!hasChildren(start)) {
    const next = machine.transition(start, event, sharedScope(machine)) as AnyMachineSnapshot;
    if (!hasChildren(next)) return next as SnapshotFrom<M>;
  }
  return (transition(machine, from as never, event as never) as [AnyMachineSnapshot, unknown[]])[0] as SnapshotFrom<M>;
}

/** How the engine runs one flow's machine: identity, versioning and what a stable snapshot is. */
export interface FlowMachine<M extends AnyStateMachine> {
  flow: string;
  /** The machine with its I/O already supplied through machine.provide(). */
  machine: M;
  machineId: string;
  version: number;
  /** migrations[n] turns a version-n persisted snapshot into a version n+1 one. */
  migrations: Record<number, (snapshot: unknown) => unknown>;
  /** True when a persisted snapshot (already migrated) is one this machine can resume. */
  accepts(snapshot: unknown): boolean;
  /** True when nothing is in flight: only such snapshots are returned and stored. */
  settled(snapshot: SnapshotFrom<M>): boolean;
  /** Upper bound for reaching a settled snapshot after one event. */
  settleTimeoutMs: number;
}

export interface StoredMachine {
  machine_id: string;
  machine_version: number;
  snapshot: unknown;
}

type RestoreResult<M extends AnyStateMachine> =
  | { ok: true; snapshot: SnapshotFrom<M>; migratedFrom: number | null }
  | { ok: false; reason: 'other_machine' | 'newer_version' | 'no_migration' | 'rejected' };

/**
 * Brings a stored snapshot to the current machine version through the migration chain, then
 * checks it. Anything that cannot be brought forward is reported, never silently reinterpreted.
 */
export function restore<M extends AnyStateMachine>(def: FlowMachine<M>, stored: StoredMachine): RestoreResult<M> {
  if (stored.machine_id !== def.machineId) return { ok: false, reason: 'other_machine' };
  if (stored.machine_version > def.version) return { ok: false, reason: 'newer_version' };
  let snapshot = stored.snapshot;
  for (let v = stored.machine_version; v < def.version; v++) {
    const step = def.migrations[v];
    if (!step) return { ok: false, reason: 'no_migration' };
    snapshot = step(snapshot);
  }
  if (!def.accepts(snapshot)) return { ok: false, reason: 'rejected' };
  try {
    // A snapshot without child actors (every stored one: nothing is persisted in flight) is
    // restored in the shared inert scope, a throw caught below; otherwise an actor restores it,
    // reporting a failure as an error snapshot, not a throw.
    const children = (snapshot as { children?: unknown } | null)?.children;
    const restored = (
      children && typeof children === 'object' && Object.keys(children).length > 0
        ? actorOf(def.machine, snapshot).getSnapshot()
        : def.machine.restoreSnapshot(snapshot as never, sharedScope(def.machine))
    ) as AnyMachineSnapshot;
    if (restored.status === 'error') return { ok: false, reason: 'rejected' };
    return {
      ok: true,
      snapshot: restored as SnapshotFrom<M>,
      migratedFrom: stored.machine_version === def.version ? null : stored.machine_version,
    };
  } catch {
    return { ok: false, reason: 'rejected' };
  }
}

/**
 * True when `stored` (a value read back from JSON) is what `written` was stored as: the same
 * JSON value, where a key whose value is undefined counts as absent, as JSON.stringify leaves it.
 * Anything else JSON.stringify would change (a Date, NaN, undefined in an array) reads as a
 * difference, which only costs work: a full restore (RecentSnapshots), or the row written again
 * (the offline dialogue's check for a change).
 */
export function storedAs(stored: unknown, written: unknown): boolean {
  if (stored === written) return true;
  if (typeof stored !== 'object' || typeof written !== 'object' || stored === null || written === null) return false;
  if (Array.isArray(written)) {
    if (!Array.isArray(stored) || stored.length !== written.length) return false;
    for (let i = 0; i < written.length; i++) if (!storedAs(stored[i], written[i])) return false;
    return true;
  }
  if (Array.isArray(stored)) return false;
  const s = stored as Record<string, unknown>;
  const w = written as Record<string, unknown>;
  let keys = 0;
  for (const key in w) {
    const value = w[key];
    if (value === undefined) continue;
    keys++;
    if (!Object.hasOwn(s, key) || !storedAs(s[key], value)) return false;
  }
  return keys === Object.keys(s).length;
}

/**
 * The snapshot each session was last left in by this process: when a turn reads back exactly
 * what this process stored last (the same machine, version and snapshot JSON), it takes the
 * snapshot the machine produced instead of checking and restoring the stored copy again
 * (measured: about 4% of a guided turn's CPU, 10% of an offline chat turn's). Anything else (a
 * row another instance wrote since, one changed outside the service, a write that never landed)
 * is restored as usual: the stored JSON decides, never the memory. Only snapshots without child
 * actors are kept (the ones that are stored); the least recently stored session goes first once
 * `max` are kept.
 */
export class RecentSnapshots<M extends AnyStateMachine> {
  private readonly entries = new Map<string, { persisted: unknown; snapshot: SnapshotFrom<M> }>();

  constructor(
    private readonly def: FlowMachine<M>,
    private readonly max = 10_000,
  ) {}

  /** The snapshot this process left in `stored`, if `stored` still holds exactly what it stored. */
  get(key: string, stored: StoredMachine): SnapshotFrom<M> | undefined {
    const entry = this.entries.get(key);
    if (!entry || stored.machine_id !== this.def.machineId || stored.machine_version !== this.def.version) return undefined;
    return storedAs(stored.snapshot, entry.persisted) ? entry.snapshot : undefined;
  }

  /** `persisted` (the machine's persisted form of `snapshot`) is what the session's row is written with. */
  remember(key: string, snapshot: SnapshotFrom<M>, persisted: unknown): void {
    this.entries.delete(key);
    if (hasChildren(snapshot as AnyMachineSnapshot)) return;
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { persisted, snapshot });
  }
}

/** A fresh machine's first snapshot. */
export function initialSnapshot<M extends AnyStateMachine>(def: FlowMachine<M>): SnapshotFrom<M> {
  return initialTransition(def.machine as AnyStateMachine)[0] as SnapshotFrom<M>;
}

interface Applied<M extends AnyStateMachine> {
  snapshot: SnapshotFrom<M>;
  /** What to store: taken only once settled, so no invocation is ever persisted in flight. */
  persisted: unknown;
}

/**
 * Applies one event. A synchronous step is XState's pure transition: no actor, no timers. Only
 * when the step enters a state that invokes something (e.g. the guided summary call) does an
 * actor run, and only until the machine settles again, so nothing in flight is ever stored.
 */
export async function applyEvent<M extends AnyStateMachine>(
  def: FlowMachine<M>,
  from: SnapshotFrom<M> | null,
  event: EventFrom<M>,
): Promise<Applied<M>> {
  const start = from ?? initialSnapshot(def);
  const next: AnyMachineSnapshot = nextSnapshot(def.machine, start, event);
  if (next.status !== 'active' || def.settled(next as SnapshotFrom<M>)) {
    if (next.status === 'error') throw next.error;
    return { snapshot: next as SnapshotFrom<M>, persisted: def.machine.getPersistedSnapshot(next) };
  }
  return runUntilSettled(def, start, event);
}

/** Hydrates an actor, applies the event, and waits until the machine settles (e.g. its summary call returns). */
async function runUntilSettled<M extends AnyStateMachine>(
  def: FlowMachine<M>,
  from: SnapshotFrom<M>,
  event: EventFrom<M>,
): Promise<Applied<M>> {
  const actor = actorOf(def.machine, from);
  actor.start();
  try {
    actor.send(event);
    const snapshot: AnyMachineSnapshot = await waitFor(
      actor,
      (s: AnyMachineSnapshot) => s.status !== 'active' || def.settled(s as SnapshotFrom<M>),
      {
        timeout: def.settleTimeoutMs,
      },
    );
    if (snapshot.status === 'error') throw snapshot.error;
    return { snapshot: snapshot as SnapshotFrom<M>, persisted: actor.getPersistedSnapshot() };
  } finally {
    actor.stop();
  }
}
