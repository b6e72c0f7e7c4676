import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDatabase, databaseOptions } from './db/index.js';

/**
 * Process entry only: config, migrations, listen, graceful close.
 *
 * On SIGTERM/SIGINT the app drains: the listener stops accepting, idle keep-alive connections are
 * closed, requests already accepted finish, requests arriving on open connections get 503, then
 * the database pool is ended. All of it within SHUTDOWN_TIMEOUT_MS; past it the process exits 1.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const db = createDatabase(databaseOptions(config));
  if (config.MIGRATE_ON_START) await db.migrate();
  const app = await buildApp({ config, db });

  // The pool ends after the listener has drained, with whatever time the deadline leaves.
  let deadlineAt = Number.POSITIVE_INFINITY;
  app.addHook('onClose', async () => db.close(Math.max(100, deadlineAt - Date.now())));

  if (config.DEV_TOKENS_EXPLICIT) {
    app.log.warn(
      { host: config.HOST, secret: config.JWT_SECRET_SOURCE },
      'DEV_TOKENS is on: anyone who can reach POST /api/dev/token can sign in as any user; never use this in a deployment',
    );
  }
  if (config.JWT_SECRET_SOURCE === 'installation') {
    app.log.info(
      { file: `${config.DATA_DIR}/dev-jwt-secret` },
      "JWT_SECRET unset: tokens are signed with this installation's development secret",
    );
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    const started = Date.now();
    deadlineAt = started + config.SHUTDOWN_TIMEOUT_MS;
    app.log.info({ signal, deadline_ms: config.SHUTDOWN_TIMEOUT_MS }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error({ elapsed_ms: Date.now() - started }, 'shutdown deadline passed: closing the remaining connections and exiting');
      app.server.closeAllConnections();
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    app.close().then(
      () => {
        app.log.info({ elapsed_ms: Date.now() - started }, 'shut down');
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(
    { database: db.kind, llm: config.ANTHROPIC_API_KEY ? 'anthropic' : 'offline', dev_tokens: config.DEV_TOKENS, pid: process.pid },
    'onboarding service ready',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
