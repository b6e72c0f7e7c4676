import { assign, setup } from 'xstate';
import { STATE_NUMBERS, TOTAL_STATES, type StateNumber } from './states.js';

const FITNESS_MACHINE_ID = 'fitnessOnboarding';

/** The saved data of each state, under `step_<n>`. */
export type StepData = Partial<Record<`step_${StateNumber}`, unknown>>;

export interface FitnessContext {
  /** The row's current_step: the state being worked on (0 only for a legacy row that never started). */
  current_step: number;
  /** States whose data is saved, sorted. */
  completed_states: StateNumber[];
  is_complete: boolean;
  /** The saved data: the machine holds what it decided to keep, and the store writes it. */
  step_data: StepData;
}

export type FitnessEvent =
  | {
      type: 'SAVE_STEP';
      step: StateNumber;
      /** Already validated against the state's schema by the flow; the machine decides where it leads. */
      data: unknown;
      /**
       * The onboarding chat completes the onboarding when the last state is saved with all nine
       * saved; the REST step endpoint does not (completion there is its own call).
       */
      completeWhenAllSaved?: boolean;
    }
  | { type: 'COMPLETE' };

type StateId = `state_${StateNumber}` | 'completed';
export const stateId = (n: StateNumber): StateId => `state_${n}`;

/** A legacy current_step of 0 works on state 1. */
export const workingStep = (current: number): StateNumber => (current < 1 ? 1 : (Math.min(current, TOTAL_STATES) as StateNumber));

const withSaved = (saved: readonly StateNumber[], step: StateNumber): StateNumber[] =>
  STATE_NUMBERS.filter((n) => n === step || saved.includes(n));

const withData = (stepData: StepData, step: StateNumber, data: unknown): StepData => ({ ...stepData, [`step_${step}`]: data });

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
    /**
     * Saving the state being worked on completes the onboarding: asked for, and every state is
     * saved once it lands. One named guard (not an inline `and`), so the statechart names it.
     */
    isCurrentAndCompletes: ({ context, event }) =>
      event.type === 'SAVE_STEP' &&
      event.step === workingStep(context.current_step) &&
      event.completeWhenAllSaved === true &&
      withSaved(context.completed_states, event.step).length === TOTAL_STATES,
  },
  actions: {
    recordSave: assign(({ context, event }) => {
      if (event.type !== 'SAVE_STEP') return {};
      const next = Math.min(workingStep(context.current_step) + 1, TOTAL_STATES);
      return {
        current_step: next,
        completed_states: withSaved(context.completed_states, event.step),
        step_data: withData(context.step_data, event.step, event.data),
      };
    }),
    recordEdit: assign(({ context, event }) =>
      event.type === 'SAVE_STEP'
        ? {
            completed_states: withSaved(context.completed_states, event.step),
            step_data: withData(context.step_data, event.step, event.data),
          }
        : {},
    ),
    markComplete: assign({ is_complete: true }),
  },
}).createMachine({
  id: FITNESS_MACHINE_ID,
  initial: 'state_1',
  context: { current_step: 1, completed_states: [], is_complete: false, step_data: {} },
  // Completion needs all nine states saved (state 9 is saved even when skipped).
  on: { COMPLETE: { guard: 'allSaved', target: '.completed', actions: 'markComplete' } },
  states: {
    ...Object.fromEntries(
      STATE_NUMBERS.map((n) => [
        stateId(n),
        {
          on: {
            SAVE_STEP:
              n < TOTAL_STATES
                ? [
                    { guard: 'isCurrent' as const, target: stateId((n + 1) as StateNumber), actions: 'recordSave' as const },
                    { guard: 'isEarlier' as const, actions: 'recordEdit' as const },
                  ]
                : [
                    // With every state saved, a save that asks for it completes the onboarding in
                    // the same transition; otherwise saving state 9 keeps current_step at 9 (there
                    // is no state 10).
                    {
                      guard: 'isCurrentAndCompletes' as const,
                      target: 'completed' as const,
                      actions: ['recordSave', 'markComplete'] as const,
                    },
                    { guard: 'isCurrent' as const, actions: 'recordSave' as const },
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
