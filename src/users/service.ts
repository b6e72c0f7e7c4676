import { createHash } from 'node:crypto';
import type { Database } from '../db/index.js';

/** How an erased subject is remembered: never the subject itself. */
export const subjectHash = (sub: string): string => createHash('sha256').update(sub).digest('hex');

export interface Identity {
  sub: string;
  email?: string | undefined;
  name?: string | undefined;
}

export interface UserRecord {
  id: string;
  email: string | null;
  full_name: string | null;
}

/**
 * Resolves a token subject to its user row, creating it on first sight. Identity only: flows
 * create their own rows when they first need them. The cache spares the hot path a round trip:
 * a sub maps to one id for the life of the row.
 */
export class UserDirectory {
  private readonly cache = new Map<string, string>();
  private static readonly MAX = 50_000;

  constructor(private readonly db: Database) {}

  /**
   * The user's id, creating the row on first use; null when the subject's account was erased
   * after the token was issued (`issuedAt`, seconds; a token without one counts as old).
   */
  async ensure(identity: Identity, issuedAt?: number): Promise<string | null> {
    const hit = this.cache.get(identity.sub);
    if (hit) return hit;
    // Never UPDATE an existing user here: a row lock taken on every first request would make a
    // concurrent state write's foreign-key check wait on it (and deadlock across instances).
    // Insert-if-absent (unless the subject was erased after this token was issued), then a plain
    // read when another request created the row first.
    const inserted = await this.db.query<{ id: string }>(
      `INSERT INTO users (sub, email, full_name)
       SELECT $1, $2, $3
       WHERE NOT EXISTS (
         SELECT 1 FROM erased_subjects e
         WHERE e.sub_hash = $4 AND ($5::bigint IS NULL OR e.erased_at >= to_timestamp($5::bigint))
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
    this.cache.set(identity.sub, id);
    return id;
  }

  forget(sub: string): void {
    this.cache.delete(sub);
  }

  async find(userId: string): Promise<UserRecord | null> {
    const { rows } = await this.db.query<UserRecord>('SELECT id, email, full_name FROM users WHERE id = $1', [userId]);
    return rows[0] ?? null;
  }
}
