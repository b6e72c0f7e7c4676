import type { SummaryInput } from '../../machines/guided/types.js';

/** The LLM port for the guided flow's summary. Adapters: Anthropic (src/llm/anthropicSummary.ts). */
export interface SummaryGenerator {
  /** Returns the raw summary text; rejects on transport errors, timeouts or empty answers. */
  generate(input: SummaryInput, signal?: AbortSignal): Promise<string>;
}

/** The slice of a pino/Fastify logger the LLM code needs. */
export interface LogSink {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}
