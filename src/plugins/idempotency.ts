import { createHash } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export interface IdempotencyClaim {
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

const KEY = /^[\x21-\x7e]{1,200}$/;

interface KeyRow {
  request_hash: string;
  status: 'in_flight' | 'done';
  response_status: number | null;
  response_body: unknown;
}

/**
 * SPEC section 7: the same key and body replay the first response; another body gets 422; a
 * duplicate while the first is in flight gets 409. Keys are per user and live 24 hours. A claim
 * still in flight after 60 s belongs to a request that died: state changes and their stored
 * response are written together, so nothing of it was applied and the key may be claimed again.
 */
export default fp(
  async function idempotencyPlugin(app: FastifyInstance) {
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
        .update(`${request.method} ${request.routeOptions.url ?? request.url}\n${JSON.stringify(request.body ?? null)}`)
        .digest('hex');
      const claimed = await app.db.query(
        `INSERT INTO idempotency_keys (user_id, key, request_hash, status) VALUES ($1, $2, $3, 'in_flight')
         ON CONFLICT (user_id, key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, status = 'in_flight', response_status = NULL,
               response_body = NULL, created_at = now()
           WHERE idempotency_keys.created_at < now() - interval '24 hours'
              OR (idempotency_keys.status = 'in_flight' AND idempotency_keys.created_at < now() - interval '60 seconds')
         RETURNING 1`,
        [request.userId, key, hash],
      );
      if (claimed.rowCount > 0) {
        request.idempotency = { key, stored: false };
        return undefined;
      }
      const { rows } = await app.db.query<KeyRow>(
        `SELECT request_hash, status, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [request.userId, key],
      );
      const row = rows[0];
      if (!row) throw new AppError('CONFLICT', 'Idempotency key changed concurrently, retry the request');
      if (row.request_hash !== hash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
      }
      if (row.status !== 'done') {
        throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still in progress');
      }
      request.log.info({ idempotencyKey: key }, 'idempotent replay');
      return reply
        .status(row.response_status ?? 200)
        .header('idempotent-replayed', 'true')
        .send(row.response_body);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const claim = request.idempotency;
      if (!claim || claim.stored) return payload;
      claim.stored = true;
      if (reply.statusCode >= 500) {
        // Nothing was applied (writes are all-or-nothing), so a retry must be able to run again.
        await app.db.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2`, [request.userId, claim.key]);
        return payload;
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
        `UPDATE idempotency_keys SET status = 'done', response_status = $3, response_body = $4::jsonb
         WHERE user_id = $1 AND key = $2`,
        [request.userId, claim.key, reply.statusCode, JSON.stringify(body)],
      );
      return payload;
    });
  },
  { name: 'idempotency', dependencies: ['db'] },
);
