import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { runTurn } from '../../engine/turn.js';
import { AppError } from '../../errors.js';
import type { GeneralAgent } from '../assistant/port.js';
import type { ChatMessage, ChatStore } from './chat-store.js';
import { accessControl } from './progress.js';
import { progressOf, type FitnessService } from './service.js';
import type { FitnessRow } from './store.js';

interface GeneralChatRequest {
  message: string;
  /** Ours or the original backend's agent names; anything but general is refused after onboarding. */
  agentType?: string | undefined;
  conversationId?: string | undefined;
  locale?: 'es' | 'en' | undefined;
}

interface GeneralChatContext {
  requestId: string;
  log: FastifyBaseLogger;
  /** The request's Idempotency-Key: its response is stored in the same statement as the messages. */
  idempotencyKey?: string | undefined;
}

interface GeneralChatResponse {
  response: string;
  agent_type: 'general';
  conversation_id: string;
}

interface GeneralChatResult {
  body: GeneralChatResponse;
  /** The response was stored under the Idempotency-Key with the messages (the route tells the plugin). */
  wroteIdempotent: boolean;
}

/** The chat after onboarding: only once completed, and only with the general agent. */
export class GeneralChatService {
  constructor(
    private readonly fitness: FitnessService,
    private readonly chats: ChatStore,
    private readonly agent: GeneralAgent,
  ) {}

  /**
   * One general chat turn, on the engine's turn protocol (src/engine/turn.ts): read, let the agent
   * answer, then write both messages and the idempotent response in one statement, so a retry
   * with the same Idempotency-Key after a lost answer replays the stored response instead of
   * adding the messages again. A profile change the user confirms in this turn is the step
   * service's own write (the agent's tool), made before this one.
   */
  async reply(userId: string, req: GeneralChatRequest, ctx: GeneralChatContext): Promise<GeneralChatResult> {
    const { message, agentType: requested, conversationId: given } = req;
    const { requestId, log, idempotencyKey } = ctx;
    const conversationId = given ?? randomUUID();
    return runTurn<FitnessRow | null, GeneralChatResult>({
      read: () => this.fitness.row(userId),
      stateOf: (row) => (row === null ? 'deleted' : row.is_complete ? 'complete' : 'onboarding'),
      decide: async (row) => {
        this.admit(row, requested, log);
        if (given && !(await this.chats.owns(userId, given))) {
          throw new AppError('NOT_FOUND', 'No such conversation', { field: 'conversation_id' });
        }
        const [profile, history] = await Promise.all([
          this.fitness.profile(userId),
          this.chats.history(userId, 'general', { conversationId, limit: 20 }),
        ]);
        if (!profile) throw new AppError('NOT_FOUND', 'No onboarding state exists for this user');
        log.info({ agent: 'general', conversationId }, 'chat: routed to general');
        const answer = await this.agent.reply({ userId, message, profile, history, locale: req.locale, requestId, log });
        const body: GeneralChatResponse = { response: answer.text, agent_type: 'general', conversation_id: conversationId };
        return {
          kind: 'write',
          result: { body, wroteIdempotent: idempotencyKey !== undefined },
          write: () =>
            this.chats.writeGeneralTurn({
              userId,
              conversationId,
              items: [
                { role: 'user', content: message, agentType: 'general', state: null },
                { role: 'assistant', content: answer.text, agentType: 'general', state: null, meta: answer.meta ?? null },
              ],
              idempotency: idempotencyKey === undefined ? undefined : { key: idempotencyKey, status: 200, body },
            }),
        };
      },
      conflict: (latest) => {
        // The onboarding was reset or deleted under the turn: answer as a fresh request would.
        this.admit(latest, requested, log);
        throw new AppError('CONFLICT', 'The profile changed while answering; send the message again');
      },
      retrying: (reason, attempt) => log.info({ reason, attempt }, 'chat: general turn retried'),
    });
  }

  /** Only after completion, and only the general agent: throws the refusal otherwise. */
  private admit(row: FitnessRow | null, requested: string | undefined, log: FastifyBaseLogger): void {
    if (!row) throw new AppError('NOT_FOUND', 'No onboarding state exists for this user');
    if (!row.is_complete) {
      const progress = progressOf(row);
      log.info({ agent: requested ?? 'general', state: progress.current_state }, 'chat: refused before onboarding');
      throw new AppError('ONBOARDING_REQUIRED', 'Complete onboarding to chat with the assistant', {
        onboarding_progress: accessControl({ onboardingCompleted: false, progress }).onboarding_progress,
        redirect: '/onboarding',
      });
    }
    if (requested && requested !== 'general') {
      log.info({ agent: requested }, 'chat: agent not allowed after onboarding');
      throw new AppError('AGENT_NOT_ALLOWED', `Only the general agent answers after onboarding, not ${requested}`, {
        requested_agent: requested,
        allowed_agent: 'general',
      });
    }
  }

  /** The general conversation (the given one, or the latest), oldest first. */
  async history(
    userId: string,
    opts: { conversationId?: string | undefined; limit: number },
  ): Promise<{ conversation_id: string | null; messages: ChatMessage[] }> {
    const conversationId = opts.conversationId ?? (await this.chats.latestConversation(userId, 'general'));
    const messages = conversationId ? await this.chats.history(userId, 'general', { conversationId, limit: opts.limit }) : [];
    return { conversation_id: conversationId, messages };
  }
}
