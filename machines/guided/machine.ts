import { assign, fromPromise, setup } from 'xstate';
import { nameFromAnswer } from './extract-name.js';
import { MAIN_USE_VALUES, STYLE_VALUES, type Locale, type MainUse, type Style, type SummaryInput } from './types.js';

export const GUIDED_MACHINE_ID = 'guidedOnboarding';
/** Bump on any change that alters the meaning of a persisted snapshot, and add a migration. */
export const GUIDED_MACHINE_VERSION = 1;

/** A message the machine wants said, by catalogue key; the copy lives in src/flows/guided/copy.ts. */
export type ReplyKey =
  | 'welcome'
  | 'app_intro'
  | 'ask_name'
  | 'reask_name'
  | 'explain_name'
  | 'greet'
  | 'ask_goal'
  | 'reask_goal'
  | 'explain_goal'
  | 'ask_main_use'
  | 'ask_style'
  | 'invalid_option'
  | 'explain_option'
  | 'summary_failed';
export interface Reply {
  key: ReplyKey;
  params?: Record<string, string>;
}

interface GuidedContext {
  locale: Locale;
  user_name: string | null;
  /** The answer exactly as typed, kept beside the extracted name. */
  user_name_raw: string | null;
  user_goal: string | null;
  main_use: MainUse | null;
  preferred_style: Style | null;
  selected_agent_id: string | null;
  summary: string | null;
  summary_source: 'llm' | 'offline' | null;
  completed_at: string | null;
  /** Consecutive unusable answers to the current question; drives the re-ask cap. */
  retries: number;
  /** What the last transition said. */
  reply: Reply[];
}

export type GuidedEvent =
  | { type: 'START'; locale: Locale }
  | { type: 'SUBMIT_TEXT'; value: string; locale: Locale }
  | { type: 'SELECT_OPTION'; value: string; locale: Locale };

export interface SummaryOutput {
  text: string;
  source: 'llm' | 'offline';
}

/** After this many unusable answers in a row, explain with an example instead of re-asking. */
export const REASK_CAP = 3;

export const initialGuidedContext: GuidedContext = {
  locale: 'es',
  user_name: null,
  user_name_raw: null,
  user_goal: null,
  main_use: null,
  preferred_style: null,
  selected_agent_id: null,
  summary: null,
  summary_source: null,
  completed_at: null,
  retries: 0,
  reply: [],
};

const isOneOf = <T extends string>(values: readonly T[], v: string): v is T => (values as readonly string[]).includes(v);

const retryReply = (retries: number, reask: ReplyKey, explain: ReplyKey): Reply[] => [{ key: retries >= REASK_CAP ? explain : reask }];

export const guidedMachine = setup({
  types: {
    context: {} as GuidedContext,
    events: {} as GuidedEvent,
  },
  actors: {
    // Supplied by the engine with machine.provide(): LLM with guardrail and offline fallback.
    generateSummary: fromPromise<SummaryOutput, SummaryInput>(async () => {
      throw new Error('generateSummary not provided');
    }),
  },
  actions: {
    // Supplied with machine.provide(): agents_mapping.yaml resolves the style to the agent.
    assignAgent: assign({ selected_agent_id: (): string | null => null }),
    // Supplied with machine.provide(): the clock.
    stampCompletion: assign({ completed_at: (): string | null => null }),
    rememberLocale: assign({ locale: ({ event }) => event.locale }),
  },
  guards: {
    hasName: ({ event }) => event.type === 'SUBMIT_TEXT' && nameFromAnswer(event.value) !== null,
    hasText: ({ event }) => event.type === 'SUBMIT_TEXT' && event.value.trim().length > 0,
    isMainUse: ({ event }) => event.type === 'SELECT_OPTION' && isOneOf(MAIN_USE_VALUES, event.value),
    isStyle: ({ event }) => event.type === 'SELECT_OPTION' && isOneOf(STYLE_VALUES, event.value),
  },
}).createMachine({
  id: GUIDED_MACHINE_ID,
  initial: 'start',
  context: initialGuidedContext,
  states: {
    start: {
      on: {
        START: {
          target: 'ask_name',
          // After the welcome, one message says what the app is before the first question.
          actions: ['rememberLocale', assign({ reply: [{ key: 'welcome' }, { key: 'app_intro' }, { key: 'ask_name' }], retries: 0 })],
        },
      },
    },
    ask_name: {
      on: {
        SUBMIT_TEXT: [
          {
            guard: 'hasName',
            target: 'ask_goal',
            actions: [
              'rememberLocale',
              assign(({ event }) => {
                const name = nameFromAnswer(event.value) ?? '';
                return {
                  user_name: name,
                  user_name_raw: event.value.trim(),
                  retries: 0,
                  reply: [{ key: 'greet', params: { name } }, { key: 'ask_goal' }] satisfies Reply[],
                };
              }),
            ],
          },
          {
            actions: [
              'rememberLocale',
              assign(({ context }) => ({
                retries: context.retries + 1,
                reply: retryReply(context.retries + 1, 'reask_name', 'explain_name'),
              })),
            ],
          },
        ],
      },
    },
    ask_goal: {
      on: {
        SUBMIT_TEXT: [
          {
            guard: 'hasText',
            target: 'choose_main_use',
            actions: [
              'rememberLocale',
              assign(({ event }) => ({
                user_goal: event.value.trim(),
                retries: 0,
                reply: [{ key: 'ask_main_use' }] satisfies Reply[],
              })),
            ],
          },
          {
            actions: [
              'rememberLocale',
              assign(({ context }) => ({
                retries: context.retries + 1,
                reply: retryReply(context.retries + 1, 'reask_goal', 'explain_goal'),
              })),
            ],
          },
        ],
      },
    },
    choose_main_use: {
      on: {
        SELECT_OPTION: [
          {
            guard: 'isMainUse',
            target: 'choose_style',
            actions: [
              'rememberLocale',
              assign(({ event }) => ({
                main_use: event.value as MainUse,
                retries: 0,
                reply: [{ key: 'ask_style' }] satisfies Reply[],
              })),
            ],
          },
          {
            actions: [
              'rememberLocale',
              assign(({ context }) => ({
                retries: context.retries + 1,
                reply: retryReply(context.retries + 1, 'invalid_option', 'explain_option'),
              })),
            ],
          },
        ],
      },
    },
    choose_style: {
      on: {
        SELECT_OPTION: [
          {
            guard: 'isStyle',
            target: 'summary',
            actions: ['rememberLocale', assign(({ event }) => ({ preferred_style: event.value as Style, retries: 0 })), 'assignAgent'],
          },
          {
            actions: [
              'rememberLocale',
              assign(({ context }) => ({
                retries: context.retries + 1,
                reply: retryReply(context.retries + 1, 'invalid_option', 'explain_option'),
              })),
            ],
          },
        ],
      },
    },
    summary: {
      invoke: {
        src: 'generateSummary',
        input: ({ context }): SummaryInput => ({
          name: context.user_name ?? '',
          goal: context.user_goal ?? '',
          mainUse: context.main_use ?? 'A',
          style: context.preferred_style ?? '1',
          locale: context.locale,
        }),
        onDone: {
          target: 'end',
          actions: [
            assign(({ event }) => ({ summary: event.output.text, summary_source: event.output.source, reply: [] })),
            'stampCompletion',
          ],
        },
        onError: {
          target: 'choose_style',
          actions: assign({ preferred_style: null, selected_agent_id: null, reply: [{ key: 'summary_failed' }] }),
        },
      },
    },
    end: { type: 'final' },
  },
});

export type GuidedMachine = typeof guidedMachine;
/** The states a persisted session can be in: `summary` is never stored (its LLM call would re-run). */
export const GUIDED_STABLE_STATES = ['start', 'ask_name', 'ask_goal', 'choose_main_use', 'choose_style', 'end'] as const;
