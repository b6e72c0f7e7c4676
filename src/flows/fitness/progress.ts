/**
 * Progress, access control and step-advance rules of the fitness flow (docs/behaviour/fitness.md,
 * "State semantics", progress and users/me shapes). Pure: callers pass the persisted row's
 * values in and render the result as is.
 */
import { workingStep } from '../../../machines/fitness/machine.js';
import {
  STATE_NUMBERS,
  TOTAL_STATES,
  isStateNumber,
  stateMeta,
  stateText,
  type SpecializedAgent,
  type StateNumber,
} from '../../../machines/fitness/states.js';
import { UNLOCK_MESSAGES, type Locale } from './messages.js';

export interface StateInfo {
  state_number: StateNumber;
  name: string;
  agent: SpecializedAgent;
  description: string;
  required_fields: string[];
}

export interface Progress {
  current_state: StateNumber;
  total_states: typeof TOTAL_STATES;
  completed_states: StateNumber[];
  current_state_info: StateInfo;
  next_state_info: StateInfo | null;
  is_complete: boolean;
  completion_percentage: number;
  can_complete: boolean;
}

interface ProgressInput {
  /** The row's `current_step`: 1-9, or 0 for a legacy row that never started. */
  currentStep: number;
  /** States whose data is saved, in any order, duplicates allowed. */
  completedStates: Iterable<number>;
  onboardingCompleted: boolean;
  /** The language of the states' names and descriptions (English by default). */
  locale?: Locale | undefined;
}

interface OnboardingProgressSummary {
  current_state: StateNumber;
  total_states: typeof TOTAL_STATES;
  completion_percentage: number;
}

const LOCKED_FEATURES = ['dashboard', 'workouts', 'meals', 'profile'] as const;

type AccessControl =
  | {
      can_access_dashboard: false;
      can_access_workouts: false;
      can_access_meals: false;
      can_access_chat: true;
      can_access_profile: false;
      locked_features: Array<(typeof LOCKED_FEATURES)[number]>;
      unlock_message: string;
      onboarding_progress: OnboardingProgressSummary;
    }
  | {
      can_access_dashboard: true;
      can_access_workouts: true;
      can_access_meals: true;
      can_access_chat: true;
      can_access_profile: true;
      locked_features: [];
      unlock_message: null;
      onboarding_progress: null;
    };

/** A state as frontends show it: its name and user-facing description in the user's language. */
export function stateInfo(n: StateNumber, locale: Locale = 'en'): StateInfo {
  const meta = stateMeta(n);
  const text = stateText(n, locale);
  return {
    state_number: meta.number,
    name: text.name,
    agent: meta.agent,
    description: text.description,
    required_fields: [...meta.required_fields],
  };
}

/** Sorted, unique; values outside 1-9 are dropped because they are not states of this flow. */
function normalizeCompletedStates(states: Iterable<number>): StateNumber[] {
  const saved = new Set<number>(states);
  return STATE_NUMBERS.filter((n) => saved.has(n));
}

/** The `step_data` key of each state, state 1 first. */
export const STEP_KEYS: readonly string[] = STATE_NUMBERS.map((n) => `step_${n}`);

/** States saved in `step_data` (`{"step_1": {...}, ...}`); other keys such as `_migration` are ignored. */
export function completedStatesFromStepData(stepData: Readonly<Record<string, unknown>>): StateNumber[] {
  const saved: StateNumber[] = [];
  for (const n of STATE_NUMBERS) {
    const value = stepData[STEP_KEYS[n - 1]!];
    if (value !== undefined && value !== null) saved.push(n);
  }
  return saved;
}

function completionPercentage(completedCount: number): number {
  // Integer arithmetic: equal to floor(n / 9 * 100) for 0..9 without float surprises.
  return Math.floor((completedCount * 100) / TOTAL_STATES);
}

export function computeProgress(input: ProgressInput): Progress {
  const current = workingStep(input.currentStep);
  const completed = normalizeCompletedStates(input.completedStates);
  const next = current + 1;
  return {
    current_state: current,
    total_states: TOTAL_STATES,
    completed_states: completed,
    current_state_info: stateInfo(current, input.locale),
    next_state_info: isStateNumber(next) ? stateInfo(next, input.locale) : null,
    is_complete: input.onboardingCompleted,
    completion_percentage: completionPercentage(completed.length),
    can_complete: completed.length === TOTAL_STATES,
  };
}

export function accessControl(input: {
  onboardingCompleted: boolean;
  progress: Pick<Progress, 'current_state' | 'total_states' | 'completion_percentage'>;
  locale?: Locale | undefined;
}): AccessControl {
  if (input.onboardingCompleted) {
    return {
      can_access_dashboard: true,
      can_access_workouts: true,
      can_access_meals: true,
      can_access_chat: true,
      can_access_profile: true,
      locked_features: [],
      unlock_message: null,
      onboarding_progress: null,
    };
  }
  return {
    can_access_dashboard: false,
    can_access_workouts: false,
    can_access_meals: false,
    can_access_chat: true,
    can_access_profile: false,
    locked_features: [...LOCKED_FEATURES],
    unlock_message: UNLOCK_MESSAGES[input.locale ?? 'en'],
    onboarding_progress: {
      current_state: input.progress.current_state,
      total_states: input.progress.total_states,
      completion_percentage: input.progress.completion_percentage,
    },
  };
}
