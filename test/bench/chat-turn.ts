/**
 * p50/p99 of an offline POST /api/chat turn at a fixed offered rate (default 200 req/s for 10 s)
 * on the embedded database: `npx tsx test/bench/chat-turn.ts [rate] [seconds]`. Each of 50 users
 * continues its own conversation, so every turn reads history and writes two messages.
 */
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/index.js';
import { fixedRate, must } from './load.js';

const rate = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 10);
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' });
const db = createDatabase({ dataDir: 'memory' });
await db.migrate();
const app = await buildApp({ config, db, summaryLlm: null });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const users = await Promise.all(
  Array.from({ length: 50 }, async (_, i) => {
    const token = app.signToken({ sub: `bench-chat-${i}` });
    const first = await must(base, {
      method: 'POST',
      path: '/api/chat',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ agent_id: 'calm_companion', message: 'Hola' }),
    });
    return { token, conversation: (first.body as { conversation_id: string }).conversation_id };
  }),
);
let n = 0;
const result = await fixedRate(
  base,
  () => {
    const u = users[n++ % users.length]!;
    return {
      method: 'POST',
      path: '/api/chat',
      headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ agent_id: 'calm_companion', message: '¿Por dónde empiezo?', conversation_id: u.conversation }),
    };
  },
  rate,
  seconds,
);
console.log(JSON.stringify({ scenario: 'offline /api/chat turn', offered_rps: rate, ...result }, null, 2));
await app.close();
await db.close();
