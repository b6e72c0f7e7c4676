import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no']).transform((v) => ['true', '1', 'on', 'yes'].includes(v));

const ms = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** Fastify's trustProxy: a hop count, true/false, or a list of trusted proxy addresses / CIDRs. */
type TrustProxy = boolean | number | string[];

const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): TrustProxy => {
    if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    if (/^\d+$/.test(v)) return Number(v);
    const list = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = list.find((entry) => {
      const [ip, prefix, ...rest] = entry.split('/');
      const family = isIP(ip ?? '');
      if (family === 0 || rest.length > 0) return true;
      return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
    });
    if (list.length === 0 || bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a hop count, true/false, or a comma-separated list of IPs/CIDRs${bad ? ` (bad entry: ${bad})` : ''}`,
      });
      return z.NEVER;
    }
    return list;
  });

/** Loopback listeners are reachable only from this machine: the only place development shortcuts are safe by default. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Default: 127.0.0.1 outside production (a forgotten NODE_ENV stays local), 0.0.0.0 in production. */
    HOST: z.string().min(1).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    JWT_SECRET: z.string().min(1).optional(),
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
    ANTHROPIC_BASE_URL: z.string().url().optional(),
    ANTHROPIC_MODEL: z.string().min(1).default('claude-sonnet-4-6'),
    LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
    // A whole LLM-backed turn, tool rounds included; below the 60 s idempotency claim window.
    LLM_TURN_TIMEOUT_MS: z.coerce.number().int().min(100).max(45_000).optional(),
    LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(3).default(1),
    LLM_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
    LLM_QUEUE_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(250),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(100),
    /** Unset: on only on a loopback listener outside production. "on": any listener, with a warning at every start. */
    DEV_TOKENS: bool.optional(),
    CORS_ORIGINS: z.string().optional(),
    EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Apply pending migrations at start-up. Default: on outside production, off in production (run `npm run db:migrate`). */
    MIGRATE_ON_START: bool.optional(),
    TRUST_PROXY: trustProxy.default(false),
    /** After SIGTERM: in-flight requests finish, new ones get 503; past this the process exits anyway. */
    SHUTDOWN_TIMEOUT_MS: ms(100, 600_000, 8000),
    /** Opening a PostgreSQL connection, including waiting for a free pooled one. */
    DB_CONNECT_TIMEOUT_MS: ms(100, 120_000, 3000),
    /** PostgreSQL cancels a statement running longer than this (statement_timeout). */
    DB_STATEMENT_TIMEOUT_MS: ms(100, 600_000, 5000),
    /** Client-side deadline for a query's answer; a connection that misses it is dropped from the pool. */
    DB_QUERY_TIMEOUT_MS: ms(100, 600_000, 6000),
    /** A pooled connection idle this long is closed. */
    DB_IDLE_TIMEOUT_MS: ms(100, 3_600_000, 10_000),
    /** `GET /ready` answers within this, whatever the database does. */
    READY_TIMEOUT_MS: ms(100, 60_000, 2000),
    /** `GET /health` turns 503 once the database has not been reached for this long. */
    HEALTH_DB_UNREACHABLE_MS: ms(1000, 3_600_000, 60_000),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    REDIS_KEY_PREFIX: z.string().min(1).max(100).default('onboarding:rate-limit:'),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    ADMIN_EMAILS: z.string().optional(),
    // How long an authenticated user is served from memory before the database is asked again.
    USER_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    // Chat messages older than this many days are deleted by the prune command (unset: kept).
    CHAT_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
  })
  .transform((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    const host = env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1');
    const loopback = isLoopbackHost(host);
    const devTokens = env.DEV_TOKENS ?? (!production && loopback);
    if (production && (!env.JWT_SECRET || env.JWT_SECRET.length < 32)) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be at least 32 characters in production' });
    }
    if (production && devTokens) {
      ctx.addIssue({ code: 'custom', path: ['DEV_TOKENS'], message: 'must be off in production' });
    }
    if (production && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required in production (the embedded database is for development only)',
      });
    }
    if (!production && !env.JWT_SECRET && !loopback && env.DEV_TOKENS !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: `is required when listening on ${host} (not loopback); set it, or opt into the development secret with DEV_TOKENS=on`,
      });
    }
    if (env.DB_QUERY_TIMEOUT_MS < env.DB_STATEMENT_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', path: ['DB_QUERY_TIMEOUT_MS'], message: 'must be at least DB_STATEMENT_TIMEOUT_MS' });
    }
    const corsOrigins = env.CORS_ORIGINS
      ? env.CORS_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : production
        ? []
        : ['http://localhost:3000', 'http://localhost:5173'];
    return {
      ...env,
      HOST: host,
      DEV_TOKENS: devTokens,
      // Without its own value, a turn may take two calls' time (capped below the claim window).
      LLM_TURN_TIMEOUT_MS: env.LLM_TURN_TIMEOUT_MS ?? Math.min(2 * env.LLM_TIMEOUT_MS, 45_000),
      /** True when dev tokens were switched on explicitly: the start logs a warning about it. */
      DEV_TOKENS_EXPLICIT: env.DEV_TOKENS === true,
      MIGRATE_ON_START: env.MIGRATE_ON_START ?? !production,
      CORS_ORIGINS: corsOrigins,
      JWT_SECRET_SOURCE: (env.JWT_SECRET ? 'env' : env.NODE_ENV === 'test' ? 'ephemeral' : 'installation') as JwtSecretSource,
      // Registered accounts whose email is listed get the admin role (compared case-insensitively).
      ADMIN_EMAILS: (env.ADMIN_EMAILS ?? '')
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    };
  });

type JwtSecretSource = 'env' | 'installation' | 'ephemeral';

/** Every variable the service reads; deployment files are checked against this list. */
export const CONFIG_KEYS = Object.keys(envSchema.in.shape) as readonly string[];

export type Config = Omit<z.output<typeof envSchema>, 'JWT_SECRET'> & { JWT_SECRET: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEV_SECRET_FILE = 'dev-jwt-secret';

let ephemeralSecret: string | undefined;

/**
 * The development signing secret when JWT_SECRET is unset: random per installation, kept in
 * DATA_DIR so the server and `npm run token` agree and restarts keep tokens valid. Tests get a
 * random one per process, so they never write into the working tree.
 */
function developmentSecret(dataDir: string, source: JwtSecretSource): string {
  if (source === 'ephemeral') return (ephemeralSecret ??= randomBytes(32).toString('base64url'));
  const file = path.resolve(dataDir, DEV_SECRET_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx' fails if another process created it first: both then read the same secret.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32)
    throw new ConfigError(
      `Invalid configuration:\n  JWT_SECRET: ${file} holds a secret shorter than 32 characters; delete it to get a new one`,
    );
  return secret;
}

/** Parses the environment once; a bad value throws a ConfigError naming every offending variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return { ...c, JWT_SECRET: c.JWT_SECRET ?? developmentSecret(c.DATA_DIR, c.JWT_SECRET_SOURCE) };
}
