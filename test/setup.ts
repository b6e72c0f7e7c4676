import fc from 'fast-check';
import { afterAll } from 'vitest';

// Property tests run with a fixed seed so a run is reproducible; FC_SEED=<n> explores others.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261122) });

// The PostgreSQL database a file's tests shared (helpers/db.ts) is dropped when the file ends.
// Imported only then: a file without a database loads nothing of it.
if (process.env.DATABASE_URL) {
  afterAll(async () => {
    const { releaseSharedDatabases } = await import('./helpers/db.js');
    await releaseSharedDatabases();
  });
}
