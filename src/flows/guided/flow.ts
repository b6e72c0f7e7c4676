import { assign, fromPromise } from 'xstate';
import { z } from 'zod';
import {
  GUIDED_MACHINE_ID,
  GUIDED_MACHINE_VERSION,
  GUIDED_STABLE_STATES,
  guidedMachine,
  type GuidedMachine,
  type SummaryOutput,
} from '../../../machines/guided/machine.js';
import { LOCALES, MAIN_USE_VALUES, STYLE_VALUES, type SummaryInput } from '../../../machines/guided/types.js';
import type { FlowMachine } from '../../engine/machine.js';
import { resolveAgent, type AgentsMapping } from './agents-mapping.js';

const GUIDED_FLOW = 'guided';

const nullableString = z.string().nullable();
const persistedSchema = z.object({
  status: z.enum(['active', 'done']),
  value: z.enum(GUIDED_STABLE_STATES),
  context: z.object({
    locale: z.enum(LOCALES),
    user_name: nullableString,
    user_name_raw: nullableString,
    user_goal: nullableString,
    main_use: z.enum(MAIN_USE_VALUES).nullable(),
    preferred_style: z.enum(STYLE_VALUES).nullable(),
    selected_agent_id: nullableString,
    summary: nullableString,
    summary_source: z.enum(['llm', 'offline']).nullable(),
    completed_at: nullableString,
    retries: z.number().int().min(0),
    reply: z.array(z.object({ key: z.string(), params: z.record(z.string(), z.string()).optional() })),
  }),
});

interface GuidedDeps {
  mapping: AgentsMapping;
  summarize: (input: SummaryInput) => Promise<SummaryOutput>;
  now: () => Date;
  settleTimeoutMs: number;
}

/** The guided machine with its I/O supplied, and how the engine persists it. */
export function guidedFlowMachine(deps: GuidedDeps): FlowMachine<GuidedMachine> {
  const machine = guidedMachine.provide({
    actors: { generateSummary: fromPromise<SummaryOutput, SummaryInput>(({ input }) => deps.summarize(input)) },
    actions: {
      assignAgent: assign({ selected_agent_id: ({ context }) => resolveAgent(deps.mapping, context.preferred_style) }),
      stampCompletion: assign({ completed_at: () => deps.now().toISOString() }),
    },
  });
  return {
    flow: GUIDED_FLOW,
    machine,
    machineId: GUIDED_MACHINE_ID,
    version: GUIDED_MACHINE_VERSION,
    migrations: {},
    accepts: (snapshot) => persistedSchema.safeParse(snapshot).success,
    settled: (snapshot) => !snapshot.matches('summary'),
    settleTimeoutMs: deps.settleTimeoutMs,
  };
}
