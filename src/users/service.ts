import { createHash } from 'node:crypto';
import type { Database } from '../db/index.js';

/** How an erased subject is remembered: never the subject itself. */
const subjectHash = (sub: string): string => createHash('sha256').update(sub).digest('hex');

interface Identity {
  sub: string;
  email?: string | undefined;
  name?: string | undefined;
}

interface UserRecord {
  id: string;
  email: string | null;
  full_name: string | null;
}

/** How long a resolved user is trusted without asking the database again. */
const USER_CACHE_TTL_MS = 30_000;

/**
 * Resolves a token subject to its user row, creating it on first sight. Identity only: flows
 * create their own rows when they first need them. The cache spares the hot path a round
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

  /**
   * The user's id, creating the row on first use; null when the subject's account was erased
   * after the token was issued (`issuedAt`, seconds, possibly fractional; a token without one
   * counts as old).
   */
  async ensure(identity: Identity, issuedAt?: number): Promise<string | null> {
    const hit = this.cache.get(identity.sub);
    if (hit && this.fresh(hit.at)) return hit.id;
    // Never UPDATE an existing user here: a row lock taken on every first request would make a
    // concurrent state write's foreign-key check wait on it (and deadlock across instances).
    // Insert-if-absent (unless the subject was erased after this token was issued), then a plain
    // read when another request created the row first.
    const inserted = await this.db.query<{ id: string }>(
      `INSERT INTO users (sub, email, full_name)
       SELECT $1, $2, $3
       WHERE NOT EXISTS (
         SELECT 1 FROM erased_subjects e
         WHERE e.sub_hash = $4 AND ($5::double precision IS NULL OR e.erased_at >= to_timestamp($5::double precision))
       )
       ON CONFLICT (sub) DO NOTHING RETURNING id`,
      [identity.sub, identity.email ?? null, identity.name ?? null, subjectHash(identity.sub), issuedAt ?? null],
    );
    let id = inserted.rows[0]?.id;
    if (!id) {
      const { rows } = await this.db.query<{ id: string }>(`SELECT id FROM users WHERE sub = $1`, [identity.sub]);
      id = rows[0]?.id;
      if (!id) return null;
    }
    if (this.cache.size >= UserDirectory.MAX) this.cache.clear();
    this.cache.set(identity.sub, { id, at: this.now() });
    return id;
  }

  forget(sub: string): void {
    this.cache.delete(sub);
  }

  async find(userId: string): Promise<UserRecord | null> {
    const { rows } = await this.db.query<UserRecord>('SELECT id, email, full_name FROM users WHERE id = $1', [userId]);
    return rows[0] ?? null;
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
