import { assign, setup } from 'xstate';
import { STATE_NUMBERS, TOTAL_STATES, type StateNumber } from './states.js';

export const FITNESS_MACHINE_ID = 'fitnessOnboarding';
export const FITNESS_MACHINE_VERSION = 1;

export interface FitnessContext {
  /** The row's current_step: the state being worked on (0 only for a legacy row that never started). */
  current_step: number;
  /** States whose data is saved, sorted. */
  completed_states: StateNumber[];
  is_complete: boolean;
}

export type FitnessEvent =
  /** Data already validated against the state's schema; the machine decides where it leads. */
  | { type: 'SAVE_STEP'; step: StateNumber }
  | { type: 'COMPLETE' };

type StateId = `state_${StateNumber}` | 'completed';
export const stateId = (n: StateNumber): StateId => `state_${n}`;

/** A legacy current_step of 0 works on state 1. */
export const workingStep = (current: number): StateNumber => (current < 1 ? 1 : (Math.min(current, TOTAL_STATES) as StateNumber));

const withSaved = (saved: readonly StateNumber[], step: StateNumber): StateNumber[] =>
  STATE_NUMBERS.filter((n) => n === step || saved.includes(n));

export const fitnessMachine = setup({
  types: { context: {} as FitnessContext, events: {} as FitnessEvent },
  guards: {
    /** Saving the state being worked on moves forward. */
    isCurrent: ({ context, event }) => event.type === 'SAVE_STEP' && event.step === workingStep(context.current_step),
    /** Re-saving an earlier state edits its data and moves nothing. */
    isEarlier: ({ context, event }) => event.type === 'SAVE_STEP' && event.step < workingStep(context.current_step),
    /** After completion any saved state may be edited. */
    isSaved: ({ context, event }) => event.type === 'SAVE_STEP' && context.completed_states.includes(event.step),
    allSaved: ({ context }) => context.completed_states.length === TOTAL_STATES,
  },
  actions: {
    recordSave: assign(({ context, event }) => {
      if (event.type !== 'SAVE_STEP') return {};
      const next = Math.min(workingStep(context.current_step) + 1, TOTAL_STATES);
      return { current_step: next, completed_states: withSaved(context.completed_states, event.step) };
    }),
    recordEdit: assign(({ context, event }) =>
      event.type === 'SAVE_STEP' ? { completed_states: withSaved(context.completed_states, event.step) } : {},
    ),
    markComplete: assign({ is_complete: true }),
  },
}).createMachine({
  id: FITNESS_MACHINE_ID,
  initial: 'state_1',
  context: { current_step: 1, completed_states: [], is_complete: false },
  // Completion needs all nine states saved (state 9 is saved even when skipped).
  on: { COMPLETE: { guard: 'allSaved', target: '.completed', actions: 'markComplete' } },
  states: {
    ...Object.fromEntries(
      STATE_NUMBERS.map((n) => [
        stateId(n),
        {
          on: {
            SAVE_STEP: [
              // Saving state 9 keeps current_step at 9: there is no state 10.
              n < TOTAL_STATES
                ? { guard: 'isCurrent' as const, target: stateId((n + 1) as StateNumber), actions: 'recordSave' as const }
                : { guard: 'isCurrent' as const, actions: 'recordSave' as const },
              { guard: 'isEarlier' as const, actions: 'recordEdit' as const },
            ],
          },
        },
      ]),
    ),
    completed: {
      on: { SAVE_STEP: { guard: 'isSaved', actions: 'recordEdit' } },
    },
  },
});

export type FitnessMachine = typeof fitnessMachine;

/** The machine state a stored onboarding row is in: onboarding_states is the source of truth. */
export function fitnessSnapshotOf(row: FitnessContext) {
  return fitnessMachine.resolveState({
    value: row.is_complete ? 'completed' : stateId(workingStep(row.current_step)),
    context: row,
  });
}
