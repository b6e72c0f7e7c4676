import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['true', '1', 'on', 'yes'].includes(v));

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
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
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(100),
    DEV_TOKENS: bool.optional(),
    CORS_ORIGINS: z.string().optional(),
    EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // How long an authenticated user is served from memory before the database is asked again.
    USER_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    // Chat messages older than this many days are deleted by the prune command (unset: kept).
    CHAT_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
  })
  .transform((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    const devTokens = env.DEV_TOKENS ?? !production;
    if (production && (!env.JWT_SECRET || env.JWT_SECRET.length < 32)) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be at least 32 characters in production' });
    }
    if (production && devTokens) {
      ctx.addIssue({ code: 'custom', path: ['DEV_TOKENS'], message: 'must be off in production' });
    }
    const corsOrigins = env.CORS_ORIGINS
      ? env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)
      : production
        ? []
        : ['http://localhost:3000', 'http://localhost:5173'];
    return {
      ...env,
      // Outside production a fixed dev secret keeps `npm start` zero-setup; production refuses it above.
      JWT_SECRET: env.JWT_SECRET ?? 'dev-only-secret-change-me-dev-only-secret',
      DEV_TOKENS: devTokens,
      CORS_ORIGINS: corsOrigins,
    };
  });

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; a bad value throws a ConfigError naming every offending variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
