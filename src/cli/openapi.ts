import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createDatabase } from '../db/index.js';

/**
 * The OpenAPI document as the running service serves it at /docs/json, built without listening
 * and without a database connection (nothing is queried to build it). Dev routes are left out:
 * the document describes what a production deployment exposes.
 */
export async function openapiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEV_TOKENS: 'false' });
  const db = createDatabase({ dataDir: 'memory' });
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({ config, db, summaryLlm: null });
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>; // the OpenAPI 3 object, typed by the plugin as a union with Swagger 2
  } finally {
    await app?.close();
    await db.close();
  }
}

// `npm run openapi:dump -- [file]` writes docs/openapi.json (or the given file).
if (import.meta.url === `file://${process.argv[1]}`) {
  const out = path.resolve(process.argv[2] ?? 'docs/openapi.json');
  const doc = await openapiDocument();
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}
