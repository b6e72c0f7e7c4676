import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that run in a process of their own. Every other file shares its worker process with the
 * files before it (isolate: false): modules are loaded once per worker, and so is the worker's
 * PGlite database (test/helpers/db.ts), whose tests each own their users. Process-wide state is
 * then shared too: a test reads the Prometheus counters as a difference between two scrapes,
 * never as an absolute value. A file belongs here when it changes what other files would see:
 * engine-atomicity installs fault-injecting triggers on the tables and wraps the database's query.
 */
const ISOLATED = ['test/engine-atomicity*.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default leaves a core to its main process, i.e. one worker on a 2-core machine; but
    // a worker spends much of its time waiting for Chromium, the CLIs and servers it spawns and
    // PostgreSQL, and a second one fills those waits (on 2 cores: 177 s -> 155 s, both loaded).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Dumps the PGlite data directories (empty and migrated) each test database starts from.
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...ISOLATED], isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
