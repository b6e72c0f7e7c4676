/**
 * tsx src/cli/legacy-bench.ts [--users N] [--seed S] [--batch B] [--max-seconds T] [--keep]
 *
 * Times the 11 -> 9 consolidation on generated legacy data: creates a scratch database next to
 * DATABASE_URL (legacy_bench_<random>), migrates it to the legacy table, loads N users (default
 * 1,000,000), VACUUM ANALYZEs and checkpoints so the table is in a steady state, then times 0002
 * alone and 0003 alone. Drops the scratch database unless --keep. Without DATABASE_URL it runs on
 * in-memory PGlite (default 100,000 users). With --max-seconds, exits 1 when 0002 takes longer.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { createDatabase, type Database } from '../db/index.js';
import { generateLegacyUsers, loadLegacyUsers } from '../db/legacy/generate.js';
import { CONSOLIDATION_TAG, LEGACY_TABLE_TAG, VERSION_TAG, applyMigrationsThrough } from '../db/legacy/migrations.js';

function intOption(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}, got ${value}`);
  return n;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const began = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - began) / 1000 };
}

/**
 * CPU seconds a local PostgreSQL backend has used (utime + stime from /proc, 100 ticks/s): on a
 * shared machine wall time also counts other processes' load, this does not. undefined when the
 * server is not local.
 */
function backendCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    const utime = Number(fields?.[11]);
    const stime = Number(fields?.[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / 100 : undefined;
  } catch {
    return undefined;
  }
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    seed: { type: 'string' },
    batch: { type: 'string' },
    'max-seconds': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const config = loadConfig();
const adminUrl = config.DATABASE_URL;
const users = intOption('users', values.users, adminUrl ? 1_000_000 : 100_000, 1);
const seed = intOption('seed', values.seed, 1, 0);
const batchSize = intOption('batch', values.batch, 10_000, 1);
const maxSeconds = values['max-seconds'] === undefined ? undefined : intOption('max-seconds', values['max-seconds'], 0, 0);

let db: Database;
let scratchUrl: string | undefined;
let dropScratch = async (): Promise<void> => {};
if (adminUrl) {
  const name = `legacy_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  db = createDatabase({ url: url.toString(), poolSize: 4 });
  scratchUrl = url.toString();
  dropScratch = async () => {
    if (values.keep) {
      out(`kept database ${url.toString()}`);
      return;
    }
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  out(`scratch database ${name}`);
} else {
  db = createDatabase({ dataDir: 'memory' });
  out('no DATABASE_URL: in-memory PGlite');
}

try {
  await applyMigrationsThrough(db, LEGACY_TABLE_TAG);
  const load = await timed(() => loadLegacyUsers(db, generateLegacyUsers({ seed, count: users }), { batchSize }));
  out(
    `generate+load: ${load.seconds.toFixed(1)} s for ${load.value.users} users / ${load.value.rows} legacy rows ` +
      `(${Math.round(load.value.users / load.seconds)} users/s)`,
  );
  if (db.kind === 'pg') {
    const settle = await timed(async () => {
      await db.query('VACUUM (ANALYZE) users, onboarding_states');
      await db.query('CHECKPOINT').catch(() => undefined); // needs superuser; a skipped checkpoint only adds noise
    });
    out(`vacuum+checkpoint: ${settle.seconds.toFixed(1)} s`);
  }
  // pg: one connection, so every statement of the migration runs on the backend measured.
  const single = scratchUrl ? createDatabase({ url: scratchUrl, poolSize: 1 }) : db;
  const pidRow = single.kind === 'pg' ? await single.query<{ pid: number }>('SELECT pg_backend_pid() AS pid') : undefined;
  const pid = pidRow?.rows[0]?.pid;
  const cpuBefore = backendCpuSeconds(pid);
  const loadBefore = loadavg()[0] ?? 0;
  const consolidation = await timed(() => applyMigrationsThrough(single, CONSOLIDATION_TAG));
  const cpuAfter = backendCpuSeconds(pid);
  if (single !== db) await single.close();
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? `, backend CPU ${(cpuAfter - cpuBefore).toFixed(1)} s` : '';
  out(
    `0002 consolidation: ${consolidation.seconds.toFixed(1)} s for ${load.value.rows} rows${cpu} ` +
      `(1-min load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after)`,
  );
  const version = await timed(() => applyMigrationsThrough(db, VERSION_TAG));
  out(`0003 version column: ${version.seconds.toFixed(2)} s`);
  const check = await db.query<{ migrated: string | number }>(
    `SELECT count(*) AS migrated FROM onboarding_states WHERE step_data ? '_migration'`,
  );
  const migrated = Number(check.rows[0]?.migrated ?? 0);
  if (migrated !== load.value.rows) throw new Error(`${migrated} of ${load.value.rows} rows carry _migration`);
  if (maxSeconds !== undefined && consolidation.seconds > maxSeconds) {
    out(`FAIL: 0002 took ${consolidation.seconds.toFixed(1)} s, over the ${maxSeconds} s bar`);
    process.exitCode = 1;
  }
} catch (err) {
  process.stderr.write(`legacy bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
  await dropScratch();
}
