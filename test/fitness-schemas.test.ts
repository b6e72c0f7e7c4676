import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import {
  DIET_TYPES,
  FITNESS_LEVELS,
  GOAL_TYPES,
  HH_MM_PATTERN,
  TIME_INPUT_PATTERN,
  stepSchemas,
  validateStep,
  type StepInputMap,
} from '../src/flows/fitness/schemas.js';
import { STATE_NUMBERS, stateMeta, type StateNumber } from '../machines/fitness/states.js';

const BASE = {
  1: { fitness_level: 'beginner' },
  2: { goals: [{ goal_type: 'fat_loss', priority: 1 }] },
  3: { equipment: ['dumbbells'], injuries: ['left knee'], limitations: [] },
  4: { diet_type: 'vegetarian', allergies: ['peanuts'], intolerances: [], dislikes: ['mushrooms'] },
  5: { daily_calorie_target: 2000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 },
  6: { meals: [{ meal_name: 'breakfast', scheduled_time: '08:00' }] },
  7: { workouts: [{ day_of_week: 0, scheduled_time: '07:00' }] },
  8: { daily_water_target_ml: 3000, reminder_frequency_minutes: 60 },
  9: { interested_in_supplements: true, current_supplements: ['creatine'] },
} satisfies StepInputMap;

type Row = { when: string; step: StateNumber; data: unknown } & (
  { accepted: true; output?: unknown } | { accepted?: never; field: string; message: string }
);

const STATE_FIELD_MESSAGE = {
  level: 'fitness_level must be one of beginner, intermediate, advanced',
  goalType: 'goal_type must be one of fat_loss, muscle_gain, general_fitness',
  priority: 'priority must be a whole number of at least 1',
  diet: 'diet_type must be one of omnivore, vegetarian, vegan, pescatarian, keto, paleo',
  calories: 'daily_calorie_target must be a whole number between 1000 and 5000',
  time: 'scheduled_time must be a time in HH:MM format (00:00-23:59)',
  day: 'day_of_week must be a whole number between 0 and 6',
  water: 'daily_water_target_ml must be a whole number between 500 and 10000',
  reminder: 'reminder_frequency_minutes must be a whole number between 15 and 480',
  weight: 'target_weight_kg must be between 30 and 300',
  bodyFat: 'target_body_fat_percentage must be between 1 and 50',
} as const;

function withFields<S extends StateNumber>(step: S, patch: Record<string, unknown>): Record<string, unknown> {
  return { ...BASE[step], ...patch };
}

function without<S extends StateNumber>(step: S, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...BASE[step] };
  delete copy[key];
  return copy;
}

function meal(patch: Record<string, unknown>, drop?: string): { meals: unknown[] } {
  const item: Record<string, unknown> = { meal_name: 'breakfast', scheduled_time: '08:00', ...patch };
  if (drop !== undefined) delete item[drop];
  return { meals: [item] };
}

function workout(patch: Record<string, unknown>, drop?: string): { workouts: unknown[] } {
  const item: Record<string, unknown> = { day_of_week: 0, scheduled_time: '07:00', ...patch };
  if (drop !== undefined) delete item[drop];
  return { workouts: [item] };
}

function percentages(protein: number, carbs: number, fats: number): Record<string, unknown> {
  return withFields(5, { protein_percentage: protein, carbs_percentage: carbs, fats_percentage: fats });
}

const items = (n: number): string[] => Array.from({ length: n }, (_, i) => `item ${i}`);
const chars = (n: number): string => 'x'.repeat(n);

function stringListRows(step: 3 | 4 | 9, name: string): Row[] {
  const entry = `each ${name} entry`;
  return [
    { when: `${name} has 50 items`, step, data: withFields(step, { [name]: items(50) }), accepted: true },
    {
      when: `${name} has 51 items`,
      step,
      data: withFields(step, { [name]: items(51) }),
      field: name,
      message: `${name} must contain at most 50 items`,
    },
    { when: `a ${name} entry has 100 characters`, step, data: withFields(step, { [name]: [chars(100)] }), accepted: true },
    {
      when: `a ${name} entry has 101 characters`,
      step,
      data: withFields(step, { [name]: [chars(101)] }),
      field: `${name}.0`,
      message: `${entry} must be at most 100 characters`,
    },
    {
      when: `a ${name} entry is whitespace only`,
      step,
      data: withFields(step, { [name]: ['ok', '   '] }),
      field: `${name}.1`,
      message: `${entry} must not be empty`,
    },
    {
      when: `a ${name} entry is a number`,
      step,
      data: withFields(step, { [name]: [7] }),
      field: `${name}.0`,
      message: `${entry} must be a string`,
    },
    {
      when: `${name} is a string instead of a list`,
      step,
      data: withFields(step, { [name]: 'x' }),
      field: name,
      message: `${name} must be a list`,
    },
    {
      when: `a ${name} entry is padded with spaces beyond 100 characters`,
      step,
      data: withFields(step, { [name]: [`  ${chars(100)}  `] }),
      accepted: true,
      output: withFields(step, { [name]: [chars(100)] }),
    },
  ];
}

const ROWS: Row[] = [
  // State 1
  ...FITNESS_LEVELS.map((level): Row => ({
    when: `fitness_level is ${level}`,
    step: 1,
    data: { fitness_level: level },
    accepted: true,
  })),
  {
    when: 'fitness_level is expert',
    step: 1,
    data: { fitness_level: 'expert' },
    field: 'fitness_level',
    message: STATE_FIELD_MESSAGE.level,
  },
  {
    when: 'fitness_level is capitalised',
    step: 1,
    data: { fitness_level: 'Beginner' },
    field: 'fitness_level',
    message: STATE_FIELD_MESSAGE.level,
  },
  { when: 'fitness_level is a number', step: 1, data: { fitness_level: 1 }, field: 'fitness_level', message: STATE_FIELD_MESSAGE.level },
  { when: 'fitness_level is missing', step: 1, data: {}, field: 'fitness_level', message: 'fitness_level is required' },
  { when: 'state 1 has an unknown field', step: 1, data: withFields(1, { foo: 1 }), field: 'foo', message: 'unknown field: foo' },
  {
    when: 'state 1 has two unknown fields',
    step: 1,
    data: withFields(1, { foo: 1, bar: 2 }),
    field: 'foo',
    message: 'unknown fields: foo, bar',
  },
  {
    // A caller's 60 KB key is not echoed back whole (twice: field and message).
    when: 'state 1 has an unknown field with a very long name',
    step: 1,
    data: withFields(1, { ['k'.repeat(60_000)]: 1 }),
    field: `${'k'.repeat(64)}…`,
    message: `unknown field: ${'k'.repeat(64)}…`,
  },
  { when: 'the data is null', step: 1, data: null, field: 'data', message: 'data must be an object' },
  { when: 'the data is an array', step: 1, data: [], field: 'data', message: 'data must be an object' },
  { when: 'the data is missing', step: 1, data: undefined, field: 'data', message: 'data is required' },

  // State 2
  ...GOAL_TYPES.map((goal): Row => ({ when: `goal_type is ${goal}`, step: 2, data: { goals: [{ goal_type: goal }] }, accepted: true })),
  { when: 'goals is empty', step: 2, data: { goals: [] }, field: 'goals', message: 'goals must contain at least one goal' },
  { when: 'goals is missing', step: 2, data: {}, field: 'goals', message: 'goals is required' },
  { when: 'goals is an object', step: 2, data: { goals: { goal_type: 'fat_loss' } }, field: 'goals', message: 'goals must be a list' },
  { when: 'a goal is a string', step: 2, data: { goals: ['fat_loss'] }, field: 'goals.0', message: 'each goal must be an object' },
  {
    when: 'goal_type is unknown',
    step: 2,
    data: { goals: [{ goal_type: 'strength' }] },
    field: 'goals.0.goal_type',
    message: STATE_FIELD_MESSAGE.goalType,
  },
  {
    when: 'goal_type is missing',
    step: 2,
    data: { goals: [{ priority: 1 }] },
    field: 'goals.0.goal_type',
    message: 'goal_type is required',
  },
  {
    when: 'the second goal is invalid',
    step: 2,
    data: { goals: [{ goal_type: 'fat_loss' }, { goal_type: 'bulk' }] },
    field: 'goals.1.goal_type',
    message: STATE_FIELD_MESSAGE.goalType,
  },
  { when: 'priority is 1', step: 2, data: { goals: [{ goal_type: 'fat_loss', priority: 1 }] }, accepted: true },
  {
    when: 'priority is 0',
    step: 2,
    data: { goals: [{ goal_type: 'fat_loss', priority: 0 }] },
    field: 'goals.0.priority',
    message: STATE_FIELD_MESSAGE.priority,
  },
  {
    when: 'priority is -1',
    step: 2,
    data: { goals: [{ goal_type: 'fat_loss', priority: -1 }] },
    field: 'goals.0.priority',
    message: STATE_FIELD_MESSAGE.priority,
  },
  {
    when: 'priority is 1.5',
    step: 2,
    data: { goals: [{ goal_type: 'fat_loss', priority: 1.5 }] },
    field: 'goals.0.priority',
    message: STATE_FIELD_MESSAGE.priority,
  },
  {
    when: 'priority is a string',
    step: 2,
    data: { goals: [{ goal_type: 'fat_loss', priority: '1' }] },
    field: 'goals.0.priority',
    message: 'priority must be a number',
  },
  {
    when: 'a goal has an unknown field',
    step: 2,
    data: { goals: [{ goal_type: 'fat_loss', note: 'x' }] },
    field: 'goals.0.note',
    message: 'unknown field: note',
  },
  {
    when: 'goals has 50 items',
    step: 2,
    data: { goals: Array.from({ length: 50 }, () => ({ goal_type: 'fat_loss' })) },
    accepted: true,
  },
  {
    when: 'goals has 51 items',
    step: 2,
    data: { goals: Array.from({ length: 51 }, () => ({ goal_type: 'fat_loss' })) },
    field: 'goals',
    message: 'goals must contain at most 50 items',
  },

  // State 3
  { when: 'the three constraint lists are empty', step: 3, data: { equipment: [], injuries: [], limitations: [] }, accepted: true },
  ...(['equipment', 'injuries', 'limitations'] as const).flatMap((name): Row[] => [
    { when: `${name} is missing`, step: 3, data: without(3, name), field: name, message: `${name} is required` },
    ...stringListRows(3, name),
  ]),
  {
    when: 'constraint entries have surrounding whitespace',
    step: 3,
    data: { equipment: ['  dumbbells '], injuries: ['\tknee\n'], limitations: [] },
    accepted: true,
    output: { equipment: ['dumbbells'], injuries: ['knee'], limitations: [] },
  },
  {
    when: 'target_weight_kg is 29.9',
    step: 3,
    data: withFields(3, { target_weight_kg: 29.9 }),
    field: 'target_weight_kg',
    message: STATE_FIELD_MESSAGE.weight,
  },
  { when: 'target_weight_kg is 30', step: 3, data: withFields(3, { target_weight_kg: 30 }), accepted: true },
  { when: 'target_weight_kg is 300', step: 3, data: withFields(3, { target_weight_kg: 300 }), accepted: true },
  {
    when: 'target_weight_kg is 300.1',
    step: 3,
    data: withFields(3, { target_weight_kg: 300.1 }),
    field: 'target_weight_kg',
    message: STATE_FIELD_MESSAGE.weight,
  },
  {
    when: 'target_weight_kg is a string',
    step: 3,
    data: withFields(3, { target_weight_kg: '70' }),
    field: 'target_weight_kg',
    message: 'target_weight_kg must be a number',
  },
  {
    when: 'target_body_fat_percentage is 0.9',
    step: 3,
    data: withFields(3, { target_body_fat_percentage: 0.9 }),
    field: 'target_body_fat_percentage',
    message: STATE_FIELD_MESSAGE.bodyFat,
  },
  { when: 'target_body_fat_percentage is 1', step: 3, data: withFields(3, { target_body_fat_percentage: 1 }), accepted: true },
  { when: 'target_body_fat_percentage is 50', step: 3, data: withFields(3, { target_body_fat_percentage: 50 }), accepted: true },
  {
    when: 'target_body_fat_percentage is 50.1',
    step: 3,
    data: withFields(3, { target_body_fat_percentage: 50.1 }),
    field: 'target_body_fat_percentage',
    message: STATE_FIELD_MESSAGE.bodyFat,
  },
  { when: 'state 3 has an unknown field', step: 3, data: withFields(3, { goals: [] }), field: 'goals', message: 'unknown field: goals' },

  // State 4
  ...DIET_TYPES.map((diet): Row => ({ when: `diet_type is ${diet}`, step: 4, data: withFields(4, { diet_type: diet }), accepted: true })),
  {
    when: 'diet_type is carnivore',
    step: 4,
    data: withFields(4, { diet_type: 'carnivore' }),
    field: 'diet_type',
    message: STATE_FIELD_MESSAGE.diet,
  },
  { when: 'diet_type is missing', step: 4, data: without(4, 'diet_type'), field: 'diet_type', message: 'diet_type is required' },
  ...(['allergies', 'intolerances', 'dislikes'] as const).flatMap((name): Row[] => [
    { when: `${name} is missing`, step: 4, data: without(4, name), field: name, message: `${name} is required` },
    { when: `${name} is empty`, step: 4, data: withFields(4, { [name]: [] }), accepted: true },
    ...stringListRows(4, name),
  ]),
  {
    when: 'state 4 has an unknown field',
    step: 4,
    data: withFields(4, { cuisine: 'thai' }),
    field: 'cuisine',
    message: 'unknown field: cuisine',
  },

  // State 5
  {
    when: 'daily_calorie_target is 999',
    step: 5,
    data: withFields(5, { daily_calorie_target: 999 }),
    field: 'daily_calorie_target',
    message: STATE_FIELD_MESSAGE.calories,
  },
  { when: 'daily_calorie_target is 1000', step: 5, data: withFields(5, { daily_calorie_target: 1000 }), accepted: true },
  { when: 'daily_calorie_target is 5000', step: 5, data: withFields(5, { daily_calorie_target: 5000 }), accepted: true },
  {
    when: 'daily_calorie_target is 5001',
    step: 5,
    data: withFields(5, { daily_calorie_target: 5001 }),
    field: 'daily_calorie_target',
    message: STATE_FIELD_MESSAGE.calories,
  },
  {
    when: 'daily_calorie_target is 2000.5',
    step: 5,
    data: withFields(5, { daily_calorie_target: 2000.5 }),
    field: 'daily_calorie_target',
    message: STATE_FIELD_MESSAGE.calories,
  },
  {
    when: 'daily_calorie_target is a string',
    step: 5,
    data: withFields(5, { daily_calorie_target: '2000' }),
    field: 'daily_calorie_target',
    message: 'daily_calorie_target must be a number',
  },
  {
    when: 'daily_calorie_target is missing',
    step: 5,
    data: without(5, 'daily_calorie_target'),
    field: 'daily_calorie_target',
    message: 'daily_calorie_target is required',
  },
  ...(['protein_percentage', 'carbs_percentage', 'fats_percentage'] as const).flatMap((name): Row[] => [
    { when: `${name} is missing`, step: 5, data: without(5, name), field: name, message: `${name} is required` },
    {
      when: `${name} is -0.01`,
      step: 5,
      data: withFields(5, { [name]: -0.01 }),
      field: name,
      message: `${name} must be between 0 and 100`,
    },
    {
      when: `${name} is 100.01`,
      step: 5,
      data: withFields(5, { [name]: 100.01 }),
      field: name,
      message: `${name} must be between 0 and 100`,
    },
  ]),
  { when: 'the split is 100/0/0', step: 5, data: percentages(100, 0, 0), accepted: true },
  { when: 'the split is 0/0/100', step: 5, data: percentages(0, 0, 100), accepted: true },
  { when: 'the split is 33.33/33.33/33.34', step: 5, data: percentages(33.33, 33.33, 33.34), accepted: true },
  { when: 'the percentages add up to 99.99', step: 5, data: percentages(30, 40, 29.99), accepted: true },
  { when: 'the percentages add up to 100.01', step: 5, data: percentages(30, 40, 30.01), accepted: true },
  {
    when: 'the percentages add up to 99.98',
    step: 5,
    data: percentages(30, 40, 29.98),
    field: 'protein_percentage',
    message: 'protein_percentage, carbs_percentage and fats_percentage must add up to 100 (they add up to 99.98)',
  },
  {
    when: 'the percentages add up to 100.02',
    step: 5,
    data: percentages(30, 40, 30.02),
    field: 'protein_percentage',
    message: 'protein_percentage, carbs_percentage and fats_percentage must add up to 100 (they add up to 100.02)',
  },
  {
    when: 'state 5 has an unknown field',
    step: 5,
    data: withFields(5, { fiber_percentage: 0 }),
    field: 'fiber_percentage',
    message: 'unknown field: fiber_percentage',
  },

  // State 6
  { when: 'meals is empty', step: 6, data: { meals: [] }, field: 'meals', message: 'meals must contain at least one meal' },
  { when: 'meals is missing', step: 6, data: {}, field: 'meals', message: 'meals is required' },
  { when: 'a meal is null', step: 6, data: { meals: [null] }, field: 'meals.0', message: 'each meal must be an object' },
  {
    when: 'meal_name is empty',
    step: 6,
    data: meal({ meal_name: '' }),
    field: 'meals.0.meal_name',
    message: 'meal_name must not be empty',
  },
  {
    when: 'meal_name is whitespace only',
    step: 6,
    data: meal({ meal_name: '  \t ' }),
    field: 'meals.0.meal_name',
    message: 'meal_name must not be empty',
  },
  { when: 'meal_name has 100 characters', step: 6, data: meal({ meal_name: chars(100) }), accepted: true },
  {
    when: 'meal_name has 101 characters',
    step: 6,
    data: meal({ meal_name: chars(101) }),
    field: 'meals.0.meal_name',
    message: 'meal_name must be at most 100 characters',
  },
  { when: 'meal_name is missing', step: 6, data: meal({}, 'meal_name'), field: 'meals.0.meal_name', message: 'meal_name is required' },
  { when: 'scheduled_time is 00:00', step: 6, data: meal({ scheduled_time: '00:00' }), accepted: true },
  { when: 'scheduled_time is 23:59', step: 6, data: meal({ scheduled_time: '23:59' }), accepted: true },
  { when: 'scheduled_time is 07:00', step: 6, data: meal({ scheduled_time: '07:00' }), accepted: true },
  {
    when: 'scheduled_time is 24:00',
    step: 6,
    data: meal({ scheduled_time: '24:00' }),
    field: 'meals.0.scheduled_time',
    message: STATE_FIELD_MESSAGE.time,
  },
  // Times are read liberally and stored strictly (docs/behaviour/fitness.md "Validation"; SPEC 13):
  // H:MM, HH:MM and HH:MM:SS are accepted and stored as HH:MM.
  {
    when: 'scheduled_time is 7:00',
    step: 6,
    data: meal({ scheduled_time: '7:00' }),
    accepted: true,
    output: { meals: [{ meal_name: 'breakfast', scheduled_time: '07:00', enable_notifications: true }] },
  },
  {
    when: 'scheduled_time is 7:0',
    step: 6,
    data: meal({ scheduled_time: '7:0' }),
    field: 'meals.0.scheduled_time',
    message: STATE_FIELD_MESSAGE.time,
  },
  {
    when: 'scheduled_time is 24:00:00',
    step: 6,
    data: meal({ scheduled_time: '24:00:00' }),
    field: 'meals.0.scheduled_time',
    message: STATE_FIELD_MESSAGE.time,
  },
  {
    when: 'scheduled_time is 07:00:60',
    step: 6,
    data: meal({ scheduled_time: '07:00:60' }),
    field: 'meals.0.scheduled_time',
    message: STATE_FIELD_MESSAGE.time,
  },
  {
    when: 'scheduled_time is 07:00:0',
    step: 6,
    data: meal({ scheduled_time: '07:00:0' }),
    field: 'meals.0.scheduled_time',
    message: STATE_FIELD_MESSAGE.time,
  },
  {
    when: 'scheduled_time is 07:60',
    step: 6,
    data: meal({ scheduled_time: '07:60' }),
    field: 'meals.0.scheduled_time',
    message: STATE_FIELD_MESSAGE.time,
  },
  {
    when: 'scheduled_time is 0700',
    step: 6,
    data: meal({ scheduled_time: '0700' }),
    field: 'meals.0.scheduled_time',
    message: STATE_FIELD_MESSAGE.time,
  },
  {
    when: 'scheduled_time is 07:00:00',
    step: 6,
    data: meal({ scheduled_time: '07:00:00' }),
    accepted: true,
    output: { meals: [{ meal_name: 'breakfast', scheduled_time: '07:00', enable_notifications: true }] },
  },
  {
    when: 'scheduled_time is 23:59:59 with surrounding whitespace',
    step: 6,
    data: meal({ scheduled_time: ' 23:59:59 ' }),
    accepted: true,
    output: { meals: [{ meal_name: 'breakfast', scheduled_time: '23:59', enable_notifications: true }] },
  },
  {
    when: 'scheduled_time is a number',
    step: 6,
    data: meal({ scheduled_time: 700 }),
    field: 'meals.0.scheduled_time',
    message: STATE_FIELD_MESSAGE.time,
  },
  {
    when: 'scheduled_time is missing',
    step: 6,
    data: meal({}, 'scheduled_time'),
    field: 'meals.0.scheduled_time',
    message: 'scheduled_time is required',
  },
  {
    when: 'meal fields have surrounding whitespace and no enable_notifications',
    step: 6,
    data: meal({ meal_name: ' lunch ', scheduled_time: ' 13:00 ' }),
    accepted: true,
    output: { meals: [{ meal_name: 'lunch', scheduled_time: '13:00', enable_notifications: true }] },
  },
  {
    when: 'enable_notifications is false',
    step: 6,
    data: meal({ enable_notifications: false }),
    accepted: true,
    output: { meals: [{ meal_name: 'breakfast', scheduled_time: '08:00', enable_notifications: false }] },
  },
  {
    when: 'a meal enable_notifications is "yes"',
    step: 6,
    data: meal({ enable_notifications: 'yes' }),
    field: 'meals.0.enable_notifications',
    message: 'enable_notifications must be true or false',
  },
  {
    when: 'a meal has an unknown field',
    step: 6,
    data: meal({ calories: 500 }),
    field: 'meals.0.calories',
    message: 'unknown field: calories',
  },
  {
    when: 'meals has 50 items',
    step: 6,
    data: { meals: Array.from({ length: 50 }, () => ({ meal_name: 'snack', scheduled_time: '10:00' })) },
    accepted: true,
  },
  {
    when: 'meals has 51 items',
    step: 6,
    data: { meals: Array.from({ length: 51 }, () => ({ meal_name: 'snack', scheduled_time: '10:00' })) },
    field: 'meals',
    message: 'meals must contain at most 50 items',
  },

  // State 7
  { when: 'workouts is empty', step: 7, data: { workouts: [] }, field: 'workouts', message: 'workouts must contain at least one workout' },
  { when: 'workouts is missing', step: 7, data: {}, field: 'workouts', message: 'workouts is required' },
  {
    when: 'day_of_week is -1',
    step: 7,
    data: workout({ day_of_week: -1 }),
    field: 'workouts.0.day_of_week',
    message: STATE_FIELD_MESSAGE.day,
  },
  { when: 'day_of_week is 0', step: 7, data: workout({ day_of_week: 0 }), accepted: true },
  { when: 'day_of_week is 6', step: 7, data: workout({ day_of_week: 6 }), accepted: true },
  {
    when: 'day_of_week is 7',
    step: 7,
    data: workout({ day_of_week: 7 }),
    field: 'workouts.0.day_of_week',
    message: STATE_FIELD_MESSAGE.day,
  },
  {
    when: 'day_of_week is 2.5',
    step: 7,
    data: workout({ day_of_week: 2.5 }),
    field: 'workouts.0.day_of_week',
    message: STATE_FIELD_MESSAGE.day,
  },
  {
    when: 'day_of_week is "monday"',
    step: 7,
    data: workout({ day_of_week: 'monday' }),
    field: 'workouts.0.day_of_week',
    message: 'day_of_week must be a number',
  },
  {
    when: 'day_of_week is missing',
    step: 7,
    data: workout({}, 'day_of_week'),
    field: 'workouts.0.day_of_week',
    message: 'day_of_week is required',
  },
  {
    when: 'a workout scheduled_time is 24:00',
    step: 7,
    data: workout({ scheduled_time: '24:00' }),
    field: 'workouts.0.scheduled_time',
    message: STATE_FIELD_MESSAGE.time,
  },
  {
    when: 'a workout scheduled_time is 7:00',
    step: 7,
    data: workout({ scheduled_time: '7:00' }),
    accepted: true,
    output: { workouts: [{ day_of_week: 0, scheduled_time: '07:00', enable_notifications: true }] },
  },
  {
    when: 'a workout scheduled_time is 7:00 pm',
    step: 7,
    data: workout({ scheduled_time: '7:00 pm' }),
    field: 'workouts.0.scheduled_time',
    message: STATE_FIELD_MESSAGE.time,
  },
  {
    when: 'a workout has no enable_notifications',
    step: 7,
    data: workout({}),
    accepted: true,
    output: { workouts: [{ day_of_week: 0, scheduled_time: '07:00', enable_notifications: true }] },
  },
  {
    when: 'a workout enable_notifications is 1',
    step: 7,
    data: workout({ enable_notifications: 1 }),
    field: 'workouts.0.enable_notifications',
    message: 'enable_notifications must be true or false',
  },
  {
    when: 'a workout has an unknown field',
    step: 7,
    data: workout({ duration: 60 }),
    field: 'workouts.0.duration',
    message: 'unknown field: duration',
  },
  {
    when: 'workouts has 51 items',
    step: 7,
    data: { workouts: Array.from({ length: 51 }, () => ({ day_of_week: 1, scheduled_time: '07:00' })) },
    field: 'workouts',
    message: 'workouts must contain at most 50 items',
  },
  {
    when: 'workouts has 50 items',
    step: 7,
    data: { workouts: Array.from({ length: 50 }, () => ({ day_of_week: 1, scheduled_time: '07:00' })) },
    accepted: true,
  },

  // State 8
  {
    when: 'daily_water_target_ml is 499',
    step: 8,
    data: withFields(8, { daily_water_target_ml: 499 }),
    field: 'daily_water_target_ml',
    message: STATE_FIELD_MESSAGE.water,
  },
  { when: 'daily_water_target_ml is 500', step: 8, data: withFields(8, { daily_water_target_ml: 500 }), accepted: true },
  { when: 'daily_water_target_ml is 10000', step: 8, data: withFields(8, { daily_water_target_ml: 10000 }), accepted: true },
  {
    when: 'daily_water_target_ml is 10001',
    step: 8,
    data: withFields(8, { daily_water_target_ml: 10001 }),
    field: 'daily_water_target_ml',
    message: STATE_FIELD_MESSAGE.water,
  },
  {
    when: 'daily_water_target_ml is not a whole number',
    step: 8,
    data: withFields(8, { daily_water_target_ml: 2500.5 }),
    field: 'daily_water_target_ml',
    message: STATE_FIELD_MESSAGE.water,
  },
  {
    when: 'daily_water_target_ml is missing',
    step: 8,
    data: without(8, 'daily_water_target_ml'),
    field: 'daily_water_target_ml',
    message: 'daily_water_target_ml is required',
  },
  {
    when: 'daily_water_target_ml is a string',
    step: 8,
    data: withFields(8, { daily_water_target_ml: '3000' }),
    field: 'daily_water_target_ml',
    message: 'daily_water_target_ml must be a number',
  },
  {
    when: 'reminder_frequency_minutes is 14',
    step: 8,
    data: withFields(8, { reminder_frequency_minutes: 14 }),
    field: 'reminder_frequency_minutes',
    message: STATE_FIELD_MESSAGE.reminder,
  },
  { when: 'reminder_frequency_minutes is 15', step: 8, data: withFields(8, { reminder_frequency_minutes: 15 }), accepted: true },
  { when: 'reminder_frequency_minutes is 480', step: 8, data: withFields(8, { reminder_frequency_minutes: 480 }), accepted: true },
  {
    when: 'reminder_frequency_minutes is 481',
    step: 8,
    data: withFields(8, { reminder_frequency_minutes: 481 }),
    field: 'reminder_frequency_minutes',
    message: STATE_FIELD_MESSAGE.reminder,
  },
  // Reminders can be declined (SPEC 13 "Opting out of reminders"): reminders_enabled defaults to
  // true, and only with reminders off may the frequency be left out.
  {
    when: 'reminder_frequency_minutes is missing',
    step: 8,
    data: without(8, 'reminder_frequency_minutes'),
    field: 'reminder_frequency_minutes',
    message: 'reminder_frequency_minutes is required when reminders are enabled',
  },
  {
    when: 'reminders_enabled is true and reminder_frequency_minutes is missing',
    step: 8,
    data: { daily_water_target_ml: 3000, reminders_enabled: true },
    field: 'reminder_frequency_minutes',
    message: 'reminder_frequency_minutes is required when reminders are enabled',
  },
  {
    when: 'reminders_enabled is false and reminder_frequency_minutes is missing',
    step: 8,
    data: { daily_water_target_ml: 3000, reminders_enabled: false },
    accepted: true,
    output: { daily_water_target_ml: 3000, reminders_enabled: false },
  },
  {
    when: 'reminders_enabled is false and a frequency is given',
    step: 8,
    data: withFields(8, { reminders_enabled: false }),
    accepted: true,
    output: { daily_water_target_ml: 3000, reminders_enabled: false, reminder_frequency_minutes: 60 },
  },
  {
    when: 'reminders_enabled is false and the frequency is out of range',
    step: 8,
    data: withFields(8, { reminders_enabled: false, reminder_frequency_minutes: 5 }),
    field: 'reminder_frequency_minutes',
    message: STATE_FIELD_MESSAGE.reminder,
  },
  {
    when: 'reminders_enabled is "no"',
    step: 8,
    data: withFields(8, { reminders_enabled: 'no' }),
    field: 'reminders_enabled',
    message: 'reminders_enabled must be true or false',
  },
  {
    when: 'state 8 has an unknown field',
    step: 8,
    data: withFields(8, { bottle_size_ml: 500 }),
    field: 'bottle_size_ml',
    message: 'unknown field: bottle_size_ml',
  },

  // State 9
  {
    when: 'interested_in_supplements is false with no current_supplements',
    step: 9,
    data: { interested_in_supplements: false },
    accepted: true,
  },
  { when: 'current_supplements is empty', step: 9, data: { interested_in_supplements: true, current_supplements: [] }, accepted: true },
  {
    when: 'interested_in_supplements is "yes"',
    step: 9,
    data: { interested_in_supplements: 'yes' },
    field: 'interested_in_supplements',
    message: 'interested_in_supplements must be true or false',
  },
  {
    when: 'interested_in_supplements is missing',
    step: 9,
    data: { current_supplements: [] },
    field: 'interested_in_supplements',
    message: 'interested_in_supplements is required',
  },
  ...stringListRows(9, 'current_supplements'),
  { when: 'state 9 has an unknown field', step: 9, data: withFields(9, { budget: 10 }), field: 'budget', message: 'unknown field: budget' },
];

describe('fitness step schemas: rule table', () => {
  for (const row of ROWS) {
    if (row.accepted) {
      it(`when ${row.when} (state ${row.step}), then it is accepted`, () => {
        const result = validateStep(row.step, row.data);
        expect(result).toEqual({ ok: true, data: row.output ?? expectedOutput(row.step, row.data) });
      });
    } else {
      it(`when ${row.when} (state ${row.step}), then it is rejected naming ${row.field}`, () => {
        expect(validateStep(row.step, row.data)).toEqual({ ok: false, field: row.field, message: row.message });
      });
    }
  }

  it('when a body has several problems, then the first one in field order is reported', () => {
    const result = validateStep(5, { daily_calorie_target: 1, protein_percentage: 200, carbs_percentage: 0, fats_percentage: 0 });
    expect(result).toEqual({ ok: false, field: 'daily_calorie_target', message: STATE_FIELD_MESSAGE.calories });
  });

  it('when a percentage is out of range and the sum is off too, then the range problem is reported first', () => {
    const result = validateStep(5, percentages(30, 40, 101));
    expect(result).toEqual({ ok: false, field: 'fats_percentage', message: 'fats_percentage must be between 0 and 100' });
  });

  it('when the same valid data is validated twice, then both results are equal', () => {
    const data = meal({ meal_name: ' dinner ', scheduled_time: '19:30' });
    expect(validateStep(6, data)).toEqual(validateStep(6, data));
  });
});

describe('fitness step schemas: JSON Schema', () => {
  for (const step of STATE_NUMBERS) {
    it(`when state ${step}'s schema is converted with io "input", then it is a closed object requiring exactly the state's required_fields`, () => {
      const json = z.toJSONSchema(stepSchemas[step], { io: 'input' });
      expect(json.type).toBe('object');
      expect(json.additionalProperties).toBe(false);
      // State 8's frequency is required only while reminders are on (reminders_enabled, default
      // true): the state still lists it among its required fields, but JSON Schema cannot say
      // "required unless reminders_enabled is false", so the schema leaves it optional and the
      // rule table above checks the condition.
      const conditional = step === 8 ? ['reminder_frequency_minutes'] : [];
      expect([...(json.required ?? [])].sort()).toEqual(
        stateMeta(step)
          .required_fields.filter((f) => !conditional.includes(f))
          .sort(),
      );
      expect(Object.keys(json.properties ?? {})).toEqual(Object.keys(stepSchemas[step].shape));
    });
  }

  it('when the hydration schedule is converted with io "input", then reminders_enabled is optional with default true', () => {
    const json = z.toJSONSchema(stepSchemas[8], { io: 'input' });
    expect(json).toMatchObject({
      required: ['daily_water_target_ml'],
      properties: {
        reminders_enabled: { type: 'boolean', default: true },
        reminder_frequency_minutes: { type: 'integer', minimum: 15, maximum: 480 },
      },
    });
  });

  it('when the meal schedule is converted with io "input", then enable_notifications is optional with default true', () => {
    const json = z.toJSONSchema(stepSchemas[6], { io: 'input' });
    expect(json).toMatchObject({
      properties: {
        meals: {
          minItems: 1,
          maxItems: 50,
          items: {
            required: ['meal_name', 'scheduled_time'],
            properties: { enable_notifications: { type: 'boolean', default: true } },
          },
        },
      },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const ws = fc.constantFrom('', ' ', '  ', '\t', '\n ', '\u00a0');

/** A string that is 1-100 characters once trimmed, possibly padded with whitespace. */
const validText = fc
  .tuple(ws, fc.oneof(fc.string({ minLength: 1, maxLength: 100 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 100 })), ws)
  .map(([a, core, b]) => `${a}${core}${b}`)
  .filter((s) => {
    const t = s.trim();
    return t.length >= 1 && t.length <= 100;
  });

const textList = (maxLength = 50) => fc.array(validText, { maxLength });

/** A valid time as a caller may send it: HH:MM, H:MM (hours below 10) or HH:MM:SS, maybe padded. */
const hhmm = fc
  .tuple(
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
    fc.constantFrom('HH:MM', 'H:MM', 'HH:MM:SS'),
    ws,
    ws,
  )
  .map(([h, m, sec, form, a, b]) => {
    const two = (n: number) => String(n).padStart(2, '0');
    const time = form === 'H:MM' ? `${h}:${two(m)}` : form === 'HH:MM:SS' ? `${two(h)}:${two(m)}:${two(sec)}` : `${two(h)}:${two(m)}`;
    return `${a}${time}${b}`;
  });

/** The stored form of a valid input time: "7:05" and "07:05:30" become "07:05". */
function storedTime(time: string): string {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2})?$/u.exec(time.trim());
  if (match === null) throw new Error(`not a valid input time: ${time}`);
  return `${(match[1] ?? '').padStart(2, '0')}:${match[2] ?? ''}`;
}

const between = (min: number, max: number) => fc.double({ min, max, noNaN: true });

const percentSplit = fc
  .tuple(between(0, 100), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -0.0099, max: 0.0099, noNaN: true }))
  .map(([protein, share, drift]) => {
    const carbs = (100 - protein) * share;
    const fats = Math.min(100, Math.max(0, 100 - protein - carbs + drift));
    return { protein_percentage: protein, carbs_percentage: carbs, fats_percentage: fats };
  });

const validData: { [S in StateNumber]: fc.Arbitrary<Record<string, unknown>> } = {
  1: fc.record({ fitness_level: fc.constantFrom(...FITNESS_LEVELS) }),
  2: fc.record({
    goals: fc.array(
      fc.record(
        { goal_type: fc.constantFrom(...GOAL_TYPES), priority: fc.integer({ min: 1, max: 1_000_000 }) },
        { requiredKeys: ['goal_type'] },
      ),
      { minLength: 1, maxLength: 50 },
    ),
  }),
  3: fc.record(
    {
      equipment: textList(),
      injuries: textList(),
      limitations: textList(),
      target_weight_kg: between(30, 300),
      target_body_fat_percentage: between(1, 50),
    },
    { requiredKeys: ['equipment', 'injuries', 'limitations'] },
  ),
  4: fc.record({
    diet_type: fc.constantFrom(...DIET_TYPES),
    allergies: textList(),
    intolerances: textList(),
    dislikes: textList(),
  }),
  5: fc
    .tuple(fc.integer({ min: 1000, max: 5000 }), percentSplit)
    .map(([calories, split]) => ({ daily_calorie_target: calories, ...split })),
  6: fc.record({
    meals: fc.array(
      fc.record(
        { meal_name: validText, scheduled_time: hhmm, enable_notifications: fc.boolean() },
        { requiredKeys: ['meal_name', 'scheduled_time'] },
      ),
      { minLength: 1, maxLength: 50 },
    ),
  }),
  7: fc.record({
    workouts: fc.array(
      fc.record(
        { day_of_week: fc.integer({ min: 0, max: 6 }), scheduled_time: hhmm, enable_notifications: fc.boolean() },
        { requiredKeys: ['day_of_week', 'scheduled_time'] },
      ),
      { minLength: 1, maxLength: 50 },
    ),
  }),
  8: fc.oneof(
    fc.record(
      {
        daily_water_target_ml: fc.integer({ min: 500, max: 10000 }),
        reminders_enabled: fc.constant(true),
        reminder_frequency_minutes: fc.integer({ min: 15, max: 480 }),
      },
      { requiredKeys: ['daily_water_target_ml', 'reminder_frequency_minutes'] },
    ),
    fc.record(
      {
        daily_water_target_ml: fc.integer({ min: 500, max: 10000 }),
        reminders_enabled: fc.constant(false),
        reminder_frequency_minutes: fc.integer({ min: 15, max: 480 }),
      },
      { requiredKeys: ['daily_water_target_ml', 'reminders_enabled'] },
    ),
  ),
  9: fc.record(
    { interested_in_supplements: fc.boolean(), current_supplements: textList() },
    { requiredKeys: ['interested_in_supplements'] },
  ),
};

function deepTrim(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(deepTrim);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepTrim(v)]));
  }
  return value;
}

/**
 * What a valid input should parse to: strings trimmed, schedule items' notifications defaulted,
 * state 8's reminders_enabled defaulted to true; times stored as HH:MM.
 */
function expectedOutput(step: StateNumber, data: unknown): unknown {
  const trimmed = deepTrim(data);
  if (step === 8 && trimmed !== null && typeof trimmed === 'object') return { reminders_enabled: true, ...trimmed };
  const listKey = step === 6 ? 'meals' : step === 7 ? 'workouts' : undefined;
  if (listKey === undefined || trimmed === null || typeof trimmed !== 'object') return trimmed;
  const list: unknown = Reflect.get(trimmed, listKey);
  if (!Array.isArray(list)) return trimmed;
  return {
    ...trimmed,
    [listKey]: list.map((item: unknown) => {
      const time: unknown = Reflect.get(item as object, 'scheduled_time');
      return { enable_notifications: true, ...(item as object), scheduled_time: storedTime(String(time)) };
    }),
  };
}

describe('fitness step schemas: valid data', () => {
  it('when any accepted meal or workout time is stored, then it is in HH:MM form', () => {
    fc.assert(
      fc.property(fc.oneof(validData[6], validData[7]), (data) => {
        const step = 'meals' in data ? 6 : 7;
        const result = validateStep(step, data);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const items: unknown[] = Object.values(result.data)[0] as unknown[];
        for (const item of items) expect(Reflect.get(item as object, 'scheduled_time')).toMatch(HH_MM_PATTERN);
      }),
    );
  });

  for (const step of STATE_NUMBERS) {
    it(`when arbitrary valid state ${step} data is validated, then it is accepted, trimmed and defaulted`, () => {
      fc.assert(
        fc.property(validData[step], (data) => {
          expect(validateStep(step, data)).toEqual({ ok: true, data: expectedOutput(step, data) });
        }),
      );
    });
  }
});

// Corruptions: each replaces (or removes) exactly one field of valid data.

const MISSING = Symbol('missing');
type Bad = unknown;

const notANumber: fc.Arbitrary<Bad> = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
);
const notAString: fc.Arbitrary<Bad> = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
const notABoolean: fc.Arbitrary<Bad> = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([]));
const notAList: fc.Arbitrary<Bad> = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}));

function badNumber(min: number, max: number, integer = false): fc.Arbitrary<Bad> {
  const options: fc.Arbitrary<Bad>[] = [
    // fast-check orders -0 below 0, so an excluded bound of 0 can still yield -0, which is in range.
    fc.double({ max: min, maxExcluded: true, noNaN: true }).filter((x) => x < min),
    fc.double({ min: max, minExcluded: true, noNaN: true }).filter((x) => x > max),
    notANumber,
  ];
  if (integer) options.push(between(min, max).filter((x) => !Number.isInteger(x)));
  return fc.oneof(...options);
}

const badText: fc.Arbitrary<Bad> = fc.oneof(
  ws.map((s) => s.repeat(3)),
  fc.string({ minLength: 101, maxLength: 150 }).filter((s) => s.trim().length > 100),
  notAString,
);

const badEnum = (values: readonly string[]): fc.Arbitrary<Bad> =>
  fc.oneof(
    fc.string().filter((s) => !values.includes(s)),
    notAString,
  );

const badTime: fc.Arbitrary<Bad> = fc.oneof(
  fc.constantFrom('24:00', '7:0', '07:60', '0700', '24:00:00', '07:00:60', '07:00:0', '7.00', '7pm', '', '12:5'),
  fc.string().filter((s) => !TIME_INPUT_PATTERN.test(s.trim())),
  notAString,
);

function badList(options: { nonEmpty: boolean; item: fc.Arbitrary<unknown> }): fc.Arbitrary<Bad> {
  const arbitraries: fc.Arbitrary<Bad>[] = [notAList, fc.array(options.item, { minLength: 51, maxLength: 60 })];
  if (options.nonEmpty) arbitraries.push(fc.constant([]));
  return fc.oneof(...arbitraries);
}

const required = (bad: fc.Arbitrary<Bad>): fc.Arbitrary<Bad> => fc.oneof(bad, fc.constant(MISSING));

/** Top-level fields and how to break each one. */
const topLevelBreakers: { [S in StateNumber]: Record<string, fc.Arbitrary<Bad>> } = {
  1: { fitness_level: required(badEnum(FITNESS_LEVELS)) },
  2: { goals: required(badList({ nonEmpty: true, item: fc.constant({ goal_type: 'fat_loss' }) })) },
  3: {
    equipment: required(badList({ nonEmpty: false, item: fc.constant('x') })),
    injuries: required(badList({ nonEmpty: false, item: fc.constant('x') })),
    limitations: required(badList({ nonEmpty: false, item: fc.constant('x') })),
    target_weight_kg: badNumber(30, 300),
    target_body_fat_percentage: badNumber(1, 50),
  },
  4: {
    diet_type: required(badEnum(DIET_TYPES)),
    allergies: required(badList({ nonEmpty: false, item: fc.constant('x') })),
    intolerances: required(badList({ nonEmpty: false, item: fc.constant('x') })),
    dislikes: required(badList({ nonEmpty: false, item: fc.constant('x') })),
  },
  5: {
    daily_calorie_target: required(badNumber(1000, 5000, true)),
    protein_percentage: required(badNumber(0, 100)),
    carbs_percentage: required(badNumber(0, 100)),
    fats_percentage: required(badNumber(0, 100)),
  },
  6: { meals: required(badList({ nonEmpty: true, item: fc.constant({ meal_name: 'a', scheduled_time: '08:00' }) })) },
  7: { workouts: required(badList({ nonEmpty: true, item: fc.constant({ day_of_week: 1, scheduled_time: '08:00' }) })) },
  8: {
    daily_water_target_ml: required(badNumber(500, 10000, true)),
    // Missing is valid while reminders are off; "missing with reminders on" is in the rule table.
    reminder_frequency_minutes: badNumber(15, 480, true),
    reminders_enabled: notABoolean,
  },
  9: {
    interested_in_supplements: required(notABoolean),
    current_supplements: badList({ nonEmpty: false, item: fc.constant('x') }),
  },
};

/** Lists of objects, and how to break each field of one item. */
const itemBreakers: Partial<Record<StateNumber, { list: string; fields: Record<string, fc.Arbitrary<Bad>> }>> = {
  2: {
    list: 'goals',
    fields: {
      goal_type: required(badEnum(GOAL_TYPES)),
      priority: fc.oneof(badNumber(1, Number.MAX_SAFE_INTEGER, true), fc.constantFrom(0, -1, 1.5)),
    },
  },
  6: {
    list: 'meals',
    fields: { meal_name: required(badText), scheduled_time: required(badTime), enable_notifications: notABoolean },
  },
  7: {
    list: 'workouts',
    fields: { day_of_week: required(badNumber(0, 6, true)), scheduled_time: required(badTime), enable_notifications: notABoolean },
  },
};

/** Lists of strings whose entries can be broken one at a time. */
const stringLists: Partial<Record<StateNumber, string[]>> = {
  3: ['equipment', 'injuries', 'limitations'],
  4: ['allergies', 'intolerances', 'dislikes'],
  9: ['current_supplements'],
};

interface Corrupted {
  data: Record<string, unknown>;
  field: string;
  /** A word the message must contain so a reader knows what to fix. */
  mention: string;
}

function put(target: Record<string, unknown>, key: string, value: Bad): void {
  if (value === MISSING) {
    delete target[key];
  } else {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

function corruptions(step: StateNumber): fc.Arbitrary<Corrupted> {
  const options: fc.Arbitrary<Corrupted>[] = [];
  const breakers = topLevelBreakers[step];

  options.push(
    fc.tuple(validData[step], fc.constantFrom(...Object.keys(breakers))).chain(([data, key]) =>
      (breakers[key] ?? fc.constant(MISSING)).map((bad): Corrupted => {
        const copy = structuredClone(data);
        put(copy, key, bad);
        return { data: copy, field: key, mention: key };
      }),
    ),
  );

  const known = new Set(Object.keys(breakers));
  options.push(
    fc
      .tuple(
        validData[step],
        fc.string({ minLength: 1 }).filter((k) => !known.has(k) && k !== '__proto__'),
        fc.jsonValue(),
      )
      .map(([data, key, value]): Corrupted => {
        const copy = structuredClone(data);
        put(copy, key, value);
        return { data: copy, field: key, mention: key };
      }),
  );

  const nested = itemBreakers[step];
  if (nested !== undefined) {
    options.push(
      fc.tuple(validData[step], fc.nat(), fc.constantFrom(...Object.keys(nested.fields))).chain(([data, index, key]) =>
        (nested.fields[key] ?? fc.constant(MISSING)).map((bad): Corrupted => {
          const copy = structuredClone(data);
          const list = copy[nested.list] as Record<string, unknown>[];
          const at = index % list.length;
          const item = list[at];
          if (item !== undefined) put(item, key, bad);
          return { data: copy, field: `${nested.list}.${at}.${key}`, mention: key };
        }),
      ),
    );
  }

  const lists = stringLists[step];
  if (lists !== undefined) {
    options.push(
      fc.tuple(validData[step], fc.constantFrom(...lists), fc.nat(), badText).map(([data, list, index, bad]): Corrupted => {
        const copy = structuredClone(data);
        const entries = Array.isArray(copy[list]) ? (copy[list] as unknown[]) : [];
        const at = entries.length === 0 ? 0 : index % entries.length;
        entries[at] = bad;
        copy[list] = entries;
        return { data: copy, field: `${list}.${at}`, mention: list };
      }),
    );
  }

  return fc.oneof(...options);
}

describe('fitness step schemas: single-field corruption', () => {
  for (const step of STATE_NUMBERS) {
    it(`when one field of valid state ${step} data is corrupted, then it is rejected naming that field`, () => {
      fc.assert(
        fc.property(corruptions(step), ({ data, field, mention }) => {
          const result = validateStep(step, data);
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.field).toBe(field);
            expect(result.message).toContain(mention);
          }
        }),
      );
    });
  }

  it('when the three percentages are each in range but do not add up to 100 within 0.01, then protein_percentage is named', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 5000 }),
        between(0, 100),
        between(0, 100),
        between(0, 100),
        (calories, protein, carbs, fats) => {
          fc.pre(Math.abs(protein + carbs + fats - 100) > 0.0101);
          const result = validateStep(5, {
            daily_calorie_target: calories,
            protein_percentage: protein,
            carbs_percentage: carbs,
            fats_percentage: fats,
          });
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.field).toBe('protein_percentage');
            expect(result.message).toContain('must add up to 100');
          }
        },
      ),
    );
  });
});
