/**
 * Hostile requests for every route of the app (issue 10's hostile-input suite): the routes come
 * from the app itself (its route tree and its OpenAPI document), and fast-check arbitraries built
 * from each operation's documented schema turn a plausible request into a hostile one: wrong
 * types, missing and extra fields, huge strings, NUL characters and unpaired surrogates in values
 * and in field names, deep nesting, numbers out of range, NaN-like strings, arrays for objects,
 * invalid JSON, wrong content types, hostile headers, query strings, path parameters and tokens.
 *
 * Each request says whether the documented rules require it to be refused (`mustReject`, with the
 * reason): schema violations, unstorable text, too-deep or too-large bodies, refused tokens. A
 * request without such a reason may be accepted; the suite checks those only for 5xx and leaks.
 */
import { createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// The OpenAPI document, as much of it as the generators read.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  $ref?: string;
}

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: Array<OpenApiParameter | { $ref: string }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: Array<Record<string, unknown>>;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema>; parameters?: Record<string, OpenApiParameter> };
  security?: Array<Record<string, unknown>>;
}

// ---------------------------------------------------------------------------------------------
// Routes.

interface RouteEntry {
  method: string;
  url: string;
}

/**
 * Every (method, url) of `app.printRoutes()`: each level of the radix tree is indented by four
 * characters and a node's segment continues its parent's path (the root node is empty).
 */
export function parseRouteTree(tree: string): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const prefixes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!m) continue;
    const depth = [...(m[1] ?? '')].length / 4;
    const segment = m[2] === '(empty root node)' ? '' : (m[2] ?? '');
    const url = (depth === 0 ? '' : (prefixes[depth - 1] ?? '')) + segment;
    prefixes[depth] = url;
    // A wildcard beside the root ('*', as @fastify/cors registers it) is the path '/*'.
    prefixes.length = depth + 1;
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      routes.push({ method, url: url.startsWith('/') ? url : `/${url}` });
    }
  }
  return routes;
}

export type Family = 'platform' | 'guided' | 'companion';

/** One route the suite attacks, with what its documentation says about it. */
export interface Operation {
  key: string;
  method: string;
  /** Fastify's pattern: `:name` parameters, a trailing `*`. */
  url: string;
  documented: boolean;
  /** Documented as needing a bearer token. */
  secured: boolean;
  /** The documented body, `{}` (anything) for a body-carrying route without one, null for none. */
  body: JsonSchema | null;
  /** Whether the documented body is required. */
  bodyRequired: boolean;
  query: OpenApiParameter[];
  headers: OpenApiParameter[];
  pathParams: string[];
  /** Documents the Idempotency-Key header. */
  idempotent: boolean;
  /** The error shape of this route's family (docs/behaviour/errors.md). */
  family: Family;
  /** The methods this url has, so a wrong method can be chosen. */
  methods: string[];
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function familyOf(path: string): Family {
  if (path === '/api/onboarding/action') return 'guided';
  if (path === '/api/chat' || path.startsWith('/api/chat/')) return 'companion';
  return 'platform';
}

/** Inlines every `$ref` of the document's components (the document has no cycles). */
function deref<T>(value: T, doc: OpenApiDoc, depth = 0): T {
  if (depth > 50) throw new Error('schema references nest too deep');
  if (Array.isArray(value)) return value.map((v: unknown) => deref(v, doc, depth + 1)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const [, , section, name] = ref.split('/');
    const components = doc.components as Record<string, Record<string, unknown> | undefined> | undefined;
    const target = section && name ? components?.[section]?.[name] : undefined;
    if (target === undefined) throw new Error(`unresolved reference ${ref}`);
    return deref(target as T, doc, depth + 1);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deref(v, doc, depth + 1)])) as T;
}

/** The operations of every route in the tree, documented ones with their schemas. */
export function operationsOf(routes: RouteEntry[], doc: OpenApiDoc): Operation[] {
  const methodsByUrl = new Map<string, string[]>();
  for (const r of routes) methodsByUrl.set(r.url, [...(methodsByUrl.get(r.url) ?? []), r.method]);
  const documented = new Map<string, OpenApiOperation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) documented.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op);
  }
  return routes.map(({ method, url }) => {
    const key = `${method} ${url}`;
    // A HEAD route is its GET route without the body: the GET's documentation applies.
    const raw = documented.get(key) ?? (method === 'HEAD' ? documented.get(`GET ${url}`) : undefined);
    const op = raw ? deref(raw, doc) : undefined;
    const params = (op?.parameters ?? []) as OpenApiParameter[];
    const security = op?.security ?? doc.security ?? [];
    const bodySchema = op?.requestBody?.content?.['application/json']?.schema;
    return {
      key,
      method,
      url,
      documented: op !== undefined,
      secured: op !== undefined && security.some((s) => 'bearerAuth' in s),
      body: bodySchema ?? (BODY_METHODS.has(method) ? {} : null),
      bodyRequired: bodySchema !== undefined,
      query: params.filter((p) => p.in === 'query'),
      headers: params.filter((p) => p.in === 'header'),
      pathParams: [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!),
      idempotent: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
      family: familyOf(url),
      methods: methodsByUrl.get(url) ?? [method],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// JSON values, with room for literal JSON text (numbers JSON.stringify cannot write, deep nesting).

/** JSON text placed as is where a value would be serialized. */
class RawJson {
  constructor(readonly text: string) {}
}

type Key = string | number;

/** JSON text of a value; RawJson parts are inserted verbatim, so no recursion walks deep nesting. */
function toJson(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const DELETE = Symbol('delete');

/** A copy of `root` with the value at `path` replaced by `f(old)` (or removed), copying only the path. */
function updateAt(root: unknown, path: readonly Key[], f: (old: unknown) => unknown): unknown {
  if (path.length === 0) return f(root);
  const [head, ...rest] = path as [Key, ...Key[]];
  if (Array.isArray(root)) {
    const copy = [...root];
    const next = updateAt(copy[head as number], rest, f);
    if (next === DELETE) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) define(copy, k, v);
  const next = updateAt(copy[head], rest, f);
  if (next === DELETE) delete copy[head];
  else define(copy, String(head), next);
  return copy;
}

/** Sets an own property, even one named `__proto__`. */
function define(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------
// Schema-conforming values, with every node's path and schema (the mutation targets).

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

function jsonTypeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'object') return typeof v as JsonType;
  return 'null';
}

/** The JSON types a schema admits, or null when it constrains none. */
function allowedTypes(s: JsonSchema): Set<JsonType> | null {
  if (s.const !== undefined) return new Set([jsonTypeOf(s.const)]);
  if (s.enum) return new Set(s.enum.map(jsonTypeOf));
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const all = new Set<JsonType>();
    for (const alt of alts) {
      const a = allowedTypes(alt);
      if (a === null) return null;
      for (const t of a) all.add(t);
    }
    return all;
  }
  if (s.type === undefined) return null;
  return new Set((Array.isArray(s.type) ? s.type : [s.type]) as JsonType[]);
}

function typeAdmitted(v: unknown, allowed: Set<JsonType>): boolean {
  const t = jsonTypeOf(v);
  return allowed.has(t) || (t === 'integer' && allowed.has('number'));
}

interface SchemaNode {
  path: Key[];
  schema: JsonSchema;
}

interface Gen {
  value: unknown;
  nodes: SchemaNode[];
}

/** Known-good values for fields of these names, so bases often pass the first checks and reach deeper ones. */
type Hints = Readonly<Record<string, readonly unknown[]>>;

const within = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid({ version: 4 });
  if (s.format === 'email') {
    return fc.tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom('example.com', 'test.org')).map(([a, d]) => `${a}@${d}`);
  }
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
  const min = s.minLength ?? 0;
  return fc.string({ minLength: min, maxLength: Math.max(min, Math.min(s.maxLength ?? 24, 24)) });
}

/** Values the schema admits (as far as the document says), with every node for mutations. */
function validGen(s: JsonSchema, hints: Hints, name?: string): fc.Arbitrary<Gen> {
  const leaf = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<Gen> => arb.map((value) => ({ value, nodes: [{ path: [], schema: s }] }));
  const hinted = name !== undefined ? hints[name] : undefined;
  const plain = (arb: fc.Arbitrary<unknown>) => leaf(hinted ? fc.oneof(fc.constantFrom(...hinted), arb) : arb);
  if (s.const !== undefined) return leaf(fc.constant(s.const));
  if (s.enum && s.enum.length > 0) return leaf(fc.constantFrom(...s.enum));
  const alts = s.oneOf ?? s.anyOf;
  if (alts && alts.length > 0) {
    return fc
      .oneof(...alts.map((alt) => validGen(alt, hints, name)))
      .map((g) => ({ value: g.value, nodes: [{ path: [], schema: s }, ...g.nodes.slice(1)] }));
  }
  const types = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
  if (types.length > 1) return fc.oneof(...types.map((type) => validGen({ ...s, type }, hints, name)));
  switch (types[0]) {
    case 'object': {
      const props = Object.entries(s.properties ?? {});
      const required = new Set(s.required ?? []);
      const parts = props.map(([k, sub]) => {
        const g = validGen(sub, hints, k);
        return (required.has(k) ? g : fc.option(g, { nil: undefined, freq: 2 })).map((x) => [k, x] as const);
      });
      return fc.tuple(...parts).map((entries) => {
        const value: Record<string, unknown> = {};
        const nodes: SchemaNode[] = [{ path: [], schema: s }];
        for (const [k, g] of entries) {
          if (g === undefined) continue;
          define(value, k, g.value);
          nodes.push(...g.nodes.map((n) => ({ path: [k, ...n.path], schema: n.schema })));
        }
        return { value, nodes };
      });
    }
    case 'array': {
      const minLength = s.minItems ?? 0;
      return fc
        .array(validGen(s.items ?? {}, hints, name), { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 3, 3)) })
        .map((items) => ({
          value: items.map((g) => g.value),
          nodes: [{ path: [], schema: s }, ...items.flatMap((g, i) => g.nodes.map((n) => ({ path: [i, ...n.path], schema: n.schema })))],
        }));
    }
    case 'string':
      return plain(stringArb(s));
    case 'integer':
      return plain(fc.integer({ min: within(s.minimum ?? -1000, -1e6, 1e6), max: within(s.maximum ?? 1000, -1e6, 1e6) }));
    case 'number':
      return plain(
        fc.oneof(
          fc.integer({ min: Math.ceil(within(s.minimum ?? -1000, -1e6, 1e6)), max: Math.floor(within(s.maximum ?? 1000, -1e6, 1e6)) }),
          fc.double({
            min: within(s.minimum ?? -1000, -1e6, 1e6),
            max: within(s.maximum ?? 1000, -1e6, 1e6),
            noNaN: true,
            noDefaultInfinity: true,
          }),
        ),
      );
    case 'boolean':
      return plain(fc.boolean());
    case 'null':
      return leaf(fc.constant(null));
    default:
      return plain(fc.constantFrom<unknown>('x', 1, true, null));
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile text.

/** src/plugins/safe-text.ts's definition: NUL, or a UTF-16 surrogate without its other half. */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Characters PostgreSQL cannot store in text: NUL and unpaired UTF-16 surrogates. */
const UNSTORABLE_CHARS = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'] as const;

const unstorableText: fc.Arbitrary<string> = fc
  .tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...UNSTORABLE_CHARS), fc.string({ maxLength: 6 }))
  .map(([a, c, b]) => `${a}${c}${b}`);

/** Injection-looking and otherwise awkward text that PostgreSQL can store. */
const NASTY = [
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  'Robert"); DELETE FROM users WHERE ("1"="1',
  '$(reboot)',
  '`id`',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '\\u0000',
  '%s%s%s%n',
  '\u202eevil',
  '\ufeffbom',
  'zero\u200bwidth',
  '𝕳𝖊𝖑𝖑𝖔 🏋️‍♀️',
  'null',
  'undefined',
  'NaN',
  '[]',
  '{}',
  '\r\n\r\nX-Injected: 1',
  ' ',
  '',
  'İıß',
  'line\u2028separator',
  'tab\tand\u0085next',
  '__proto__',
] as const;

const nastyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 12 }),
);

/** Field names an attacker would try. */
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '$where',
    '$gt',
    'a.b',
    '',
    ' ',
    'user_id',
    'id',
    'is_complete',
    'role',
  ),
  nastyText,
  fc.integer({ min: 1000, max: 60_000 }).map((n) => 'k'.repeat(n)),
);

const NAN_LIKE = ['NaN', 'Infinity', '-Infinity', '1e999', '-0', '0x1F', '1_000', ' 7 ', '٣', '', '1e5', '12abc'] as const;
const RAW_NUMBERS = ['1e999', '-1e999', '1e-400', '123456789012345678901234567890', '-0', '0.1e1'] as const;

// ---------------------------------------------------------------------------------------------
// Requests.

export type Actor = 'fresh' | 'midway' | 'done' | 'admin' | 'disposable' | 'anonymous';

export type AuthSpec =
  | { kind: 'actor' }
  | { kind: 'none' }
  | { kind: 'raw'; header: string }
  /** Claims signed with the app's own secret. */
  | { kind: 'claims'; claims: Record<string, unknown> }
  | { kind: 'foreign-secret' }
  | { kind: 'alg-none' }
  | { kind: 'expired' };

type BodySpec =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType?: string }
  | { kind: 'raw'; payload: string | Buffer; contentType?: string };

export interface HostileRequest {
  op: string;
  kind: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  auth: AuthSpec;
  actor: Actor;
  /** Why the documented rules require this request to be refused, or null. */
  mustReject: string | null;
}

interface Draft {
  kind: string;
  method: string;
  params: Record<string, string>;
  query: string;
  headers: Record<string, string>;
  body: BodySpec;
  auth: AuthSpec;
  actor: Actor;
  reasons: string[];
}

/** The request body limit (src/app.ts). */
const BODY_LIMIT = 64 * 1024;
/** Deeper JSON is refused at the edge (src/plugins/safe-text.ts). */
const MAX_DEPTH = 32;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const mutate = (d: Draft, kind: string, reason: string | null, patch: Partial<Draft> = {}): Draft => ({
  ...d,
  ...patch,
  kind,
  reasons: reason ? [...d.reasons, reason] : d.reasons,
});

function bodyValue(d: Draft): unknown {
  return d.body.kind === 'json' ? d.body.value : {};
}

/**
 * The mutations of a body's nodes. Whether the result must be refused is decided afterwards from
 * the JSON actually sent (see `finish`), except for what only the content type tells.
 */
function bodyMutations(d: Draft, op: Operation, nodes: SchemaNode[]): Array<fc.Arbitrary<Draft>> {
  const value = bodyValue(d);
  const out: Array<fc.Arbitrary<Draft>> = [];
  const set = (kind: string, path: Key[], v: unknown) =>
    mutate(d, kind, null, { body: { kind: 'json', value: updateAt(value, path, () => v) } });
  const on = (pred: (n: SchemaNode) => boolean, f: (n: SchemaNode) => fc.Arbitrary<Draft>) => {
    const found = nodes.filter(pred);
    if (found.length > 0) out.push(fc.constantFrom(...found).chain(f));
  };
  const isObject = (n: SchemaNode) => jsonTypeOf(valueAt(value, n.path)) === 'object';

  on(
    (n) => allowedTypes(n.schema) !== null,
    (n) => {
      const allowed = allowedTypes(n.schema)!;
      const candidates: unknown[] = ['', 'abc', '1', 'true', 'null', 0, -1, 1.5, 1e308, true, false, null, {}, { a: 1 }, [], [1, 'a']];
      const wrong = candidates.filter((c) => !typeAdmitted(c, allowed));
      return fc.constantFrom(...(wrong.length > 0 ? wrong : candidates)).map((v) => set('wrong-type', n.path, v));
    },
  );
  on(
    (n) => (n.schema.required ?? []).length > 0 && isObject(n),
    (n) => fc.constantFrom(...n.schema.required!).map((k) => set('missing-field', [...n.path, k], DELETE)),
  );
  on(isObject, (n) =>
    fc.tuple(hostileKey, fc.oneof(nastyText, fc.integer(), fc.constant(null))).map(([k, v]) => set('extra-field', [...n.path, k], v)),
  );
  on(
    (n) =>
      n.schema.minimum !== undefined ||
      n.schema.maximum !== undefined ||
      n.schema.maxLength !== undefined ||
      (n.schema.minLength ?? 0) > 0 ||
      n.schema.maxItems !== undefined ||
      (n.schema.minItems ?? 0) > 0,
    (n) => {
      const s = n.schema;
      const options: unknown[] = [];
      if (s.maximum !== undefined) options.push(s.maximum + 1, s.maximum + 0.5, 1e308);
      if (s.minimum !== undefined) options.push(s.minimum - 1, s.minimum - 0.5, -1e308);
      if (s.maxLength !== undefined) options.push('x'.repeat(s.maxLength + 1));
      if ((s.minLength ?? 0) > 0) options.push('');
      const items = valueAt(value, n.path);
      const item = Array.isArray(items) && items.length > 0 ? items[0] : 'x';
      if (s.maxItems !== undefined) options.push(Array.from({ length: s.maxItems + 1 }, () => item));
      if ((s.minItems ?? 0) > 0) options.push([]);
      return fc.constantFrom(...options).map((v) => set('out-of-range', n.path, v));
    },
  );
  on(
    (n) => n.schema.enum !== undefined || n.schema.const !== undefined,
    (n) => {
      const base = valueAt(value, n.path);
      const text = typeof base === 'string' ? base : String(base);
      return fc
        .constantFrom(text.toUpperCase(), ` ${text}`, `${text} `, `${text}x`, `${text.normalize('NFD')}\u0301`, 'admin', '*')
        .map((v) => set('enum-miss', n.path, v));
    },
  );
  on(
    () => true,
    (n) => unstorableText.map((v) => set('unstorable-value', n.path, v)),
  );
  on(isObject, (n) => fc.tuple(unstorableText, nastyText).map(([k, v]) => set('unstorable-key', [...n.path, k], v)));
  on(
    () => true,
    (n) => fc.constantFrom(5_000, 30_000, 70_000).map((size) => set('huge-string', n.path, 'é'.repeat(size))),
  );
  on(
    () => true,
    (n) =>
      fc.tuple(fc.constantFrom(MAX_DEPTH + 1 - n.path.length, 100, 1_000, 20_000), fc.boolean()).map(([depth, arrays]) => {
        const text = arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        return set('deep-nesting', n.path, new RawJson(text));
      }),
  );
  on(
    (n) => {
      const a = allowedTypes(n.schema);
      return a !== null && (a.has('number') || a.has('integer'));
    },
    (n) =>
      fc.oneof(
        fc.constantFrom(...NAN_LIKE).map((v) => set('nan-like', n.path, v)),
        fc.constantFrom(...RAW_NUMBERS).map((text) => set('nan-like', n.path, new RawJson(text))),
      ),
  );
  on(isObject, (n) => fc.constant(set('array-for-object', n.path, [valueAt(value, n.path)])));
  out.push(fc.constantFrom<unknown>(null, 42, 'text', true, [], [1, 2]).map((v) => set('primitive-body', [], v)));
  const json = toJson(value);
  out.push(
    fc
      .constantFrom(
        '{',
        '{"a":}',
        "{'a':1}",
        '{"a":1,}',
        '[1,2',
        'NaN',
        'undefined',
        '{"a":"\u0000"}',
        '{"a":"line\nbreak"}',
        `${json}{"b":2}`,
        json.slice(0, -1),
        `{"__proto__":{"polluted":true},${json.slice(1)}`,
        `{"constructor":{"prototype":{"polluted":true}},${json.slice(1)}`,
        '',
        ' ',
      )
      .map((payload) => mutate(d, 'invalid-json', null, { body: { kind: 'raw', payload, contentType: 'application/json' } })),
  );
  out.push(
    fc
      .constantFrom(
        { ct: 'text/plain', invalid: op.bodyRequired },
        { ct: 'application/x-www-form-urlencoded', invalid: true },
        { ct: 'multipart/form-data; boundary=xyz', invalid: true },
        { ct: 'application/xml', invalid: true },
        { ct: 'application/json; charset=utf-16', invalid: false },
        { ct: 'APPLICATION/JSON', invalid: false },
        { ct: 'application/jsonx', invalid: false },
        { ct: 'application/json, text/plain', invalid: false },
        { ct: 'text/html\u00e9', invalid: false },
      )
      .map(({ ct, invalid }) =>
        mutate(d, 'content-type', invalid ? `a ${ct} body is not JSON` : null, { body: { kind: 'raw', payload: json, contentType: ct } }),
      ),
  );
  out.push(
    fc.constantFrom([0xff, 0xfe], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]).map((bytes) => {
      const at = json.lastIndexOf('"');
      const payload =
        at > 0
          ? Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from(bytes), Buffer.from(json.slice(at))])
          : Buffer.concat([Buffer.from('{"x":"'), Buffer.from(bytes), Buffer.from('"}')]);
      return mutate(d, 'invalid-utf8', null, { body: { kind: 'raw', payload, contentType: 'application/json' } });
    }),
  );
  return out;
}

function valueAt(root: unknown, path: readonly Key[]): unknown {
  let v = root;
  for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<Key, unknown>)[k] : undefined;
  return v;
}

const isApi = (op: Operation) => op.url.startsWith('/api/');

function headerMutations(d: Draft, op: Operation, idempotencyKeys: readonly string[]): Array<fc.Arbitrary<Draft>> {
  const out: Array<fc.Arbitrary<Draft>> = [];
  const withHeader = (name: string, value: string) => ({ headers: { ...d.headers, [name]: value } });
  if (op.method === 'POST') {
    out.push(
      fc
        .oneof(
          fc.constantFrom(...idempotencyKeys),
          fc.constantFrom('a b', 'é', 'k'.repeat(201), '\t', 'key\u00ff', '"quoted"'),
          unstorableText,
        )
        .map((key) => {
          const unstorable = UNSTORABLE.test(key);
          const reason =
            unstorable && isApi(op)
              ? 'the Idempotency-Key holds text PostgreSQL cannot store'
              : op.idempotent && !IDEMPOTENCY_KEY.test(key)
                ? 'the Idempotency-Key is not 1-200 printable ASCII characters'
                : null;
          return mutate(d, 'idempotency-key', reason, withHeader('idempotency-key', key));
        }),
    );
  }
  const agentParam = op.headers.find((h) => h.name.toLowerCase() === 'x-agent-context');
  out.push(
    fc
      .oneof(
        fc.constantFrom('admin', 'WORKOUT_PLANNING', 'workout_planning ', 'general', 'scheduler', 'x'.repeat(5000)),
        nastyText,
        unstorableText,
      )
      .map((v) => {
        const unstorable = UNSTORABLE.test(v);
        const admitted = agentParam?.schema?.enum;
        const reason =
          unstorable && isApi(op)
            ? 'X-Agent-Context holds text PostgreSQL cannot store'
            : admitted && !admitted.includes(v)
              ? 'X-Agent-Context is not one of the documented agents'
              : null;
        return mutate(d, 'agent-context', reason, withHeader('x-agent-context', v));
      }),
  );
  out.push(
    fc
      .oneof(
        fc.constantFrom('es;q=NaN', '*', 'x'.repeat(10_000), 'en;q=0', ',,,;;;', 'zz-ZZ', 'es-419,en;q=2', 'en;q=-1, es;q=1e999', 'EN-us'),
        nastyText,
        unstorableText,
      )
      .map((v) => mutate(d, 'accept-language', null, withHeader('accept-language', v))),
  );
  out.push(
    fc
      .oneof(fc.constantFrom('a'.repeat(500), '../..', '<script>', 'id with spaces', "'; DROP TABLE flow_events; --"), unstorableText)
      .map((v) => {
        const unstorable = UNSTORABLE.test(v);
        return mutate(
          d,
          'request-id',
          unstorable && isApi(op) ? 'X-Request-Id holds text PostgreSQL cannot store' : null,
          withHeader('x-request-id', v),
        );
      }),
  );
  out.push(
    fc
      .constantFrom<[string, string]>(
        ['x-forwarded-for', '1.2.3.4, <script>, ::1, 999.999.999.999'],
        ['content-encoding', 'gzip'],
        ['content-encoding', 'br, x-unknown'],
        ['origin', 'https://evil.example'],
        ['cookie', 'session=../../; token=%00'],
        ['x-http-method-override', 'DELETE'],
        ['expect', '100-continue'],
        ['host', 'evil.example:99999'],
        ['range', 'bytes=0-999999999999'],
        ['if-none-match', '*'],
      )
      .map(([name, v]) => mutate(d, 'odd-header', null, withHeader(name, v))),
  );
  const refused = op.secured ? 'the bearer token is refused' : null;
  out.push(
    fc
      .oneof(
        fc.constant<AuthSpec>({ kind: 'none' }),
        fc
          .constantFrom(
            'Bearer',
            'Bearer ',
            'Bearer null',
            'bearer x.y.z',
            'Basic dXNlcjpwYXNz',
            'Bearer a.b.c',
            `Bearer ${'A'.repeat(8000)}`,
            'Token abc',
          )
          .map((header): AuthSpec => ({ kind: 'raw', header })),
        fc.constantFrom<AuthSpec>({ kind: 'foreign-secret' }, { kind: 'alg-none' }, { kind: 'expired' }),
        fc
          .oneof(
            unstorableText.map((sub) => ({ sub })),
            fc.constantFrom<Record<string, unknown>>(
              { sub: '' },
              { sub: 's'.repeat(5000) },
              { sub: 42 },
              { sub: null },
              { sub: ['a'] },
              { email: 'no-sub@example.com' },
              { sub: 'pool-hostile', roles: 'admin' },
              { sub: 'pool-hostile', email: 'e'.repeat(400) },
            ),
            unstorableText.map((name) => ({ sub: 'pool-hostile', name })),
            unstorableText.map((email) => ({ sub: 'pool-hostile', email })),
            unstorableText.map((role) => ({ sub: 'pool-hostile', role })),
          )
          .map((claims): AuthSpec => ({ kind: 'claims', claims })),
      )
      .map((auth) => mutate(d, 'auth', refused, { auth })),
  );
  return out;
}

function queryMutations(d: Draft, op: Operation): Array<fc.Arbitrary<Draft>> {
  const out: Array<fc.Arbitrary<Draft>> = [];
  const add = (q: string) => (d.query ? `${d.query}&${q}` : q);
  if (op.query.length > 0) {
    out.push(
      fc.constantFrom(...op.query).chain((p) => {
        const s = p.schema ?? {};
        const bad: string[] = [];
        const allowed = allowedTypes(s);
        if (allowed?.has('integer') || allowed?.has('number'))
          bad.push(
            'abc',
            'NaN',
            '1e999',
            '-Infinity',
            '1.5',
            `${(s.maximum ?? 1e9) + 1}`,
            `${(s.minimum ?? -1e9) - 1}`,
            '99999999999999999999999',
          );
        if (s.enum) bad.push('PROMETHEUS', 'json ', 'xml', '');
        if (s.format === 'uuid') bad.push('not-a-uuid', '00000000-0000-0000-0000-00000000000g', "1' OR '1'='1", '');
        if (bad.length === 0) return fc.constant(mutate(d, 'query-param', null, { query: add(`${p.name}=x`) }));
        return fc.oneof(
          fc
            .constantFrom(...bad)
            .map((v) =>
              mutate(d, 'query-param', `query ${p.name} is out of its schema`, { query: add(`${p.name}=${encodeURIComponent(v)}`) }),
            ),
          fc.constant(mutate(d, 'query-param', `query ${p.name} is given twice`, { query: add(`${p.name}=1&${p.name}=2`) })),
        );
      }),
    );
  }
  out.push(
    fc
      .tuple(
        fc.oneof(
          hostileKey.filter((k) => k.length < 2000),
          fc.constantFrom('token', 'limit[]', 'a[b][c]', '__proto__[x]'),
        ),
        nastyText,
      )
      .map(([k, v]) => mutate(d, 'query-unknown', null, { query: add(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`) })),
  );
  out.push(
    fc
      .constantFrom('x=%00', '%00=1', 'x=a%00b', 'x%00y=1', 'limit=%00', 'format=%00')
      .map((q) => mutate(d, 'query-unstorable', isApi(op) ? 'the query holds a NUL character' : null, { query: add(q) })),
  );
  out.push(
    fc
      .constantFrom(
        '%',
        'a=%zz',
        'a=%E0%A4%A',
        'a=%ED%A0%80',
        'a=%C0%80',
        '&&==&',
        '=',
        'a=b=c',
        `a=${'x'.repeat(30_000)}`,
        'a=%F0%9F%98%80',
        'a=1;b=2',
        '?a=1',
      )
      .map((q) => mutate(d, 'query-malformed', null, { query: add(q) })),
  );
  return out;
}

const HOSTILE_SEGMENTS = [
  '..%2F..%2Fpackage.json',
  '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fsrc%2fapp.ts',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%C0%AE%C0%AE',
  "'%20OR%20'1'%3D'1",
  'x'.repeat(5000),
  '%F0%9F%98%80',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '%',
  '%zz',
  'null',
] as const;

function pathMutations(d: Draft, op: Operation): Array<fc.Arbitrary<Draft>> {
  const out: Array<fc.Arbitrary<Draft>> = [];
  const names = [...op.pathParams, ...(op.url.endsWith('*') ? ['*'] : [])];
  if (names.length > 0) {
    out.push(
      fc
        .tuple(
          fc.constantFrom(...names),
          fc.oneof(fc.constantFrom(...HOSTILE_SEGMENTS), fc.uuid({ version: 4 }), nastyText.map(encodeURIComponent)),
        )
        .map(([name, v]) => mutate(d, 'path-param', null, { params: { ...d.params, [name]: v } })),
    );
  }
  const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !op.methods.includes(m));
  if (others.length > 0) {
    out.push(fc.constantFrom(...others).map((method) => mutate(d, 'wrong-method', `${op.url} has no ${method} route`, { method })));
  }
  if (op.method === 'GET') out.push(fc.constant(mutate(d, 'head', null, { method: 'HEAD' })));
  return out;
}

interface GenerationContext {
  hints: Hints;
  /** Idempotency keys shared by the generated requests, so that keys get reused. */
  idempotencyKeys: readonly string[];
}

/** A plausible request for the operation: documented body, a pool user's token, no hostility yet. */
function baseDraft(op: Operation, ctx: GenerationContext): fc.Arbitrary<{ draft: Draft; nodes: SchemaNode[] }> {
  const actor: fc.Arbitrary<Actor> =
    op.method === 'DELETE' && op.secured
      ? fc.constant('disposable')
      : op.secured
        ? fc.constantFrom('fresh', 'midway', 'done', 'admin')
        : fc.constant('anonymous');
  const body = op.body === null ? fc.constant<Gen | null>(null) : validGen(op.body, ctx.hints);
  const key =
    op.method === 'POST'
      ? fc.option(fc.oneof(fc.constantFrom(...ctx.idempotencyKeys), fc.uuid()), { nil: undefined, freq: 2 })
      : fc.constant(undefined);
  const params = fc.tuple(
    ...op.pathParams.map((p) =>
      (p === 'id' ? fc.uuid({ version: 4 }) : fc.constantFrom(...(ctx.hints[p] ?? ['x']).map(String))).map((v) => [p, v] as const),
    ),
  );
  return fc.tuple(actor, body, key, params).map(([a, g, k, ps]): { draft: Draft; nodes: SchemaNode[] } => ({
    draft: {
      kind: 'base',
      method: op.method,
      params: { ...Object.fromEntries(ps), ...(op.url.endsWith('*') ? { '*': 'index.html' } : {}) },
      query: '',
      headers: k === undefined ? {} : { 'idempotency-key': k },
      body: g === null ? { kind: 'none' } : { kind: 'json', value: g.value },
      auth: op.secured ? { kind: 'actor' } : { kind: 'none' },
      actor: a,
      reasons: [],
    },
    nodes: g?.nodes ?? [],
  }));
}

/** Hostile requests for one operation: a plausible base with one hostile change. */
export function hostileRequests(op: Operation, ctx: GenerationContext): fc.Arbitrary<HostileRequest> {
  return baseDraft(op, ctx)
    .chain(({ draft, nodes }) => {
      // Bodies carry most of a schema, so they get most of the requests where there is one.
      const groups = [
        {
          weight: 5,
          mutations: op.body !== null ? bodyMutations(draft, op, nodes.length > 0 ? nodes : [{ path: [], schema: op.body }]) : [],
        },
        { weight: 2, mutations: headerMutations(draft, op, ctx.idempotencyKeys) },
        { weight: 1, mutations: queryMutations(draft, op) },
        { weight: 1, mutations: pathMutations(draft, op) },
      ].filter((g) => g.mutations.length > 0);
      return fc.oneof(...groups.map((g) => ({ weight: g.weight, arbitrary: fc.oneof(...g.mutations) })));
    })
    .map((d) => finish(op, d));
}

function finish(op: Operation, d: Draft): HostileRequest {
  let url = op.url.replace(/:(\w+)/g, (_m, name: string) => d.params[name] ?? 'x');
  if (url.endsWith('*')) url = url.slice(0, -1) + (d.params['*'] ?? '');
  if (d.query) url += `?${d.query}`;
  const headers = { ...d.headers };
  let payload: string | Buffer | undefined;
  const reasons = [...d.reasons];
  if (d.body.kind !== 'none' && BODY_METHODS.has(d.method)) {
    payload = d.body.kind === 'json' ? toJson(d.body.value) : d.body.payload;
    const contentType = d.body.contentType ?? 'application/json';
    headers['content-type'] = contentType;
    if (Buffer.byteLength(payload) > BODY_LIMIT) reasons.push('the body is larger than 64 KB');
    else if (contentType === 'application/json') reasons.push(...jsonBodyReasons(op, Buffer.from(payload).toString('utf8')));
  }
  return {
    op: op.key,
    kind: d.kind,
    method: d.method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload }),
    auth: d.auth,
    actor: d.actor,
    mustReject: reasons.length > 0 ? reasons.join('; ') : null,
  };
}

/** Why a JSON body (as the server decodes it) must be refused, by the documented rules. */
function jsonBodyReasons(op: Operation, text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return ['the body is not valid JSON'];
  }
  const reasons: string[] = [];
  const stack: Array<{ v: unknown; depth: number }> = [{ v: parsed, depth: 0 }];
  let tooDeep = false;
  let unstorable = false;
  let proto = false;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) unstorable = true;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_DEPTH) {
      tooDeep = true;
      continue;
    }
    for (const k of Object.keys(v)) {
      if (UNSTORABLE.test(k)) unstorable = true;
      if (k === '__proto__') proto = true;
      stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1 });
    }
  }
  if (tooDeep) reasons.push(`the body nests deeper than ${MAX_DEPTH} levels`);
  if (unstorable) reasons.push('the body holds text PostgreSQL cannot store');
  // Fastify's JSON parser refuses a "__proto__" key (prototype poisoning).
  if (proto) reasons.push('the body has a __proto__ key');
  if (!tooDeep && op.bodyRequired && op.body && violates(op.body, parsed)) reasons.push('the body does not match its documented schema');
  return reasons;
}

/** True when the value certainly breaks the JSON schema (as far as the document says). */
function violates(s: JsonSchema, v: unknown): boolean {
  const alts = s.anyOf ?? s.oneOf;
  if (alts && alts.every((alt) => violates(alt, v))) return true;
  if (s.const !== undefined && !isDeepStrictEqual(s.const, v)) return true;
  if (s.enum && !s.enum.some((e) => isDeepStrictEqual(e, v))) return true;
  const types = s.type === undefined ? null : new Set((Array.isArray(s.type) ? s.type : [s.type]) as JsonType[]);
  if (types && !typeAdmitted(v, types)) return true;
  if (typeof v === 'number' && types) {
    // zod numbers are finite; integers are safe integers.
    if (!Number.isFinite(v)) return true;
    if (types.has('integer') && !types.has('number') && !Number.isSafeInteger(v)) return true;
    if ((s.maximum !== undefined && v > s.maximum) || (s.minimum !== undefined && v < s.minimum)) return true;
  }
  if (typeof v === 'string') {
    if ((s.maxLength !== undefined && v.length > s.maxLength) || (s.minLength !== undefined && v.length < s.minLength)) return true;
    if (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) return true;
  }
  if (Array.isArray(v)) {
    if ((s.maxItems !== undefined && v.length > s.maxItems) || (s.minItems !== undefined && v.length < s.minItems)) return true;
    const items = s.items;
    if (items && v.some((x) => violates(items, x))) return true;
  }
  if (jsonTypeOf(v) === 'object' && (types?.has('object') || s.properties)) {
    const o = v as Record<string, unknown>;
    if ((s.required ?? []).some((k) => !Object.prototype.hasOwnProperty.call(o, k))) return true;
    for (const [k, x] of Object.entries(o)) {
      const prop = s.properties?.[k];
      if (prop) {
        if (violates(prop, x)) return true;
      } else if (s.additionalProperties === false) {
        return true;
      } else if (typeof s.additionalProperties === 'object' && violates(s.additionalProperties, x)) {
        return true;
      }
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Tokens the app did not sign, or signed with hostile claims.

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** A token for `sub` signed with a secret that is not the app's. */
export function foreignToken(sub: string): string {
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub, iat: Math.floor(Date.now() / 1000) }))}`;
  return `${head}.${createHmac('sha256', 'not-the-service-secret').update(head).digest('base64url')}`;
}

/** An unsigned token (`alg: none`) for `sub`. */
export function unsignedToken(sub: string): string {
  return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub }))}.`;
}
