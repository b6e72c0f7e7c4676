/**
 * The offline onboarding agent's side of the conversation (docs/behaviour/conversation.md,
 * "The dialogue"): which question is open, whether an answer waits for a yes, how many tries
 * failed, which partial answers are kept to be completed, and the detour of changing an earlier
 * answer. The fitness machine decides what is saved; this one only remembers where the talk is.
 * Pure: no I/O. The agent reads an answer, then tells this machine what it made of it.
 */
import { assign, setup } from 'xstate';
import type { StateNumber } from './states.js';

export const DIALOGUE_MACHINE_ID = 'fitnessDialogue';
/** Version 0 is the bookkeeping older releases kept in each reply's message meta. */
export const DIALOGUE_MACHINE_VERSION = 1;

/** How many partial answers are kept to be completed by the next one. */
const CARRY_ITEMS = 2;

export interface DialogueContext {
  /** The onboarding state whose question is open (the server's current state). */
  state: StateNumber;
  /** An earlier state being changed by chat: answers are read for it until it is saved. */
  edit: StateNumber | null;
  /** Failed tries at the open question; enough of them bring quick replies that fully answer it. */
  failures: number;
  /** Partial answers, oldest first, to be read together with the next one. */
  carry: string[];
  /** Data read with a guess, waiting for the user's yes before it is saved. */
  pending: Record<string, unknown> | null;
}

export type DialogueEvent =
  /** A question asked afresh: the conversation starts, resumes elsewhere, or a greeting/help/recap re-asks it. */
  | { type: 'ASK'; state: StateNumber }
  /** The user wants to change an earlier state's answer. */
  | { type: 'EDIT'; target: StateNumber }
  /** Part of an answer: kept, and the missing part asked for. */
  | { type: 'PARTIAL'; text: string }
  /** Nothing usable in the answer. */
  | { type: 'MISUNDERSTOOD' }
  /** The answer broke a rule (e.g. out of range), or the user said no to what we read. */
  | { type: 'REFUSED' }
  /** The save did not land for a reason that is not the user's: ask again, nothing counted. */
  | { type: 'RETRY' }
  /** Read with a guess: confirm these values before saving them. */
  | { type: 'UNSURE'; data: Record<string, unknown> }
  /** The answer was saved; after a state's own save `next` is the state now open. */
  | { type: 'SAVED'; next: StateNumber }
  /** The last state was saved: the profile is complete. */
  | { type: 'COMPLETED' };

const fresh = (state: StateNumber): DialogueContext => ({ state, edit: null, failures: 0, carry: [], pending: null });

/** While a question is open (the current state's or an earlier one's): what an answer does to it. */
const WHILE_ASKING = {
  PARTIAL: { actions: 'keepPart' },
  MISUNDERSTOOD: { actions: 'countFailure' },
  REFUSED: { actions: 'countRefusal' },
  RETRY: { actions: 'dropAnswer' },
} as const;

/** Leaving a confirmation without a yes: back to the question it came from. */
const backToQuestion = <A extends 'keepPart' | 'countFailure' | 'countRefusal' | 'dropAnswer'>(action: A) =>
  [
    { guard: 'isEditing', target: 'editing', actions: action },
    { target: 'asking', actions: action },
  ] as const;

export const dialogueMachine = setup({
  types: { context: {} as DialogueContext, events: {} as DialogueEvent },
  guards: {
    /** The answer being handled was for an earlier state (an edit detour). */
    isEditing: ({ context }) => context.edit !== null,
  },
  actions: {
    openQuestion: assign(({ event, context }) => (event.type === 'ASK' ? fresh(event.state) : fresh(context.state))),
    openEdit: assign(({ event, context }) => (event.type === 'EDIT' ? { ...fresh(context.state), edit: event.target } : {})),
    keepPart: assign(({ event, context }) =>
      event.type === 'PARTIAL'
        ? { failures: context.failures + 1, carry: [...context.carry, event.text].slice(-CARRY_ITEMS), pending: null }
        : {},
    ),
    countFailure: assign(({ context }) => ({ failures: context.failures + 1, pending: null })),
    countRefusal: assign(({ context }) => ({ failures: context.failures + 1, carry: [], pending: null })),
    dropAnswer: assign({ carry: [], pending: null }),
    holdForConfirmation: assign(({ event }) => (event.type === 'UNSURE' ? { pending: event.data, carry: [] } : {})),
    /** An edit's save returns to the open question; a state's own save opens the next one. */
    moveOn: assign(({ event, context }) =>
      event.type !== 'SAVED' ? {} : context.edit !== null ? fresh(context.state) : fresh(event.next),
    ),
  },
}).createMachine({
  id: DIALOGUE_MACHINE_ID,
  // A conversation starts at state 1; one resumed elsewhere is asked afresh there (ASK).
  context: fresh(1),
  initial: 'asking',
  // Whatever is open, these lead to the same place.
  on: {
    ASK: { target: '.asking', actions: 'openQuestion' },
    EDIT: { target: '.editing', actions: 'openEdit' },
    COMPLETED: { target: '.done', actions: 'dropAnswer' },
    SAVED: { target: '.asking', actions: 'moveOn' },
    UNSURE: { target: '.confirming', actions: 'holdForConfirmation' },
  },
  states: {
    /** The open state's question waits for an answer. */
    asking: { on: WHILE_ASKING },
    /** An earlier state's question waits for its new answer; the open state stays where it is. */
    editing: { on: WHILE_ASKING },
    /** Values read with a guess wait for a yes (saved) or a no (asked again); anything else is a new answer. */
    confirming: {
      on: {
        PARTIAL: backToQuestion('keepPart'),
        MISUNDERSTOOD: backToQuestion('countFailure'),
        REFUSED: backToQuestion('countRefusal'),
        RETRY: backToQuestion('dropAnswer'),
      },
    },
    /** Every state is saved. Not final: an onboarding opened again (a reset) asks afresh. */
    done: {},
  },
});

export type DialogueMachine = typeof dialogueMachine;
export type DialogueState = 'asking' | 'editing' | 'confirming' | 'done';
export const DIALOGUE_STATES: readonly DialogueState[] = ['asking', 'editing', 'confirming', 'done'];
