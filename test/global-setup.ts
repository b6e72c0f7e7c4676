/**
 * Once per `vitest run`, before any worker starts: the PGlite data directories every test database
 * starts from, so no test file pays for initdb or for applying the migrations (most of a PGlite
 * start). Two tarballs from PGlite's dumpDataDir: `empty` (initdb only, for the migration tests)
 * and `migrated` (every migration in migrations/ applied by the same migrator the service uses).
 *
 * They are kept in node_modules/.cache under a key made of everything that decides their content
 * (the migration files, the PGlite and drizzle-orm versions), so a run after a change to any of
 * them builds new ones and an unchanged tree reuses the last.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { TestProject } from 'vitest/node';
import { MIGRATIONS_DIR } from '../src/db/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Paths of the dumped PGlite data directories (uncompressed tarballs). */
    pgliteDumps: { empty: string; migrated: string };
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Bump when the way the dumps are made changes.
const FORMAT = 1;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function versionOf(pkg: string): string {
  const json = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string };
  return json.version;
}

function cacheKey(): string {
  const h = createHash('sha256');
  h.update(`format ${FORMAT}\npglite ${versionOf('@electric-sql/pglite')}\ndrizzle-orm ${versionOf('drizzle-orm')}\n`);
  for (const file of filesUnder(MIGRATIONS_DIR)) {
    h.update(`${path.relative(MIGRATIONS_DIR, file)}\n`);
    h.update(readFileSync(file));
  }
  return h.digest('hex').slice(0, 16);
}

async function dump(db: PGlite): Promise<Buffer> {
  return Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
}

/** Written beside its final name and renamed: a concurrent run never reads half a file. */
function writeAtomically(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

async function buildDumps(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const db = new PGlite();
  try {
    // dumpDataDir does not wait for the start-up itself.
    await db.waitReady;
    writeAtomically(path.join(dir, 'empty.tar'), await dump(db));
    await migrate(drizzle(db), { migrationsFolder: MIGRATIONS_DIR });
    writeAtomically(path.join(dir, 'migrated.tar'), await dump(db));
  } finally {
    await db.close();
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const base = path.join(ROOT, 'node_modules', '.cache', 'test-pglite');
  const key = cacheKey();
  const dir = path.join(base, key);
  const dumps = { empty: path.join(dir, 'empty.tar'), migrated: path.join(dir, 'migrated.tar') };
  if (!existsSync(dumps.empty) || !existsSync(dumps.migrated)) {
    // Dumps of older keys are of no further use.
    if (existsSync(base))
      for (const old of readdirSync(base)) if (old !== key) rmSync(path.join(base, old), { recursive: true, force: true });
    await buildDumps(dir);
  }
  project.provide('pgliteDumps', dumps);
}
