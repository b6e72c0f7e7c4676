import { ConfigError, loadConfig } from '../config.js';
import { createDatabase, databaseOptions } from '../db/index.js';

/**
 * `npm run db:migrate` (or `node dist/src/cli/migrate.js`): applies pending migrations and exits 0,
 * or prints why not and exits 1. Safe to run from several places at once: the migrator's lock lets
 * one apply them while the others wait and then find nothing left to do.
 */
const log = (level: 'info' | 'error', msg: string, extra: Record<string, unknown> = {}) =>
  process[level === 'error' ? 'stderr' : 'stdout'].write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...extra })}\n`);

let exitCode = 0;
try {
  const config = loadConfig();
  const db = createDatabase(databaseOptions(config));
  const started = Date.now();
  try {
    log('info', 'applying migrations', { database: db.kind });
    await db.migrate();
    log('info', 'migrations applied', { database: db.kind, elapsed_ms: Date.now() - started });
  } finally {
    await db.close(5000).catch(() => {});
  }
} catch (err) {
  exitCode = 1;
  if (err instanceof ConfigError) log('error', err.message);
  else
    log('error', 'migration failed', { error: err instanceof Error ? err.message : String(err), code: (err as { code?: unknown }).code });
}
process.exit(exitCode);
