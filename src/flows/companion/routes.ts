import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Locale } from '../../../machines/guided/types.js';
import { logError, normalizeError } from '../../plugins/errors.js';
import { chatErrors } from './copy.js';
import { resolveLocale } from './locale.js';
import type { ChatFailure, CompanionService } from './service.js';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).meta({ id: 'AndhisError' });

const chatRequestSchema = z
  .object({
    agent_id: z.string().describe('A selectable avatar of the agents registry'),
    message: z.string().describe('Trimmed, 1 to 4000 characters'),
    conversation_id: z.string().nullable().optional().describe('Omit or null to start a new conversation'),
    context: z.object({ locale: z.string().optional() }).catchall(z.unknown()).optional(),
  })
  .meta({ id: 'ChatRequest' });

const chatResponseSchema = z
  .object({
    messages: z.array(z.object({ role: z.literal('assistant'), content: z.string() })),
    conversation_id: z.string(),
    agent_id: z.string(),
  })
  .meta({ id: 'ChatResponse' });

const conversationSchema = z.object({ conversation_id: z.string(), agent_id: z.string(), created_at: z.string(), updated_at: z.string() });
const storedMessageSchema = z.object({ role: z.enum(['user', 'assistant']), content: z.string(), created_at: z.string() });

const STATUS: Record<ChatFailure, 400 | 404> = {
  INVALID_AGENT: 400,
  INVALID_MESSAGE: 400,
  MESSAGE_TOO_LONG: 400,
  BAD_TEXT: 400,
  AGENT_MISMATCH: 400,
  NOT_FOUND: 404,
};
/** The public codes: length and storability are message problems, a foreign agent is an agent problem. */
const CODE: Record<ChatFailure, string> = {
  INVALID_AGENT: 'INVALID_AGENT',
  INVALID_MESSAGE: 'INVALID_MESSAGE',
  MESSAGE_TOO_LONG: 'INVALID_MESSAGE',
  BAD_TEXT: 'INVALID_MESSAGE',
  AGENT_MISMATCH: 'INVALID_AGENT',
  NOT_FOUND: 'NOT_FOUND',
};

/**
 * The edge check (src/plugins/safe-text.ts) refuses unstorable text before the route runs, as a
 * VALIDATION_ERROR naming the field. On this contract a bad field has its own code
 * (docs/behaviour/after-onboarding.md, the companion chat): a message that cannot be stored is
 * an INVALID_MESSAGE, an agent id an INVALID_AGENT, and a conversation id no conversation can
 * have is NOT_FOUND.
 */
const FIELD_FAILURE: Readonly<Record<string, ChatFailure>> = {
  message: 'BAD_TEXT',
  agent_id: 'INVALID_AGENT',
  conversation_id: 'NOT_FOUND',
};

const security = [{ bearerAuth: [] }];
const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema, 429: errorSchema };

function explicitLocale(request: FastifyRequest): unknown {
  const body = request.body as { context?: { locale?: unknown } } | null | undefined;
  return typeof body === 'object' && body !== null ? body.context?.locale : undefined;
}

/** POST /api/chat and the conversation listings: the companion chat the guided flow hands off to. */
export default async function companionRoutes(app: FastifyInstance, opts: { service: CompanionService }) {
  const { service } = opts;
  const localeOf = async (request: FastifyRequest): Promise<Locale> => {
    const stored = request.userId ? ((await service.knowledge(request.userId).catch(() => null))?.locale ?? null) : null;
    return resolveLocale(explicitLocale(request), request.headers['accept-language'], stored);
  };
  const fail = (reply: FastifyReply, status: number, code: string, locale: Locale, fallback?: string) =>
    reply
      .status(status)
      .send({ error: { code, message: chatErrors[locale][code as keyof (typeof chatErrors)['es']] ?? fallback ?? code } });
  /** A refusal of the contract: the public code, and the message that says what was wrong. */
  const refuse = (reply: FastifyReply, failure: ChatFailure, locale: Locale) =>
    reply.status(STATUS[failure]).send({ error: { code: CODE[failure], message: chatErrors[locale][failure] } });

  // This family answers errors as {"error": {code, message}} in the user's language, like the guided endpoint.
  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const n = normalizeError(err);
    logError(request, err, n);
    const locale =
      n.status === 401 ? resolveLocale(explicitLocale(request), request.headers['accept-language'], null) : await localeOf(request);
    const field = n.code === 'VALIDATION_ERROR' && request.routeOptions.url === '/api/chat' ? n.context.field : undefined;
    const failure = typeof field === 'string' ? FIELD_FAILURE[field] : undefined;
    if (failure !== undefined) return refuse(reply, failure, locale);
    return fail(reply, n.status, n.code, locale, n.message);
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/chat',
    {
      attachValidation: true,
      schema: {
        tags: ['companion'],
        summary: 'Send a message to a companion avatar and get its reply',
        operationId: 'companionChat',
        security,
        body: chatRequestSchema,
        response: { 200: chatResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const known = await service.knowledge(request.userId);
      const locale = resolveLocale(explicitLocale(request), request.headers['accept-language'], known.locale);
      const raw = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
      const result = await service.turn(
        request.userId,
        { agentId: raw.agent_id, message: raw.message, conversationId: raw.conversation_id },
        locale,
        known,
      );
      if (!result.ok) {
        request.log.info({ code: result.code }, 'companion: request refused');
        return refuse(reply, result.code, locale);
      }
      request.log.info({ agent: result.body.agent_id, conversationId: result.body.conversation_id }, 'companion: turn');
      return result.body;
    },
  );

  r.get(
    '/api/chat/conversations',
    {
      schema: {
        tags: ['companion'],
        summary: "The user's companion conversations, latest first, and the avatar the guided onboarding selected",
        operationId: 'listCompanionConversations',
        security,
        response: { 200: z.object({ conversations: z.array(conversationSchema), default_agent_id: z.string() }), 401: errorSchema },
      },
    },
    async (request) => service.conversations(request.userId),
  );

  r.get(
    '/api/chat/conversations/:id/messages',
    {
      schema: {
        tags: ['companion'],
        summary: 'The messages of one of the user’s companion conversations, oldest first',
        operationId: 'listCompanionMessages',
        security,
        params: z.object({ id: z.string() }),
        response: {
          200: z.object({ conversation_id: z.string(), agent_id: z.string(), messages: z.array(storedMessageSchema) }),
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const found = await service.messages(request.userId, request.params.id);
      if (!found) return fail(reply, 404, 'NOT_FOUND', await localeOf(request));
      return found;
    },
  );
}
