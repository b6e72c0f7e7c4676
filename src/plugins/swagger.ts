import fp from 'fastify-plugin';
import swagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IDEMPOTENT_REPLAY_HEADER } from './cors.js';

type Transform = NonNullable<FastifyDynamicSwaggerOptions['transform']>;
type TransformObject = NonNullable<FastifyDynamicSwaggerOptions['transformObject']>;
type Meta = { id?: string; description?: string };

/** The error shape of /api/v1 and the auth routes. */
const apiErrorSchema = z.object({
  detail: z.looseObject({
    message: z.string(),
    error_code: z.string(),
    field: z.string().optional(),
  }),
  error_code: z.string(),
  request_id: z.string(),
});

/** The guided contract's error object (POST /api/onboarding/action and /api/chat). */
const guidedErrorSchema = z.looseObject({
  error: z.object({ code: z.string(), message: z.string() }),
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (VALIDATION_ERROR and the flow-specific 400 codes)',
  401: 'Missing or invalid bearer token',
  403: 'Not allowed in the current state (ONBOARDING_REQUIRED, ONBOARDING_COMPLETED, AGENT_NOT_ALLOWED, FORBIDDEN)',
  404: 'Not found',
  409: 'Conflict (a concurrent change, or an Idempotency-Key still in flight)',
  413: 'Body larger than 64 KB',
  422: 'Idempotency-Key reused with another body',
  429: 'Rate limited; Retry-After says when to try again',
  500: 'Internal error (no internals in the body)',
  503: 'The database is unavailable',
};

const TAGS = [
  { name: 'auth', description: 'Accounts: register and log in' },
  { name: 'fitness', description: 'The nine-state fitness onboarding (REST)' },
  { name: 'chat', description: 'Onboarding by chat and the general agent' },
  { name: 'guided', description: 'The guided onboarding contract' },
  { name: 'users', description: 'The user and their profile' },
  { name: 'admin', description: 'Funnel reports (admin role)' },
  { name: 'dev', description: 'Development helpers (only while dev tokens are on)' },
  { name: 'visualizer', description: 'Statechart visualizer' },
];

const pascal = (s: string) => s.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

/** `POST /api/v1/auth/login` -> `postAuthLogin`; `:id` -> `ById`. Routes may set their own. */
function operationIdFor(method: string, url: string): string {
  const parts = url
    .replace(/^\/api(\/v1)?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => (p.startsWith(':') ? `By${pascal(p.slice(1))}` : pascal(p)));
  return `${method.toLowerCase()}${parts.join('') || 'Root'}`;
}

/**
 * A registry of the document's named schemas, apart from zod's global one so the names never
 * leak into other JSON Schema conversions (the LLM tools convert zod schemas too). It falls back
 * to the global registry for metadata so `.describe()` texts still reach the document.
 */
function documentRegistry() {
  const registry = z.registry<Meta>();
  const global = z.globalRegistry;
  const own = registry._map;
  registry._map = new (class extends WeakMap<z.core.$ZodType, Meta> {
    override get(key: z.core.$ZodType): Meta | undefined {
      return own.get(key) ?? (global.get(key) as Meta | undefined);
    }
    override has(key: z.core.$ZodType): boolean {
      return own.has(key) || global.has(key);
    }
    override set(key: z.core.$ZodType, value: Meta): this {
      own.set(key, value);
      return this;
    }
    override delete(key: z.core.$ZodType): boolean {
      return own.delete(key);
    }
  })();
  return registry;
}

const isZod = (s: unknown): s is z.core.$ZodType => typeof s === 'object' && s !== null && '_zod' in s;

/** OpenAPI from the routes' zod schemas (the same ones that validate), served at /docs. */
export default fp(
  async function swaggerPlugin(app: FastifyInstance, opts: { servers?: Array<{ url: string; description?: string }> }) {
    const registry = documentRegistry();
    registry.add(apiErrorSchema, { id: 'ApiError', description: 'The error shape of /api/v1 and auth' });
    registry.add(guidedErrorSchema, { id: 'GuidedError', description: "The guided contract's error object" });
    const name = (schema: unknown, id: string) => {
      if (isZod(schema) && !own(registry, schema)) registry.add(schema, { id });
    };

    const zodTransform = createJsonSchemaTransform({ schemaRegistry: registry });
    const transform: Transform = (doc) => {
      const method = Array.isArray(doc.route.method) ? String(doc.route.method[0]) : String(doc.route.method);
      const schema = { ...(doc.schema ?? {}) } as Record<string, unknown>;
      type ZodDoc = Parameters<typeof zodTransform>[0];
      if (schema.hide || doc.url.startsWith('/docs')) return zodTransform({ ...doc, schema: schema as ZodDoc['schema'] });
      const operationId = typeof schema.operationId === 'string' ? schema.operationId : operationIdFor(method, doc.url);
      const base = pascal(operationId);
      schema.operationId = operationId;
      schema.summary ??= `${method} ${doc.url}`;
      schema.tags ??= [doc.url.replace(/^\/api(\/v1)?\//, '').split('/')[0] ?? 'default'];
      name(schema.body, `${base}Request`);
      const guided = doc.url === '/api/onboarding/action' || doc.url.startsWith('/api/chat');
      const errorSchema = guided ? guidedErrorSchema : apiErrorSchema;
      const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
      for (const [code, s] of Object.entries(response)) {
        if (s === errorSchema || s === apiErrorSchema) continue;
        name(s, Number(code) < 300 ? `${base}Response${code === '200' ? '' : code}` : `${base}Error${code}`);
      }
      if (!Object.keys(response).some((c) => c.startsWith('2'))) response['200'] = z.unknown();
      const codes = [400, 429, 500, 503];
      if (schema.security === undefined || (Array.isArray(schema.security) && schema.security.length > 0)) codes.push(401);
      for (const code of codes) response[code] ??= errorSchema;
      schema.response = response;
      return zodTransform({ ...doc, schema: schema as ZodDoc['schema'] });
    };

    const zodTransformObject = createJsonSchemaTransformObject({ schemaRegistry: registry });
    const transformObject: TransformObject = (doc) => {
      const out = zodTransformObject(doc);
      type OperationView = { parameters?: unknown[]; responses?: Record<string, Record<string, unknown>> };
      const paths = (out as { paths?: Record<string, Record<string, OperationView>> }).paths;
      for (const [path, item] of Object.entries(paths ?? {})) {
        for (const [method, op] of Object.entries(item)) {
          if (method === 'post' && path.startsWith('/api/') && !path.startsWith('/api/v1/auth') && !path.startsWith('/api/dev')) {
            op.parameters = [...(op.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
          }
          for (const [code, res] of Object.entries(op.responses ?? {})) {
            const headers: Record<string, unknown> = { 'X-Request-Id': { $ref: '#/components/headers/XRequestId' } };
            if (code === '429') headers['Retry-After'] = { $ref: '#/components/headers/RetryAfter' };
            if (code.startsWith('2') && method === 'post')
              headers[IDEMPOTENT_REPLAY_HEADER] = { $ref: '#/components/headers/IdempotentReplayed' };
            res.headers = { ...((res.headers as Record<string, unknown> | undefined) ?? {}), ...headers };
            if (!code.startsWith('2') && res.description === 'Default Response')
              res.description = ERROR_DESCRIPTIONS[Number(code)] ?? 'Error';
          }
        }
      }
      return out;
    };

    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Onboarding service',
          description: 'Guided and fitness onboarding driven by XState machines.',
          version: '0.1.0',
          license: { name: 'UNLICENSED', identifier: 'UNLICENSED' },
        },
        servers: opts.servers ?? [{ url: 'http://localhost:3000', description: 'Local development' }],
        tags: TAGS,
        security: [{ bearerAuth: [] }],
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
          parameters: {
            IdempotencyKey: {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Replays the first response for the same key and body (24 h, per user); another body gets 422',
              schema: { type: 'string', minLength: 1, maxLength: 200 },
            },
          },
          headers: {
            XRequestId: { description: 'The request id (echoed when the client sent a valid X-Request-Id)', schema: { type: 'string' } },
            RetryAfter: { description: 'Seconds until the limit resets', schema: { type: 'integer' } },
            IdempotentReplayed: {
              description: '"true" when the response is a replay of a stored Idempotency-Key',
              schema: { type: 'string' },
            },
          },
        },
      },
      transform,
      transformObject,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'swagger' },
);

function own(registry: z.core.$ZodRegistry<Meta>, schema: z.core.$ZodType): boolean {
  return registry._idmap.size > 0 && [...registry._idmap.values()].includes(schema);
}
