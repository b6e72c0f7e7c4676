import type { Database } from './index.js';

interface PruneResult {
  events: number;
  idempotencyKeys: number;
  chatMessages: number;
  /** Onboarding rows whose offline dialogue (partial answers, values awaiting a yes) was cleared. */
  dialogues: number;
}

interface PruneOptions {
  /** Chat messages (they hold what users said about their health) older than this many days go. */
  chatRetentionDays?: number | undefined;
}

/**
 * Keeps storage bounded: event rows and validation-failure records older than the retention (when
 * one is set), chat messages older than theirs (when set), and idempotency keys with their stored
 * responses past their 24 hours (those are never replayed after 24 hours either). Current state
 * rows are never pruned; with the chat retention, their offline dialogue is cleared.
 */
export async function prune(db: Database, retentionDays: number | undefined, opts: PruneOptions = {}): Promise<PruneResult> {
  let events = 0;
  if (retentionDays !== undefined) {
    events = (await db.query(`DELETE FROM flow_events WHERE created_at < now() - make_interval(days => $1)`, [retentionDays])).rowCount;
    await db.query(`DELETE FROM validation_failures WHERE created_at < now() - make_interval(days => $1)`, [retentionDays]);
  }
  let chatMessages = 0;
  let dialogues = 0;
  if (opts.chatRetentionDays !== undefined) {
    chatMessages = (
      await db.query(`DELETE FROM chat_messages WHERE created_at < now() - make_interval(days => $1)`, [opts.chatRetentionDays])
    ).rowCount;
    // The dialogue keeps a few words of the conversation (partial answers, values awaiting a yes):
    // it goes with the messages. A conversation resumed later is asked its question afresh.
    dialogues = (
      await db.query(
        `UPDATE onboarding_states SET dialogue_machine_id = NULL, dialogue_machine_version = NULL, dialogue_snapshot = NULL
         WHERE dialogue_snapshot IS NOT NULL AND updated_at < now() - make_interval(days => $1)`,
        [opts.chatRetentionDays],
      )
    ).rowCount;
  }
  const keys = (await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'`)).rowCount;
  return { events, idempotencyKeys: keys, chatMessages, dialogues };
}
