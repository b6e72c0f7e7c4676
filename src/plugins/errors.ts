import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorBody } from '../errors.js';
import { isDatabaseUnavailable } from '../db/index.js';

export interface NormalizedError {
  status: number;
  code: ErrorCode;
  message: string;
  context: Record<string, unknown>;
}

/** Maps anything thrown in a request to one of SPEC section 8's codes, hiding 5xx internals. */
export function normalizeError(err: unknown): NormalizedError {
  if (err instanceof AppError) return { status: err.statusCode, code: err.code, message: err.message, context: err.context };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const path = first ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
    // zod reports unknown keys against the object that holds them: name the key itself.
    const keys = first?.keyword === 'unrecognized_keys' ? (first.params as { keys?: unknown }).keys : undefined;
    const unknownKey = Array.isArray(keys) && typeof keys[0] === 'string' ? keys[0] : '';
    const field = unknownKey ? [path, unknownKey].filter(Boolean).join('.') : path;
    const message = first?.message ?? 'Invalid request';
    return { status: 400, code: 'VALIDATION_ERROR', message: field ? `${field}: ${message}` : message, context: field ? { field } : {} };
  }
  if (isDatabaseUnavailable(err)) {
    return { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable, try again shortly', context: {} };
  }
  const fe = err as Partial<FastifyError>;
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is larger than 64 KB', context: {} };
  }
  if (status === 429) {
    return { status: 429, code: 'RATE_LIMITED', message: fe.message ?? 'Too many requests', context: {} };
  }
  if (status === 415) {
    return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type must be application/json', context: {} };
  }
  if (status === 401) return { status: 401, code: 'UNAUTHORIZED', message: 'Missing or invalid bearer token', context: {} };
  if (status === 404) return { status: 404, code: 'NOT_FOUND', message: fe.message ?? 'Not found', context: {} };
  if (status >= 400 && status < 500) {
    return { status: 400, code: 'VALIDATION_ERROR', message: fe.message ?? 'Invalid request', context: {} };
  }
  return { status: 500, code: 'INTERNAL_ERROR', message: 'Internal server error', context: {} };
}

export function logError(request: FastifyRequest, err: unknown, n: NormalizedError): void {
  const ctx = { err, code: n.code, userId: request.userId, route: request.routeOptions.url };
  if (n.status >= 500) request.log.error(ctx, 'request failed');
  else request.log.info({ ...ctx, err: undefined, message: n.message }, 'request rejected');
}

/** The one error handler for everything outside the guided flow (which renders its own shape). */
export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const n = normalizeError(err);
      logError(request, err, n);
      return reply.status(n.status).send(errorBody(n.code, n.message, request.id, n.context));
    });
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send(errorBody('NOT_FOUND', `Route ${request.method} ${request.url} not found`, request.id)),
    );
  },
  { name: 'errors' },
);
