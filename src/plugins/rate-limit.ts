import { createRequire } from 'node:module';
import fp from 'fastify-plugin';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import { rateLimitRejectionsTotal, redisErrorsTotal } from '../observability/metrics.js';

/** One limit: `max` requests per window for each key the rule derives from a request. */
interface LimitRule {
  /** Names the limit in logs and metrics, and keeps its counters apart from other rules'. */
  name: string;
  max: number;
  key(request: FastifyRequest): string;
}

interface RateLimitOptions {
  /** Requests per window for each user (authenticated routes) or IP (everything else). */
  max: number;
  windowMs?: number;
  /** Shared counters for every instance; without it each process counts on its own. */
  redisUrl?: string;
  /** Prefix of the Redis keys (lets several deployments or test runs share one Redis). */
  redisKeyPrefix?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts the request against `rule`; past its max, throws 429 RATE_LIMITED with Retry-After. */
    limit(request: FastifyRequest, reply: FastifyReply, rule: LimitRule): Promise<void>;
    /** Wraps an authentication hook so that failed attempts (401) count against the caller's IP. */
    limitFailedAuth(authenticate: (request: FastifyRequest) => Promise<void>): onRequestHookHandler;
  }
}

/** Paths that monitoring calls all the time; a limit there would only hide an outage. */
const UNLIMITED = new Set(['/health', '/metrics']);

const ipKey = (request: FastifyRequest): string => `ip:${normalizeIP(request.ip)}`;

/** @fastify/rate-limit's in-memory store (an LRU of 5000 keys per limit), which answers synchronously. */
interface LocalStore {
  incr(key: string, cb: (err: Error | null, res: { current: number; ttl: number }) => void, timeWindow: number, max: number): void;
}
const LocalStore = createRequire(createRequire(import.meta.url).resolve('@fastify/rate-limit'))('./store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
) => LocalStore;

interface Outcome {
  isExceeded: boolean;
  ttlInSeconds: number;
}

/**
 * The service's request limits. Every request except health checks, metrics and CORS
 * preflights counts once against the general limit: per user when the bearer token was
 * accepted, per IP otherwise (login, register, the dev token issuer, /ready, /docs, unknown
 * routes, and requests whose token was refused). Routes may add stricter rules with
 * `app.limit`. With a Redis URL the counters are shared by every instance; if Redis fails the
 * request is served without the limit (logged and counted), since refusing all traffic over a
 * limiter outage would be worse than a short unlimited spell.
 */
export default fp(
  async function rateLimitPlugin(app: FastifyInstance, opts: RateLimitOptions) {
    const windowMs = opts.windowMs ?? 60_000;
    let redis: Redis | undefined;
    if (opts.redisUrl) {
      redis = new Redis(opts.redisUrl, {
        // Fail commands at once while disconnected instead of queueing requests behind them.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
        commandTimeout: 1000,
        retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
      });
      let lastLogged = 0;
      redis.on('error', (err: Error) => {
        // ioredis repeats connection errors on every retry: log at most every 30 s.
        if (Date.now() - lastLogged > 30_000) {
          lastLogged = Date.now();
          app.log.warn({ err: { message: err.message } }, 'rate limit: redis error, limits are skipped while it lasts');
        }
      });
      await waitForFirstConnection(redis, 2000);
      const client = redis;
      app.addHook('onClose', async () => {
        client.disconnect();
      });
    }

    await app.register(rateLimit, {
      global: false,
      max: opts.max,
      timeWindow: windowMs,
      // Errors are caught below, so that each one is logged and counted before serving anyway.
      skipOnError: false,
      ...(redis ? { redis, nameSpace: opts.redisKeyPrefix ?? 'onboarding:rate-limit:' } : {}),
    });

    const limiters = new Map<string, ReturnType<FastifyInstance['createRateLimit']>>();
    const limiterFor = (rule: LimitRule) => {
      let limiter = limiters.get(rule.name);
      if (!limiter) {
        limiter = app.createRateLimit({ max: rule.max, timeWindow: windowMs, keyGenerator: (r) => `${rule.name}:${rule.key(r)}` });
        limiters.set(rule.name, limiter);
      }
      return limiter;
    };

    // Without Redis, the counting is the plugin's own in-memory store (one per limit, as
    // createRateLimit makes them) called directly: the same counts and windows, without the
    // promises createRateLimit wraps around a store that answers at once.
    const stores = new Map<string, LocalStore>();
    const countLocally = (request: FastifyRequest, rule: LimitRule): Outcome => {
      let store = stores.get(rule.name);
      if (!store) {
        store = new LocalStore(false, false);
        stores.set(rule.name, store);
      }
      let outcome: Outcome = { isExceeded: false, ttlInSeconds: 0 };
      store.incr(
        `${rule.name}:${rule.key(request)}`,
        (_err, res) => {
          outcome = { isExceeded: res.current > rule.max, ttlInSeconds: Math.ceil(res.ttl / 1000) };
        },
        windowMs,
        rule.max,
      );
      return outcome;
    };

    const refuse = (request: FastifyRequest, reply: FastifyReply, rule: LimitRule, outcome: Outcome): void => {
      if (!outcome.isExceeded) return;
      rateLimitRejectionsTotal.inc({ limit: rule.name });
      reply.header('retry-after', String(outcome.ttlInSeconds));
      request.log.info({ limit: rule.name }, 'rate limited');
      throw new AppError('RATE_LIMITED', `Too many requests; retry in ${outcome.ttlInSeconds} seconds`, {
        retry_after_seconds: outcome.ttlInSeconds,
      });
    };

    let lastErrorLog = 0;
    app.decorate('limit', async (request: FastifyRequest, reply: FastifyReply, rule: LimitRule) => {
      if (!redis) return refuse(request, reply, rule, countLocally(request, rule));
      let outcome: Awaited<ReturnType<ReturnType<FastifyInstance['createRateLimit']>>>;
      try {
        outcome = await limiterFor(rule)(request);
      } catch (err) {
        redisErrorsTotal.inc();
        if (Date.now() - lastErrorLog > 10_000) {
          lastErrorLog = Date.now();
          request.log.warn({ err: { message: (err as Error).message }, limit: rule.name }, 'rate limit skipped: store unavailable');
        }
        return;
      }
      if (!outcome.isAllowed) refuse(request, reply, rule, outcome);
    });

    const general: LimitRule = {
      name: 'general',
      max: opts.max,
      key: (request) => (request.userId ? `user:${request.userId}` : ipKey(request)),
    };

    // preValidation: after authentication (so the user is known) and before the body is
    // validated (so invalid requests count too). Hooks of the root also run for unknown routes.
    app.addHook('preValidation', (request, reply, done) => {
      if (request.method === 'OPTIONS' || UNLIMITED.has(request.routeOptions.url ?? '')) return done();
      if (redis) return void app.limit(request, reply, general).then(() => done(), done);
      try {
        refuse(request, reply, general, countLocally(request, general));
      } catch (err) {
        return done(err as Error);
      }
      done();
    });

    app.decorate('limitFailedAuth', (authenticate: (request: FastifyRequest) => Promise<void>): onRequestHookHandler => {
      return async function limitedAuthenticate(request, reply) {
        try {
          await authenticate(request);
        } catch (err) {
          // A refused token counts against the IP, so guessing tokens meets the same limit.
          if (err instanceof AppError && err.code === 'UNAUTHORIZED') await app.limit(request, reply, general);
          throw err;
        }
      };
    });
  },
  { name: 'rate-limit' },
);

/** Resolves once Redis is ready, or after `ms` (the service then starts and skips limits until it is). */
function waitForFirstConnection(redis: Redis, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.once('ready', done);
  });
}
