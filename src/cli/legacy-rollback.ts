/**
 * npm run db:rollback-consolidation [-- --reapply]
 * Undoes 0002/0003 on the configured database (DATABASE_URL, else PGlite in DATA_DIR); see
 * migrations/rollback/0002_consolidate_to_9_states.down.sql for what it does and refuses.
 * --reapply applies 0002/0003 again instead, for when a later migration is recorded and
 * `npm run db:migrate` therefore skips them.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createDatabase } from '../db/index.js';
import { reapplyConsolidation, rollbackConsolidation } from '../db/legacy/rollback.js';

const { values } = parseArgs({ options: { reapply: { type: 'boolean', default: false } } });
const config = loadConfig();
const db = createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  if (values.reapply) {
    const applied = await reapplyConsolidation(db);
    process.stdout.write(applied.length > 0 ? `re-applied ${applied.join(', ')} (${db.kind})\n` : 'nothing to re-apply\n');
  } else {
    const result = await rollbackConsolidation(db);
    process.stdout.write(
      `consolidation rolled back (${db.kind}): ${result.restored} rows restored, ` +
        `${result.converted} rows created since converted to the 11-step layout\n`,
    );
  }
} catch (err) {
  process.stderr.write(`failed, nothing changed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
