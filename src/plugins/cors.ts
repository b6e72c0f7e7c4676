import fp from 'fastify-plugin';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** The header set on a response replayed from a stored Idempotency-Key (see idempotency.ts). */
export const IDEMPOTENT_REPLAY_HEADER = 'Idempotent-Replayed';

const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', IDEMPOTENT_REPLAY_HEADER] as const;

interface CorsOptions {
  /** Exact origins allowed to call the API from a browser; none means no cross-origin access. */
  origins: readonly string[];
}

/**
 * Browser access for the allowed origins. Common HTTP clients add headers of their own
 * (`X-Requested-With`, `X-Client-Version`, `Cache-Control`, ...) to every request; the
 * preflight reflects whatever headers the browser asks for instead of keeping a list that a
 * new client breaks. That opens nothing: the origin check still applies, and the API trusts
 * no header for authority except the bearer token.
 */
export default fp(
  async function corsPlugin(app: FastifyInstance, opts: CorsOptions) {
    await app.register(cors, {
      origin: [...opts.origins],
      methods: [...CORS_METHODS],
      // Leaving allowedHeaders unset makes the plugin reflect Access-Control-Request-Headers.
      exposedHeaders: [...CORS_EXPOSED_HEADERS],
      maxAge: 600,
      // An OPTIONS request without Origin or Access-Control-Request-Method is not a preflight:
      // answered like one (the origin check still decides the headers) instead of the plugin's
      // own text/plain 400, which is not an error shape of docs/behaviour/errors.md.
      strictPreflight: false,
    });
  },
  { name: 'cors' },
);
