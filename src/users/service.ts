import { createHash } from 'node:crypto';
import type { Database } from '../db/index.js';

/** How an erased subject is remembered: never the subject itself. */
export const subjectHash = (sub: string): string => createHash('sha256').update(sub).digest('hex');

export interface Identity {
  sub: string;
  email?: string | undefined;
  name?: string | undefined;
}

/**
 * Finds or creates the user row for a token subject. The cache spares the hot path a round
 * trip: a sub maps to one id for the life of the row (rows are only removed by cascade tests).
 */
export class UserDirectory {
  private readonly cache = new Map<string, string>();
  private static readonly MAX = 50_000;

  constructor(private readonly db: Database) {}

  /**
   * The user's id, creating the row on first use; null when the subject's account was deleted
   * after the token was issued (`issuedAt`, seconds; a token without one counts as old).
   */
  async ensure(identity: Identity, issuedAt?: number): Promise<string | null> {
    const hit = this.cache.get(identity.sub);
    if (hit) return hit;
    // The fitness onboarding row exists from the first authenticated request (SPEC section 6),
    // so progress always answers; created in the same statement as the user.
    const { rows } = await this.db.query<{ id: string }>(
      `WITH u AS (
         INSERT INTO users (sub, email, full_name) VALUES ($1, $2, $3)
         ON CONFLICT (sub) DO UPDATE SET sub = EXCLUDED.sub
         RETURNING id
       ), o AS (
         INSERT INTO onboarding_states (user_id, current_step) SELECT id, 1 FROM u
         ON CONFLICT (user_id) DO NOTHING
       )
       SELECT id FROM u`,
      [identity.sub, identity.email ?? null, identity.name ?? null, subjectHash(identity.sub), issuedAt ?? null],
    );
    const id = rows[0]?.id;
    if (id === undefined) return null;
    if (this.cache.size >= UserDirectory.MAX) this.cache.clear();
    this.cache.set(identity.sub, id);
    return id;
  }

  forget(sub: string): void {
    this.cache.delete(sub);
  }
}
