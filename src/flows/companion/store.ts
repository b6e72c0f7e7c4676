import type { Database } from '../../db/index.js';
import type { Locale } from '../../../machines/guided/types.js';

export interface StoredMessage {
  role: 'user' | 'assistant';
  content: string;
  created_at: string;
}

export interface ConversationSummary {
  conversation_id: string;
  agent_id: string;
  created_at: string;
  updated_at: string;
}

/** What the guided onboarding learnt about the user, for the companion to answer from. */
export interface GuidedKnowledge {
  locale: Locale | null;
  name: string | null;
  goal: string | null;
  summary: string | null;
  selected_agent_id: string | null;
}

const iso = (v: Date | string): string => new Date(v).toISOString();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** companion_conversations and companion_messages: every query is scoped to the user. */
export class CompanionStore {
  constructor(private readonly db: Database) {}

  /** The conversation's agent when it exists and is the user's; null otherwise (unknown and foreign look the same). */
  async agentOf(userId: string, conversationId: string): Promise<string | null> {
    if (!UUID.test(conversationId)) return null;
    const { rows } = await this.db.query<{ agent_id: string }>(
      'SELECT agent_id FROM companion_conversations WHERE id = $1 AND user_id = $2',
      [conversationId, userId],
    );
    return rows[0]?.agent_id ?? null;
  }

  async history(userId: string, conversationId: string, limit: number): Promise<StoredMessage[]> {
    const { rows } = await this.db.query<StoredMessage & { created_at: Date | string }>(
      `SELECT role, content, created_at FROM (
         SELECT id, role, content, created_at FROM companion_messages
         WHERE conversation_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3
       ) recent ORDER BY id ASC`,
      [conversationId, userId, limit],
    );
    return rows.map((r) => ({ role: r.role, content: r.content, created_at: iso(r.created_at) }));
  }

  /**
   * Stores one exchange in one statement: creates the conversation when `conversationId` is new,
   * appends both messages, and touches the conversation.
   */
  async appendTurn(t: {
    userId: string;
    conversationId: string;
    agentId: string;
    isNew: boolean;
    user: string;
    assistant: string;
    source: 'offline' | 'llm';
  }): Promise<void> {
    await this.db.query(
      `WITH c AS (
         INSERT INTO companion_conversations (id, user_id, agent_id) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET updated_at = now()
         WHERE companion_conversations.user_id = EXCLUDED.user_id
         RETURNING id
       )
       INSERT INTO companion_messages (conversation_id, user_id, role, content, source)
       SELECT c.id, $2, m.role, m.content, m.source FROM c,
         (VALUES (1, 'user', $4::text, NULL::text), (2, 'assistant', $5::text, $6::text)) AS m(n, role, content, source)
       ORDER BY m.n`,
      [t.conversationId, t.userId, t.agentId, t.user, t.assistant, t.source],
    );
  }

  async list(userId: string): Promise<ConversationSummary[]> {
    const { rows } = await this.db.query<{ id: string; agent_id: string; created_at: Date | string; updated_at: Date | string }>(
      'SELECT id, agent_id, created_at, updated_at FROM companion_conversations WHERE user_id = $1 ORDER BY updated_at DESC, id LIMIT 200',
      [userId],
    );
    return rows.map((r) => ({ conversation_id: r.id, agent_id: r.agent_id, created_at: iso(r.created_at), updated_at: iso(r.updated_at) }));
  }

  async guided(userId: string): Promise<GuidedKnowledge> {
    const { rows } = await this.db.query<{ context: Record<string, unknown> | null; result: Record<string, unknown> | null }>(
      `SELECT snapshot->'context' AS context, result FROM flow_sessions WHERE user_id = $1 AND flow = 'guided'`,
      [userId],
    );
    const c = rows[0]?.context ?? {};
    const r = rows[0]?.result ?? {};
    const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
    const locale = c.locale === 'es' || c.locale === 'en' ? c.locale : null;
    return {
      locale,
      name: str(c.user_name),
      goal: str(c.user_goal),
      summary: str(c.summary),
      selected_agent_id: str(r.selected_agent_id) ?? str(c.selected_agent_id),
    };
  }
}
