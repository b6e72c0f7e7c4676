import { loadConfig } from '../config.js';
import { createDatabase } from '../db/index.js';
import { prune } from '../db/prune.js';

const config = loadConfig();
const db = createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const r = await prune(db, config.EVENT_RETENTION_DAYS);
  const kept = config.EVENT_RETENTION_DAYS === undefined ? ' (EVENT_RETENTION_DAYS unset: events kept)' : '';
  process.stdout.write(`pruned ${r.events} events${kept} and ${r.idempotencyKeys} expired idempotency keys\n`);
} finally {
  await db.close();
}
