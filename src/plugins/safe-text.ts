import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, PLATFORM_MESSAGES } from '../errors.js';
import { messageLocale } from './errors.js';

/**
 * PostgreSQL text cannot hold NUL, and an unpaired UTF-16 surrogate is either refused (jsonb:
 * 22P05) or silently turned into U+FFFD (text). Both are refused at the edge instead.
 */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Any NUL or surrogate at all: almost no text has one, and this class is a much cheaper scan. */
const SUSPECT = /[\0\uD800-\uDFFF]/;

export function isStorableText(s: string): boolean {
  return !SUSPECT.test(s) || !UNSTORABLE.test(s);
}

/** Deeper JSON is refused before anything (hashing, validation) walks it. */
export const MAX_JSON_DEPTH = 32;

/** Headers whose values are stored or echoed (request id, idempotency key, agent context). */
const STORED_HEADERS = ['idempotency-key', 'x-agent-context', 'x-request-id'] as const;

const FIELD_CHARS = 100;

type TextProblem = { kind: 'unstorable'; field: string } | { kind: 'too_deep'; field: string };

/** A field path a response may show: unstorable characters replaced, length bounded. */
function printableField(path: string): string {
  const clean = path.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD');
  return clean.length > FIELD_CHARS ? `${clean.slice(0, FIELD_CHARS)}…` : clean;
}

/**
 * Finds the first string (value or object key) PostgreSQL cannot store, or a nesting deeper
 * than `maxDepth`. Iterative, so no input can exhaust the stack; the body size limit bounds
 * the work.
 */
export function findTextProblem(value: unknown, maxDepth = MAX_JSON_DEPTH, root = ''): TextProblem | null {
  if (typeof value === 'string') return isStorableText(value) ? null : { kind: 'unstorable', field: root };
  if (typeof value !== 'object' || value === null) return null;
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return { kind: 'unstorable', field: path };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) return { kind: 'too_deep', field: path };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: join(path, String(i)), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (!isStorableText(key)) return { kind: 'unstorable', field: join(path, key) };
      stack.push({ v: (v as Record<string, unknown>)[key], path: join(path, key), depth: depth + 1 });
    }
  }
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** The problem of a request's body, query and stored headers, or null. */
function requestTextProblem(request: FastifyRequest): TextProblem | null {
  for (const name of STORED_HEADERS) {
    const raw = request.headers[name];
    if (raw === undefined) continue;
    if (typeof raw === 'string' ? !isStorableText(raw) : raw.some((v) => !isStorableText(v)))
      return { kind: 'unstorable', field: headerName(name) };
  }
  return findTextProblem(request.query) ?? findTextProblem(request.body);
}

function textProblemError(request: FastifyRequest, problem: TextProblem): AppError {
  const m = PLATFORM_MESSAGES[messageLocale(request)];
  const field = printableField(problem.field);
  return problem.kind === 'too_deep'
    ? new AppError('VALIDATION_ERROR', m.tooDeep(MAX_JSON_DEPTH), field ? { field } : {})
    : new AppError('VALIDATION_ERROR', m.unstorableText(field), { field });
}

/**
 * Every request's body (values and keys), query and stored headers are checked before any
 * route sees them: unstorable text or too-deep JSON is a 400 VALIDATION_ERROR naming the field,
 * answered in each route's own error shape.
 */
export default fp(
  async function safeTextPlugin(app: FastifyInstance) {
    app.addHook('preValidation', (request, _reply, done) => {
      const problem = requestTextProblem(request);
      done(problem ? textProblemError(request, problem) : undefined);
    });
  },
  { name: 'safe-text', dependencies: ['errors'] },
);
