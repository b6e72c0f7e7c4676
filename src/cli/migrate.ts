import { loadConfig } from '../config.js';
import { createDatabase } from '../db/index.js';

const config = loadConfig();
const db = createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await db.migrate();
  process.stdout.write(`migrations applied (${db.kind})\n`);
} finally {
  await db.close();
}
