/**
 * npm run legacy:generate -- --users 1000000 [--seed 1] [--start 0] [--batch 10000]
 * Loads generated legacy (11-step) users into the configured database (DATABASE_URL, else
 * PGlite in DATA_DIR). Migrates a fresh database up to the legacy table first; refuses one that
 * is already consolidated. Run `npm run db:migrate` afterwards to consolidate.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createDatabase } from '../db/index.js';
import { generateLegacyUsers, loadLegacyUsers } from '../db/legacy/generate.js';
import { LEGACY_TABLE_TAG, applyMigrationsThrough } from '../db/legacy/migrations.js';

function positiveInt(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${value}`);
  return n;
}

const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    batch: { type: 'string' },
  },
});
const users = positiveInt('users', values.users, 1000);
const seed = positiveInt('seed', values.seed, 1, 0);
const start = positiveInt('start', values.start, 0, 0);
const batchSize = positiveInt('batch', values.batch, 10_000);

const config = loadConfig();
const db = createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await applyMigrationsThrough(db, LEGACY_TABLE_TAG);
  const began = performance.now();
  let reported = 0;
  const result = await loadLegacyUsers(db, generateLegacyUsers({ seed, count: users, start }), {
    batchSize,
    onProgress: (n) => {
      if (n - reported >= 100_000) {
        reported = n;
        process.stdout.write(`  ${n} users...\n`);
      }
    },
  });
  const seconds = (performance.now() - began) / 1000;
  process.stdout.write(
    `loaded ${result.users} users and ${result.rows} legacy rows (${db.kind}, seed ${seed}) in ${seconds.toFixed(1)} s\n`,
  );
} catch (err) {
  process.stderr.write(`legacy:generate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
