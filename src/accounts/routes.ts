import type { FastifyInstance, FastifyRequest } from 'fastify';
import { normalizeIP } from '@fastify/rate-limit';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HashOptions } from 'argon2';
import { AccountService, GENDERS } from './service.js';

/** docs/behaviour/operations.md bounds; everything outside them is 400 VALIDATION_ERROR naming the field. */
const ACCOUNT_BOUNDS = {
  email: { max: 254 },
  password: { min: 8, max: 200 },
  full_name: { min: 1, max: 100 },
  age: { min: 13, max: 120 },
  height_cm: { min: 50, max: 272 },
  weight_kg: { min: 20, max: 500 },
} as const;

/** Login attempts per minute for one IP and email, whatever the general limit is. */
const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/** Login attempts per minute for one account from all IPs together (slows distributed guessing). */
const LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE = 30;

interface AccountsRoutesOptions {
  /** Requests per minute per IP across the auth routes: the service's general limit. */
  rateLimitPerMinute: number;
  /** Login attempts per minute per IP and email (at most the general limit). */
  loginAttemptsPerMinute?: number;
  /** Login attempts per minute per account, across IPs. */
  loginAttemptsPerAccountPerMinute?: number;
  service?: AccountService;
  /** argon2 parameters of the service built here; the production ones without it. */
  passwordHash?: HashOptions;
}

type RawIssue = z.core.$ZodRawIssue;

function required(name: string, expected: string) {
  return (issue: RawIssue): string => (issue.input === undefined ? `${name} is required` : `${name} must be ${expected}`);
}

function strictBody<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}`
        : 'the body must be a JSON object',
  });
}

function optionalNumber(name: string, min: number, max: number, integer: boolean, unit: string) {
  const range = `${name} must be ${integer ? 'a whole number ' : ''}between ${min} and ${max}`;
  const n = z.number({ error: required(name, 'a number') });
  return (integer ? n.int({ error: range }) : n)
    .min(min, { error: range })
    .max(max, { error: range })
    .nullable()
    .optional()
    .describe(`${unit}, ${min}-${max}; null or absent when not given`);
}

const { email: E, password: P, full_name: N, age: A, height_cm: H, weight_kg: W } = ACCOUNT_BOUNDS;

const registerBody = strictBody({
  email: z
    .email({ error: required('email', 'a valid email address') })
    .max(E.max, { error: `email must be at most ${E.max} characters` })
    .describe('Unique, compared case-insensitively; stored as given'),
  password: z
    .string({ error: required('password', 'a string') })
    .min(P.min, { error: `password must be at least ${P.min} characters` })
    .max(P.max, { error: `password must be at most ${P.max} characters` })
    .describe(`${P.min}-${P.max} characters`),
  full_name: z
    .string({ error: required('full_name', 'a string') })
    .trim()
    .min(N.min, { error: 'full_name must not be empty' })
    .max(N.max, { error: `full_name must be at most ${N.max} characters` })
    .describe(`Trimmed, ${N.min}-${N.max} characters`),
  age: optionalNumber('age', A.min, A.max, true, 'Years'),
  gender: z
    .enum(GENDERS, { error: `gender must be one of ${GENDERS.join(', ')}` })
    .nullable()
    .optional(),
  height_cm: optionalNumber('height_cm', H.min, H.max, false, 'Centimetres'),
  weight_kg: optionalNumber('weight_kg', W.min, W.max, false, 'Kilograms'),
});

const loginBody = strictBody({
  email: z
    .string({ error: required('email', 'a string') })
    .min(1, { error: 'email must not be empty' })
    .max(E.max, { error: `email must be at most ${E.max} characters` }),
  password: z
    .string({ error: required('password', 'a string') })
    .min(1, { error: 'password must not be empty' })
    .max(P.max, { error: `password must be at most ${P.max} characters` }),
});

const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  full_name: z.string(),
  age: z.number().int().nullable(),
  gender: z.string().nullable(),
  height_cm: z.number().nullable(),
  weight_kg: z.number().nullable(),
});

const tokenSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
});

/** docs/behaviour/errors.md's shape; `detail` keeps its context fields (`field`, ...). */
const errorResponseSchema = z.object({
  detail: z.looseObject({ message: z.string(), error_code: z.string(), field: z.string().optional() }),
  error_code: z.string(),
  request_id: z.string(),
});

function loginEmail(request: FastifyRequest): string {
  const body = request.body;
  return typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string' ? body.email.toLowerCase() : '';
}

/**
 * `POST /api/v1/auth/register` and `POST /api/v1/auth/login`. Registered outside the
 * bearer-token scope: the general limit applies per IP, and login has stricter rules.
 */
async function accountsRoutes(app: FastifyInstance, opts: AccountsRoutesOptions): Promise<void> {
  const service = opts.service ?? new AccountService(app.db, opts.passwordHash);
  const loginMax = Math.min(opts.loginAttemptsPerMinute ?? LOGIN_ATTEMPTS_PER_MINUTE, opts.rateLimitPerMinute);

  // Both routes count against the general per-IP limit (the rate-limit plugin's hook). Login
  // also has two stricter rules, checked after validation so they can use the parsed email:
  // per IP and email (one client guessing one password), and per account across IPs.
  const loginPerIpAndEmail = {
    name: 'login_ip_email',
    max: loginMax,
    key: (request: FastifyRequest) => `${normalizeIP(request.ip)}:${loginEmail(request)}`,
  };
  const loginPerAccount = {
    name: 'login_account',
    max: opts.loginAttemptsPerAccountPerMinute ?? LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE,
    key: loginEmail,
  };

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/auth/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account and sign in',
        security: [],
        body: registerBody,
        response: {
          201: tokenSchema.extend({ user: userSchema }),
          400: errorResponseSchema,
          409: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const user = await service.register(request.body);
      request.log.info({ userId: user.id }, 'account registered');
      const access_token = app.signToken({ sub: user.id, email: user.email, name: user.full_name });
      return reply.status(201).send({ access_token, token_type: 'bearer' as const, user });
    },
  );

  r.post(
    '/api/v1/auth/login',
    {
      preHandler: async (request, reply) => {
        await app.limit(request, reply, loginPerIpAndEmail);
        await app.limit(request, reply, loginPerAccount);
      },
      schema: {
        tags: ['auth'],
        summary: 'Exchange email and password for a bearer token',
        security: [],
        body: loginBody,
        response: {
          200: tokenSchema,
          400: errorResponseSchema,
          401: errorResponseSchema,
          429: errorResponseSchema,
        },
      },
    },
    async (request) => {
      const user = await service.login(request.body.email, request.body.password);
      request.log.info({ userId: user.id }, 'account signed in');
      return { access_token: app.signToken({ sub: user.id, email: user.email, name: user.full_name }), token_type: 'bearer' as const };
    },
  );
}

export default accountsRoutes;
