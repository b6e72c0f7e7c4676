import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('config', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.RATE_LIMIT_PER_MINUTE).toBe(100);
    expect(c.DATA_DIR).toBe('./.data');
    expect(c.DEV_TOKENS).toBe(true);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.CORS_ORIGINS).toEqual(['http://localhost:3000', 'http://localhost:5173']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LLM_TIMEOUT_MS: '-5' }, 'LLM_TIMEOUT_MS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ DEV_TOKENS: 'maybe' }, 'DEV_TOKENS'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE'],
  ])('when %o is set, then the start fails naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('when production has no JWT_SECRET or a short one, then the start fails naming JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('when production turns DEV_TOKENS on, then the start fails naming DEV_TOKENS', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DEV_TOKENS: 'true' })).toThrow(/DEV_TOKENS/);
  });

  it('when production is configured properly, then dev tokens are off and no CORS origin is assumed', () => {
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
    expect(c.DEV_TOKENS).toBe(false);
    expect(c.CORS_ORIGINS).toEqual([]);
  });

  it('when CORS_ORIGINS lists origins, then they are split and trimmed', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});
