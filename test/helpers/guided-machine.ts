/**
 * Deterministic wiring of the guided onboarding machine for tests: a fixed clock, a summary that
 * only depends on its input, and the spec's style -> agent mapping (docs/behaviour/guided.md, agents_mapping.yaml).
 * Pure: no DB, no HTTP, no LLM.
 */
import { assign, createActor, fromPromise, waitFor, type Actor, type SnapshotFrom } from 'xstate';
import { guidedMachine, type GuidedEvent, type SummaryOutput } from '../../machines/guided/machine.js';
import type { Style, SummaryInput } from '../../machines/guided/types.js';

export const FIXED_NOW = '2026-01-01T00:00:00.000Z';

export const AGENT_BY_STYLE: Record<Style, string> = {
  '1': 'calm_companion',
  '2': 'direct_helper',
  '3': 'coach_motivator',
  '4': 'light_fun',
  '5': 'info_neutral',
};

export const fakeSummaryText = (input: SummaryInput): string => `summary for ${input.name}`;

export type SummaryOutcome = 'ok' | 'fail';

export interface GuidedTestOptions {
  /**
   * What each successive summary call does; when the script runs out, calls succeed.
   * Every input the summary actor receives is pushed to `inputs`.
   */
  outcomes?: readonly SummaryOutcome[];
  inputs?: SummaryInput[];
}

/** The guided machine with the engine's I/O replaced by deterministic stand-ins. */
export function provideGuided(options: GuidedTestOptions = {}) {
  const script = [...(options.outcomes ?? [])];
  return guidedMachine.provide({
    actors: {
      generateSummary: fromPromise<SummaryOutput, SummaryInput>(async ({ input }) => {
        options.inputs?.push(input);
        if (script.shift() === 'fail') throw new Error('summary generator unavailable');
        return { text: fakeSummaryText(input), source: 'offline' };
      }),
    },
    actions: {
      assignAgent: assign({
        selected_agent_id: ({ context }) => (context.preferred_style === null ? null : AGENT_BY_STYLE[context.preferred_style]),
      }),
      stampCompletion: assign({ completed_at: () => FIXED_NOW }),
    },
  });
}

export type GuidedTestMachine = ReturnType<typeof provideGuided>;
export type GuidedSnapshot = SnapshotFrom<GuidedTestMachine>;

/** Succeeding summary, fixed clock. */
export const okMachine = provideGuided();
/** Every summary call rejects. */
export const failingMachine = (): GuidedTestMachine =>
  provideGuided({ outcomes: Array.from({ length: 1000 }, (): SummaryOutcome => 'fail') });

export const start = (locale: 'es' | 'en' = 'es'): GuidedEvent => ({ type: 'START', locale });
export const text = (value: string, locale: 'es' | 'en' = 'es'): GuidedEvent => ({
  type: 'SUBMIT_TEXT',
  value,
  locale,
});
export const option = (value: string, locale: 'es' | 'en' = 'es'): GuidedEvent => ({
  type: 'SELECT_OPTION',
  value,
  locale,
});

export type GuidedActor = Actor<GuidedTestMachine>;

/** Sends an event and, if it entered `summary`, waits for the summary actor to settle. */
export async function sendAndSettle(actor: GuidedActor, event: GuidedEvent): Promise<GuidedSnapshot> {
  actor.send(event);
  if (actor.getSnapshot().matches('summary')) {
    return waitFor(actor, (s) => !s.matches('summary'), { timeout: 1_000 });
  }
  return actor.getSnapshot();
}

/** Runs the events on a fresh started actor; returns the actor (still running) and its last snapshot. */
export async function runEvents(
  machine: GuidedTestMachine,
  events: readonly GuidedEvent[],
): Promise<{ actor: GuidedActor; snapshot: GuidedSnapshot }> {
  const actor = createActor(machine).start();
  let snapshot = actor.getSnapshot();
  for (const event of events) snapshot = await sendAndSettle(actor, event);
  return { actor, snapshot };
}

/** The happy path up to (not including) the style choice. */
export const toChooseStyle: readonly GuidedEvent[] = [start(), text('Me llamo Marta'), text('Quiero correr 5 km'), option('A')];
