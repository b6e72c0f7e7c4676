import { isDeepStrictEqual } from 'node:util';
import type { FastifyBaseLogger } from 'fastify';
import {
  FITNESS_MACHINE_ID,
  FITNESS_MACHINE_VERSION,
  fitnessMachine,
  fitnessSnapshotOf,
  workingStep,
  type FitnessContext,
  type FitnessMachine,
} from '../../../machines/fitness/machine.js';
import { STATE_NUMBERS, isStateNumber, stateMeta, type AgentType, type StateNumber } from '../../../machines/fitness/states.js';
import type { UserProfile } from './agents/general.js';
import { applyEvent, type FlowMachine } from '../../engine/machine.js';
import { completedStatesFromStepData, computeProgress, stateInfo, type Progress, type StateInfo } from './progress.js';
import { validateStep } from './schemas.js';
import type { FitnessRow, FitnessStore } from './store.js';

export const FITNESS_FLOW = 'fitness';

/** The fitness machine is hydrated from onboarding_states on every turn, never from a stored snapshot. */
const fitnessDef: FlowMachine<FitnessMachine> = {
  flow: FITNESS_FLOW,
  machine: fitnessMachine,
  machineId: FITNESS_MACHINE_ID,
  version: FITNESS_MACHINE_VERSION,
  migrations: {},
  accepts: () => true,
  settled: () => true,
  settleTimeoutMs: 1000,
};

export interface CallContext {
  requestId: string;
  log: FastifyBaseLogger;
  /** The agent acting for the user (X-Agent-Context or the chat's agent); recorded in agent_history. */
  agent?: AgentType | undefined;
  idempotencyKey?: string | undefined;
  /** Renders the response stored with the change under the request's Idempotency-Key. */
  render?: ((result: SaveSuccess) => unknown) | undefined;
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
  };
}

export function progressOf(row: Pick<FitnessRow, 'current_step' | 'is_complete' | 'step_data'>): Progress {
  const c = contextOf(row);
  return computeProgress({ currentStep: c.current_step, completedStates: c.completed_states, onboardingCompleted: c.is_complete });
}

/** Only the states' data: internal keys such as the legacy `_migration` record stay in the database. */
export function publicStepData(stepData: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(STATE_NUMBERS.flatMap((n) => (`step_${n}` in stepData ? [[`step_${n}`, stepData[`step_${n}`]]] : [])));
}

function saveMessage(step: StateNumber, progress: Progress): string {
  const saved = `${stateMeta(step).name} saved.`;
  if (progress.is_complete) return `${saved} Onboarding is complete.`;
  if (progress.can_complete) return `${saved} All states are saved: you can complete onboarding.`;
  return `${saved} Next: ${stateMeta(progress.current_state).name}.`;
}

/** The fitness flow's use cases. REST routes and agent tools call these same functions. */
export class FitnessService {
  constructor(private readonly store: FitnessStore) {}

  /** The live row, or null when it does not exist or was deleted. */
  async row(userId: string): Promise<FitnessRow | null> {
    const row = await this.store.load(userId);
    return row && !row.deleted_at ? row : null;
  }

  async profile(userId: string): Promise<UserProfile | null> {
    const p = await this.store.loadProfile(userId);
    return p && { ...p, step_data: publicStepData(p.step_data) };
  }

  async saveStep(userId: string, step: unknown, data: unknown, ctx: CallContext): Promise<SaveSuccess | Failure> {
    const log = ctx.log.child({ flow: FITNESS_FLOW, agent: ctx.agent });
    if (!isStateNumber(step)) {
      log.info({ step }, 'fitness: invalid step number');
      return { ok: false, code: 'VALIDATION_ERROR', field: 'step', message: 'step must be an integer from 1 to 9' };
    }
    const valid = validateStep(step, data);
    if (!valid.ok) {
      log.info({ state: step, field: valid.field, reason: valid.message }, 'fitness: validation failed');
      await this.store.recordValidationFailure(userId, step, valid.field, ctx.agent);
      return { ok: false, code: 'VALIDATION_ERROR', field: valid.field, message: valid.message };
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      const row = await this.row(userId);
      if (!row) return NOT_FOUND;
      const from = fitnessSnapshotOf(contextOf(row));
      const event = { type: 'SAVE_STEP', step } as const;
      if (!from.can(event)) {
        const current = workingStep(row.current_step);
        log.info({ state: current, requested: step }, 'fitness: state mismatch');
        return {
          ok: false,
          code: 'STATE_MISMATCH',
          message: `State ${step} cannot be saved yet: the current state is ${current} (${stateMeta(current).name})`,
          current_state: current,
        };
      }
      const next = (await applyEvent(fitnessDef, from, event)).snapshot;
      const moved = next.context.current_step !== row.current_step;
      const changed = moved || !isDeepStrictEqual(row.step_data[`step_${step}`], valid.data);
      const progress = computeProgress({
        currentStep: next.context.current_step,
        completedStates: next.context.completed_states,
        onboardingCompleted: next.context.is_complete,
      });
      // Nothing is left to work on once every state is saved: the next move is completion.
      const nextState = progress.is_complete || progress.can_complete ? null : progress.current_state;
      const result: SaveSuccess = {
        ok: true,
        step,
        moved,
        changed,
        wroteIdempotent: false,
        current_step: next.context.current_step,
        is_complete: next.context.is_complete,
        next_state: nextState,
        next_state_info: nextState === null ? null : stateInfo(nextState),
        message: saveMessage(step, progress),
        progress,
      };
      if (!changed) {
        log.info({ state: step }, 'fitness: same data saved again, nothing to change');
        return result;
      }
      const idempotency =
        ctx.idempotencyKey && ctx.render ? { key: ctx.idempotencyKey, status: 200, body: ctx.render(result) } : undefined;
      const written = await this.store.write({
        userId,
        expectedVersion: row.version,
        save: { step, data: valid.data },
        currentStep: next.context.current_step,
        isComplete: next.context.is_complete,
        agent: ctx.agent ? { agent: ctx.agent, state: step } : undefined,
        event: { from: String(from.value), to: String(next.value), type: `SAVE_STEP_${step}`, agent: ctx.agent, requestId: ctx.requestId },
        idempotency,
      });
      if (written) {
        log.info({ state: step, from: String(from.value), to: String(next.value), moved }, 'fitness: state saved');
        return { ...result, wroteIdempotent: idempotency !== undefined };
      }
      log.info({ attempt }, 'fitness: concurrent update, retrying');
    }
    return CONFLICT;
  }

  /** Marks onboarding complete once all nine states are saved; completing twice is a no-op. */
  async complete(userId: string, ctx: CallContext): Promise<{ ok: true; changed: boolean; progress: Progress } | Failure> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const row = await this.row(userId);
      if (!row) return NOT_FOUND;
      if (row.is_complete) return { ok: true, changed: false, progress: progressOf(row) };
      const from = fitnessSnapshotOf(contextOf(row));
      if (!from.can({ type: 'COMPLETE' })) {
        const done = new Set(from.context.completed_states);
        const missing = STATE_NUMBERS.filter((n) => !done.has(n));
        ctx.log.info({ flow: FITNESS_FLOW, missing }, 'fitness: completion refused');
        return {
          ok: false,
          code: 'ONBOARDING_INCOMPLETE',
          message: `Onboarding cannot be completed: states ${missing.join(', ')} are not saved yet`,
          missing_states: missing,
        };
      }
      const next = (await applyEvent(fitnessDef, from, { type: 'COMPLETE' })).snapshot;
      const written = await this.store.write({
        userId,
        expectedVersion: row.version,
        currentStep: next.context.current_step,
        isComplete: true,
        event: { from: String(from.value), to: 'completed', type: 'COMPLETE', agent: ctx.agent, requestId: ctx.requestId },
      });
      if (written) {
        ctx.log.info({ flow: FITNESS_FLOW, from: String(from.value), to: 'completed' }, 'fitness: onboarding completed');
        return { ok: true, changed: true, progress: progressOf({ ...row, is_complete: true }) };
      }
    }
    return CONFLICT;
  }
}
