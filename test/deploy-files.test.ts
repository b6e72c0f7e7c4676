/**
 * No container engine runs here, so the deployment files are checked by reading them: the compose
 * services and their health checks, the image's shape, and the variables of compose.yaml and
 * .env.example against the configuration schema (both ways).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_KEYS } from '../src/config.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  stop_grace_period?: string;
}

const compose = parse(readFileSync('compose.yaml', 'utf8')) as { services: Record<string, Service> };
const services = compose.services;
const dockerfile = readFileSync('Dockerfile', 'utf8');
const envExample = readFileSync('.env.example', 'utf8');
const envExampleKeys = envExample
  .split('\n')
  .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
  .filter((k): k is string => Boolean(k));

/**
 * Variables that compose.yaml sets for features whose configuration lands with other changes
 * (the shared rate limit's Redis). Once the schema has them they are checked like any other.
 */
const ADDED_ELSEWHERE = new Set(['REDIS_URL']);

describe('compose.yaml', () => {
  it('when parsed, then it has PostgreSQL, Redis, a one-shot migration, two app replicas and a reverse proxy', () => {
    expect(Object.keys(services).sort()).toEqual(['app-1', 'app-2', 'migrate', 'postgres', 'proxy', 'redis']);
    expect(services.postgres?.image).toMatch(/^postgres:/);
    expect(services.redis?.image).toMatch(/^redis:/);
    expect(services.proxy?.volumes?.some((v) => v.startsWith('./deploy/Caddyfile:'))).toBe(true);
    expect(readFileSync('deploy/Caddyfile', 'utf8')).toMatch(/reverse_proxy app-1:3000 app-2:3000/);
  });

  it('when the apps start, then they wait for the migration to finish and never migrate themselves', () => {
    expect(services.migrate?.command).toEqual(['node', 'dist/src/cli/migrate.js']);
    for (const name of ['app-1', 'app-2']) {
      const app = services[name];
      expect(app?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(app?.environment?.MIGRATE_ON_START).toBe('off');
      expect(app?.environment?.NODE_ENV).toBe('production');
      expect(app?.environment?.TRUST_PROXY).toBe('1');
    }
  });

  it('when the services run, then every long-running one has a health check and the apps check /ready', () => {
    for (const name of ['postgres', 'redis', 'app-1', 'app-2', 'proxy']) {
      expect(services[name]?.healthcheck?.test.length, name).toBeGreaterThan(0);
    }
    expect(services['app-1']?.healthcheck?.test.join(' ')).toMatch(/\/ready/);
    expect(services['app-1']?.depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it('when the app replicas stop, then the engine waits longer than the shutdown deadline', () => {
    const grace = Number(/^(\d+)s$/.exec(services['app-1']?.stop_grace_period ?? '')?.[1]) * 1000;
    expect(grace).toBeGreaterThan(Number(services['app-1']?.environment?.SHUTDOWN_TIMEOUT_MS));
  });

  it('when compose sets a variable for the app, then the configuration schema knows it', () => {
    for (const name of ['migrate', 'app-1', 'app-2']) {
      for (const key of Object.keys(services[name]?.environment ?? {})) {
        if (ADDED_ELSEWHERE.has(key) && !CONFIG_KEYS.includes(key)) continue;
        expect(CONFIG_KEYS, `${name}: ${key}`).toContain(key);
      }
    }
  });
});

describe('.env.example', () => {
  it('when compared with the configuration schema, then it lists every variable and nothing else', () => {
    expect([...envExampleKeys].sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it('when a variable has a fixed default, then .env.example shows that default', () => {
    const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(envExample)?.[1];
    expect(value('PORT')).toBe('3000');
    expect(value('RATE_LIMIT_PER_MINUTE')).toBe('100');
    expect(value('SHUTDOWN_TIMEOUT_MS')).toBe('8000');
    expect(value('READY_TIMEOUT_MS')).toBe('2000');
    expect(value('JWT_SECRET')).toBe('');
  });
});

describe('Dockerfile', () => {
  it('when read, then it builds in one stage, ships production dependencies only, runs as non-root under an init, and checks /ready', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/ready/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    // node itself is the command: no npm or shell between the signal and the server; its flags
    // are those of `npm run start:prod`, which the bench runs.
    const startProd = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod'];
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd && (JSON.parse(cmd) as string[]).join(' ')).toBe(startProd);
    expect(startProd).toMatch(/^node (--[\w-]+=\S+ )*dist\/src\/server\.js$/);
  });

  it('when the build context is filtered, then local data, secrets and dependencies stay out of the image', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const entry of ['node_modules', '.data', '.env', 'dist']) expect(ignored).toContain(entry);
  });
});
