/**
 * 5. The 11 -> 9 consolidation, timed by src/cli/legacy-bench.ts (generates N legacy rows in its
 * own scratch database, then times migration 0002 alone).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_URL, ROOT, dropDatabase, log, onCleanup } from './setup.js';

export type MigrationResult =
  { kind: 'measured'; rows: number; seconds: number; loadSeconds: number | null } | { kind: 'not measured'; reason: string };

const SCRIPT = 'src/cli/legacy-bench.ts';

export async function runMigration(users: number): Promise<MigrationResult> {
  if (!existsSync(path.join(ROOT, SCRIPT))) return { kind: 'not measured', reason: `${SCRIPT} is missing` };
  log(`migration: ${SCRIPT} --users ${users} (generation takes minutes)`);
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: ADMIN_URL, LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--users', String(users)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let scratch: string | null = null;
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // The script drops its database itself, unless it was killed before it could.
    if (scratch) await dropDatabase(scratch);
  });
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    out += text;
    for (const line of text.split('\n')) if (line.trim()) log(`migration: ${line.trim()}`);
    scratch ??= /scratch database (\w+)/.exec(out)?.[1] ?? null;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const consolidation = /0002 consolidation: ([\d.]+) s for (\d+) rows/.exec(out);
  if (code !== 0 || !consolidation) {
    return { kind: 'not measured', reason: `legacy-bench exited ${String(code)}: ${out.trim().split('\n').slice(-3).join(' | ')}` };
  }
  const load = /generate\+load: ([\d.]+) s/.exec(out);
  return {
    kind: 'measured',
    seconds: Number(consolidation[1]),
    rows: Number(consolidation[2]),
    loadSeconds: load ? Number(load[1]) : null,
  };
}
