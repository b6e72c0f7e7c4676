/**
 * The 11-step -> 9-state consolidation (migrations 0001-0003), its rollback, and the TypeScript
 * reference they are both held to (docs/behaviour/data.md, "Legacy 11-step data").
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardingStates } from '../drizzle/schema.js';
import { generateLegacyUsers } from '../src/db/legacy/generate.js';
import {
  CONSOLIDATION_TAG,
  LEGACY_TABLE_TAG,
  VERSION_TAG,
  WORKING_STEP_TAG,
  applyMigrationsThrough,
  readJournal,
  readMigration,
  rowsOf,
} from '../src/db/legacy/migrations.js';
import { consolidate, mapLegacyStep, mergeTargetsAndConstraints, unconsolidate, type JsonObject } from '../src/db/legacy/reference.js';
import { ROLLBACK_FILE, readRollbackStatements, reapplyConsolidation, rollbackConsolidation } from '../src/db/legacy/rollback.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from './helpers/db.js';
import { legacyUsersArb } from './helpers/legacy-arbitraries.js';
import {
  basicsOf,
  checkDefinition,
  columnsOf,
  execOf,
  insertLegacyUsers,
  readUsers,
  recordedMigrations,
  sqlStateOf,
  type Exec,
  type StoredUser,
} from './helpers/legacy-db.js';
import { LEGACY_FIXTURES } from './helpers/legacy-fixtures.js';

const CHECK_VIOLATION = '23514';

function journalWhen(tag: string): number {
  const entry = readJournal().find((e) => e.tag === tag);
  if (!entry) throw new Error(`${tag} missing from the journal`);
  return entry.when;
}

function migratedAtOf(users: StoredUser[]): string {
  const stamps = new Set<unknown>();
  for (const u of users) {
    const migration = u.row?.step_data._migration;
    if (migration && typeof migration === 'object' && !Array.isArray(migration)) stamps.add(migration.migrated_at);
  }
  expect(stamps.size).toBe(1);
  const [stamp] = [...stamps];
  if (typeof stamp !== 'string') throw new Error('migrated_at is not a string');
  expect(Number.isNaN(Date.parse(stamp))).toBe(false);
  return stamp;
}

/**
 * The state a consolidated row works on once 0006 has run: the first of the nine without data,
 * 9 when all have data, 0 kept for a row that never started.
 */
function workingStateOf(row: { current_step: number; step_data: Record<string, unknown> }): number {
  if (row.current_step === 0) return 0;
  const missing = [1, 2, 3, 4, 5, 6, 7, 8, 9].find((n) => row.step_data[`step_${n}`] === undefined || row.step_data[`step_${n}`] === null);
  return missing ?? 9;
}

/** Each user after 0002 (and 0006 when `workingStep`) as the reference says, given the same user before it. */
function expectConsolidated(
  before: StoredUser[],
  after: StoredUser[],
  migratedAt: string,
  opts: { workingStep: boolean } = { workingStep: true },
): void {
  expect(after.map((u) => u.id)).toEqual(before.map((u) => u.id));
  before.forEach((b, i) => {
    const a = after[i];
    if (!a) throw new Error(`user ${b.id} vanished`);
    if (!b.row) {
      expect(a.row, b.id).toBeNull();
      expect(basicsOf(a), b.id).toEqual(basicsOf(b));
      return;
    }
    const expected = consolidate({ current_step: b.row.current_step, step_data: b.row.step_data }, basicsOf(b), migratedAt);
    expect({ id: b.id, step_data: a.row?.step_data, current_step: a.row?.current_step }).toEqual({
      id: b.id,
      step_data: expected.row.step_data,
      current_step: opts.workingStep ? workingStateOf(expected.row) : expected.row.current_step,
    });
    expect(basicsOf(a), b.id).toEqual(expected.user);
    expect(a.row && [a.row.is_complete, a.row.created_at, a.row.updated_at, a.row.deleted_at], `${b.id} untouched columns`).toEqual([
      b.row.is_complete,
      b.row.created_at,
      b.row.updated_at,
      b.row.deleted_at,
    ]);
  });
}

describe('legacy mapping reference', () => {
  it('when legacy current_step is 0..11, then it maps to 0,0,1,2,2,3,4,5,6,7,8,9', () => {
    expect(Array.from({ length: 12 }, (_, s) => mapLegacyStep(s))).toEqual([0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => mapLegacyStep(12)).toThrow(RangeError);
  });

  it('when only old step 4 exists, then step_3 has empty lists and the non-null targets', () => {
    expect(mergeTargetsAndConstraints({ step_4: { target_weight_kg: 80, target_body_fat_percentage: null } })).toEqual({
      equipment: [],
      injuries: [],
      limitations: [],
      target_weight_kg: 80,
    });
  });

  it('when only old step 5 exists, then step_3 has the typed string descriptions in order and no targets', () => {
    const step5 = {
      constraints: [
        { constraint_type: 'equipment', description: 'bench' },
        { constraint_type: 'injury', description: 'knee' },
        { constraint_type: 'equipment', description: 'bands' },
        { constraint_type: 'other', description: 'dropped' },
        { constraint_type: 'limitation', description: 7 },
      ],
    };
    expect(mergeTargetsAndConstraints({ step_5: step5 })).toEqual({
      equipment: ['bench', 'bands'],
      injuries: ['knee'],
      limitations: [],
    });
  });

  it('when neither old step 4 nor 5 is an object, then there is no step_3', () => {
    expect(mergeTargetsAndConstraints({ step_4: null, step_5: [] })).toBeUndefined();
    const noBasics = { age: null, gender: null, height_cm: null, weight_kg: null };
    expect(consolidate({ current_step: 3, step_data: { step_3: { goals: [] } } }, noBasics, 't').row.step_data).toEqual({
      _migration: { original_step_data: { step_3: { goals: [] } }, original_current_step: 3, migrated_at: 't' },
      step_2: { goals: [] },
    });
  });

  it('when a 9-state row is converted back, then state 3 splits into old 4 and 5 and basics become step_1', () => {
    const legacy = unconsolidate(
      {
        current_step: 3,
        step_data: {
          step_1: { fitness_level: 'beginner' },
          step_3: { equipment: ['a'], injuries: ['b'], limitations: [], target_weight_kg: 70 },
        },
      },
      { age: 30, gender: null, height_cm: 170, weight_kg: null },
    );
    expect(legacy).toEqual({
      current_step: 5,
      step_data: {
        step_1: { age: 30, height_cm: 170 },
        step_2: { fitness_level: 'beginner' },
        step_4: { target_weight_kg: 70 },
        step_5: {
          constraints: [
            { constraint_type: 'equipment', description: 'a' },
            { constraint_type: 'injury', description: 'b' },
          ],
        },
      },
    });
  });

  it('when the same seed and index are generated twice, then the users are identical', () => {
    const a = [...generateLegacyUsers({ seed: 3, count: 50 })];
    const b = [...generateLegacyUsers({ seed: 3, count: 20, start: 30 })];
    expect(b).toEqual(a.slice(30));
    expect(new Set(a.map((u) => u.id)).size).toBe(50);
  });
});

describe('rollback file', () => {
  it('when it deletes migration records, then they are exactly the journal entries of 0002 and 0003', () => {
    const text = readFileSync(ROLLBACK_FILE, 'utf8');
    const consolidation = journalWhen(CONSOLIDATION_TAG);
    const version = journalWhen(VERSION_TAG);
    expect(text).toContain(`WHERE "created_at" IN (${consolidation}, ${version});`);
  });
});

describe.each(BACKENDS)('legacy consolidation on %s', (backend) => {
  let tdb: TestDatabase;
  let exec: Exec;
  let before: StoredUser[];
  let after: StoredUser[];

  beforeAll(async () => {
    tdb = await openTestDatabase(backend, { migrate: false });
    exec = execOf(tdb.db);
    expect(await applyMigrationsThrough(tdb.db, LEGACY_TABLE_TAG)).toEqual(['0000_init', LEGACY_TABLE_TAG]);
    await insertLegacyUsers(exec, [...generateLegacyUsers({ seed: 20_260_211, count: 400, withoutRowRate: 0.03 })]);
    await insertLegacyUsers(exec, LEGACY_FIXTURES);
    before = await readUsers(exec);
    await tdb.db.migrate();
    after = await readUsers(exec);
  });

  afterAll(async () => {
    await tdb.drop();
  });

  it('when the legacy data is loaded, then it covers every old current_step and users without a row', () => {
    const steps = new Set(before.flatMap((u) => (u.row ? [u.row.current_step] : [])));
    expect([...steps].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(before.some((u) => u.row === null)).toBe(true);
  });

  it('when migrate() consolidates the legacy rows, then every row and user equals the reference mapping', () => {
    expectConsolidated(before, after, migratedAtOf(after));
  });

  it('when migrate() has consolidated, then agent_history is [] and version is 1 on every row', async () => {
    const rows = rowsOf<{ n: number | string }>(
      await exec(sql`SELECT count(*) AS n FROM onboarding_states WHERE agent_history <> '[]'::jsonb OR version <> 1`),
    );
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it('when current_step 10 is written after consolidation, then the 0..9 CHECK refuses it', async () => {
    const id = before.find((u) => u.row)?.id ?? '';
    expect(await sqlStateOf(exec(sql`UPDATE onboarding_states SET current_step = 10 WHERE user_id = ${id}`))).toBe(CHECK_VIOLATION);
    expect(await sqlStateOf(exec(sql`UPDATE onboarding_states SET current_step = -1 WHERE user_id = ${id}`))).toBe(CHECK_VIOLATION);
    expect(await checkDefinition(exec)).toMatch(/current_step >= 0\) AND \(current_step <= 9\)/);
  });

  it('when migrate() runs a second time, then nothing changes', async () => {
    const recorded = await recordedMigrations(exec);
    await tdb.db.migrate();
    expect(await recordedMigrations(exec)).toEqual(recorded);
    expect(recorded.map((r) => r.created_at)).toEqual(readJournal().map((e) => e.when));
    expect(await readUsers(exec)).toEqual(after);
  });

  it('when the consolidation is rolled back, then migrated rows are restored byte for byte and later rows converted', async () => {
    // A user who signed up after the migration, with a 9-state row the old code never saw.
    const newcomer = '0bbbbbbb-0000-4000-8000-000000000001';
    const newcomerData: JsonObject = {
      step_1: { fitness_level: 'intermediate' },
      step_2: { goals: [{ goal_type: 'fat_loss', priority: 1 }] },
      step_3: { equipment: ['bench', 'bänder'], injuries: [], limitations: ['no running'], target_body_fat_percentage: 18 },
      step_4: { diet_type: 'omnivore', allergies: [], intolerances: [], dislikes: [] },
    };
    await exec(sql`INSERT INTO users (id, sub, age, height_cm) VALUES (${newcomer}, 'newcomer', 29, 181.5)`);
    await exec(sql`INSERT INTO onboarding_states (user_id, current_step, step_data, agent_history)
                   VALUES (${newcomer}, 5, ${JSON.stringify(newcomerData)}::jsonb,
                           '[{"state": 4, "agent": "diet_planning", "timestamp": "2026-01-01T00:00:00Z"}]'::jsonb)`);

    const result = await rollbackConsolidation(tdb.db);
    expect(result).toEqual({ restored: before.filter((u) => u.row).length, converted: 1 });

    const restored = await readUsers(exec);
    const byId = new Map(restored.map((u) => [u.id, u]));
    for (const b of before) {
      const r = byId.get(b.id);
      expect([b.id, r?.row?.step_text, r?.row?.current_step]).toEqual([b.id, b.row?.step_text, b.row?.current_step]);
    }
    const converted = byId.get(newcomer)?.row;
    expect({ current_step: converted?.current_step, step_data: converted?.step_data }).toEqual(
      unconsolidate({ current_step: 5, step_data: newcomerData }, { age: 29, gender: null, height_cm: 181.5, weight_kg: null }),
    );

    expect(await columnsOf(exec, 'onboarding_states')).not.toContain('agent_history');
    expect(await columnsOf(exec, 'onboarding_states')).not.toContain('version');
    expect(await checkDefinition(exec)).toMatch(/current_step >= 0\) AND \(current_step <= 11\)/);
    expect(await sqlStateOf(exec(sql`UPDATE onboarding_states SET current_step = 12 WHERE user_id = ${newcomer}`))).toBe(CHECK_VIOLATION);
    expect((await recordedMigrations(exec)).map((r) => r.created_at)).toEqual(
      readJournal()
        .filter((e) => e.tag !== CONSOLIDATION_TAG && e.tag !== VERSION_TAG)
        .map((e) => e.when),
    );
  });

  it('when the rollback runs again on the restored legacy table, then it refuses and changes nothing', async () => {
    const snapshot = await readUsers(exec);
    await expect(rollbackConsolidation(tdb.db)).rejects.toThrow();
    expect(await readUsers(exec)).toEqual(snapshot);
  });

  it('when a later migration is still recorded after the rollback, then migrate() skips 0002/0003 and reapplyConsolidation() applies them', async () => {
    const legacy = await readUsers(exec);
    await tdb.db.migrate();
    expect(await readUsers(exec)).toEqual(legacy);
    expect(await reapplyConsolidation(tdb.db)).toEqual([CONSOLIDATION_TAG, VERSION_TAG]);
    const again = await readUsers(exec);
    expectConsolidated(legacy, again, migratedAtOf(again));
    expect((await recordedMigrations(exec)).map((r) => r.created_at).sort()).toEqual(
      readJournal()
        .map((e) => e.when)
        .sort(),
    );
    expect(await reapplyConsolidation(tdb.db)).toEqual([]);
  });
});

describe.each(BACKENDS)('consolidation property on %s', (backend) => {
  let tdb: TestDatabase;
  const consolidation = [
    ...readMigration(CONSOLIDATION_TAG).statements,
    ...readMigration(VERSION_TAG).statements,
    ...readMigration(WORKING_STEP_TAG).statements,
  ];
  const rollback = readRollbackStatements();

  beforeAll(async () => {
    tdb = await openTestDatabase(backend, { migrate: false });
    await applyMigrationsThrough(tdb.db, LEGACY_TABLE_TAG);
  });

  afterAll(async () => {
    await tdb.drop();
  });

  it('when any legacy rows are consolidated and rolled back, then SQL equals the reference and the rollback is exact', async () => {
    class Undo extends Error {}
    await fc.assert(
      fc.asyncProperty(legacyUsersArb, async (users) => {
        let undone = false;
        try {
          // Each run works inside a transaction that is always undone, so the table stays legacy.
          await tdb.db.orm.transaction(async (tx) => {
            const exec: Exec = (q) => tx.execute(q);
            await insertLegacyUsers(exec, users);
            const legacy = await readUsers(exec);
            for (const statement of consolidation) await tx.execute(sql.raw(statement));
            const migrated = await readUsers(exec);
            if (legacy.some((u) => u.row)) expectConsolidated(legacy, migrated, migratedAtOf(migrated));
            for (const statement of rollback) await tx.execute(sql.raw(statement));
            const restored = await readUsers(exec);
            expect(restored.map((u) => [u.id, u.row?.step_text, u.row?.current_step])).toEqual(
              legacy.map((u) => [u.id, u.row?.step_text, u.row?.current_step]),
            );
            throw new Undo();
          });
        } catch (err) {
          if (!(err instanceof Undo)) throw err;
          undone = true;
        }
        expect(undone).toBe(true);
      }),
      { numRuns: backend === 'pg' ? 60 : 40 },
    );
  });

  it('when the rollback runs on a table that was never consolidated, then it refuses', async () => {
    await expect(rollbackConsolidation(tdb.db)).rejects.toThrow(/not consolidated/);
    expect(await columnsOf(execOf(tdb.db), 'onboarding_states')).not.toContain('agent_history');
  });

  it('when nothing newer than 0003 is recorded, then migrate() after the rollback re-applies 0002 and 0003', async () => {
    const exec = execOf(tdb.db);
    await insertLegacyUsers(exec, LEGACY_FIXTURES);
    const legacy = await readUsers(exec);
    await applyMigrationsThrough(tdb.db, VERSION_TAG);
    await rollbackConsolidation(tdb.db);
    expect((await readUsers(exec)).map((u) => u.row?.step_text)).toEqual(legacy.map((u) => u.row?.step_text));
    await tdb.db.migrate();
    const again = await readUsers(exec);
    expectConsolidated(legacy, again, migratedAtOf(again));
    expect((await recordedMigrations(exec)).map((r) => r.created_at)).toEqual(readJournal().map((e) => e.when));
  });
});

describe.each(BACKENDS)('fresh database on %s', (backend) => {
  let tdb: TestDatabase;

  beforeAll(async () => {
    tdb = await openTestDatabase(backend, { migrate: false });
  });

  afterAll(async () => {
    await tdb.drop();
  });

  it('when migrate() runs on an empty database, then every migration applies and the table matches drizzle/schema.ts', async () => {
    await tdb.db.migrate();
    const exec = execOf(tdb.db);
    expect((await recordedMigrations(exec)).map((r) => r.created_at)).toEqual(readJournal().map((e) => e.when));

    const config = getTableConfig(onboardingStates);
    const columns = rowsOf<{ column_name: string; is_nullable: string; column_default: string | null; data_type: string }>(
      await exec(sql`SELECT column_name, is_nullable, column_default, data_type FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = 'onboarding_states' ORDER BY column_name`),
    );
    expect(columns.map((c) => c.column_name)).toEqual(config.columns.map((c) => c.name).sort());
    for (const column of config.columns) {
      const db = columns.find((c) => c.column_name === column.name);
      expect([column.name, db?.is_nullable === 'NO', db?.column_default !== null]).toEqual([
        column.name,
        column.notNull,
        column.hasDefault,
      ]);
    }
    const constraints = rowsOf<{ conname: string; def: string }>(
      await exec(sql`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                     WHERE conrelid = 'onboarding_states'::regclass AND contype <> 'n' ORDER BY conname`),
    );
    expect(constraints.map((c) => c.conname)).toEqual([
      config.checks[0]?.name,
      'onboarding_states_pkey',
      'onboarding_states_user_id_unique',
      config.foreignKeys[0]?.getName(),
    ]);
    expect(constraints.find((c) => c.conname.endsWith('_fk'))?.def).toMatch(/REFERENCES users\(id\) ON DELETE CASCADE/);

    // A brand-new user's row needs nothing but user_id.
    await exec(sql`INSERT INTO users (id, sub) VALUES ('0ccccccc-0000-4000-8000-000000000001', 'fresh')`);
    const [row] = rowsOf<{ current_step: number; step_data: unknown; agent_history: unknown; version: number }>(
      await exec(sql`INSERT INTO onboarding_states (user_id) VALUES ('0ccccccc-0000-4000-8000-000000000001')
                     RETURNING current_step, step_data, agent_history, version`),
    );
    expect(row).toEqual({ current_step: 0, step_data: {}, agent_history: [], version: 1 });
  });

  it('when migrate() runs twice on the fresh database, then the second run applies nothing', async () => {
    const exec = execOf(tdb.db);
    const recorded = await recordedMigrations(exec);
    await tdb.db.migrate();
    expect(await recordedMigrations(exec)).toEqual(recorded);
  });
});
