import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../errors.js';
import type { GeneralAgent } from '../assistant/port.js';
import type { ChatMessage, ChatStore } from './chat-store.js';
import { accessControl } from './progress.js';
import { progressOf, type FitnessService } from './service.js';

interface GeneralChatRequest {
  message: string;
  /** Ours or the original backend's agent names; anything but general is refused after onboarding. */
  agentType?: string | undefined;
  conversationId?: string | undefined;
  locale?: 'es' | 'en' | undefined;
}

/** The chat after onboarding: only once completed, and only with the general agent. */
export class GeneralChatService {
  constructor(
    private readonly fitness: FitnessService,
    private readonly chats: ChatStore,
    private readonly agent: GeneralAgent,
  ) {}

  async reply(userId: string, req: GeneralChatRequest, requestId: string, log: FastifyBaseLogger): Promise<{ response: string; agent_type: 'general'; conversation_id: string }> {
    const { message, agentType: requested, conversationId: given } = req;
    const row = await this.fitness.row(userId);
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
    if (given && !(await this.chats.owns(userId, given))) {
      throw new AppError('NOT_FOUND', 'No such conversation', { field: 'conversation_id' });
    }
    const conversationId = given ?? randomUUID();
    const [profile, history] = await Promise.all([
      this.fitness.profile(userId),
      this.chats.history(userId, 'general', { conversationId, limit: 20 }),
    ]);
    if (!profile) throw new AppError('NOT_FOUND', 'No onboarding state exists for this user');
    log.info({ agent: 'general', conversationId }, 'chat: routed to general');
    const answer = await this.agent.reply({ userId, message, profile, history, locale: req.locale, requestId, log });
    const response = answer.text;
    await this.chats.append(userId, 'general', conversationId, [
      { role: 'user', content: message, agentType: 'general', state: null },
      { role: 'assistant', content: response, agentType: 'general', state: null, meta: answer.meta ?? null },
    ]);
    return { response, agent_type: 'general', conversation_id: conversationId };
  }

  /** The general conversation (the given one, or the latest), oldest first. */
  async history(userId: string, opts: { conversationId?: string | undefined; limit: number }): Promise<{ conversation_id: string | null; messages: ChatMessage[] }> {
    const conversationId = opts.conversationId ?? (await this.chats.latestConversation(userId, 'general'));
    const messages = conversationId ? await this.chats.history(userId, 'general', { conversationId, limit: opts.limit }) : [];
    return { conversation_id: conversationId, messages };
  }
}
