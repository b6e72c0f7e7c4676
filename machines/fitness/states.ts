/**
 * The one table of fitness-onboarding state metadata (SPEC section 6). The machine, the
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
  readonly description: string;
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
    description: 'Assess whether the user is a beginner, intermediate or advanced exerciser.',
    required_fields: ['fitness_level'],
    required: true,
    tool: 'save_fitness_level',
  },
  {
    number: 2,
    key: 'fitness_goals',
    name: 'Primary Fitness Goals',
    agent: 'workout_planning',
    description: 'Capture the goals the user wants to reach: fat loss, muscle gain or general fitness.',
    required_fields: ['goals'],
    required: true,
    tool: 'save_fitness_goals',
  },
  {
    number: 3,
    key: 'workout_constraints',
    name: 'Workout Preferences & Constraints',
    agent: 'workout_planning',
    description: 'Record available equipment, injuries and limitations, plus optional body targets.',
    required_fields: ['equipment', 'injuries', 'limitations'],
    required: true,
    tool: 'save_workout_constraints',
  },
  {
    number: 4,
    key: 'dietary_preferences',
    name: 'Diet Preferences & Restrictions',
    agent: 'diet_planning',
    description: 'Record the diet type, allergies, intolerances and disliked foods.',
    required_fields: ['diet_type', 'allergies', 'intolerances', 'dislikes'],
    required: true,
    tool: 'save_dietary_preferences',
  },
  {
    number: 5,
    key: 'meal_plan',
    name: 'Fixed Meal Plan Selection',
    agent: 'diet_planning',
    description: 'Set the daily calorie target and the protein, carbs and fats split.',
    required_fields: [
      'daily_calorie_target',
      'protein_percentage',
      'carbs_percentage',
      'fats_percentage',
    ],
    required: true,
    tool: 'save_meal_plan',
  },
  {
    number: 6,
    key: 'meal_schedule',
    name: 'Meal Timing Schedule',
    agent: 'scheduler',
    description: 'Schedule the daily meals and their reminder notifications.',
    required_fields: ['meals'],
    required: true,
    tool: 'save_meal_schedule',
  },
  {
    number: 7,
    key: 'workout_schedule',
    name: 'Workout Schedule',
    agent: 'scheduler',
    description: 'Schedule the weekly workout days and times.',
    required_fields: ['workouts'],
    required: true,
    tool: 'save_workout_schedule',
  },
  {
    number: 8,
    key: 'hydration_schedule',
    name: 'Hydration Schedule',
    agent: 'scheduler',
    description: 'Set the daily water target and how often to remind the user to drink.',
    required_fields: ['daily_water_target_ml', 'reminder_frequency_minutes'],
    required: true,
    tool: 'save_hydration_schedule',
  },
  {
    number: 9,
    key: 'supplement_preferences',
    name: 'Supplement Preferences',
    agent: 'supplement',
    description: 'Ask whether the user wants supplement guidance and which supplements they already take.',
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
