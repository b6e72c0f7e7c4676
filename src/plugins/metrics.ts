import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AppError } from '../errors.js';
import type { Database } from '../db/index.js';
import { toPrometheus } from '../funnel/prometheus.js';
import { funnelReport } from '../funnel/report.js';

/**
 * The process's metrics. One registry per process: counters that other layers increment (turns,
 * LLM calls) are module values, so they need no app handle; several apps in one process (tests)
 * share them, which is why tests compare before/after values.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Request duration by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const turnsTotal = new Counter({
  name: 'onboarding_turns_total',
  help: 'Flow turns by flow, the state they were taken in, and the event.',
  labelNames: ['flow', 'state', 'event'] as const,
  registers: [metricsRegistry],
});

export const validationFailuresTotal = new Counter({
  name: 'onboarding_validation_failures_total',
  help: 'Rejected answers or requests by flow and state.',
  labelNames: ['flow', 'state'] as const,
  registers: [metricsRegistry],
});

export const llmCallsTotal = new Counter({
  name: 'llm_calls_total',
  help: 'LLM calls by adapter and outcome (ok, error, timeout, invalid).',
  labelNames: ['adapter', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const llmCallDuration = new Histogram({
  name: 'llm_call_duration_seconds',
  help: 'LLM call latency by adapter.',
  labelNames: ['adapter'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
  registers: [metricsRegistry],
});

export const llmFallbacksTotal = new Counter({
  name: 'llm_fallbacks_total',
  help: 'Turns answered offline instead of by the LLM, by adapter and reason.',
  labelNames: ['adapter', 'reason'] as const,
  registers: [metricsRegistry],
});

export const llmTokensTotal = new Counter({
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

/** Pools of the apps alive in this process (usually one). */
const pools = new Set<Database>();
new Gauge({
  name: 'db_pool_connections',
  help: 'Database pool connections by state (total, idle, waiting clients, max).',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const db of pools) {
      const s = db.poolStats?.();
      if (!s) continue;
      this.inc({ state: 'total' }, s.total);
      this.inc({ state: 'idle' }, s.idle);
      this.inc({ state: 'waiting' }, s.waiting);
      this.inc({ state: 'max' }, s.max);
    }
  },
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

export interface MetricsOptions {
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  token?: string;
  /** How long the funnel gauges are reused: the funnel is a full scan, a scrape must not run one each time. */
  funnelTtlMs?: number;
  now?: () => Date;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Request durations for every route, and GET /metrics (Prometheus text) with the cached funnel. */
export default fp(
  async function metricsPlugin(app: FastifyInstance, opts: MetricsOptions) {
    const ttl = opts.funnelTtlMs ?? 30_000;
    pools.add(app.db);
    app.addHook('onClose', async () => {
      pools.delete(app.db);
    });

    app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      // Unmatched URLs share one label, so a scan of random paths cannot grow the series.
      const route = request.routeOptions.url ?? 'unmatched';
      httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    let funnel: { text: string; at: number } | null = null;
    let refreshing: Promise<string> | null = null;
    const funnelText = async (): Promise<string> => {
      if (funnel && Date.now() - funnel.at < ttl) return funnel.text;
      // Concurrent scrapes share one refresh.
      refreshing ??= funnelReport(app.db, opts.now)
        .then((report) => {
          funnel = { text: toPrometheus(report), at: Date.now() };
          return funnel.text;
        })
        .finally(() => {
          refreshing = null;
        });
      return refreshing;
    };

    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (opts.token) {
        const header = request.headers.authorization ?? '';
        if (!header.startsWith('Bearer ') || !sameSecret(header.slice(7), opts.token)) {
          throw new AppError('UNAUTHORIZED', 'Missing or invalid metrics token');
        }
      }
      let funnelPart = '';
      try {
        funnelPart = await funnelText();
      } catch (err) {
        // The process metrics stay useful while the database is down.
        request.log.warn({ err }, 'metrics: funnel refresh failed');
      }
      return reply.type(metricsRegistry.contentType).send(`${await metricsRegistry.metrics()}${funnelPart}`);
    });
  },
  { name: 'metrics', dependencies: ['db'] },
);
