import type { Database } from '../db/index.js';

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

  async ensure(identity: Identity): Promise<string> {
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
      [identity.sub, identity.email ?? null, identity.name ?? null],
    );
    const id = rows[0]!.id;
    if (this.cache.size >= UserDirectory.MAX) this.cache.clear();
    this.cache.set(identity.sub, id);
    return id;
  }

  forget(sub: string): void {
    this.cache.delete(sub);
  }
}
