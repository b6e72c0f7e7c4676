/**
 * The bench's environment: scratch databases, the two server child processes, and clean-up that
 * runs on success, failure and Ctrl-C alike.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where scratch databases are created: BENCH_ADMIN_URL, else the local `postgres` database. */
export const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The secret both the service and the harness use, so the harness can mint tokens. */
export const JWT_SECRET = 'bench-only-secret-bench-only-secret-bench-only';

/** Our service as the bench runs it: production settings, warn logs, no rate limit in the way. */
export const serviceEnv = (databaseUrl: string, poolSize: string): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  // Production leaves migrations to the pipeline; the scratch database is migrated by the service.
  MIGRATE_ON_START: 'on',
  DEV_TOKENS: 'false',
  JWT_SECRET,
  RATE_LIMIT_PER_MINUTE: '1000000000',
  DB_POOL_SIZE: poolSize,
});

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

// ---- clean-up --------------------------------------------------------------------------------

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];

/** Registers a clean-up step; they run last-registered first. */
export function onCleanup(fn: Cleanup): void {
  cleanups.push(fn);
}

let cleaning: Promise<void> | null = null;

export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const fn = cleanups.pop();
      try {
        await fn?.();
      } catch (err) {
        log(`clean-up step failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  })();
  return cleaning;
}

let interruptedBy: string | null = null;

/** The signal that stopped the run, if one did (the errors it causes are then expected). */
export function interrupted(): string | null {
  return interruptedBy;
}

/** Ctrl-C or a kill: stop the children and drop the databases before leaving. */
export function installSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      interruptedBy = signal;
      log(`${signal}: cleaning up`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}

// ---- databases -------------------------------------------------------------------------------

async function admin<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(name: string): Promise<void> {
  if (!/^\w+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** A fresh, empty database (dropped again at clean-up); returns its URL. */
export async function createScratchDatabase(prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  onCleanup(() => dropDatabase(name));
  return { name, url: databaseUrl(name) };
}

export async function postgresVersion(): Promise<string> {
  const rows = await admin<{ server_version: string }>('SHOW server_version');
  return rows[0]?.server_version ?? 'unknown';
}

/** A pool on the bench database, for preparing users and checking results directly. */
export function openPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  onCleanup(() => pool.end());
  return pool;
}

// ---- child processes -------------------------------------------------------------------------

export interface Child {
  name: string;
  baseUrl: string;
  process: ChildProcess;
  /** The last few KB the child wrote to stderr/stdout (its warnings, or why it died). */
  output(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The two servers as JavaScript compiled the same way: our service is built and started as it is
 * deployed (`npm run build`, then `npm run start:prod`'s command, which is the image's CMD), and
 * the floor is transpiled by the same TypeScript compiler to the same target and started with the
 * same node flags. Run through tsx instead, every closure our code creates per request pays the
 * name-keeping wrapper of tsx's transform, a cost the deployed service does not have.
 */
export function buildEntries(): { service: string; floor: string; nodeArgs: string[] } {
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`npm run build failed (${built.status ?? built.signal})`);
  const source = readFileSync(new URL('./floor.ts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
  });
  // Inside the project, so `fastify` and `pg` resolve from its node_modules.
  mkdirSync(`${ROOT}dist/bench`, { recursive: true });
  writeFileSync(`${ROOT}dist/bench/floor.mjs`, outputText);
  const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [node, ...rest] = (scripts['start:prod'] ?? '').split(/\s+/);
  const service = rest.pop();
  if (node !== 'node' || !service) throw new Error(`start:prod is not "node [flags] <entry>": ${scripts['start:prod']}`);
  return { service, floor: 'dist/bench/floor.mjs', nodeArgs: rest };
}

/**
 * Starts `node [nodeArgs] <entry>` from the repo root (through tsx when the entry is TypeScript)
 * with the given environment and waits until GET /health answers. The child is stopped at clean-up.
 */
export async function startChild(name: string, entry: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Child> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' };
  delete childEnv.ANTHROPIC_API_KEY; // the offline agent and summary only: no LLM wait
  const runner = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeArgs, ...runner, entry], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onCleanup(() => stop(child));
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${tail}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) return { name, baseUrl, process: child, output: () => tail };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not become healthy within 60 s:\n${tail}`);
}

/** Stops a child before clean-up (stopping it again at clean-up is a no-op). */
export function stopChild(child: Child): Promise<void> {
  return stop(child.process);
}

/**
 * CPU seconds (user + system, all threads) a process has used so far, from /proc; null where
 * there is no /proc. Linux's USER_HZ is 100 on every mainstream architecture.
 */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / 100 : null;
  } catch {
    return null;
  }
}

export function machineInfo(): { cpus: number; node: string; platform: string } {
  return { cpus: os.availableParallelism(), node: process.version, platform: `${os.type()} ${os.release()}` };
}
