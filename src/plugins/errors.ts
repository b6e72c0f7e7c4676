import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type MessageLocale, PLATFORM_MESSAGES, acceptLanguage, errorBody } from '../errors.js';
import { isDatabaseUnavailable } from '../db/index.js';

interface NormalizedError {
  status: number;
  code: ErrorCode;
  message: string;
  context: Record<string, unknown>;
}

/** What a PostgreSQL error may tell the logs: where it happened, never the values involved. */
interface DatabaseErrorFacts {
  sqlstate: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
}

/**
 * A driver error carrying a SQLSTATE (pg and PGlite alike). Their `message`, `detail`, `where`
 * and (PGlite) `query`/`params` can quote the user's text, so only these facts are kept.
 */
export function databaseErrorFacts(err: unknown): DatabaseErrorFacts | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as Record<string, unknown>;
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code) || typeof e.severity !== 'string') return null;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return { sqlstate: e.code, table: text(e.table), column: text(e.column), constraint: text(e.constraint), routine: text(e.routine) };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The language of this route's platform error messages when Accept-Language names none. */
    messageLocale?: MessageLocale;
  }
}

/** A `locale` field of the JSON body ("es", "en-GB"), when the request names its language there. */
function bodyLocale(request: FastifyRequest): MessageLocale | null {
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null || !('locale' in body) || typeof body.locale !== 'string') return null;
  const base = body.locale.trim().toLowerCase().split(/[-_]/u)[0];
  return base === 'en' || base === 'es' ? base : null;
}

/**
 * The language of error messages: the body's `locale` field, then Accept-Language, else the
 * route's default, else English.
 */
export function messageLocale(request: FastifyRequest): MessageLocale {
  return statedLocale(request) ?? request.routeOptions.config?.messageLocale ?? 'en';
}

/** The language the request itself states (body `locale`, then Accept-Language), or null. */
function statedLocale(request: FastifyRequest): MessageLocale | null {
  return bodyLocale(request) ?? acceptLanguage(request.headers['accept-language']);
}

const EXPECTED_ES: Readonly<Record<string, string>> = {
  string: 'un texto',
  number: 'un número',
  int: 'un número entero',
  boolean: 'true o false',
  array: 'una lista',
  object: 'un objeto',
};

/**
 * A request-schema issue in plain Spanish, from its code and facts (zod's own texts are English
 * and name types the way programmers do).
 */
function schemaIssueEs(field: string, keyword: string, params: Record<string, unknown>, english: string): string {
  const name = field === '' ? 'La petición' : field;
  const count = (key: string): string => (typeof params[key] === 'number' || typeof params[key] === 'bigint' ? String(params[key]) : '');
  switch (keyword) {
    case 'invalid_type':
      // Absent fields: zod says "received undefined", the route schemas say "is required".
      if (/received undefined|is required/.test(english)) return `Falta ${name}.`;
      return `${name} debe ser ${EXPECTED_ES[String(params.expected)] ?? 'de otro tipo'}.`;
    case 'too_small':
      if (params.origin === 'string')
        return count('minimum') === '1' ? `${name} no puede estar vacío.` : `${name} debe tener al menos ${count('minimum')} caracteres.`;
      if (params.origin === 'array') return `${name} debe tener al menos ${count('minimum')} elementos.`;
      return `${name} debe ser como mínimo ${count('minimum')}.`;
    case 'too_big':
      if (params.origin === 'string') return `${name} debe tener como máximo ${count('maximum')} caracteres.`;
      if (params.origin === 'array') return `${name} debe tener como máximo ${count('maximum')} elementos.`;
      return `${name} debe ser como máximo ${count('maximum')}.`;
    case 'invalid_value':
      return Array.isArray(params.values)
        ? `${name} debe ser uno de estos valores: ${params.values.map(String).join(', ')}.`
        : `${name} no es un valor válido.`;
    case 'unrecognized_keys':
      return `Campo desconocido: ${name}.`;
    case 'invalid_format':
      return `${name} no tiene un formato válido.`;
    default:
      return `${name} no es válido.`;
  }
}

/**
 * Maps anything thrown in a request to one of docs/behaviour/errors.md's codes, hiding 5xx
 * internals. A domain error answers in `locale` when the request stated it (`stated`); otherwise
 * in its own message's language, which its flow chose (a chat session remembers its language).
 */
export function normalizeError(err: unknown, locale: MessageLocale = 'en', stated = true): NormalizedError {
  const m = PLATFORM_MESSAGES[locale];
  if (err instanceof AppError) {
    const message = (stated ? err.localized[locale] : undefined) ?? err.message;
    return { status: err.statusCode, code: err.code, message, context: err.context };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const path = first ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
    // zod reports unknown keys against the object that holds them: name the key itself.
    const keys = first?.keyword === 'unrecognized_keys' ? (first.params as { keys?: unknown }).keys : undefined;
    // A caller's key can be any length: it is named by at most 64 characters of it.
    const unknownKey =
      Array.isArray(keys) && typeof keys[0] === 'string' ? (keys[0].length > 64 ? `${keys[0].slice(0, 64)}…` : keys[0]) : '';
    const field = unknownKey ? [path, unknownKey].filter(Boolean).join('.') : path;
    if (locale === 'es' && first) {
      const params = (typeof first.params === 'object' && first.params !== null ? first.params : {}) as Record<string, unknown>;
      return {
        status: 400,
        code: 'VALIDATION_ERROR',
        message: schemaIssueEs(field, first.keyword, params, first.message ?? ''),
        context: field ? { field } : {},
      };
    }
    // zod's own text for an unknown key quotes it whole: the field already names it, bounded.
    const message = unknownKey ? 'unknown field' : (first?.message ?? m.badRequest);
    return { status: 400, code: 'VALIDATION_ERROR', message: field ? `${field}: ${message}` : message, context: field ? { field } : {} };
  }
  if (isDatabaseUnavailable(err)) {
    return { status: 503, code: 'SERVICE_UNAVAILABLE', message: m.unavailable, context: {} };
  }
  const db = databaseErrorFacts(err);
  // SQLSTATE class 22 (data exception: bad encoding, bad text representation, out of range) is
  // input the edge checks let through; the statement failed, so nothing was stored.
  if (db?.sqlstate.startsWith('22')) return { status: 400, code: 'VALIDATION_ERROR', message: m.badData, context: {} };
  if (db) return { status: 500, code: 'INTERNAL_ERROR', message: m.internal, context: {} };
  const fe = (typeof err === 'object' && err !== null ? err : {}) as Partial<FastifyError>;
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: m.tooLarge, context: {} };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: m.unsupportedMediaType, context: {} };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'VALIDATION_ERROR', message: m.invalidJson, context: {} };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'VALIDATION_ERROR', message: m.emptyJson, context: {} };
    default:
  }
  if (status === 413) return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: m.tooLarge, context: {} };
  if (status === 429) {
    // The limiter's own message is ours (English); other languages get the plain version.
    const message = locale === 'en' && typeof fe.message === 'string' ? fe.message : m.rateLimited('un momento');
    return { status: 429, code: 'RATE_LIMITED', message, context: {} };
  }
  if (status === 415) return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: m.unsupportedMediaType, context: {} };
  if (status === 401) return { status: 401, code: 'UNAUTHORIZED', message: m.unauthorized, context: {} };
  if (status === 404) return { status: 404, code: 'NOT_FOUND', message: m.notFoundItem, context: {} };
  if (status === 503) return { status: 503, code: 'SERVICE_UNAVAILABLE', message: m.unavailable, context: {} };
  if (status >= 400 && status < 500) {
    // Framework 4xx texts ("Body is not valid JSON ...", content-length mismatches) stay in the logs.
    return { status: 400, code: 'VALIDATION_ERROR', message: m.badBody, context: {} };
  }
  return { status: 500, code: 'INTERNAL_ERROR', message: m.internal, context: {} };
}

export function logError(request: FastifyRequest, err: unknown, n: NormalizedError): void {
  const db = databaseErrorFacts(err);
  // A database error is logged by its facts only: its texts can quote names, goals or summaries.
  const ctx = db
    ? { db, code: n.code, userId: request.userId, route: request.routeOptions.url }
    : { err, code: n.code, userId: request.userId, route: request.routeOptions.url };
  if (n.status >= 500) request.log.error(ctx, 'request failed');
  else request.log.info({ ...ctx, err: undefined, message: n.message }, 'request rejected');
}

/** The request's path without its query string (which may carry a token). */
function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).slice(0, 200);
}

/** The one error handler for everything outside the guided flow (which renders its own shape). */
export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const n = normalizeError(err, messageLocale(request), statedLocale(request) !== null);
      logError(request, err, n);
      return reply.status(n.status).send(errorBody(n.code, n.message, request.id, n.context));
    });
    app.setNotFoundHandler((request, reply) => {
      const m = PLATFORM_MESSAGES[messageLocale(request)];
      return reply.status(404).send(errorBody('NOT_FOUND', m.notFound(request.method, pathOf(request)), request.id));
    });

    // While closing, requests still arriving (on kept-alive connections) get the documented 503
    // in each route's own error shape instead of the framework's fixed body. The app is built
    // with return503OnClosing off so that they reach this hook.
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onRequest', (request, reply, done) => {
      if (!closing) return done();
      reply.header('connection', 'close');
      done(new AppError('SERVICE_UNAVAILABLE', PLATFORM_MESSAGES[messageLocale(request)].shuttingDown));
    });
  },
  { name: 'errors' },
);
