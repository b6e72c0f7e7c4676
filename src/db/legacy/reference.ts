/**
 * The 11-step -> 9-state consolidation (migrations/0002_consolidate_to_9_states.sql) and the
 * rollback's conversion of rows created after it, in plain TypeScript. Pure and small on
 * purpose: the tests hold the SQL to it row for row, so any change to one must be made to both.
 */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** The four `users` columns that old step 1 (basic info) feeds. */
export interface UserBasics {
  age: number | null;
  gender: string | null;
  height_cm: number | null;
  weight_kg: number | null;
}

interface LegacyRow {
  /** 0-11. */
  current_step: number;
  step_data: JsonObject;
}

interface ConsolidatedRow {
  /** 0-9. */
  current_step: number;
  step_data: JsonObject;
  agent_history: Json[];
}

const LEGACY_STEP_COUNT = 11;
const STATE_COUNT = 9;

/** Old step -> new state for the steps that move verbatim. */
const VERBATIM_MOVES: ReadonlyArray<readonly [oldStep: number, newState: number]> = [
  [2, 1],
  [3, 2],
  [6, 4],
  [7, 5],
  [8, 6],
  [9, 7],
  [10, 8],
  [11, 9],
];

/** Legacy `current_step` -> new `current_step` (docs/behaviour/data.md). */
const STEP_MAP: readonly number[] = [0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9];

/** New `current_step` -> legacy, for rows the rollback converts (the lowest old step of each). */
const INVERSE_STEP_MAP: readonly number[] = [0, 2, 3, 5, 6, 7, 8, 9, 10, 11];

const CONSTRAINT_KINDS = [
  ['equipment', 'equipment'],
  ['injury', 'injuries'],
  ['limitation', 'limitations'],
] as const;

const TARGET_KEYS = ['target_weight_kg', 'target_body_fat_percentage'] as const;

const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;

function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mapLegacyStep(oldStep: number): number {
  const mapped = STEP_MAP[oldStep];
  if (mapped === undefined || !Number.isInteger(oldStep)) {
    throw new RangeError(`legacy current_step must be an integer from 0 to ${LEGACY_STEP_COUNT}, got ${oldStep}`);
  }
  return mapped;
}

function unmapStep(newStep: number): number {
  const mapped = INVERSE_STEP_MAP[newStep];
  if (mapped === undefined || !Number.isInteger(newStep)) {
    throw new RangeError(`current_step must be an integer from 0 to ${STATE_COUNT}, got ${newStep}`);
  }
  return mapped;
}

/** Old step 1 onto the user's columns: typed values overwrite, anything else keeps the column. */
function mergeBasicInfo(stepData: JsonObject, user: UserBasics): UserBasics {
  const info = stepData.step_1;
  if (!isJsonObject(info)) return { ...user };
  const age = info.age;
  const gender = info.gender;
  const height = info.height_cm;
  const weight = info.weight_kg;
  return {
    age: typeof age === 'number' && Number.isInteger(age) && age >= INT4_MIN && age <= INT4_MAX ? age : user.age,
    gender: typeof gender === 'string' ? gender : user.gender,
    height_cm: typeof height === 'number' ? height : user.height_cm,
    weight_kg: typeof weight === 'number' ? weight : user.weight_kg,
  };
}

/** New state 3 from old 4 (targets) and old 5 (constraints); undefined when neither is present. */
export function mergeTargetsAndConstraints(stepData: JsonObject): JsonObject | undefined {
  const targets = stepData.step_4;
  const constraints = stepData.step_5;
  if (!isJsonObject(targets) && !isJsonObject(constraints)) return undefined;
  const list = isJsonObject(constraints) ? constraints.constraints : undefined;
  const entries = Array.isArray(list) ? list : [];
  const state: JsonObject = {};
  for (const [type, field] of CONSTRAINT_KINDS) {
    const descriptions: Json[] = [];
    for (const entry of entries) {
      if (isJsonObject(entry) && entry.constraint_type === type && typeof entry.description === 'string') {
        descriptions.push(entry.description);
      }
    }
    state[field] = descriptions;
  }
  if (isJsonObject(targets)) {
    for (const key of TARGET_KEYS) {
      const value = targets[key];
      if (value !== undefined && value !== null) state[key] = value;
    }
  }
  return state;
}

/** One legacy row (and its user's columns) as 0002 leaves them. */
export function consolidate(row: LegacyRow, user: UserBasics, migratedAt: string): { row: ConsolidatedRow; user: UserBasics } {
  const old = row.step_data;
  const stepData: JsonObject = {
    _migration: {
      original_step_data: old,
      original_current_step: row.current_step,
      migrated_at: migratedAt,
    },
  };
  for (const [oldStep, newState] of VERBATIM_MOVES) {
    const value = old[`step_${oldStep}`];
    if (isJsonObject(value)) stepData[`step_${newState}`] = value;
  }
  const state3 = mergeTargetsAndConstraints(old);
  if (state3) stepData.step_3 = state3;
  return {
    row: { current_step: mapLegacyStep(row.current_step), step_data: stepData, agent_history: [] },
    user: mergeBasicInfo(old, user),
  };
}

/**
 * A row written by the 9-state flow (no `_migration`) as the rollback converts it back to the
 * 11-step layout: step 1 from the user's non-null columns, state 3 split into old 4 (targets;
 * `{}` when there are none) and old 5 (constraints, equipment then injuries then limitations,
 * each list in order). A state counts as saved when its value is not null, as the flow counts it.
 */
export function unconsolidate(row: { current_step: number; step_data: JsonObject }, user: UserBasics): LegacyRow {
  const data = row.step_data;
  const legacy: JsonObject = {};
  const info: JsonObject = {};
  if (user.age !== null) info.age = user.age;
  if (user.gender !== null) info.gender = user.gender;
  if (user.height_cm !== null) info.height_cm = user.height_cm;
  if (user.weight_kg !== null) info.weight_kg = user.weight_kg;
  if (Object.keys(info).length > 0) legacy.step_1 = info;
  for (const [oldStep, newState] of VERBATIM_MOVES) {
    const value = data[`step_${newState}`];
    if (value !== undefined && value !== null) legacy[`step_${oldStep}`] = value;
  }
  const state3 = data.step_3;
  if (state3 !== undefined && state3 !== null) {
    const targets: JsonObject = {};
    const constraints: Json[] = [];
    if (isJsonObject(state3)) {
      for (const key of TARGET_KEYS) {
        const value = state3[key];
        if (value !== undefined && value !== null) targets[key] = value;
      }
      for (const [type, field] of CONSTRAINT_KINDS) {
        const list = state3[field];
        if (!Array.isArray(list)) continue;
        for (const description of list) constraints.push({ constraint_type: type, description });
      }
    }
    legacy.step_4 = targets;
    legacy.step_5 = { constraints };
  }
  return { current_step: unmapStep(row.current_step), step_data: legacy };
}
