import type { Database } from '../../db/index.js';

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

interface NewMessage {
  role: 'user' | 'assistant';
  content: string;
  agentType: string;
  state: number | null;
  meta?: Record<string, unknown> | null;
}

/** chat_messages: every onboarding and general chat message, with its agent and state. */
export class ChatStore {
  constructor(private readonly db: Database) {}

  /** Appends a turn's messages in one statement, in order. */
  async append(userId: string, channel: Channel, conversationId: string, messages: NewMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.db.query(
      `INSERT INTO chat_messages (user_id, channel, conversation_id, role, content, agent_type, state, meta)
       SELECT $1::uuid, $2::text, $3::uuid, m.role, m.content, m.agent_type, m.state, m.meta
       FROM unnest($4::text[], $5::text[], $6::text[], $7::int[], $8::jsonb[])
         WITH ORDINALITY AS m(role, content, agent_type, state, meta, n)
       ORDER BY m.n`,
      [
        userId,
        channel,
        conversationId,
        messages.map((m) => m.role),
        messages.map((m) => m.content),
        messages.map((m) => m.agentType),
        messages.map((m) => m.state),
        messages.map((m) => (m.meta ? JSON.stringify(m.meta) : null)),
      ],
    );
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
    const { rows } = await this.db.query(
      `SELECT 1 FROM chat_messages WHERE user_id = $1 AND conversation_id = $2 LIMIT 1`,
      [userId, conversationId],
    );
    return rows.length > 0;
  }
}
