/**
 * Hand-written legacy rows for the corners the generator reaches rarely or never: mistyped and
 * partial basic info, old 4 without 5 and the reverse, odd constraint lists, non-object steps,
 * unknown keys, boundary numbers, unicode, a user without a row.
 */
import type { LegacyOnboardingRow, LegacyUser } from '../../src/db/legacy/generate.js';
import type { JsonObject, UserBasics } from '../../src/db/legacy/reference.js';

const NO_BASICS: UserBasics = { age: null, gender: null, height_cm: null, weight_kg: null };

function user(n: number, name: string, row: Partial<LegacyOnboardingRow> | null, basics: Partial<UserBasics> = {}): LegacyUser {
  return {
    id: `eeeeeeee-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    sub: `fixture|${name}`,
    email: `${name}@fixture.test`,
    full_name: `Fixture ${name}`,
    ...NO_BASICS,
    ...basics,
    created_at: '2024-03-01T10:00:00.000Z',
    onboarding: row && {
      current_step: 0,
      is_complete: false,
      step_data: {},
      created_at: '2024-03-01T10:00:00.000Z',
      updated_at: '2024-03-02T11:30:00.000Z',
      deleted_at: null,
      ...row,
    },
  };
}

const FULL: JsonObject = {
  step_1: { age: 34, gender: 'female', height_cm: 168.5, weight_kg: 61.2 },
  step_2: { fitness_level: 'advanced' },
  step_3: { goals: [{ goal_type: 'muscle_gain', priority: 1 }, { goal_type: 'fat_loss' }] },
  step_4: { target_weight_kg: 300, target_body_fat_percentage: 1 },
  step_5: {
    constraints: [
      { constraint_type: 'injury', description: 'Knöchel – links' },
      { constraint_type: 'equipment', description: 'kettlebell 🏋️' },
      { constraint_type: 'limitation', description: 'ألم في الظهر' },
      { constraint_type: 'equipment', description: 'ダンベル' },
    ],
  },
  step_6: { diet_type: 'vegan', allergies: [], intolerances: ['lactose'], dislikes: ['brócoli', '🍄'] },
  step_7: { daily_calorie_target: 5000, protein_percentage: 33.33, carbs_percentage: 33.33, fats_percentage: 33.34 },
  step_8: { meals: [{ meal_name: '夕食', scheduled_time: '00:00', enable_notifications: false }] },
  step_9: { workouts: [{ day_of_week: 6, scheduled_time: '23:59' }] },
  step_10: { daily_water_target_ml: 10000, reminder_frequency_minutes: 15 },
  step_11: { interested_in_supplements: true, current_supplements: [] },
};

export const LEGACY_FIXTURES: LegacyUser[] = [
  user(1, 'never-started', { current_step: 0 }),
  user(2, 'no-row', null, { age: 50, gender: 'male' }),
  user(3, 'complete', { current_step: 11, is_complete: true, step_data: FULL }),
  user(4, 'soft-deleted', { current_step: 11, step_data: FULL, deleted_at: '2025-01-01T00:00:00.000Z' }),
  // A non-null column survives an absent or null legacy value; a present one replaces it.
  user(
    5,
    'partial-basics',
    { current_step: 1, step_data: { step_1: { age: null, gender: 'non_binary' } } },
    { age: 41, gender: 'male', height_cm: 180 },
  ),
  user(
    6,
    'mistyped-basics',
    { current_step: 1, step_data: { step_1: { age: '30', gender: 7, height_cm: '170', weight_kg: true } } },
    { weight_kg: 80.5 },
  ),
  user(7, 'fractional-age', { current_step: 2, step_data: { step_1: { age: 30.5, height_cm: 0, weight_kg: -1 } } }),
  user(8, 'age-out-of-int4', { current_step: 1, step_data: { step_1: { age: 2147483648, gender: '' } } }),
  user(9, 'age-int4-max', { current_step: 1, step_data: { step_1: { age: 2147483647 } } }),
  user(10, 'age-zero', { current_step: 1, step_data: { step_1: { age: 0, height_cm: 1e-7, weight_kg: 1e21 } } }),
  user(11, 'only-old-4', {
    current_step: 4,
    step_data: { step_2: { fitness_level: 'beginner' }, step_3: { goals: [] }, step_4: { target_weight_kg: 80 } },
  }),
  user(12, 'only-old-5', {
    current_step: 5,
    step_data: {
      step_5: {
        constraints: [
          { constraint_type: 'limitation', description: 'no jumping' },
          { constraint_type: 'Equipment', description: 'case matters' },
          { constraint_type: 'other', description: 'unknown type' },
          { constraint_type: 'injury' },
          { constraint_type: 'injury', description: null },
          { constraint_type: 'injury', description: 42 },
          { constraint_type: ['injury'], description: 'wrapped type' },
          'not an object',
          null,
          { constraint_type: 'injury', description: '' },
          { constraint_type: 'limitation', description: '"quoted" \\ back\nslash' },
        ],
      },
    },
  }),
  user(13, 'old-4-null-targets-old-5-empty', {
    current_step: 5,
    step_data: { step_4: { target_weight_kg: null }, step_5: { constraints: [] } },
  }),
  user(14, 'constraints-not-a-list', {
    current_step: 5,
    step_data: { step_4: {}, step_5: { constraints: { constraint_type: 'equipment', description: 'x' } } },
  }),
  user(15, 'constraints-missing', { current_step: 5, step_data: { step_5: { note: 'none' } } }),
  user(16, 'neither-4-nor-5', {
    current_step: 7,
    step_data: { step_2: { fitness_level: 'beginner' }, step_6: { diet_type: 'keto', allergies: [], intolerances: [], dislikes: [] } },
  }),
  user(17, 'non-object-steps', {
    current_step: 11,
    step_data: { step_1: [34], step_2: null, step_3: 'goals', step_4: [], step_5: 5, step_8: { meals: [] }, step_11: false },
  }),
  user(18, 'unknown-keys', {
    current_step: 3,
    step_data: {
      step_0: {},
      step_12: { x: 1 },
      notes: 'legacy',
      _migration: { fake: true },
      step_3: { goals: [{ goal_type: 'general_fitness' }] },
    },
  }),
  user(19, 'old-4-odd-targets', {
    current_step: 4,
    step_data: { step_4: { target_weight_kg: '80kg', target_body_fat_percentage: 0, extra: 1 } },
  }),
  user(20, 'precise-numbers', {
    current_step: 7,
    step_data: { step_7: { daily_calorie_target: 1000, protein_percentage: 0.1, carbs_percentage: 0.2, fats_percentage: 99.7 } },
  }),
];
