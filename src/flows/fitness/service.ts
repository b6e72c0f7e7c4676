import { isDeepStrictEqual } from 'node:util';
import type { FastifyBaseLogger } from 'fastify';
import type { SnapshotFrom } from 'xstate';
import {
  fitnessMachine,
  fitnessSnapshotOf,
  workingStep,
  type FitnessContext,
  type FitnessEvent,
  type FitnessMachine,
  type StepData,
} from '../../../machines/fitness/machine.js';
import { STATE_NUMBERS, isStateNumber, stateMeta, type AgentType, type StateNumber } from '../../../machines/fitness/states.js';
import type { UserProfile } from '../assistant/port.js';
import type { EventRecord } from '../../engine/sessions.js';
import { nextSnapshot } from '../../engine/machine.js';
import { runTurn } from '../../engine/turn.js';
import { recordValidationFailure as countValidationFailure } from '../../observability/metrics.js';
import { STEP_KEYS, completedStatesFromStepData, computeProgress, stateInfo, type Progress, type StateInfo } from './progress.js';
import { completeMessage, saveMessage, type Locale } from './messages.js';
import { validateStep } from './schemas.js';
import { EMPTY_ROW, type FitnessRow, type FitnessStore } from './store.js';

export type FitnessSnapshot = SnapshotFrom<FitnessMachine>;

const FITNESS_FLOW = 'fitness';

export interface CallContext {
  requestId: string;
  log: FastifyBaseLogger;
  /** The agent acting for the user (X-Agent-Context or the chat's agent); recorded in agent_history. */
  agent?: AgentType | undefined;
  idempotencyKey?: string | undefined;
  /** Renders the response stored with the change under the request's Idempotency-Key. */
  render?: ((result: SaveSuccess) => unknown) | undefined;
  /** The user's language for the response's messages, names and descriptions (English by default). */
  locale?: Locale | undefined;
}

export interface SaveSuccess {
  ok: true;
  step: StateNumber;
  /** True when current_step advanced. */
  moved: boolean;
  /** False when the same data was saved again: nothing was written. */
  changed: boolean;
  /** True when a write of this call is already stored with the idempotent response. */
  wroteIdempotent: boolean;
  current_step: number;
  is_complete: boolean;
  next_state: StateNumber | null;
  next_state_info: StateInfo | null;
  message: string;
  progress: Progress;
}

export type Failure =
  | { ok: false; code: 'VALIDATION_ERROR'; field: string; message: string }
  | { ok: false; code: 'STATE_MISMATCH'; message: string; current_state: StateNumber }
  | { ok: false; code: 'ONBOARDING_INCOMPLETE'; message: string; missing_states: StateNumber[] }
  | { ok: false; code: 'NOT_FOUND'; message: string }
  | { ok: false; code: 'CONFLICT'; message: string };

const NOT_FOUND: Failure = { ok: false, code: 'NOT_FOUND', message: 'No onboarding state exists for this user' };
const CONFLICT: Failure = {
  ok: false,
  code: 'CONFLICT',
  message: 'Another request changed this onboarding at the same time; retry',
};

export function contextOf(row: Pick<FitnessRow, 'current_step' | 'is_complete' | 'step_data'>): FitnessContext {
  return {
    current_step: row.current_step,
    is_complete: row.is_complete,
    completed_states: completedStatesFromStepData(row.step_data),
    step_data: publicStepData(row.step_data) as StepData,
  };
}

export function progressOfContext(c: FitnessContext, locale?: Locale): Progress {
  return computeProgress({
    currentStep: c.current_step,
    completedStates: c.completed_states,
    onboardingCompleted: c.is_complete,
    locale,
  });
}

export function progressOf(row: Pick<FitnessRow, 'current_step' | 'is_complete' | 'step_data'>, locale?: Locale): Progress {
  return computeProgress({
    currentStep: row.current_step,
    completedStates: completedStatesFromStepData(row.step_data),
    onboardingCompleted: row.is_complete,
    locale,
  });
}

/** Only the states' data: internal keys such as the legacy `_migration` record stay in the database. */
export function publicStepData(stepData: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of STEP_KEYS) if (key in stepData) out[key] = stepData[key];
  return out;
}

/** A save the machine accepted, applied to the in-memory snapshot only: the caller writes it. */
interface StagedSave {
  ok: true;
  step: StateNumber;
  data: unknown;
  next: FitnessSnapshot;
  moved: boolean;
  /** False when the same data was saved again: nothing to write. */
  changed: boolean;
  /** The event rows this save adds to the log. */
  events: EventRecord[];
  result: SaveSuccess;
}

/**
 * Validates a state's data and applies the save to a snapshot with the machine's pure
 * transition. Shared by the REST step endpoint and the agents' save tools, so both accept and
 * refuse the same things with the same field and message.
 */
export function stageSave(
  from: FitnessSnapshot,
  step: unknown,
  data: unknown,
  opts: { requestId: string; agent?: AgentType | undefined; completeWhenAllSaved?: boolean },
): StagedSave | Failure {
  const valid = validateSave(step, data);
  return valid.ok ? applySave(from, valid.step, valid.data, opts) : valid;
}

/** The state number and its data checked against the state's schema (no state needed). */
function validateSave(
  step: unknown,
  data: unknown,
): { ok: true; step: StateNumber; data: unknown } | Extract<Failure, { code: 'VALIDATION_ERROR' }> {
  if (!isStateNumber(step)) return { ok: false, code: 'VALIDATION_ERROR', field: 'step', message: 'step must be an integer from 1 to 9' };
  const valid = validateStep(step, data);
  if (!valid.ok) return { ok: false, code: 'VALIDATION_ERROR', field: valid.field, message: valid.message };
  return { ok: true, step, data: valid.data };
}

/** Applies a validated save to a snapshot with the machine's pure transition. */
function applySave(
  from: FitnessSnapshot,
  step: StateNumber,
  data: unknown,
  opts: { requestId: string; agent?: AgentType | undefined; completeWhenAllSaved?: boolean; locale?: Locale | undefined },
): StagedSave | Failure {
  const event: FitnessEvent = { type: 'SAVE_STEP', step, data, completeWhenAllSaved: opts.completeWhenAllSaved ?? false };
  if (!from.can(event)) {
    const current = workingStep(from.context.current_step);
    return {
      ok: false,
      code: 'STATE_MISMATCH',
      message: `State ${step} cannot be saved yet: the current state is ${current} (${stateMeta(current).name})`,
      current_state: current,
    };
  }
  const next = nextSnapshot(fitnessMachine, from, event);
  const moved = next.context.current_step !== from.context.current_step || next.context.is_complete !== from.context.is_complete;
  const changed = moved || !isDeepStrictEqual(from.context.step_data[`step_${step}`], data);
  const progress = progressOfContext(next.context, opts.locale);
  // Nothing is left to work on once every state is saved: the next move is completion.
  const nextState = progress.is_complete || progress.can_complete ? null : progress.current_state;
  const fromId = String(from.value);
  const completed = next.context.is_complete && !from.context.is_complete;
  const savedTo = completed ? fromId : String(next.value);
  const events: EventRecord[] = [{ from: fromId, to: savedTo, type: `SAVE_STEP_${step}`, agent: opts.agent, requestId: opts.requestId }];
  // The log keeps completion as its own event, as the /complete call records it.
  if (completed) events.push({ from: savedTo, to: String(next.value), type: 'COMPLETE', agent: opts.agent, requestId: opts.requestId });
  return {
    ok: true,
    step,
    data,
    next,
    moved,
    changed,
    events,
    result: {
      ok: true,
      step,
      moved,
      changed,
      wroteIdempotent: false,
      current_step: next.context.current_step,
      is_complete: next.context.is_complete,
      next_state: nextState,
      next_state_info: nextState === null ? null : stateInfo(nextState, opts.locale),
      message: saveMessage(step, progress, opts.locale),
      progress,
    },
  };
}

interface CompleteSuccess {
  ok: true;
  changed: boolean;
  /** True when the response is already stored with the change under the request's Idempotency-Key. */
  wroteIdempotent: boolean;
  body: { is_complete: true; message: string; progress: Progress };
}

/** The state a turn starts from: the stored row, or the empty one before the flow's first write. */
interface Current {
  row: FitnessRow;
  snapshot: FitnessSnapshot;
}

/** The fitness flow's use cases. REST routes and agent tools share the same rules (stageSave). */
export class FitnessService {
  constructor(private readonly store: FitnessStore) {}

  /**
   * The user's row, or the empty row before the flow wrote one (progress always answers);
   * null only when the row was deleted.
   */
  async row(userId: string): Promise<FitnessRow | null> {
    return this.live(await this.store.load(userId));
  }

  /** Applies deletion: a soft-deleted row is gone for the flow; a missing one is the empty row. */
  live(row: FitnessRow | null): FitnessRow | null {
    if (!row) return EMPTY_ROW;
    return row.deleted_at ? null : row;
  }

  async profile(userId: string): Promise<UserProfile | null> {
    const p = await this.store.loadProfile(userId);
    return p && { ...p, step_data: publicStepData(p.step_data) };
  }

  /** Counts a rejected answer for the funnel: the metric, and its row on its own (a turn that writes nothing else). */
  recordValidationFailure(userId: string, state: number, field: string, agent: string | undefined): Promise<void> {
    this.countRejected(state);
    return this.store.recordValidationFailure(userId, state, field, agent);
  }

  /** The metric of a rejected answer whose row a turn wrote with the rest of it. */
  countRejected(state: number): void {
    countValidationFailure('fitness', `state_${state}`);
  }

  private async current(userId: string): Promise<Current | null> {
    const row = await this.row(userId);
    return row && { row, snapshot: fitnessSnapshotOf(contextOf(row)) };
  }

  async saveStep(userId: string, step: unknown, data: unknown, ctx: CallContext): Promise<SaveSuccess | Failure> {
    const log = ctx.log.child({ flow: FITNESS_FLOW, agent: ctx.agent });
    // Validation needs no state: a bad answer is refused (and counted) before anything is read.
    const valid = validateSave(step, data);
    if (!valid.ok) {
      log.info({ state: step, field: valid.field, reason: valid.message }, 'fitness: validation failed');
      if (isStateNumber(step)) await this.recordValidationFailure(userId, step, valid.field, ctx.agent);
      return valid;
    }
    return runTurn<Current | null, SaveSuccess | Failure>({
      metric: { flow: 'fitness', event: 'SAVE_STEP' },
      read: () => this.current(userId),
      stateOf: (c) => (c ? String(c.snapshot.value) : 'deleted'),
      decide: async (c) => {
        if (!c) return { kind: 'answer', result: NOT_FOUND };
        const staged = applySave(c.snapshot, valid.step, valid.data, { requestId: ctx.requestId, agent: ctx.agent, locale: ctx.locale });
        if (!staged.ok) {
          if (staged.code === 'STATE_MISMATCH') log.info({ state: staged.current_state, requested: step }, 'fitness: state mismatch');
          return { kind: 'answer', result: staged };
        }
        if (!staged.changed) {
          log.info({ state: staged.step }, 'fitness: same data saved again, nothing to change');
          return { kind: 'answer', result: staged.result };
        }
        const idempotency =
          ctx.idempotencyKey && ctx.render ? { key: ctx.idempotencyKey, status: 200, body: ctx.render(staged.result) } : undefined;
        return {
          kind: 'write',
          result: { ...staged.result, wroteIdempotent: idempotency !== undefined },
          write: async () => {
            const written = await this.store.write({
              userId,
              expectedVersion: c.row.version,
              saves: [{ step: staged.step, data: staged.data }],
              changesState: true,
              currentStep: staged.next.context.current_step,
              isComplete: staged.next.context.is_complete,
              agent: ctx.agent ? { agent: ctx.agent, states: [staged.step] } : undefined,
              events: staged.events,
              idempotency,
            });
            if (written)
              log.info(
                { state: staged.step, from: String(c.snapshot.value), to: String(staged.next.value), moved: staged.moved },
                'fitness: state saved',
              );
            return written;
          },
        };
      },
      retrying: (reason, attempt) => log.info({ attempt, reason }, 'fitness: concurrent update, retrying'),
      conflict: () => CONFLICT,
    });
  }

  /** Marks onboarding complete once all nine states are saved; completing twice is a no-op. */
  async complete(userId: string, ctx: CallContext): Promise<CompleteSuccess | Failure> {
    const bodyOf = (changed: boolean, progress: Progress): CompleteSuccess['body'] => ({
      is_complete: true,
      message: completeMessage(changed, ctx.locale),
      progress,
    });
    return runTurn<Current | null, CompleteSuccess | Failure>({
      metric: { flow: 'fitness', event: 'COMPLETE' },
      read: () => this.current(userId),
      stateOf: (c) => (c ? String(c.snapshot.value) : 'deleted'),
      decide: async (c) => {
        if (!c) return { kind: 'answer', result: NOT_FOUND };
        if (c.row.is_complete)
          return {
            kind: 'answer',
            result: { ok: true, changed: false, wroteIdempotent: false, body: bodyOf(false, progressOf(c.row, ctx.locale)) },
          };
        if (!c.snapshot.can({ type: 'COMPLETE' })) {
          const done = new Set(c.snapshot.context.completed_states);
          const missing = STATE_NUMBERS.filter((n) => !done.has(n));
          ctx.log.info({ flow: FITNESS_FLOW, missing }, 'fitness: completion refused');
          return {
            kind: 'answer',
            result: {
              ok: false,
              code: 'ONBOARDING_INCOMPLETE',
              message: `Onboarding cannot be completed: states ${missing.join(', ')} are not saved yet`,
              missing_states: missing,
            },
          };
        }
        const next = nextSnapshot(fitnessMachine, c.snapshot, { type: 'COMPLETE' });
        const body = bodyOf(true, progressOfContext(next.context, ctx.locale));
        return {
          kind: 'write',
          result: { ok: true, changed: true, wroteIdempotent: ctx.idempotencyKey !== undefined, body },
          write: async () => {
            const written = await this.store.write({
              userId,
              expectedVersion: c.row.version,
              saves: [],
              changesState: true,
              currentStep: next.context.current_step,
              isComplete: true,
              events: [
                { from: String(c.snapshot.value), to: String(next.value), type: 'COMPLETE', agent: ctx.agent, requestId: ctx.requestId },
              ],
              idempotency: ctx.idempotencyKey ? { key: ctx.idempotencyKey, status: 200, body } : undefined,
            });
            if (written)
              ctx.log.info({ flow: FITNESS_FLOW, from: String(c.snapshot.value), to: 'completed' }, 'fitness: onboarding completed');
            return written;
          },
        };
      },
      conflict: () => CONFLICT,
    });
  }
}
