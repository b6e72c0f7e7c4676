import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AGENT_TYPES } from '../../../machines/fitness/states.js';
import { localeFromAcceptLanguage } from '../companion/locale.js';
import { AppError } from '../../errors.js';
import type { GeneralChatService } from './general-chat.js';
import type { OnboardingOrchestrator } from './agents/orchestrator.js';
import { failureError, progressSchema } from './http.js';
import { failureMessage } from './messages.js';
import { requestLocale } from '../../language/locale.js';

const messageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  agent_type: z.string(),
  state: z.number().int().nullable(),
  created_at: z.string(),
});

/** The original backend's agent names, still sent by its clients; only `general` answers after onboarding. */
const LEGACY_AGENT_TYPES = ['workout', 'diet', 'scheduler', 'supplement', 'tracker', 'general'] as const;
const CHAT_AGENT_TYPES = [...AGENT_TYPES, ...LEGACY_AGENT_TYPES.filter((a) => !(AGENT_TYPES as readonly string[]).includes(a))] as const;

const chatBodySchema = z.strictObject({
  message: z.string().trim().min(1, 'message must not be empty').max(4000, 'message must be at most 4000 characters'),
  // null means "no preference", which is the general agent.
  agent_type: z
    .enum(CHAT_AGENT_TYPES, { error: `agent_type must be one of ${CHAT_AGENT_TYPES.join(', ')}` })
    .nullable()
    .optional(),
  conversation_id: z.uuid('conversation_id must be a UUID').optional(),
});

const chatResponseSchema = z.object({
  response: z.string(),
  agent_type: z.literal('general'),
  conversation_id: z.string(),
});

const security = [{ bearerAuth: [] }];

const onboardingBodySchema = z.strictObject({
  message: z.string().trim().min(1, 'message must not be empty').max(4000, 'message must be at most 4000 characters'),
  current_state: z.number().int().min(1).max(9),
  locale: z
    .string()
    .max(35)
    .optional()
    .describe('The language to answer in ("en", "es", "es-MX", ...); else Accept-Language, then the conversation\'s own, then English'),
});

const onboardingResponseSchema = z.object({
  response: z.string(),
  agent_type: z.string(),
  state_updated: z.boolean(),
  new_state: z.number().int().nullable(),
  is_complete: z.boolean(),
  progress: progressSchema,
  ui: z.object({ type: z.literal('buttons'), options: z.array(z.object({ value: z.string(), label: z.string() })) }).nullable(),
});

/** Post-onboarding chat: only after completion, and only with the general agent (docs/behaviour/fitness.md). */
export default async function chatRoutes(
  app: FastifyInstance,
  opts: { general: GeneralChatService; orchestrator: OnboardingOrchestrator },
) {
  const { general, orchestrator } = opts;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/chat/onboarding',
    {
      preHandler: app.idempotent,
      schema: {
        tags: ['chat'],
        summary: 'Onboarding by chat: the current state’s agent answers and saves what it learns',
        security,
        body: onboardingBodySchema,
        response: { 200: onboardingResponseSchema },
      },
    },
    async (request) => {
      const claim = request.idempotency;
      const result = await orchestrator.turn(request.userId, request.body.message, request.body.current_state, {
        requestId: request.id,
        log: request.log,
        idempotencyKey: claim?.key,
        locale: requestLocale(request.body.locale, request.headers['accept-language']),
      });
      if (!result.ok) {
        if (result.code === 'ONBOARDING_COMPLETED') {
          const es = failureMessage(result, 'es');
          throw new AppError('ONBOARDING_COMPLETED', result.locale === 'es' ? es : result.message, {}, { en: result.message, es });
        }
        throw failureError(result, result.locale);
      }
      if (claim && result.wroteIdempotent) claim.stored = true;
      return result.body;
    },
  );

  r.get(
    '/api/v1/onboarding/history',
    {
      schema: {
        tags: ['chat'],
        summary: 'The onboarding conversation, oldest first',
        security,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(200) }),
        response: { 200: z.object({ messages: z.array(messageSchema) }) },
      },
    },
    async (request) => ({ messages: await orchestrator.history(request.userId, request.query.limit) }),
  );

  for (const url of ['/api/v1/chat', '/api/v1/chat/chat']) {
    r.post(
      url,
      {
        preHandler: app.idempotent,
        schema: {
          tags: ['chat'],
          summary: 'Chat with the general agent (after onboarding)',
          security,
          body: chatBodySchema,
          response: { 200: chatResponseSchema },
        },
      },
      async (request) => {
        const claim = request.idempotency;
        const result = await general.reply(
          request.userId,
          {
            message: request.body.message,
            agentType: request.body.agent_type ?? undefined,
            conversationId: request.body.conversation_id,
            locale: localeFromAcceptLanguage(request.headers['accept-language']) ?? undefined,
          },
          { requestId: request.id, log: request.log, idempotencyKey: claim?.key },
        );
        // The response went into the turn's own write: the plugin must not store it again.
        if (claim && result.wroteIdempotent) claim.stored = true;
        return result.body;
      },
    );
  }

  r.get(
    '/api/v1/chat/history',
    {
      schema: {
        tags: ['chat'],
        summary: 'The general conversation (latest, or by conversation_id), newest last',
        security,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          conversation_id: z.uuid().optional(),
        }),
        response: { 200: z.object({ conversation_id: z.string().nullable(), messages: z.array(messageSchema) }) },
      },
    },
    async (request) => general.history(request.userId, { conversationId: request.query.conversation_id, limit: request.query.limit }),
  );
}
