/**
 * How the offline agent's dialogue machine (machines/fitness/dialogue.ts) is persisted and
 * resumed: with the onboarding row (its machine id, version and snapshot), brought forward
 * through the engine's migration chain like every other flow's snapshot.
 */
import type { SnapshotFrom } from 'xstate';
import { z } from 'zod';
import {
  DIALOGUE_MACHINE_ID,
  DIALOGUE_MACHINE_VERSION,
  DIALOGUE_STATES,
  dialogueMachine,
  type DialogueContext,
  type DialogueEvent,
  type DialogueMachine,
  type DialogueState,
} from '../../../../../machines/fitness/dialogue.js';
import { STATE_NUMBERS, type StateNumber } from '../../../../../machines/fitness/states.js';
import { nextSnapshot, RecentSnapshots, restore, storedAs, type FlowMachine, type StoredMachine } from '../../../../engine/machine.js';
import type { ChatMessage } from '../../chat-store.js';

export type Dialogue = SnapshotFrom<DialogueMachine>;

const stateField = z.literal(STATE_NUMBERS);
const pendingField = z.record(z.string(), z.unknown());

const persistedSchema = z.object({
  status: z.literal('active'),
  value: z.enum(DIALOGUE_STATES),
  context: z.object({
    state: stateField,
    edit: stateField.nullable(),
    failures: z.number().int().min(0),
    carry: z.array(z.string()).max(2),
    pending: pendingField.nullable(),
  }),
});

const at = (value: DialogueState, context: DialogueContext): Dialogue => dialogueMachine.resolveState({ value, context });

/**
 * Version 0: the bookkeeping older releases stored in the meta of each offline reply
 * ({ kind: 'ask' | 'confirm' | 'done', state, failures, carry?, edit?, pending? }).
 */
const legacyMetaSchema = z.discriminatedUnion('kind', [
  z.object({
    by: z.literal('offline'),
    kind: z.literal('ask'),
    state: stateField,
    failures: z.number().int().min(0),
    carry: z.array(z.string()).max(2).optional(),
    edit: stateField.optional(),
  }),
  z.object({
    by: z.literal('offline'),
    kind: z.literal('confirm'),
    state: stateField,
    failures: z.number().int().min(0),
    edit: stateField.optional(),
    pending: pendingField,
  }),
  z.object({ by: z.literal('offline'), kind: z.literal('done'), state: stateField }),
]);

function fromLegacyMeta(meta: unknown): unknown {
  const parsed = legacyMetaSchema.safeParse(meta);
  if (!parsed.success) return null;
  const m = parsed.data;
  if (m.kind === 'done') return dialogueMachine.getPersistedSnapshot(at('done', fresh(m.state)));
  const context: DialogueContext = {
    state: m.state,
    edit: m.edit ?? null,
    failures: m.failures,
    carry: m.kind === 'ask' ? (m.carry ?? []) : [],
    pending: m.kind === 'confirm' ? m.pending : null,
  };
  const value: DialogueState = m.kind === 'confirm' ? 'confirming' : m.edit !== undefined ? 'editing' : 'asking';
  return dialogueMachine.getPersistedSnapshot(at(value, context));
}

const fresh = (state: StateNumber): DialogueContext => ({ state, edit: null, failures: 0, carry: [], pending: null });

export const DIALOGUE_FLOW: FlowMachine<DialogueMachine> = {
  flow: 'fitness_dialogue',
  machine: dialogueMachine,
  machineId: DIALOGUE_MACHINE_ID,
  version: DIALOGUE_MACHINE_VERSION,
  migrations: { 0: fromLegacyMeta },
  accepts: (snapshot) => persistedSchema.safeParse(snapshot).success,
  // Every step is a pure transition: nothing is ever in flight.
  settled: () => true,
  settleTimeoutMs: 0,
};

/** The dialogue after one event (XState's pure transition). */
export const step = (dialogue: Dialogue, event: DialogueEvent): Dialogue => nextSnapshot(dialogueMachine, dialogue, event);

/** Each conversation's dialogue as this process last handed it on to be stored (see RecentSnapshots). */
const recent = new RecentSnapshots(DIALOGUE_FLOW);

/**
 * What the onboarding row stores, as the column will hold it: XState's persisted snapshot has
 * keys set to undefined (output, error) that JSON drops, and a dialogue compared with the one read
 * back must be equal when nothing changed, or every turn would rewrite the row. A turn that leaves
 * the dialogue as it was read (`stored`, of this machine's version) gets that stored one back.
 * With a conversation `key`, the dialogue is also remembered for that conversation's next turn
 * (resumeDialogue with the same key).
 */
export function storedDialogue(dialogue: Dialogue, stored?: StoredMachine | null, key?: string): StoredMachine {
  const result =
    stored &&
    stored.machine_id === DIALOGUE_MACHINE_ID &&
    stored.machine_version === DIALOGUE_MACHINE_VERSION &&
    unchanged(stored.snapshot, dialogue)
      ? stored
      : {
          machine_id: DIALOGUE_MACHINE_ID,
          machine_version: DIALOGUE_MACHINE_VERSION,
          snapshot: JSON.parse(JSON.stringify(dialogueMachine.getPersistedSnapshot(dialogue))) as unknown,
        };
  if (key !== undefined) recent.remember(key, dialogue, result.snapshot);
  return result;
}

const isEmpty = (value: unknown): boolean => typeof value === 'object' && value !== null && Object.keys(value).length === 0;

/** The persisted snapshot holds this dialogue: same status, state and context, and no actor or history. */
function unchanged(persisted: unknown, dialogue: Dialogue): boolean {
  if (typeof persisted !== 'object' || persisted === null) return false;
  const p = persisted as { status?: unknown; value?: unknown; context?: unknown; children?: unknown; historyValue?: unknown };
  return (
    p.status === dialogue.status &&
    isEmpty(p.children) &&
    isEmpty(p.historyValue) &&
    isEmpty(dialogue.children) &&
    isEmpty(dialogue.historyValue) &&
    storedAs(p.value, dialogue.value) &&
    storedAs(p.context, dialogue.context)
  );
}

/** A conversation stored before the dialogue had its own column: its last reply's meta is version 0. */
function legacyDialogue(history: readonly ChatMessage[]): StoredMachine | null {
  const last = [...history].reverse().find((message) => message.role === 'assistant');
  if (last?.meta?.by !== 'offline' || !('kind' in last.meta)) return null;
  return { machine_id: DIALOGUE_MACHINE_ID, machine_version: 0, snapshot: last.meta };
}

/**
 * The dialogue to continue for a turn on `state`: the stored one when it is about that state and
 * still open; otherwise the state's question is asked afresh (the state moved elsewhere, another
 * agent answered last, or nothing usable is stored).
 */
export function resumeDialogue(
  stored: StoredMachine | null | undefined,
  history: readonly ChatMessage[],
  state: StateNumber,
  key?: string,
): Dialogue {
  const source = stored ?? legacyDialogue(history);
  const kept = source && key !== undefined ? recent.get(key, source) : undefined;
  const restored = kept ? { ok: true as const, snapshot: kept } : source === null ? null : restore(DIALOGUE_FLOW, source);
  if (restored?.ok && restored.snapshot.context.state === state && !restored.snapshot.matches('done')) return restored.snapshot;
  return at('asking', fresh(state));
}
