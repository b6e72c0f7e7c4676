/**
 * One zod schema per fitness state (docs/behaviour/fitness.md "Validation"). The same schemas drive the
 * REST step endpoint, the agents' tool input schemas and the OpenAPI bodies, so they must stay
 * convertible with `z.toJSONSchema(schema, { io: 'input' })`: no transforms beyond trim, the time normaliser and
 * defaults, and cross-field rules only as refinements (which JSON Schema simply omits).
 *
 * Every issue carries a plain-words message naming the field, set where the rule is declared,
 * so `validateStep` never has to parse zod's default texts.
 */
import { z } from 'zod';
import type { StateNumber } from '../../../machines/fitness/states.js';

const MAX_STRING_LENGTH = 100;
const MAX_ARRAY_ITEMS = 50;
/** Tolerance on the macro split; the epsilon absorbs float error (30 + 40 + 30.01 != 100.01). */
const PERCENTAGE_SUM_TOLERANCE = 0.01;
const FLOAT_EPSILON = 1e-9;

export const FITNESS_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export const GOAL_TYPES = ['fat_loss', 'muscle_gain', 'general_fitness'] as const;
export const DIET_TYPES = ['omnivore', 'vegetarian', 'vegan', 'pescatarian', 'keto', 'paleo'] as const;

/** 00:00-23:59, two digits each: the stored form of every time. */
export const HH_MM_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/**
 * What a caller may send: "7:05", "07:05" or "07:05:00" (clients and spreadsheets write all
 * three). "24:00" and "7:5" are still refused. Seconds are dropped when stored.
 */
export const TIME_INPUT_PATTERN = /^(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/;

/** "7:05" / "07:05:30" -> "07:05". Only called on values that matched TIME_INPUT_PATTERN. */
function toHHMM(value: string): string {
  const [hours = '', minutes = ''] = value.split(':');
  return `${hours.padStart(2, '0')}:${minutes}`;
}

type RawIssue = z.core.$ZodRawIssue;

/** zod reports an absent key as an issue on `undefined` (invalid_type, or invalid_value for enums). */
function isMissing(issue: RawIssue): boolean {
  return issue.input === undefined;
}

function typeError(name: string, expected: string) {
  return (issue: RawIssue): string => (isMissing(issue) ? `${name} is required` : `${name} must be ${expected}`);
}

/** Trimmed, non-empty, at most 100 characters (whitespace-only counts as empty). */
function text(name: string) {
  return z
    .string({ error: typeError(name, 'a string') })
    .trim()
    .min(1, { error: `${name} must not be empty` })
    .max(MAX_STRING_LENGTH, { error: `${name} must be at most ${MAX_STRING_LENGTH} characters` });
}

function list<T extends z.ZodType>(name: string, item: T) {
  return z
    .array(item, { error: typeError(name, 'a list') })
    .max(MAX_ARRAY_ITEMS, { error: `${name} must contain at most ${MAX_ARRAY_ITEMS} items` });
}

function textList(name: string) {
  return list(name, text(`each ${name} entry`));
}

function oneOf<const T extends readonly [string, ...string[]]>(name: string, values: T) {
  return z.enum(values, { error: typeError(name, `one of ${values.join(', ')}`) });
}

function numberBetween(name: string, min: number, max: number) {
  const range = `${name} must be between ${min} and ${max}`;
  return z
    .number({ error: typeError(name, 'a number') })
    .min(min, { error: range })
    .max(max, { error: range });
}

function integerBetween(name: string, min: number, max: number) {
  const range = `${name} must be a whole number between ${min} and ${max}`;
  return z
    .number({ error: typeError(name, 'a number') })
    .int({ error: range })
    .min(min, { error: range })
    .max(max, { error: range });
}

function flag(name: string) {
  return z.boolean({ error: typeError(name, 'true or false') });
}

function time(name: string) {
  return z
    .string({ error: typeError(name, 'a time in HH:MM format (00:00-23:59)') })
    .trim()
    .regex(TIME_INPUT_PATTERN, { error: `${name} must be a time in HH:MM format (00:00-23:59)` })
    .transform(toHHMM);
}

/** An unknown key as an answer shows it: whatever its length, at most 64 characters of it. */
const shownKey = (key: string): string => (key.length > 64 ? `${key.slice(0, 64)}…` : key);

/**
 * `z.strictObject` with messages for a non-object value and for unknown keys. The message names
 * every unknown key; `validateStep` reports the first one as the field.
 */
function record<S extends z.core.$ZodLooseShape>(name: string, shape: S) {
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        const plural = issue.keys.length === 1 ? 'field' : 'fields';
        return `unknown ${plural}: ${issue.keys.map(shownKey).join(', ')}`;
      }
      return typeError(name, 'an object')(issue);
    },
  });
}

const fitnessLevelSchema = record('data', {
  fitness_level: oneOf('fitness_level', FITNESS_LEVELS),
});

const goalSchema = record('each goal', {
  goal_type: oneOf('goal_type', GOAL_TYPES),
  priority: z
    .number({ error: typeError('priority', 'a number') })
    .int({ error: 'priority must be a whole number of at least 1' })
    .min(1, { error: 'priority must be a whole number of at least 1' })
    .optional(),
});

const fitnessGoalsSchema = record('data', {
  goals: list('goals', goalSchema).min(1, { error: 'goals must contain at least one goal' }),
});

const workoutConstraintsSchema = record('data', {
  equipment: textList('equipment'),
  injuries: textList('injuries'),
  limitations: textList('limitations'),
  target_weight_kg: numberBetween('target_weight_kg', 30, 300).optional(),
  target_body_fat_percentage: numberBetween('target_body_fat_percentage', 1, 50).optional(),
});

const dietaryPreferencesSchema = record('data', {
  diet_type: oneOf('diet_type', DIET_TYPES),
  allergies: textList('allergies'),
  intolerances: textList('intolerances'),
  dislikes: textList('dislikes'),
});

/**
 * The sum rule is reported on `protein_percentage` (not on the object) so the REST error and
 * the agent tool result always name a real field; the message names all three.
 */
const mealPlanSchema = record('data', {
  daily_calorie_target: integerBetween('daily_calorie_target', 1000, 5000),
  protein_percentage: numberBetween('protein_percentage', 0, 100),
  carbs_percentage: numberBetween('carbs_percentage', 0, 100),
  fats_percentage: numberBetween('fats_percentage', 0, 100),
}).superRefine((plan, ctx) => {
  const sum = plan.protein_percentage + plan.carbs_percentage + plan.fats_percentage;
  if (Math.abs(sum - 100) > PERCENTAGE_SUM_TOLERANCE + FLOAT_EPSILON) {
    ctx.addIssue({
      code: 'custom',
      path: ['protein_percentage'],
      input: plan,
      message: `protein_percentage, carbs_percentage and fats_percentage must add up to 100 (they add up to ${Number(sum.toFixed(4))})`,
    });
  }
});

const mealSchema = record('each meal', {
  meal_name: text('meal_name'),
  scheduled_time: time('scheduled_time'),
  enable_notifications: flag('enable_notifications').default(true),
});

const mealScheduleSchema = record('data', {
  meals: list('meals', mealSchema).min(1, { error: 'meals must contain at least one meal' }),
});

const workoutSlotSchema = record('each workout', {
  day_of_week: integerBetween('day_of_week', 0, 6),
  scheduled_time: time('scheduled_time'),
  enable_notifications: flag('enable_notifications').default(true),
});

const workoutScheduleSchema = record('data', {
  workouts: list('workouts', workoutSlotSchema).min(1, {
    error: 'workouts must contain at least one workout',
  }),
});

/**
 * Millilitres and minutes are whole numbers: a reminder every 37.5 minutes is not a schedule
 * anyone sets. A user may decline reminders (`reminders_enabled: false`); only then may the
 * frequency be left out. The rule is reported on the frequency, the field the caller must add.
 */
const hydrationScheduleSchema = record('data', {
  daily_water_target_ml: integerBetween('daily_water_target_ml', 500, 10000),
  reminders_enabled: flag('reminders_enabled').default(true),
  reminder_frequency_minutes: integerBetween('reminder_frequency_minutes', 15, 480).optional(),
}).superRefine((plan, ctx) => {
  if (plan.reminders_enabled && plan.reminder_frequency_minutes === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['reminder_frequency_minutes'],
      input: undefined,
      message: 'reminder_frequency_minutes is required when reminders are enabled',
    });
  }
});

const supplementPreferencesSchema = record('data', {
  interested_in_supplements: flag('interested_in_supplements'),
  current_supplements: textList('current_supplements').optional(),
});

export const stepSchemas = {
  1: fitnessLevelSchema,
  2: fitnessGoalsSchema,
  3: workoutConstraintsSchema,
  4: dietaryPreferencesSchema,
  5: mealPlanSchema,
  6: mealScheduleSchema,
  7: workoutScheduleSchema,
  8: hydrationScheduleSchema,
  9: supplementPreferencesSchema,
} as const satisfies Record<StateNumber, z.ZodType>;

export type StepSchemas = typeof stepSchemas;

/** Parsed (output) data: strings trimmed, `enable_notifications` filled in. */
export type StepDataMap = { [S in StateNumber]: z.output<StepSchemas[S]> };
/** What a caller may send (input): `enable_notifications` optional. */
export type StepInputMap = { [S in StateNumber]: z.input<StepSchemas[S]> };

type StepValidation<S extends StateNumber = StateNumber> =
  { ok: true; data: StepDataMap[S] } | { ok: false; field: string; message: string };

/**
 * A problem with the body as a whole (not an object) is reported as field `data`, the name of
 * the step body in `POST /api/v1/onboarding/step`. An unknown key is reported at its own path.
 */
function fieldOf(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    path.push(shownKey(issue.keys[0]));
  }
  return path.length === 0 ? 'data' : path.join('.');
}

/** The same table seen through a mapped type, so indexing by a generic step keeps its data type. */
const typedSchemas: { [S in StateNumber]: z.ZodType<StepDataMap[S], StepInputMap[S]> } = stepSchemas;

export function validateStep<S extends StateNumber>(step: S, data: unknown): StepValidation<S> {
  const schema = typedSchemas[step];
  const result = schema.safeParse(data);
  if (result.success) {
    return { ok: true, data: result.data };
  }
  const first = result.error.issues[0];
  if (first === undefined) {
    // zod never fails without an issue; keep the result total anyway.
    return { ok: false, field: 'data', message: 'data is invalid' };
  }
  return { ok: false, field: fieldOf(first), message: first.message };
}
