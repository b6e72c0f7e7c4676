import type { Database } from '../db/index.js';

export interface Identity {
  sub: string;
  email?: string | undefined;
  name?: string | undefined;
}

/** How long a resolved user is trusted without asking the database again. */
export const USER_CACHE_TTL_MS = 30_000;

/**
 * Finds or creates the user row for a token subject. The cache spares the hot path a round
 * trip, but only for `ttlMs`: a user deleted behind the service's back (by SQL) stops being
 * served its old row within that time; `forgetUser` (the deletion path) makes it immediate.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { id: string; at: number }>();
  private readonly forgetListeners: Array<(userId: string) => void> = [];
  private static readonly MAX = 50_000;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    opts: { ttlMs?: number; now?: () => number } = {},
  ) {
    this.ttlMs = opts.ttlMs ?? USER_CACHE_TTL_MS;
    this.now = opts.now ?? Date.now;
  }

  /** True while a lookup made at `at` may still be trusted. */
  fresh(at: number): boolean {
    return this.now() - at < this.ttlMs;
  }

  async ensure(identity: Identity): Promise<string> {
    const hit = this.cache.get(identity.sub);
    if (hit && this.fresh(hit.at)) return hit.id;
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
    this.cache.set(identity.sub, { id, at: this.now() });
    return id;
  }

  forget(sub: string): void {
    this.cache.delete(sub);
  }

  /** Drops every cached trace of a user (call it when the user is deleted), here and in listeners. */
  forgetUser(userId: string): void {
    for (const [sub, entry] of this.cache) if (entry.id === userId) this.cache.delete(sub);
    for (const listener of this.forgetListeners) listener(userId);
  }

  /** Lets another cache (the verified-token cache) drop a user's entries with this one. */
  onForgetUser(listener: (userId: string) => void): void {
    this.forgetListeners.push(listener);
  }
}
