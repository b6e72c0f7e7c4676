import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { HashOptions } from 'argon2';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { PLATFORM_MESSAGES, acceptLanguage, errorBody } from './errors.js';
import { createDatabase, databaseOptions, type Database } from './db/index.js';
import authPlugin from './plugins/auth.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin from './plugins/errors.js';
import healthPlugin from './plugins/health.js';
import devTokensPlugin from './plugins/dev-tokens.js';
import { LOG_SERIALIZERS } from './plugins/log-privacy.js';
import { deferredChildLogger } from './observability/request-logger.js';
import safeTextPlugin from './plugins/safe-text.js';
import idempotencyPlugin, { claimLeaseMs } from './plugins/idempotency.js';
import swaggerPlugin from './plugins/swagger.js';
import corsPlugin from './plugins/cors.js';
import metricsPlugin from './plugins/metrics.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import screenPlugin from './plugins/screen.js';
import { serializerCompiler, validatorCompiler } from './plugins/schema-compilers.js';
import securityHeadersPlugin from './plugins/security-headers.js';
import { SessionStore } from './engine/sessions.js';
import { loadAgentsMapping } from './flows/guided/agents-mapping.js';
import { guidedFlowMachine } from './flows/guided/flow.js';
import guidedRoutes from './flows/guided/routes.js';
import accountsRoutes from './accounts/routes.js';
import { GuidedService } from './flows/guided/service.js';
import fitnessRoutes from './flows/fitness/routes.js';
import { FitnessService } from './flows/fitness/service.js';
import { FitnessStore } from './flows/fitness/store.js';
import userRoutes from './users/routes.js';
import userDataRoutes from './users/data-routes.js';
import { UserDataService } from './users/data-service.js';
import funnelRoutes from './funnel/routes.js';
import visualizerPlugin from './visualizer/plugin.js';
import chatRoutes from './flows/fitness/chat-routes.js';
import { ChatStore } from './flows/fitness/chat-store.js';
import { GeneralChatService } from './flows/fitness/general-chat.js';
import type { OnboardingAgent } from './flows/fitness/agents/agent.js';
import { createAnthropicOnboardingAgent } from './flows/fitness/agents/anthropic.js';
import type { GeneralAgent } from './flows/assistant/port.js';
import { createOfflineGeneralAgent } from './flows/assistant/offline.js';
import { createAnthropicGeneralAgent } from './flows/assistant/anthropic.js';
import { offlineAgent } from './flows/fitness/agents/offline/agent.js';
import { OnboardingOrchestrator } from './flows/fitness/agents/orchestrator.js';
import { LlmBudget } from './llm/budget.js';
import { createAnthropicSummaryGenerator, createGuardedSummary, type SummaryGenerator } from './flows/guided/summary/guarded-summary.js';
import { loadAgentsRegistry } from './agents/registry.js';
import companionRoutes from './flows/companion/routes.js';
import { CompanionService } from './flows/companion/service.js';
import { CompanionStore } from './flows/companion/store.js';
import { offlineCompanion } from './flows/companion/offline.js';
import { createAnthropicCompanion } from './flows/companion/anthropic.js';
import { createAnthropicChatModel } from './llm/anthropic-chat.js';
import type { CompanionResponder } from './flows/companion/port.js';

const BODY_LIMIT = 64 * 1024;

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export interface AppOptions {
  config: Config;
  /** An already-migrated database; without it one is opened from the config and closed with the app. */
  db?: Database;
  /** Overrides the summary LLM chosen from the config (null: offline only). */
  summaryLlm?: SummaryGenerator | null;
  /** Overrides the onboarding agent chosen from the config. */
  onboardingAgent?: OnboardingAgent;
  /** Overrides the companion responder of /api/chat chosen from the config. */
  companion?: CompanionResponder;
  /** Overrides the general (post-onboarding) agent. */
  generalAgent?: GeneralAgent;
  /** Overrides the instance's LLM budget built from the config (tests read its counters). */
  llmBudget?: LlmBudget;
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
  /** argon2 parameters for new password hashes (tests pass cheap ones); the production ones without it. */
  passwordHash?: HashOptions;
}

const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.password_hash', '*.access_token'];

/**
 * A URL the router cannot read (a bad percent escape, an overlong parameter) matches no route:
 * it is answered in the platform shape like an unknown path, not with the framework's own body.
 */
function routerError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const m = PLATFORM_MESSAGES[acceptLanguage(request.headers['accept-language']) ?? 'en'];
  const internal = err.statusCode !== undefined && err.statusCode >= 500;
  void reply
    .status(internal ? 500 : 400)
    .header('x-request-id', request.id)
    .send(errorBody(internal ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR', internal ? m.internal : m.badRequest, request.id));
}

/** The whole service as one Fastify plugin tree; server.ts and the tests build it the same way. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? { level: config.LOG_LEVEL, redact: REDACTED_PATHS, serializers: LOG_SERIALIZERS },
    childLoggerFactory: deferredChildLogger,
    bodyLimit: BODY_LIMIT,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // A hop count becomes the function Fastify's types accept: trust the first n hops.
    trustProxy: typeof config.TRUST_PROXY === 'number' ? trustHops(config.TRUST_PROXY) : config.TRUST_PROXY,
    // Shutdown: idle keep-alive sockets are closed at once; requests arriving while closing get the
    // documented 503 from the health plugin instead of Fastify's own body.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    frameworkErrors: routerError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Hooks on every request take a callback where they have nothing to await: an async hook costs a promise and a microtask each.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });

  const db = opts.db ?? createDatabase(databaseOptions(config));
  await app.register(errorsPlugin);
  await app.register(healthPlugin, {
    db,
    readyTimeoutMs: config.READY_TIMEOUT_MS,
    unhealthyAfterMs: config.HEALTH_DB_UNREACHABLE_MS,
  });
  await app.register(safeTextPlugin);
  await app.register(securityHeadersPlugin, { helmet: { contentSecurityPolicy: false } });
  await app.register(corsPlugin, { origins: config.CORS_ORIGINS });
  await app.register(swaggerPlugin);
  await app.register(screenPlugin);
  await app.register(dbPlugin, { db, owned: !opts.db });
  await app.register(authPlugin, { secret: config.JWT_SECRET, userCacheTtlMs: config.USER_CACHE_TTL_MS });
  await app.register(metricsPlugin, { token: config.METRICS_TOKEN, now: opts.now });
  await app.register(rateLimitPlugin, {
    max: config.RATE_LIMIT_PER_MINUTE,
    redisUrl: config.REDIS_URL,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
  });
  await app.register(idempotencyPlugin, { leaseMs: claimLeaseMs(config.LLM_TURN_TIMEOUT_MS) });

  const registry = loadAgentsRegistry();
  const mapping = loadAgentsMapping(undefined, registry);
  // One budget per instance, shared by every LLM adapter: a bound on concurrent calls and one turn per user.
  const llmBudget = opts.llmBudget ?? new LlmBudget({ maxConcurrency: config.LLM_MAX_CONCURRENCY, queueWaitMs: config.LLM_QUEUE_WAIT_MS });
  const anthropic = config.ANTHROPIC_API_KEY
    ? {
        apiKey: config.ANTHROPIC_API_KEY,
        model: config.ANTHROPIC_MODEL,
        timeoutMs: config.LLM_TIMEOUT_MS,
        turnTimeoutMs: config.LLM_TURN_TIMEOUT_MS,
        maxRetries: config.LLM_MAX_RETRIES,
        budget: llmBudget,
        ...(config.ANTHROPIC_BASE_URL === undefined ? {} : { baseURL: config.ANTHROPIC_BASE_URL }),
      }
    : null;
  const summaryLlm = opts.summaryLlm !== undefined ? opts.summaryLlm : anthropic ? createAnthropicSummaryGenerator(anthropic) : null;
  const summarize = createGuardedSummary({ llm: summaryLlm, timeoutMs: config.LLM_TURN_TIMEOUT_MS, log: app.log });
  const guided = new GuidedService(
    new SessionStore(db),
    guidedFlowMachine({
      mapping,
      summarize,
      now: opts.now ?? (() => new Date()),
      settleTimeoutMs: config.LLM_TURN_TIMEOUT_MS + 5000,
    }),
  );

  const fitnessStore = new FitnessStore(db);
  const fitness = new FitnessService(fitnessStore);
  const chats = new ChatStore(db);
  const onboardingAgent =
    opts.onboardingAgent ?? (anthropic ? createAnthropicOnboardingAgent({ ...anthropic, fallback: offlineAgent }) : offlineAgent);
  const orchestrator = new OnboardingOrchestrator(fitness, fitnessStore, onboardingAgent);
  // The general agent and the companion share the LLM layer's chat model (one client policy, one budget).
  const chatModel = (adapter: string) =>
    anthropic &&
    createAnthropicChatModel({
      adapter,
      apiKey: anthropic.apiKey,
      model: anthropic.model,
      callTimeoutMs: anthropic.timeoutMs,
      turnTimeoutMs: anthropic.turnTimeoutMs,
      maxRetries: anthropic.maxRetries,
      budget: llmBudget,
      ...(config.ANTHROPIC_BASE_URL === undefined ? {} : { baseURL: config.ANTHROPIC_BASE_URL }),
    });
  const offlineGeneral = createOfflineGeneralAgent(fitness);
  const generalModel = chatModel('anthropic-general');
  const general =
    opts.generalAgent ??
    (generalModel ? createAnthropicGeneralAgent({ model: generalModel, writer: fitness, fallback: offlineGeneral }) : offlineGeneral);
  const companionModel = chatModel('anthropic-companion');
  const companion = new CompanionService(
    new CompanionStore(db),
    registry,
    opts.companion ??
      (companionModel ? createAnthropicCompanion({ model: companionModel, fallback: offlineCompanion, log: app.log }) : offlineCompanion),
  );
  const generalChat = new GeneralChatService(fitness, chats, general);

  // Every /api route needs a bearer token, except the dev token issuer (registered beside it).
  await app.register(async (api) => {
    api.addHook('onRequest', api.limitFailedAuth(api.authenticate));
    await api.register(guidedRoutes, { service: guided });
    await api.register(fitnessRoutes, { service: fitness });
    await api.register(userRoutes, { fitness, users: app.users });
    await api.register(chatRoutes, { orchestrator, general: generalChat });
    await api.register(funnelRoutes, { adminEmails: config.ADMIN_EMAILS });
    await api.register(companionRoutes, { service: companion });
    await api.register(userDataRoutes, { service: new UserDataService(db), now: opts.now });
  });
  await app.register(accountsRoutes, { rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, passwordHash: opts.passwordHash });
  await app.register(visualizerPlugin);

  if (config.DEV_TOKENS) await app.register(devTokensPlugin, { anyListener: config.DEV_TOKENS_EXPLICIT });

  return app;
}
