import type { SummaryInput } from '../../machines/guided/types.js';
import { offlineSummary } from '../flows/guided/summary/offline.js';
import { validateSummary } from '../flows/guided/summary/validate.js';
import type { LogSink, SummaryGenerator } from './port.js';

export interface GuardedSummaryDeps {
  llm: SummaryGenerator | null;
  timeoutMs: number;
  log: LogSink;
}

export interface GuardedSummaryResult {
  text: string;
  source: 'llm' | 'offline';
  /** 'llm_error' | 'llm_timeout' | `invalid:<validator reason>`; absent when the LLM answer was used. */
  fallbackReason?: string;
}

type Attempt = { ok: true; text: string } | { ok: false; reason: 'llm_error' | 'llm_timeout'; error?: string };

const TIMED_OUT = Symbol('timed out');

/**
 * Timeouts can surface from the adapter's own client deadline (same length, so it may win the
 * race) rather than from our timer; those still count as timeouts, not errors.
 */
function looksLikeTimeout(err: unknown): boolean {
  return err instanceof Error && (/timeout|timed out/i.test(err.name) || /timed out/i.test(err.message));
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  return String(err).slice(0, 300);
}

async function attempt(llm: SummaryGenerator, input: SummaryInput, timeoutMs: number): Promise<Attempt> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  const call = llm.generate(input, controller.signal);
  try {
    const outcome = await Promise.race([call, deadline]);
    if (outcome === TIMED_OUT) {
      // The race does not stop the request; aborting does, so no call outlives its deadline.
      controller.abort();
      call.catch(() => undefined);
      return { ok: false, reason: 'llm_timeout' };
    }
    return { ok: true, text: outcome };
  } catch (err) {
    return { ok: false, reason: looksLikeTimeout(err) ? 'llm_timeout' : 'llm_error', error: describe(err) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The summary step's policy: the LLM's answer when it arrives in time and passes the contract's
 * validator, otherwise the deterministic offline summary. Never rejects, so the flow can always
 * complete.
 */
export function createGuardedSummary(deps: GuardedSummaryDeps): (input: SummaryInput) => Promise<GuardedSummaryResult> {
  const { llm, timeoutMs, log } = deps;

  const fallback = (input: SummaryInput, fallbackReason: string, details: Record<string, unknown>): GuardedSummaryResult => {
    // The goal and name are user data and stay out of the logs; the locale is enough to reproduce.
    log.warn({ reason: fallbackReason, locale: input.locale, ...details }, 'summary: LLM answer replaced by offline summary');
    return { text: offlineSummary(input), source: 'offline', fallbackReason };
  };

  return async (input) => {
    if (llm === null) return { text: offlineSummary(input), source: 'offline' };

    const started = performance.now();
    let result: Attempt;
    try {
      result = await attempt(llm, input, timeoutMs);
    } catch (err) {
      result = { ok: false, reason: 'llm_error', error: describe(err) };
    }
    const elapsedMs = Math.round(performance.now() - started);

    if (!result.ok) {
      return fallback(input, result.reason, { elapsedMs, timeoutMs, ...(result.error ? { error: result.error } : {}) });
    }

    let verdict: ReturnType<typeof validateSummary>;
    try {
      verdict = validateSummary(result.text, input);
    } catch (err) {
      return fallback(input, 'invalid:validator_error', { elapsedMs, error: describe(err) });
    }
    if (!verdict.ok) return fallback(input, `invalid:${verdict.reason}`, { elapsedMs, length: result.text.length });

    log.info({ source: 'llm', elapsedMs, locale: input.locale }, 'summary: LLM answer accepted');
    return { text: result.text, source: 'llm' };
  };
}
