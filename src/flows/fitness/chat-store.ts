import type { Database } from '../../db/index.js';
import { writeAtomically, type IdempotentResponse, type TurnMessage } from '../../engine/sessions.js';

type Channel = 'onboarding' | 'general';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
  agent_type: string;
  state: number | null;
  created_at: string;
  /** Agent bookkeeping (e.g. a pending confirmation); never shown to the user. */
  meta: Record<string, unknown> | null;
}

/** Changes nothing; yields the user while their onboarding is complete and not deleted. */
const STILL_COMPLETE = `SELECT user_id FROM onboarding_states WHERE user_id = $1::uuid AND is_complete AND deleted_at IS NULL`;

/** chat_messages: every onboarding and general chat message, with its agent and state. */
export class ChatStore {
  constructor(private readonly db: Database) {}

  /**
   * Writes a general chat turn at once: its two messages and, when the request carries an
   * Idempotency-Key, the response stored under it (one statement, as every turn writes through
   * the engine). The write lands only while the user's onboarding is still complete and not
   * deleted (the general chat's precondition, read at the start of the turn); false otherwise.
   */
  writeGeneralTurn(w: {
    userId: string;
    conversationId: string;
    items: TurnMessage[];
    idempotency?: IdempotentResponse | undefined;
  }): Promise<boolean> {
    return writeAtomically(this.db, {
      change: { sql: STILL_COMPLETE, params: [w.userId] },
      flow: 'fitness',
      events: [],
      messages: { channel: 'general', conversationId: w.conversationId, items: w.items },
      idempotency: w.idempotency,
    });
  }

  /** The most recent `limit` messages of a conversation (or of the channel), oldest first. */
  async history(userId: string, channel: Channel, opts: { conversationId?: string; limit: number }): Promise<ChatMessage[]> {
    const { rows } = await this.db.query<ChatMessage & { created_at: Date | string }>(
      `SELECT role, content, agent_type, state, created_at, meta FROM (
         SELECT id, role, content, agent_type, state, created_at, meta FROM chat_messages
         WHERE user_id = $1 AND channel = $2 AND ($3::uuid IS NULL OR conversation_id = $3::uuid)
         ORDER BY id DESC LIMIT $4
       ) recent ORDER BY id ASC`,
      [userId, channel, opts.conversationId ?? null, opts.limit],
    );
    return rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() }));
  }

  /** The user's latest conversation in a channel, if any. */
  async latestConversation(userId: string, channel: Channel): Promise<string | null> {
    const { rows } = await this.db.query<{ conversation_id: string }>(
      `SELECT conversation_id FROM chat_messages WHERE user_id = $1 AND channel = $2 ORDER BY id DESC LIMIT 1`,
      [userId, channel],
    );
    return rows[0]?.conversation_id ?? null;
  }

  /** True when the conversation exists and belongs to the user. */
  async owns(userId: string, conversationId: string): Promise<boolean> {
    const { rows } = await this.db.query(`SELECT 1 FROM chat_messages WHERE user_id = $1 AND conversation_id = $2 LIMIT 1`, [
      userId,
      conversationId,
    ]);
    return rows.length > 0;
  }
}
