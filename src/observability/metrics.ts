/**
 * The process's metrics: one prom-client registry and the counters every layer increments (turns,
 * validation failures, LLM calls and fallbacks, rate-limit rejections). Module values with no
 * framework in them, so the engine, the LLM layer and the flows record without an app handle;
 * several apps in one process (tests) share them, which is why tests compare before/after values.
 * `GET /metrics` (src/plugins/metrics.ts) serves the registry.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Request duration by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const turnsTotal = new Counter({
  name: 'onboarding_turns_total',
  help: 'Flow turns by flow, the state they were taken in, and the event.',
  labelNames: ['flow', 'state', 'event'] as const,
  registers: [metricsRegistry],
});

const validationFailuresTotal = new Counter({
  name: 'onboarding_validation_failures_total',
  help: 'Rejected answers or requests by flow and state.',
  labelNames: ['flow', 'state'] as const,
  registers: [metricsRegistry],
});

const llmCallsTotal = new Counter({
  name: 'llm_calls_total',
  help: 'LLM calls by adapter and outcome (ok, error, timeout, invalid).',
  labelNames: ['adapter', 'outcome'] as const,
  registers: [metricsRegistry],
});

const llmCallDuration = new Histogram({
  name: 'llm_call_duration_seconds',
  help: 'LLM call latency by adapter.',
  labelNames: ['adapter'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
  registers: [metricsRegistry],
});

const llmFallbacksTotal = new Counter({
  name: 'llm_fallbacks_total',
  help: 'Turns answered offline instead of by the LLM, by adapter and reason.',
  labelNames: ['adapter', 'reason'] as const,
  registers: [metricsRegistry],
});

const llmTokensTotal = new Counter({
  name: 'llm_tokens_total',
  help: 'LLM tokens by adapter and kind (input, output).',
  labelNames: ['adapter', 'kind'] as const,
  registers: [metricsRegistry],
});

export const rateLimitRejectionsTotal = new Counter({
  name: 'rate_limit_rejections_total',
  help: 'Requests answered 429, by limit (user, ip, login_account, ...).',
  labelNames: ['limit'] as const,
  registers: [metricsRegistry],
});

export const redisErrorsTotal = new Counter({
  name: 'redis_errors_total',
  help: 'Redis errors; while Redis fails the shared rate limit is skipped, not enforced.',
  registers: [metricsRegistry],
});

/** Counts one flow turn; the engine and the flows call it. */
export function recordTurn(flow: string, state: string, event: string): void {
  turnsTotal.inc({ flow, state, event });
}

/** Counts one rejected answer or request. */
export function recordValidationFailure(flow: string, state: string): void {
  validationFailuresTotal.inc({ flow, state });
}

/** One LLM call as seen by an adapter: outcome, latency and tokens. */
export function recordLlmCall(
  adapter: string,
  call: { outcome: 'ok' | 'error' | 'timeout' | 'invalid'; seconds: number; inputTokens?: number; outputTokens?: number },
): void {
  llmCallsTotal.inc({ adapter, outcome: call.outcome });
  llmCallDuration.observe({ adapter }, call.seconds);
  if (call.inputTokens) llmTokensTotal.inc({ adapter, kind: 'input' }, call.inputTokens);
  if (call.outputTokens) llmTokensTotal.inc({ adapter, kind: 'output' }, call.outputTokens);
}

export function recordLlmFallback(adapter: string, reason: string): void {
  llmFallbacksTotal.inc({ adapter, reason });
}
