import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config.js';
import { createDatabase, type Database } from './db/index.js';
import authPlugin from './plugins/auth.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin from './plugins/errors.js';
import { LOG_SERIALIZERS } from './plugins/log-privacy.js';
import safeTextPlugin from './plugins/safe-text.js';
import idempotencyPlugin, { claimLeaseMs } from './plugins/idempotency.js';
import swaggerPlugin from './plugins/swagger.js';
import screenPlugin from './plugins/screen.js';
import { errorBody } from './errors.js';
import { SessionStore } from './engine/sessions.js';
import { loadAgentsMapping } from './flows/guided/agentsMapping.js';
import { guidedFlowMachine } from './flows/guided/flow.js';
import guidedRoutes from './flows/guided/routes.js';
import accountsRoutes from './accounts/routes.js';
import { GuidedService } from './flows/guided/service.js';
import fitnessRoutes from './flows/fitness/routes.js';
import { FitnessService } from './flows/fitness/service.js';
import { FitnessStore } from './flows/fitness/store.js';
import userRoutes from './users/routes.js';
import funnelRoutes from './funnel/routes.js';
import visualizerPlugin from './visualizer/plugin.js';
import chatRoutes from './flows/fitness/chatRoutes.js';
import { ChatStore } from './flows/fitness/chatStore.js';
import type { OnboardingAgent } from './flows/fitness/agents/agent.js';
import { createAnthropicOnboardingAgent } from './flows/fitness/agents/anthropic.js';
import { offlineGeneralAgent, type GeneralAgent } from './flows/fitness/agents/general.js';
import { offlineAgent } from './flows/fitness/agents/offline/agent.js';
import { OnboardingOrchestrator } from './flows/fitness/agents/orchestrator.js';
import { createAnthropicSummaryGenerator } from './llm/anthropicSummary.js';
import { createGuardedSummary } from './llm/guardedSummary.js';
import type { SummaryGenerator } from './llm/port.js';

export const BODY_LIMIT = 64 * 1024;

export interface AppOptions {
  config: Config;
  /** An already-migrated database; without it one is opened from the config and closed with the app. */
  db?: Database;
  /** Overrides the summary LLM chosen from the config (null: offline only). */
  summaryLlm?: SummaryGenerator | null;
  /** Overrides the onboarding agent chosen from the config. */
  onboardingAgent?: OnboardingAgent;
  /** Overrides the general (post-onboarding) agent. */
  generalAgent?: GeneralAgent;
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
}

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.password_hash',
  '*.access_token',
];

/** The whole service as one Fastify plugin tree; server.ts and the tests build it the same way. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? { level: config.LOG_LEVEL, redact: REDACTED_PATHS, serializers: LOG_SERIALIZERS },
    bodyLimit: BODY_LIMIT,
    // The errors plugin answers requests arriving during close in the documented shape.
    return503OnClosing: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const db = opts.db ?? createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE });
  await app.register(errorsPlugin);
  await app.register(safeTextPlugin);
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(cors, {
    origin: config.CORS_ORIGINS,
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Agent-Context', 'X-Request-Id', 'Accept', 'Accept-Language'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  await app.register(swaggerPlugin);
  await app.register(screenPlugin);
  await app.register(dbPlugin, { db, owned: !opts.db });
  await app.register(authPlugin, { secret: config.JWT_SECRET, userCacheTtlMs: config.USER_CACHE_TTL_MS });
  await app.register(idempotencyPlugin, { leaseMs: claimLeaseMs(config.LLM_TIMEOUT_MS) });

  const mapping = loadAgentsMapping();
  const summaryLlm =
    opts.summaryLlm !== undefined
      ? opts.summaryLlm
      : config.ANTHROPIC_API_KEY
        ? createAnthropicSummaryGenerator({
            apiKey: config.ANTHROPIC_API_KEY,
            model: config.ANTHROPIC_MODEL,
            timeoutMs: config.LLM_TIMEOUT_MS,
            baseURL: config.ANTHROPIC_BASE_URL,
          })
        : null;
  const summarize = createGuardedSummary({ llm: summaryLlm, timeoutMs: config.LLM_TIMEOUT_MS, log: app.log });
  const guided = new GuidedService(
    new SessionStore(db),
    guidedFlowMachine({
      mapping,
      summarize,
      now: opts.now ?? (() => new Date()),
      settleTimeoutMs: config.LLM_TIMEOUT_MS + 5000,
    }),
  );

  const fitness = new FitnessService(new FitnessStore(db));
  const chats = new ChatStore(db);
  const onboardingAgent =
    opts.onboardingAgent ??
    (config.ANTHROPIC_API_KEY
      ? createAnthropicOnboardingAgent({
          apiKey: config.ANTHROPIC_API_KEY,
          model: config.ANTHROPIC_MODEL,
          timeoutMs: config.LLM_TIMEOUT_MS,
          baseURL: config.ANTHROPIC_BASE_URL,
          fallback: offlineAgent,
        })
      : offlineAgent);
  const orchestrator = new OnboardingOrchestrator(fitness, chats, onboardingAgent);

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (request, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ready', database: db.kind };
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      return reply.status(503).send(errorBody('SERVICE_UNAVAILABLE', 'The database is unavailable', request.id));
    }
  });

  // Every /api route needs a bearer token, except the dev token issuer (registered beside it).
  await app.register(async (api) => {
    await api.register(rateLimit, {
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      hook: 'preHandler',
      keyGenerator: (request) => (request.userId ? `user:${request.userId}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, ctx) => ({
        statusCode: 429,
        message: `Rate limit exceeded: ${ctx.max} requests per minute; retry in ${ctx.after}`,
      }),
    });
    api.addHook('onRequest', api.authenticate);
    await api.register(guidedRoutes, { service: guided });
    await api.register(fitnessRoutes, { service: fitness });
    await api.register(userRoutes, { fitness });
    await api.register(chatRoutes, { fitness, chats, orchestrator, general: opts.generalAgent ?? offlineGeneralAgent });
    await api.register(funnelRoutes);
  });
  await app.register(accountsRoutes, { rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE });
  await app.register(visualizerPlugin);

  if (config.DEV_TOKENS) {
    app.post(
      '/api/dev/token',
      {
        schema: {
          tags: ['dev'],
          summary: 'Issue a development token (only while DEV_TOKENS is on)',
          body: z.strictObject({
            sub: z.string().min(1).max(200),
            email: z.string().email().optional(),
            name: z.string().max(200).optional(),
            role: z.string().max(50).optional(),
          }),
        },
      },
      async (request) => ({ access_token: app.signToken(request.body), token_type: 'bearer' }),
    );
  }

  return app;
}
