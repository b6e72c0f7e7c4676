import type { Database } from './index.js';

export interface PruneResult {
  events: number;
  idempotencyKeys: number;
}

/**
 * Keeps storage bounded: event rows and validation-failure records older than the retention (when one is set) and idempotency
 * keys past their 24 hours. Current state rows are never pruned.
 */
export async function prune(db: Database, retentionDays: number | undefined): Promise<PruneResult> {
  let events = 0;
  if (retentionDays !== undefined) {
    events = (await db.query(`DELETE FROM flow_events WHERE created_at < now() - make_interval(days => $1)`, [retentionDays])).rowCount;
    await db.query(`DELETE FROM validation_failures WHERE created_at < now() - make_interval(days => $1)`, [retentionDays]);
  }
  const keys = (await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'`)).rowCount;
  return { events, idempotencyKeys: keys };
}
