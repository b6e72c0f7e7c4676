/**
 * Deterministic, realistic legacy (11-step) users for tests and benchmarks, and a bulk loader.
 * User `i` of seed `s` depends on (s, i) only, so any slice can be generated on its own and the
 * same call always yields the same data.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../index.js';
import type { Json, JsonObject, UserBasics } from './reference.js';

export interface LegacyOnboardingRow {
  current_step: number;
  is_complete: boolean;
  step_data: JsonObject;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface LegacyUser extends UserBasics {
  id: string;
  sub: string;
  email: string;
  full_name: string;
  created_at: string;
  /** null: the user never opened onboarding. */
  onboarding: LegacyOnboardingRow | null;
}

interface GenerateOptions {
  seed: number;
  count: number;
  /** Index of the first user; slices of one seed never collide. */
  start?: number;
  /** Share of users without an onboarding row, 0..1 (default 0: every user has one). */
  withoutRowRate?: number;
}

type Rng = () => number;

/** 32-bit mix of two integers (splitmix-style finalizer), the per-user seed. */
function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

/** mulberry32: tiny, fast, good enough for test data. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function pickSome<T>(rng: Rng, items: readonly T[], min: number, max: number): T[] {
  const pool = [...items];
  const n = Math.min(int(rng, min, max), pool.length);
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0] as T);
  return out;
}

/** A value in [min, max] with `decimals` places; one time in ten exactly a bound. */
function between(rng: Rng, min: number, max: number, decimals: number): number {
  if (chance(rng, 0.1)) return chance(rng, 0.5) ? min : max;
  const f = 10 ** decimals;
  return Math.round((min + rng() * (max - min)) * f) / f;
}

function hhmm(rng: Rng, fromHour: number, toHour: number): string {
  const h = int(rng, fromHour, toHour);
  const m = pick(rng, [0, 0, 15, 30, 45, 59]);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

const FIRST_NAMES = ['Ana', 'Zoë', 'José', 'Mohammed', 'Li', 'Ōta', 'Siobhán', 'Priya', 'Jürgen', 'Ngozi', 'Kim', 'Łukasz'];
const LAST_NAMES = ['Müller', 'Álvarez', '李', 'Hikari', "O'Brien", 'Okafor', 'Nguyễn', 'Smith', 'Kowalska', 'Haddad'];
const GENDERS = ['male', 'female', 'non_binary', 'prefer_not_to_say'];
const FITNESS_LEVELS = ['beginner', 'intermediate', 'advanced'];
const GOAL_TYPES = ['fat_loss', 'muscle_gain', 'general_fitness'];
const DIET_TYPES = ['omnivore', 'vegetarian', 'vegan', 'pescatarian', 'keto', 'paleo'];
const EQUIPMENT = [
  'dumbbells',
  'adjustable bench',
  'resistance bands',
  'pull-up bar',
  'kettlebell 🏋️',
  'Langhantel & Hantelbank',
  'ダンベル',
  'rameur (aviron)',
  'full gym access',
];
const INJURIES = [
  'bad left knee',
  'lower back pain',
  'épaule droite opérée',
  'Knöchel – links',
  '膝の痛み',
  'ألم في الظهر',
  'tennis elbow',
];
const LIMITATIONS = [
  'no jumping',
  'max 30 min per session',
  'asthma — avoid sprints',
  'pregnant (2nd trimester)',
  'night shifts',
  '"no floor work"',
  'only weekends \\ sometimes',
];
const ALLERGIES = ['peanuts', 'shellfish', 'tree nuts', 'gluten', 'eggs', 'soja', 'sésamo'];
const INTOLERANCES = ['lactose', 'fructose', 'histamine', 'caffeine'];
const DISLIKES = ['mushrooms', 'olives', 'cilantro', 'brócoli', 'liver', '🍄 all fungi', 'Rosenkohl'];
const SUPPLEMENTS = ['creatine', 'vitamin D', 'omega-3', 'whey protein', 'magnesium', 'B12', 'ashwagandha'];
const MEAL_NAMES = ['breakfast', 'lunch', 'dinner', 'snack', 'pre-workout', 'Frühstück', '夕食', 'second breakfast'];
const MACRO_SPLITS: ReadonlyArray<readonly [number, number, number]> = [
  [30, 40, 30],
  [25, 50, 25],
  [40, 30, 30],
  [33.33, 33.33, 33.34],
  [20, 5, 75],
  [0, 0, 100],
  [35.5, 44.5, 20],
];

function basicInfo(rng: Rng): JsonObject {
  const info: JsonObject = {
    age: chance(rng, 0.05) ? pick(rng, [13, 18, 100, 120]) : int(rng, 16, 85),
    gender: pick(rng, GENDERS),
    height_cm: between(rng, 120, 215, 1),
    weight_kg: between(rng, 35, 250, 1),
  };
  // Partial basic info: a field skipped (absent) or cleared (null).
  if (chance(rng, 0.08)) delete info[pick(rng, ['age', 'gender', 'height_cm', 'weight_kg'])];
  if (chance(rng, 0.05)) info[pick(rng, ['age', 'gender', 'height_cm', 'weight_kg'])] = null;
  return info;
}

function goals(rng: Rng): JsonObject {
  // Zero goals and goals without a priority both occur in production data.
  const types = pickSome(rng, GOAL_TYPES, chance(rng, 0.05) ? 0 : 1, 3);
  return {
    goals: types.map((goal_type, i): Json => (chance(rng, 0.3) ? { goal_type } : { goal_type, priority: i + 1 })),
  };
}

function targets(rng: Rng): JsonObject {
  const out: JsonObject = {};
  const weight = rng();
  if (weight < 0.75) out.target_weight_kg = between(rng, 30, 300, 1);
  else if (weight < 0.85) out.target_weight_kg = null;
  const fat = rng();
  if (fat < 0.5) out.target_body_fat_percentage = between(rng, 1, 50, 1);
  else if (fat < 0.6) out.target_body_fat_percentage = null;
  return out;
}

function constraints(rng: Rng): JsonObject {
  const list: Json[] = [];
  const n = chance(rng, 0.15) ? 0 : int(rng, 1, 6);
  for (let i = 0; i < n; i++) {
    const kind = pick(rng, ['equipment', 'equipment', 'injury', 'limitation']);
    const pool = kind === 'equipment' ? EQUIPMENT : kind === 'injury' ? INJURIES : LIMITATIONS;
    list.push({ constraint_type: kind, description: pick(rng, pool) });
  }
  return { constraints: list };
}

function dietPreferences(rng: Rng): JsonObject {
  return {
    diet_type: pick(rng, DIET_TYPES),
    allergies: pickSome(rng, ALLERGIES, 0, 2),
    intolerances: pickSome(rng, INTOLERANCES, 0, 1),
    dislikes: pickSome(rng, DISLIKES, 0, 3),
  };
}

function mealPlan(rng: Rng): JsonObject {
  const [protein, carbs, fats] = pick(rng, MACRO_SPLITS);
  return {
    daily_calorie_target: chance(rng, 0.1) ? pick(rng, [1000, 5000]) : int(rng, 12, 40) * 100,
    protein_percentage: protein,
    carbs_percentage: carbs,
    fats_percentage: fats,
  };
}

function mealSchedule(rng: Rng): JsonObject {
  const names = pickSome(rng, MEAL_NAMES, chance(rng, 0.03) ? 0 : 1, 5);
  return {
    meals: names.map((meal_name, i): Json => {
      const meal: JsonObject = { meal_name, scheduled_time: i === 0 && chance(rng, 0.05) ? '00:00' : hhmm(rng, 6, 23) };
      if (chance(rng, 0.7)) meal.enable_notifications = chance(rng, 0.8);
      return meal;
    }),
  };
}

function workoutSchedule(rng: Rng): JsonObject {
  const days = pickSome(rng, [0, 1, 2, 3, 4, 5, 6], chance(rng, 0.03) ? 0 : 1, 6).sort((a, b) => a - b);
  return {
    workouts: days.map((day_of_week): Json => {
      const slot: JsonObject = { day_of_week, scheduled_time: chance(rng, 0.03) ? '23:59' : hhmm(rng, 5, 21) };
      if (chance(rng, 0.6)) slot.enable_notifications = chance(rng, 0.85);
      return slot;
    }),
  };
}

function hydration(rng: Rng): JsonObject {
  return {
    daily_water_target_ml: chance(rng, 0.1) ? pick(rng, [500, 10000]) : int(rng, 10, 50) * 100,
    reminder_frequency_minutes: chance(rng, 0.1) ? pick(rng, [15, 480]) : pick(rng, [30, 45, 60, 90, 120]),
  };
}

function supplements(rng: Rng): JsonObject {
  const interested = chance(rng, 0.55);
  const out: JsonObject = { interested_in_supplements: interested };
  if (interested || chance(rng, 0.2)) out.current_supplements = pickSome(rng, SUPPLEMENTS, 0, 3);
  return out;
}

const STEP_BUILDERS: ReadonlyArray<(rng: Rng) => JsonObject> = [
  basicInfo,
  (rng) => ({ fitness_level: pick(rng, FITNESS_LEVELS) }),
  goals,
  targets,
  constraints,
  dietPreferences,
  mealPlan,
  mealSchedule,
  workoutSchedule,
  hydration,
  supplements,
];

/** Weights of legacy current_step 0..11: many never got far, many finished. */
const STEP_WEIGHTS = [8, 10, 6, 6, 6, 6, 6, 6, 5, 5, 5, 31];
const STEP_WEIGHT_TOTAL = STEP_WEIGHTS.reduce((a, b) => a + b, 0);

function currentStep(rng: Rng): number {
  let r = rng() * STEP_WEIGHT_TOTAL;
  for (let step = 0; step < STEP_WEIGHTS.length; step++) {
    r -= STEP_WEIGHTS[step] ?? 0;
    if (r < 0) return step;
  }
  return STEP_WEIGHTS.length - 1;
}

const BASE_TIME = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/**
 * The onboarding row's `current_step` counts the steps done; data exists for steps up to it,
 * each missing now and then (skipped or lost in production), never beyond it.
 */
function onboardingRow(rng: Rng, userCreated: number): LegacyOnboardingRow {
  const step = currentStep(rng);
  const stepData: JsonObject = {};
  for (let k = 1; k <= step; k++) {
    if (chance(rng, 0.06)) continue;
    const build = STEP_BUILDERS[k - 1];
    if (build) stepData[`step_${k}`] = build(rng);
  }
  const created = userCreated + int(rng, 0, 3 * DAY);
  const updated = created + (step === 0 ? 0 : int(rng, 60_000, 60 * DAY));
  return {
    current_step: step,
    is_complete: step === 11 && chance(rng, 0.9),
    step_data: stepData,
    created_at: new Date(created).toISOString(),
    updated_at: new Date(updated).toISOString(),
    deleted_at: chance(rng, 0.02) ? new Date(updated + int(rng, DAY, 90 * DAY)).toISOString() : null,
  };
}

export function generateLegacyUser(seed: number, index: number, withoutRowRate = 0): LegacyUser {
  const rng = mulberry32(mix(seed, index));
  const created = BASE_TIME + int(rng, 0, 700) * DAY + int(rng, 0, DAY - 1);
  const first = pick(rng, FIRST_NAMES);
  const last = pick(rng, LAST_NAMES);
  // Some users already have profile columns from elsewhere: the migration must keep or replace them correctly.
  const preset = chance(rng, 0.1);
  return {
    id: `${hex(mix(seed, 0x5eed), 8)}-0000-4000-8000-${hex(index, 12)}`,
    sub: `legacy|${seed}|${index}`,
    email: `user${index}.s${seed}@example.test`,
    full_name: `${first} ${last}`,
    age: preset && chance(rng, 0.7) ? int(rng, 18, 70) : null,
    gender: preset && chance(rng, 0.5) ? pick(rng, GENDERS) : null,
    height_cm: preset && chance(rng, 0.5) ? between(rng, 150, 200, 1) : null,
    weight_kg: preset && chance(rng, 0.5) ? between(rng, 50, 120, 1) : null,
    created_at: new Date(created).toISOString(),
    onboarding: chance(rng, withoutRowRate) ? null : onboardingRow(rng, created),
  };
}

export function* generateLegacyUsers(opts: GenerateOptions): Generator<LegacyUser> {
  const start = opts.start ?? 0;
  for (let i = start; i < start + opts.count; i++) yield generateLegacyUser(opts.seed, i, opts.withoutRowRate ?? 0);
}

/** One JSON parameter per statement: the same SQL on PGlite and node-postgres, no per-row parameters. */
export function insertUsersQuery(users: readonly LegacyUser[]) {
  const payload = JSON.stringify(
    users.map((u) => ({
      id: u.id,
      sub: u.sub,
      email: u.email,
      full_name: u.full_name,
      age: u.age,
      gender: u.gender,
      height_cm: u.height_cm,
      weight_kg: u.weight_kg,
      created_at: u.created_at,
    })),
  );
  return sql`INSERT INTO users (id, sub, email, full_name, age, gender, height_cm, weight_kg, created_at, updated_at)
    SELECT r.id, r.sub, r.email, r.full_name, r.age, r.gender, r.height_cm, r.weight_kg, r.created_at, r.created_at
    FROM jsonb_to_recordset(${payload}::jsonb) AS r(id uuid, sub text, email text, full_name text, age integer,
      gender text, height_cm double precision, weight_kg double precision, created_at timestamptz)`;
}

export function insertOnboardingRowsQuery(users: readonly LegacyUser[]) {
  const rows: Array<LegacyOnboardingRow & { user_id: string }> = [];
  for (const u of users) if (u.onboarding) rows.push({ user_id: u.id, ...u.onboarding });
  const payload = JSON.stringify(rows);
  return {
    count: rows.length,
    query: sql`INSERT INTO onboarding_states (user_id, current_step, is_complete, step_data, created_at, updated_at, deleted_at)
      SELECT r.user_id, r.current_step, r.is_complete, r.step_data, r.created_at, r.updated_at, r.deleted_at
      FROM jsonb_to_recordset(${payload}::jsonb) AS r(user_id uuid, current_step integer, is_complete boolean,
        step_data jsonb, created_at timestamptz, updated_at timestamptz, deleted_at timestamptz)`,
  };
}

interface LoadOptions {
  /** Users per statement (default 10,000). */
  batchSize?: number;
  /** Batches in flight at once (default 2 on PostgreSQL, 1 on PGlite, which is single-connection). */
  concurrency?: number;
  onProgress?: (loadedUsers: number) => void;
}

interface LoadResult {
  users: number;
  rows: number;
}

/** Inserts users and their legacy rows; the table must be in the 11-step shape (0001 applied, 0002 not). */
export async function loadLegacyUsers(db: Database, users: Iterable<LegacyUser>, opts: LoadOptions = {}): Promise<LoadResult> {
  const batchSize = opts.batchSize ?? 10_000;
  const concurrency = opts.concurrency ?? (db.kind === 'pg' ? 2 : 1);
  const iterator = users[Symbol.iterator]();
  const total: LoadResult = { users: 0, rows: 0 };
  const nextBatch = (): LegacyUser[] => {
    const batch: LegacyUser[] = [];
    for (let r = iterator.next(); !r.done; r = iterator.next()) {
      batch.push(r.value);
      if (batch.length >= batchSize) break;
    }
    return batch;
  };
  const worker = async (): Promise<void> => {
    for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
      await db.orm.execute(insertUsersQuery(batch));
      const states = insertOnboardingRowsQuery(batch);
      if (states.count > 0) await db.orm.execute(states.query);
      total.users += batch.length;
      total.rows += states.count;
      opts.onProgress?.(total.users);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, () => worker()));
  return total;
}
