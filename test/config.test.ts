import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, DEV_SECRET_FILE, loadConfig } from '../src/config.js';

const PROD = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/app' };
const dataDir = () => mkdtempSync(path.join(tmpdir(), 'onb-config-'));

describe('config', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    const c = loadConfig({ DATA_DIR: dataDir() });
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.MIGRATE_ON_START).toBe(true);
    expect(c.TRUST_PROXY).toBe(false);
    expect(c.SHUTDOWN_TIMEOUT_MS).toBe(8000);
    expect(c.RATE_LIMIT_PER_MINUTE).toBe(100);
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
    [{ MIGRATE_ON_START: 'sometimes' }, 'MIGRATE_ON_START'],
    [{ TRUST_PROXY: 'the load balancer' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ SHUTDOWN_TIMEOUT_MS: '0' }, 'SHUTDOWN_TIMEOUT_MS'],
    [{ DB_STATEMENT_TIMEOUT_MS: '9000', DB_QUERY_TIMEOUT_MS: '8000' }, 'DB_QUERY_TIMEOUT_MS'],
  ])('when %o is set, then the start fails naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('when production has no JWT_SECRET or a short one, then the start fails naming JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('when production turns DEV_TOKENS on, then the start fails naming DEV_TOKENS', () => {
    expect(() => loadConfig({ ...PROD, DEV_TOKENS: 'true' })).toThrow(/DEV_TOKENS/);
  });

  it('when production has no DATABASE_URL, then the start fails naming DATABASE_URL instead of using the embedded database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/DATABASE_URL: is required in production/);
  });

  it('when production is configured properly, then it listens on all interfaces, dev tokens are off, migrations are left to the pipeline and no CORS origin is assumed', () => {
    const c = loadConfig(PROD);
    expect(c.HOST).toBe('0.0.0.0');
    expect(c.DEV_TOKENS).toBe(false);
    expect(c.MIGRATE_ON_START).toBe(false);
    expect(c.CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ ...PROD, MIGRATE_ON_START: 'on' }).MIGRATE_ON_START).toBe(true);
  });

  it('when NODE_ENV is forgotten but HOST is not loopback, then the start fails naming JWT_SECRET unless dev tokens are opted into', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0', DATA_DIR: dataDir() })).toThrow(/JWT_SECRET: is required when listening on 0\.0\.0\.0/);
    const withSecret = loadConfig({ HOST: '0.0.0.0', JWT_SECRET: 'y'.repeat(32) });
    expect(withSecret.DEV_TOKENS).toBe(false);
    const optIn = loadConfig({ HOST: '0.0.0.0', DEV_TOKENS: 'on', DATA_DIR: dataDir() });
    expect(optIn.DEV_TOKENS).toBe(true);
    expect(optIn.DEV_TOKENS_EXPLICIT).toBe(true);
  });

  it.each(['127.0.0.1', 'localhost', '::1', '127.1.2.3'])('when HOST is the loopback %s, then dev tokens are on by default', (host) => {
    const c = loadConfig({ HOST: host, DATA_DIR: dataDir() });
    expect(c.DEV_TOKENS).toBe(true);
    expect(c.DEV_TOKENS_EXPLICIT).toBe(false);
  });

  it('when JWT_SECRET is unset outside tests, then a random secret is created once per data directory, private to its owner', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const again = loadConfig({ DATA_DIR: dir });
    const other = loadConfig({ DATA_DIR: dataDir() });
    expect(first.JWT_SECRET_SOURCE).toBe('installation');
    expect(first.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(again.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(other.JWT_SECRET).not.toBe(first.JWT_SECRET);
    const file = path.join(dir, DEV_SECRET_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.JWT_SECRET);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('when NODE_ENV is test and JWT_SECRET is unset, then a per-process secret is used and nothing is written', () => {
    const dir = dataDir();
    const c = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir });
    expect(c.JWT_SECRET_SOURCE).toBe('ephemeral');
    expect(c.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(() => statSync(path.join(dir, DEV_SECRET_FILE))).toThrow();
  });

  it.each([
    ['2', 2],
    ['true', true],
    ['false', false],
    ['10.0.0.0/8, 192.168.1.7,::1/128', ['10.0.0.0/8', '192.168.1.7', '::1/128']],
  ] as const)('when TRUST_PROXY is %s, then Fastify gets %o', (value, expected) => {
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it('when the config keys are listed, then they hold every variable of the schema', () => {
    expect(CONFIG_KEYS).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'TRUST_PROXY', 'MIGRATE_ON_START', 'SHUTDOWN_TIMEOUT_MS']));
    expect(CONFIG_KEYS).not.toContain('DEV_TOKENS_EXPLICIT');
  });

  it('when CORS_ORIGINS lists origins, then they are split and trimmed', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});
