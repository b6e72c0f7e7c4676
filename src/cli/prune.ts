import { loadConfig } from '../config.js';
import { createDatabase } from '../db/index.js';
import { prune } from '../db/prune.js';

const config = loadConfig();
const db = createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const r = await prune(db, config.EVENT_RETENTION_DAYS, { chatRetentionDays: config.CHAT_RETENTION_DAYS });
  const eventsKept = config.EVENT_RETENTION_DAYS === undefined ? ' (EVENT_RETENTION_DAYS unset: events kept)' : '';
  const chatsKept = config.CHAT_RETENTION_DAYS === undefined ? ' (CHAT_RETENTION_DAYS unset: chat messages kept)' : '';
  process.stdout.write(
    `pruned ${r.events} events${eventsKept}, ${r.chatMessages} chat messages${chatsKept}, ${r.dialogues} idle onboarding dialogues and ${r.idempotencyKeys} expired idempotency keys\n`,
  );
} finally {
  await db.close();
}
