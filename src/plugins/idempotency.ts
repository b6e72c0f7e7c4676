import { createHash, randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { databaseErrorFacts } from './errors.js';
import { MAX_JSON_DEPTH } from './safe-text.js';

interface IdempotencyClaim {
  key: string;
  /** Set when the response was stored together with the state change (the engine did it). */
  stored: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: IdempotencyClaim | null;
  }
  interface FastifyInstance {
    /** preHandler for POST routes: claims the Idempotency-Key or replays its first response. */
    idempotent(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  }
}

interface IdempotencyOptions {
  /** How long a claim holds its key against other instances; longer than the longest turn. */
  leaseMs: number;
}

/**
 * The claim lease for a given LLM call timeout: an LLM-backed turn makes a few calls within its
 * deadline, so three call timeouts plus a margin outlast any turn that is still alive.
 */
export function claimLeaseMs(llmTimeoutMs: number): number {
  return 3 * llmTimeoutMs + 5000;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

interface KeyRow {
  request_hash: string;
  status: 'in_flight' | 'done';
  response_status: number | null;
  response_body: unknown;
  retry_after: number;
}

/**
 * JSON with object keys sorted, so the same body written in another key order is the same
 * request. Depth is bounded (the edge refuses deeper bodies first), so recursion is safe.
 */
function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_JSON_DEPTH) throw new AppError('VALIDATION_ERROR', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null, depth + 1)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * docs/behaviour/data.md: the same key and body replay the first response; another body gets 422; a
 * duplicate while the first is in flight gets 409 (with Retry-After). Keys are per user and live
 * 24 hours. A claim is a lease held by this instance: state changes and their stored response are
 * written together, so a claim whose request is no longer running applied nothing and may be
 * taken again, at once by this instance (it knows what it still runs: e.g. a release that failed
 * while the database was down) and by any instance once the lease has run out (e.g. a crash).
 */
export default fp(
  async function idempotencyPlugin(app: FastifyInstance, opts: IdempotencyOptions) {
    const instance = randomUUID();
    const leaseSeconds = Math.max(1, Math.ceil(opts.leaseMs / 1000));
    /** Keys whose request is running in this process, as `${userId}\n${key}`. */
    const running = new Set<string>();
    app.decorateRequest('idempotency', null);

    app.decorate('idempotent', async (request: FastifyRequest, reply: FastifyReply) => {
      const key = request.headers['idempotency-key'];
      if (request.method !== 'POST' || key === undefined) return undefined;
      if (typeof key !== 'string' || !KEY.test(key)) {
        throw new AppError('VALIDATION_ERROR', 'Idempotency-Key must be 1-200 printable ASCII characters', {
          field: 'Idempotency-Key',
        });
      }
      const hash = createHash('sha256')
        .update(`${request.method} ${request.routeOptions.url ?? request.url}\n${canonicalJson(request.body ?? null)}`)
        .digest('hex');
      const local = `${request.userId}\n${key}`;
      if (running.has(local)) {
        reply.header('retry-after', '1');
        throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still in progress');
      }
      running.add(local);
      let claimed = false;
      try {
        const res = await app.db.query(
          `INSERT INTO idempotency_keys (user_id, key, request_hash, status, owner, locked_until)
           VALUES ($1, $2, $3, 'in_flight', $4, now() + make_interval(secs => $5))
           ON CONFLICT (user_id, key) DO UPDATE
             SET request_hash = EXCLUDED.request_hash, status = 'in_flight', response_status = NULL,
                 response_body = NULL, created_at = now(), owner = EXCLUDED.owner, locked_until = EXCLUDED.locked_until
             WHERE idempotency_keys.created_at < now() - interval '24 hours'
                OR (idempotency_keys.status = 'in_flight' AND (
                      idempotency_keys.owner = EXCLUDED.owner
                   OR idempotency_keys.locked_until < now()
                   OR (idempotency_keys.locked_until IS NULL AND idempotency_keys.created_at < now() - interval '60 seconds')))
           RETURNING 1`,
          [request.userId, key, hash, instance, leaseSeconds],
        );
        claimed = res.rowCount > 0;
        if (claimed) {
          request.idempotency = { key, stored: false };
          return undefined;
        }
        const { rows } = await app.db.query<KeyRow>(
          `SELECT request_hash, status, response_status, response_body,
                  GREATEST(1, ceil(extract(epoch FROM (COALESCE(locked_until, created_at + interval '60 seconds') - now()))))::int AS retry_after
           FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
          [request.userId, key],
        );
        const row = rows[0];
        if (!row) throw new AppError('CONFLICT', 'Idempotency key changed concurrently, retry the request');
        if (row.request_hash !== hash) {
          throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
        }
        if (row.status !== 'done') {
          reply.header('retry-after', String(row.retry_after));
          throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still in progress');
        }
        request.log.info({ idempotencyKey: key }, 'idempotent replay');
        return reply
          .status(row.response_status ?? 200)
          .header('idempotent-replayed', 'true')
          .send(row.response_body);
      } finally {
        if (!claimed) running.delete(local);
      }
    });

    const settle = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> => {
      const claim = request.idempotency;
      if (!claim) return;
      request.idempotency = null;
      const local = `${request.userId}\n${claim.key}`;
      try {
        if (claim.stored) return;
        if (reply.statusCode >= 500) {
          // Nothing was applied (writes are all-or-nothing), so a retry must be able to run again.
          await app.db.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND owner = $3 AND status = 'in_flight'`, [
            request.userId,
            claim.key,
            instance,
          ]);
          return;
        }
        let body: unknown = null;
        if (typeof payload === 'string') {
          try {
            body = JSON.parse(payload);
          } catch {
            body = payload;
          }
        }
        await app.db.query(
          `UPDATE idempotency_keys SET status = 'done', response_status = $4, response_body = $5::jsonb
           WHERE user_id = $1 AND key = $2 AND owner = $3 AND status = 'in_flight'`,
          [request.userId, claim.key, instance, reply.statusCode, JSON.stringify(body)],
        );
      } catch (err) {
        // The key stays claimed by this instance but is no longer running: the next request with
        // it here takes it back at once, elsewhere after the lease. The answer still goes out.
        request.log.warn({ db: databaseErrorFacts(err) ?? undefined, idempotencyKey: claim.key }, 'idempotency key not settled');
      } finally {
        running.delete(local);
      }
    };

    // Callback hooks: most requests carry no key, and an async hook costs a promise and a microtask.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (!request.idempotency) return done(null, payload);
      settle(request, reply, payload).then(
        () => done(null, payload),
        (err: Error) => done(err),
      );
    });
    // A request that ends without a reply being sent (client gone) must not keep its key running.
    app.addHook('onResponse', (request, _reply, done) => {
      const claim = request.idempotency;
      if (claim) running.delete(`${request.userId}\n${claim.key}`);
      done();
    });
  },
  { name: 'idempotency', dependencies: ['db'] },
);
