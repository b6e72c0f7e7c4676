import { randomUUID } from 'node:crypto';
import type { Locale } from '../../../machines/guided/types.js';
import type { AgentsRegistry } from '../../agents/registry.js';
import type { CompanionResponder } from './port.js';
import type { CompanionStore, ConversationSummary, GuidedKnowledge, StoredMessage } from './store.js';

const MAX_MESSAGE_CHARS = 4000;
const HISTORY_LIMIT = 20;

export type ChatFailure = 'INVALID_AGENT' | 'INVALID_MESSAGE' | 'MESSAGE_TOO_LONG' | 'BAD_TEXT' | 'AGENT_MISMATCH' | 'NOT_FOUND';

interface ChatResponse {
  messages: Array<{ role: 'assistant'; content: string }>;
  conversation_id: string;
  agent_id: string;
}

/** NUL and unpaired surrogates cannot be stored as PostgreSQL text. */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** /api/chat's use cases: one turn with an avatar, and the user's own conversations. */
export class CompanionService {
  constructor(
    private readonly store: CompanionStore,
    private readonly registry: AgentsRegistry,
    private readonly responder: CompanionResponder,
  ) {}

  knowledge(userId: string): Promise<GuidedKnowledge> {
    return this.store.guided(userId);
  }

  /** Checks the request in the order a client fixes it: agent, then message, then conversation. */
  async turn(
    userId: string,
    req: { agentId: unknown; message: unknown; conversationId: unknown },
    locale: Locale,
    known: GuidedKnowledge,
  ): Promise<{ ok: true; body: ChatResponse } | { ok: false; code: ChatFailure }> {
    const agent = typeof req.agentId === 'string' ? this.registry.avatar(req.agentId) : undefined;
    if (!agent) return { ok: false, code: 'INVALID_AGENT' };
    if (typeof req.message !== 'string') return { ok: false, code: 'INVALID_MESSAGE' };
    const message = req.message.trim();
    if (message === '') return { ok: false, code: 'INVALID_MESSAGE' };
    if (message.length > MAX_MESSAGE_CHARS) return { ok: false, code: 'MESSAGE_TOO_LONG' };
    if (UNSTORABLE.test(message)) return { ok: false, code: 'BAD_TEXT' };

    let conversationId: string;
    let isNew = false;
    let history: StoredMessage[] = [];
    if (req.conversationId === undefined || req.conversationId === null) {
      conversationId = randomUUID();
      isNew = true;
    } else {
      if (typeof req.conversationId !== 'string') return { ok: false, code: 'NOT_FOUND' };
      const owner = await this.store.agentOf(userId, req.conversationId);
      if (owner === null) return { ok: false, code: 'NOT_FOUND' };
      // A conversation is with one avatar: switching persona mid-thread would rewrite its history.
      if (owner !== agent.id) return { ok: false, code: 'AGENT_MISMATCH' };
      conversationId = req.conversationId;
      history = await this.store.history(userId, conversationId, HISTORY_LIMIT);
    }
    const reply = await this.responder.reply({ agent, locale, message, history, known });
    await this.store.appendTurn({
      userId,
      conversationId,
      agentId: agent.id,
      isNew,
      user: message,
      assistant: reply.text,
      source: reply.source,
    });
    return {
      ok: true,
      body: { messages: [{ role: 'assistant', content: reply.text }], conversation_id: conversationId, agent_id: agent.id },
    };
  }

  async conversations(userId: string): Promise<{ conversations: ConversationSummary[]; default_agent_id: string }> {
    const [conversations, known] = await Promise.all([this.store.list(userId), this.store.guided(userId)]);
    const selected = known.selected_agent_id && this.registry.avatar(known.selected_agent_id) ? known.selected_agent_id : null;
    return { conversations, default_agent_id: selected ?? this.registry.avatars()[0]!.id };
  }

  async messages(
    userId: string,
    conversationId: string,
  ): Promise<{ conversation_id: string; agent_id: string; messages: StoredMessage[] } | null> {
    const agentId = await this.store.agentOf(userId, conversationId);
    if (agentId === null) return null;
    return { conversation_id: conversationId, agent_id: agentId, messages: await this.store.history(userId, conversationId, 500) };
  }
}
