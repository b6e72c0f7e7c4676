/**
 * The guided summary's LLM policy: ask the model for the closing summary, use it only when it
 * arrives in time and passes the contract's validator, otherwise write the deterministic offline
 * summary. The flow can always complete: this never rejects.
 */
import type { SummaryInput } from '../../../../machines/guided/types.js';
import { createAnthropicChatModel, type AnthropicChatOptions } from '../../../llm/anthropic-chat.js';
import { LlmTimeoutError, withDeadline } from '../../../llm/deadline.js';
import { LlmFailureError, type LogSink, type SummaryModel } from '../../../llm/ports.js';
import { classify, type GoalClassification } from './classify.js';
import { buildUserMessage, summarySystemPrompt } from './guarded-summary-prompt.js';
import { offlineSummary } from './offline.js';
import { validateSummary } from './validate.js';

/**
 * The flow's summary port: the raw summary text; rejects on any failure (timeout, error, no
 * text). `classification` is the offline reading of the goal, told to the model so the model
 * and the validator judge the goal alike (computed from the goal when absent).
 */
export interface SummaryGenerator {
  generate(input: SummaryInput, signal?: AbortSignal, classification?: GoalClassification): Promise<string>;
}

/** Enough for a greeting, a restated goal and three steps; a longer answer is off-contract anyway. */
const SUMMARY_MAX_TOKENS = 600;

/** The summary prompt over any chat model of the LLM layer. */
function createSummaryGenerator(model: SummaryModel): SummaryGenerator {
  return {
    async generate(input, signal, classification = classify(input.goal)) {
      const outcome = await model.chat({
        system: summarySystemPrompt(input, classification),
        history: [],
        message: buildUserMessage(input),
        maxTokens: SUMMARY_MAX_TOKENS,
        ...(signal ? { signal } : {}),
      });
      if (!outcome.ok) throw new LlmFailureError(outcome.reason, outcome.detail, outcome.status);
      if (outcome.kind !== 'answer' || outcome.text === '') throw new LlmFailureError('llm_error', 'the answer has no text');
      return outcome.text;
    },
  };
}

type AnthropicSummaryOptions = Omit<AnthropicChatOptions, 'callTimeoutMs'> & { timeoutMs: number };

export function createAnthropicSummaryGenerator(opts: AnthropicSummaryOptions): SummaryGenerator {
  const { timeoutMs, ...rest } = opts;
  return createSummaryGenerator(createAnthropicChatModel({ adapter: 'anthropic-summary', ...rest, callTimeoutMs: timeoutMs }));
}

interface GuardedSummaryDeps {
  llm: SummaryGenerator | null;
  /** The whole summary turn's bound; the generator's own calls are bounded inside it. */
  timeoutMs: number;
  log: LogSink;
}

interface GuardedSummaryResult {
  text: string;
  source: 'llm' | 'offline';
  /** The LLM layer's failure reason, or `invalid:<validator reason>`; absent when the LLM answer was used. */
  fallbackReason?: string;
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  return String(err).slice(0, 300);
}

function reasonOf(err: unknown): string {
  if (err instanceof LlmFailureError) return err.reason;
  return err instanceof LlmTimeoutError ? 'llm_timeout' : 'llm_error';
}

export function createGuardedSummary(deps: GuardedSummaryDeps): (input: SummaryInput) => Promise<GuardedSummaryResult> {
  const { llm, timeoutMs, log } = deps;

  const fallback = (input: SummaryInput, fallbackReason: string, details: Record<string, unknown>): GuardedSummaryResult => {
    // The goal and name are user data and stay out of the logs; the locale and the goal's kind
    // are enough to reproduce, and the reason says which rule the answer broke.
    log.warn({ reason: fallbackReason, locale: input.locale, ...details }, 'summary: LLM answer replaced by offline summary');
    return { text: offlineSummary(input), source: 'offline', fallbackReason };
  };

  return async (input) => {
    if (llm === null) return { text: offlineSummary(input), source: 'offline' };

    // One reading of the goal for the prompt and the validator, so both judge the same thing.
    const classification = classify(input.goal);
    const kind = { goalKind: classification.kind };
    const started = performance.now();
    let text: string;
    try {
      text = await withDeadline(timeoutMs, (signal) => llm.generate(input, signal, classification));
    } catch (err) {
      const elapsedMs = Math.round(performance.now() - started);
      const status = err instanceof LlmFailureError && err.status !== undefined ? { status: err.status } : {};
      return fallback(input, reasonOf(err), { elapsedMs, timeoutMs, error: describe(err), ...status, ...kind });
    }
    const elapsedMs = Math.round(performance.now() - started);

    let verdict: ReturnType<typeof validateSummary>;
    try {
      verdict = validateSummary(text, input, classification);
    } catch (err) {
      return fallback(input, 'invalid:validator_error', { elapsedMs, error: describe(err), ...kind });
    }
    // A summary that contradicts the classification (a harmful goal restated, a sad answer met
    // with cheer) is named by its rule: "invalid:harmful_not_redirected".
    if (!verdict.ok) return fallback(input, `invalid:${verdict.reason}`, { elapsedMs, length: text.length, ...kind });

    log.info({ source: 'llm', elapsedMs, locale: input.locale, ...kind }, 'summary: LLM answer accepted');
    return { text, source: 'llm' };
  };
}
