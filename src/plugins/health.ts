/**
 * Liveness, readiness and draining:
 * - GET /health: the process answers; 503 once the database has not been reached for
 *   `unhealthyAfterMs` (a pool wedged by a silent network drop is then restarted by the orchestrator);
 * - GET /ready: one database round trip bounded by `readyTimeoutMs`; 503 while draining;
 * - while the app closes, every new request gets 503 SERVICE_UNAVAILABLE in the documented shape and
 *   every response closes its connection, so keep-alive clients move to another instance.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors.js';
import type { Database } from '../db/index.js';

interface HealthOptions {
  db: Database;
  readyTimeoutMs: number;
  unhealthyAfterMs: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** True from the start of close(): new requests are refused with 503. */
    readonly draining: boolean;
  }
}

export default fp(
  async function healthPlugin(app: FastifyInstance, opts: HealthOptions) {
    const { db } = opts;
    let draining = false;
    app.decorate('draining', {
      getter: () => draining,
    });
    app.addHook('preClose', async () => {
      draining = true;
    });
    // Requests arriving while closing are refused by the errors plugin's onRequest hook, which
    // runs first (registered first) and answers in each route's own error shape.
    app.addHook('onSend', (_request, reply, payload, done) => {
      // In-flight requests finish normally, but their connections do not stay open for more.
      if (draining) reply.header('connection', 'close');
      done(null, payload);
    });

    // A background probe keeps `lastReachedAt` fresh when there is no traffic, so /health measures
    // how long the database has really been out of reach, not how long the service was idle.
    const probeEvery = Math.min(5000, Math.max(250, Math.floor(opts.unhealthyAfterMs / 4)));
    const probe = setInterval(() => {
      db.ping(Math.min(opts.readyTimeoutMs, probeEvery)).catch(() => {});
    }, probeEvery);
    probe.unref();
    app.addHook('preClose', async () => clearInterval(probe));
    const startedAt = Date.now();

    app.get('/health', { schema: { hide: true } }, async (request, reply) => {
      const last = Math.max(db.lastReachedAt, startedAt);
      const unreachableMs = Date.now() - last;
      if (unreachableMs > opts.unhealthyAfterMs) {
        return reply.status(503).send(
          errorBody('SERVICE_UNAVAILABLE', 'The database has been unreachable for too long', request.id, {
            database: 'unreachable',
            unreachable_ms: unreachableMs,
          }),
        );
      }
      return { status: 'ok' };
    });

    app.get('/ready', { schema: { hide: true } }, async (request, reply) => {
      const started = Date.now();
      try {
        await db.ping(opts.readyTimeoutMs);
        return { status: 'ready', database: db.kind, latency_ms: Date.now() - started };
      } catch (err) {
        request.log.warn({ code: (err as { code?: unknown }).code }, 'readiness check failed');
        return reply
          .status(503)
          .send(errorBody('SERVICE_UNAVAILABLE', 'The database is unavailable', request.id, { database: 'unreachable' }));
      }
    });
  },
  { name: 'health' },
);
