import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Gauge } from 'prom-client';
import { httpRequestDuration, metricsRegistry } from '../observability/metrics.js';
import { AppError } from '../errors.js';
import type { Database } from '../db/index.js';
import { toPrometheus } from '../funnel/prometheus.js';
import { funnelReport } from '../funnel/report.js';

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

interface MetricsOptions {
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

    app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
      // Unmatched URLs share one label, so a scan of random paths cannot grow the series.
      const route = request.routeOptions.url ?? 'unmatched';
      httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      done();
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
