/**
 * The one table of fitness-onboarding state metadata (docs/behaviour/fitness.md). The machine, the
 * progress endpoint, agent prompts and docs all read it, so names and fields cannot drift.
 * Pure: no I/O.
 */

export type StateNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export const SPECIALIZED_AGENTS = ['workout_planning', 'diet_planning', 'scheduler', 'supplement'] as const;
export type SpecializedAgent = (typeof SPECIALIZED_AGENTS)[number];

/** `general` is the only agent allowed once onboarding is completed. */
export const AGENT_TYPES = [...SPECIALIZED_AGENTS, 'general'] as const;
export type AgentType = (typeof AGENT_TYPES)[number];

export type StateKey =
  | 'fitness_level'
  | 'fitness_goals'
  | 'workout_constraints'
  | 'dietary_preferences'
  | 'meal_plan'
  | 'meal_schedule'
  | 'workout_schedule'
  | 'hydration_schedule'
  | 'supplement_preferences';

export type SaveToolName = `save_${StateKey}`;

export interface FitnessStateMeta {
  readonly number: StateNumber;
  readonly key: StateKey;
  readonly name: string;
  readonly agent: SpecializedAgent;
  /** Speaks to the user (frontends show it); agent instructions live in the agents. */
  readonly description: string;
  readonly name_es: string;
  readonly description_es: string;
  /** Fields that must be present when the state is saved; optional fields are not listed. */
  readonly required_fields: readonly string[];
  /** False only for state 9, which is skipped by saving `interested_in_supplements: false`. */
  readonly required: boolean;
  readonly tool: SaveToolName;
}

export const TOTAL_STATES = 9;

export const STATE_NUMBERS: readonly StateNumber[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];

export const FITNESS_STATES: readonly FitnessStateMeta[] = [
  {
    number: 1,
    key: 'fitness_level',
    name: 'Fitness Level Assessment',
    agent: 'workout_planning',
    description: 'Tell us about your current fitness level.',
    name_es: 'Evaluación del nivel de forma física',
    description_es: 'Cuéntanos cuál es tu nivel de forma física actual.',
    required_fields: ['fitness_level'],
    required: true,
    tool: 'save_fitness_level',
  },
  {
    number: 2,
    key: 'fitness_goals',
    name: 'Primary Fitness Goals',
    agent: 'workout_planning',
    description: 'Tell us what you want to achieve: lose fat, build muscle or get fitter overall.',
    name_es: 'Objetivos principales',
    description_es: 'Cuéntanos qué quieres conseguir: perder grasa, ganar músculo o mejorar tu forma física.',
    required_fields: ['goals'],
    required: true,
    tool: 'save_fitness_goals',
  },
  {
    number: 3,
    key: 'workout_constraints',
    name: 'Workout Preferences & Constraints',
    agent: 'workout_planning',
    description: 'Tell us what equipment you have and any injuries or limitations we should plan around.',
    name_es: 'Preferencias y limitaciones de entrenamiento',
    description_es: 'Cuéntanos qué material tienes y si hay lesiones o limitaciones que debamos tener en cuenta.',
    required_fields: ['equipment', 'injuries', 'limitations'],
    required: true,
    tool: 'save_workout_constraints',
  },
  {
    number: 4,
    key: 'dietary_preferences',
    name: 'Diet Preferences & Restrictions',
    agent: 'diet_planning',
    description: 'Tell us how you eat, and any allergies, intolerances or foods you avoid.',
    name_es: 'Preferencias y restricciones de dieta',
    description_es: 'Cuéntanos cómo comes y si tienes alergias, intolerancias o alimentos que evitas.',
    required_fields: ['diet_type', 'allergies', 'intolerances', 'dislikes'],
    required: true,
    tool: 'save_dietary_preferences',
  },
  {
    number: 5,
    key: 'meal_plan',
    name: 'Fixed Meal Plan Selection',
    agent: 'diet_planning',
    description: 'Choose your daily calories and how to split them between protein, carbs and fats.',
    name_es: 'Plan de comidas',
    description_es: 'Elige tus calorías diarias y cómo repartirlas entre proteínas, hidratos y grasas.',
    required_fields: ['daily_calorie_target', 'protein_percentage', 'carbs_percentage', 'fats_percentage'],
    required: true,
    tool: 'save_meal_plan',
  },
  {
    number: 6,
    key: 'meal_schedule',
    name: 'Meal Timing Schedule',
    agent: 'scheduler',
    description: 'Tell us when you usually eat each meal.',
    name_es: 'Horario de comidas',
    description_es: 'Dinos a qué hora sueles hacer cada comida.',
    required_fields: ['meals'],
    required: true,
    tool: 'save_meal_schedule',
  },
  {
    number: 7,
    key: 'workout_schedule',
    name: 'Workout Schedule',
    agent: 'scheduler',
    description: 'Choose the days and times you want to train.',
    name_es: 'Horario de entrenamiento',
    description_es: 'Elige los días y las horas a las que quieres entrenar.',
    required_fields: ['workouts'],
    required: true,
    tool: 'save_workout_schedule',
  },
  {
    number: 8,
    key: 'hydration_schedule',
    name: 'Hydration Schedule',
    agent: 'scheduler',
    description: 'Set how much water to drink a day and whether we should remind you.',
    name_es: 'Hidratación',
    description_es: 'Indica cuánta agua quieres beber al día y si quieres que te lo recordemos.',
    required_fields: ['daily_water_target_ml', 'reminder_frequency_minutes'],
    required: true,
    tool: 'save_hydration_schedule',
  },
  {
    number: 9,
    key: 'supplement_preferences',
    name: 'Supplement Preferences',
    agent: 'supplement',
    description: "Tell us which supplements you take, if any, or whether you'd like suggestions (optional).",
    name_es: 'Suplementos',
    description_es: 'Cuéntanos qué suplementos tomas, si tomas alguno, o si quieres sugerencias (opcional).',
    required_fields: ['interested_in_supplements'],
    required: false,
    tool: 'save_supplement_preferences',
  },
];

export function isStateNumber(value: unknown): value is StateNumber {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= TOTAL_STATES;
}

export function stateMeta(n: StateNumber): FitnessStateMeta {
  const meta = FITNESS_STATES[n - 1];
  // Unreachable for a StateNumber; guards against a table edit that drops a row.
  if (meta === undefined || meta.number !== n) {
    throw new Error(`fitness state table has no row for state ${n}`);
  }
  return meta;
}

export function agentForState(n: StateNumber): SpecializedAgent {
  return stateMeta(n).agent;
}

type Locale = 'en' | 'es';

/** The state's name and description in the user's language. */
export function stateText(number: StateNumber, locale: Locale): { name: string; description: string } {
  const meta = FITNESS_STATES[number - 1];
  if (meta === undefined) throw new Error(`unknown state ${number}`);
  return locale === 'es' ? { name: meta.name_es, description: meta.description_es } : { name: meta.name, description: meta.description };
}
