/**
 * Everything the offline onboarding agent says, in English, per state: the opening question and
 * its quick replies, one specific question per field, and a plain-words summary of saved data.
 * The agent (agent.ts) holds no copy of its own.
 *
 * Quick-reply `value`s are sent back as the user's message, so each must be an answer the
 * offline extractor reads as complete, valid data (test/offline-agent.test.ts checks them all).
 */
import { stateMeta, type StateNumber } from '../../../../../machines/fitness/states.js';
import { DIET_TYPES, FITNESS_LEVELS, type StepDataMap } from '../../schemas.js';
import type { QuickReply } from '../agent.js';
import { COPY_ES, STATE_COPY_ES } from './copy-es.js';

export interface FieldCopy {
  /** One specific question about this field. */
  readonly question: string;
  /** Complete answers on their own; the state's options when absent. */
  readonly options?: readonly QuickReply[];
  /**
   * Endings for a partial answer: the button's value is what the user already said plus this
   * ending ("2000 kcal" + "30/40/30"). Offered only when the result is complete and valid.
   */
  readonly completions?: readonly QuickReply[];
}

export interface StateCopy<S extends StateNumber> {
  /** The opening question of the state. */
  readonly question: string;
  /** Answers that fully answer the state: offered with the question and after two failed tries. */
  readonly options: readonly QuickReply[];
  /** Questions per field, keyed by the field names the extractor and validateStep report. */
  readonly fields: Readonly<Record<string, FieldCopy>>;
  /** The data in plain words, to confirm it or say it was saved. */
  summary(data: StepDataMap[S]): string;
}

const reply = (value: string, label: string = value): QuickReply => ({ value, label });
const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
const words = (identifier: string): string => identifier.replaceAll('_', ' ');

/** "a", "a and b", "a, b and c". */
function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

const listOr = (items: readonly string[], none: string, label: string): string =>
  items.length === 0 ? none : `${label} ${joinAnd(items)}`;

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

function water(ml: number): string {
  return ml >= 1000 && ml % 100 === 0 ? `${ml / 1000} liters` : `${ml} ml`;
}

function every(minutes: number): string {
  if (minutes === 60) return 'every hour';
  return minutes > 60 && minutes % 60 === 0 ? `every ${minutes / 60} hours` : `every ${minutes} minutes`;
}

function weekly(workouts: StepDataMap[7]['workouts']): string {
  const byTime = new Map<string, string[]>();
  for (const slot of workouts) {
    const days = byTime.get(slot.scheduled_time) ?? [];
    days.push(DAY_NAMES[slot.day_of_week] ?? `day ${slot.day_of_week}`);
    byTime.set(slot.scheduled_time, days);
  }
  return joinAnd([...byTime].map(([time, days]) => `${joinAnd(days)} at ${time}`));
}

const DIET_OPTIONS = DIET_TYPES.map((diet) => reply(`${diet}, no allergies`, `${capitalize(diet)}, no allergies`));
const MEAL_PLANS = [reply('2000 kcal, 30/40/30'), reply('1800 kcal, 40/30/30'), reply('2500 kcal, 25/50/25')];
const MACRO_SPLIT = {
  question:
    'How would you like to split your calories between protein, carbs and fats? For example 30/40/30 (protein/carbs/fats, adding up to 100).',
  completions: [reply('30/40/30'), reply('40/30/30'), reply('25/50/25')],
};
const MEAL_TIMES = [
  reply('Breakfast 8:00, lunch 13:00, dinner 19:30'),
  reply('Breakfast 7:00, lunch 12:30, dinner 18:30'),
  reply('Lunch 12:00, dinner 19:00'),
];

export const STATE_COPY: { readonly [S in StateNumber]: StateCopy<S> } = {
  1: {
    question: 'How would you describe your fitness level right now: beginner, intermediate or advanced?',
    options: FITNESS_LEVELS.map((level) => reply(level, capitalize(level))),
    fields: {
      fitness_level: {
        question:
          'Which fits you best: beginner (new or coming back to exercise), intermediate (training regularly for a while) or advanced (years of consistent training)?',
      },
    },
    summary: (data) => `you're at ${data.fitness_level} level`,
  },
  2: {
    question: 'What are your main fitness goals: losing fat, building muscle or general fitness? You can pick more than one.',
    options: [reply('lose fat', 'Lose fat'), reply('build muscle', 'Build muscle'), reply('general fitness', 'General fitness')],
    fields: {
      goals: { question: 'What would you most like to achieve: lose fat, build muscle, or get fitter in general?' },
    },
    summary: (data) => {
      const goals = [...data.goals].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0)).map((goal) => words(goal.goal_type));
      return goals.length === 1 ? `your goal is ${goals.join('')}` : `your goals are ${goals.join(', then ')}`;
    },
  },
  3: {
    question: 'What equipment do you have to train with, and do you have any injuries or limitations I should plan around?',
    options: [
      reply('no equipment, no injuries', 'No equipment, no injuries'),
      reply('dumbbells at home, no injuries', 'Dumbbells at home, no injuries'),
      reply('full gym, no injuries', 'Full gym, no injuries'),
    ],
    fields: {
      equipment: {
        question: 'What equipment can you use for your workouts? If you have none, just say "no equipment".',
        completions: [reply('no equipment', 'No equipment'), reply('dumbbells', 'Dumbbells'), reply('full gym', 'Full gym')],
      },
    },
    summary: (data) => {
      const parts = [
        listOr(data.equipment, 'no equipment', 'equipment:'),
        listOr(data.injuries, 'no injuries', 'injuries:'),
        listOr(data.limitations, 'no limitations', 'limitations:'),
      ];
      if (data.target_weight_kg !== undefined) parts.push(`a target weight of ${data.target_weight_kg} kg`);
      if (data.target_body_fat_percentage !== undefined) parts.push(`a target body fat of ${data.target_body_fat_percentage}%`);
      return parts.join('; ');
    },
  },
  4: {
    question:
      'What kind of diet do you follow (omnivore, vegetarian, vegan, pescatarian, keto or paleo), and do you have any allergies, intolerances or foods you dislike?',
    options: DIET_OPTIONS,
    fields: {
      diet_type: {
        question: 'Which diet fits you best: omnivore, vegetarian, vegan, pescatarian, keto or paleo?',
        options: DIET_TYPES.map((diet) => reply(diet, capitalize(diet))),
        completions: DIET_TYPES.map((diet) => reply(diet, capitalize(diet))),
      },
    },
    summary: (data) =>
      [
        `${/^[aeiou]/.test(data.diet_type) ? 'an' : 'a'} ${data.diet_type} diet`,
        listOr(data.allergies, 'no allergies', 'allergic to'),
        listOr(data.intolerances, 'no intolerances', 'intolerant to'),
        listOr(data.dislikes, 'no foods to avoid', 'avoiding'),
      ].join(', '),
  },
  5: {
    question:
      'What daily calorie target and macro split (protein/carbs/fats in percent) would you like? For example "2000 kcal, 30/40/30".',
    options: MEAL_PLANS,
    fields: {
      daily_calorie_target: {
        question: 'How many calories a day would you like to aim for? Anything from 1000 to 5000 kcal.',
        completions: [reply('1800 kcal'), reply('2000 kcal'), reply('2500 kcal')],
      },
      protein_percentage: MACRO_SPLIT,
      carbs_percentage: MACRO_SPLIT,
      fats_percentage: MACRO_SPLIT,
    },
    summary: (data) =>
      `${data.daily_calorie_target} kcal a day: ${data.protein_percentage}% protein, ${data.carbs_percentage}% carbs and ${data.fats_percentage}% fats`,
  },
  6: {
    question: 'When do you usually eat? Tell me each meal and its time, like "breakfast 8:00, lunch 13:00, dinner 19:30".',
    options: MEAL_TIMES,
    fields: {
      meals: { question: 'Which meals do you have each day, and at what time?' },
      meal_name: { question: 'Which meal is each of those times for: breakfast, lunch, dinner or a snack?' },
      scheduled_time: { question: 'What time do you usually have each of those meals? For example "8:00" or "7:30pm".' },
    },
    summary: (data) => joinAnd(data.meals.map((meal) => `${meal.meal_name} at ${meal.scheduled_time}`)),
  },
  7: {
    question: 'Which days and at what time would you like to work out? For example "Mon, Wed, Fri at 7am".',
    options: [reply('Mon, Wed, Fri at 7am'), reply('Tue and Thu at 6pm'), reply('Weekdays at 7am'), reply('Sat and Sun at 10am')],
    fields: {
      workouts: { question: 'Which days of the week would you like to train, and at what time?' },
      day_of_week: {
        question: 'On which days of the week? For example "Mon, Wed and Fri" or "weekdays".',
        completions: [
          reply('on Mon, Wed and Fri', 'Mon, Wed, Fri'),
          reply('on Tue and Thu', 'Tue and Thu'),
          reply('on weekdays', 'Weekdays'),
        ],
      },
      scheduled_time: {
        question: 'At what time of day? For example "7am" or "6:30pm".',
        completions: [reply('at 7am', '7am'), reply('at 12pm', '12pm'), reply('at 6pm', '6pm')],
      },
    },
    summary: (data) => weekly(data.workouts),
  },
  8: {
    question:
      'How much water would you like to drink a day, and how often should I remind you? For example "2.5 liters, remind me every hour".',
    options: [
      reply('2 liters, remind me every hour'),
      reply('2.5 liters, remind me every hour'),
      reply('3 liters, remind me every 2 hours'),
    ],
    fields: {
      daily_water_target_ml: {
        question: 'How much water would you like to drink each day? For example "2.5 liters" or "2000 ml".',
        completions: [reply('2 liters'), reply('2.5 liters'), reply('3 liters')],
      },
      reminder_frequency_minutes: {
        question: 'How often should I remind you to drink?',
        completions: [
          reply('remind me every 30 minutes', 'Every 30 minutes'),
          reply('remind me every hour', 'Every hour'),
          reply('remind me every 2 hours', 'Every 2 hours'),
        ],
      },
    },
    summary: (data) =>
      `${water(data.daily_water_target_ml)} of water a day, ${data.reminders_enabled && data.reminder_frequency_minutes !== undefined ? `with a reminder ${every(data.reminder_frequency_minutes)}` : 'without reminders'}`,
  },
  9: {
    question: 'Last one: do you take any supplements, or would you like supplement suggestions? If not, just say "no supplements".',
    options: [
      reply('no supplements', 'No supplements'),
      reply('I take creatine'),
      reply('I take protein powder'),
      reply("I'd like supplement recommendations", "I'd like suggestions"),
    ],
    fields: {
      interested_in_supplements: {
        question: 'Do you take any supplements now, or would you like suggestions? If not, just say "no supplements".',
      },
    },
    summary: (data) => {
      const current = data.current_supplements ?? [];
      if (current.length > 0) return `you take ${joinAnd(current)}`;
      return data.interested_in_supplements ? "you'd like supplement suggestions" : 'no supplements';
    },
  },
};

export function stateCopy<S extends StateNumber>(state: S, locale: Locale = 'en'): StateCopy<S> {
  return copyFor(locale).states[state];
}

export function summarize<S extends StateNumber>(state: S, data: StepDataMap[S], locale: Locale = 'en'): string {
  return stateCopy(state, locale).summary(data);
}

/** The specific question for a missing field; the state's question when it has none. */
export function fieldCopy(state: StateNumber, field: string | undefined, locale: Locale = 'en'): FieldCopy {
  const copy = stateCopy(state, locale);
  return (field === undefined ? undefined : copy.fields[field]) ?? { question: copy.question };
}

/** Field names as validation messages use them, in plain words; others lose their underscores. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  daily_calorie_target: 'the daily calorie target',
  protein_percentage: 'protein',
  carbs_percentage: 'carbs',
  fats_percentage: 'fats',
  daily_water_target_ml: 'the daily water target (in ml)',
  reminder_frequency_minutes: 'the reminder interval (in minutes)',
  target_weight_kg: 'the target weight (in kg)',
  target_body_fat_percentage: 'the target body fat (in %)',
};

/** "daily_calorie_target must be ..." -> "the daily calorie target must be ...". */
const plainError = (error: string): string => error.replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, (name) => FIELD_NAMES[name] ?? words(name));

export const COPY = {
  confirm: (summary: string): string => `Just to check: ${summary}. Is that right?`,
  confirmOptions: [reply('yes', 'Yes'), reply('no', 'No')] as readonly QuickReply[],
  rejected: "No problem, let's try that again.",
  notUnderstood: "Sorry, I didn't quite catch that.",
  partial: 'Thanks, nearly there.',
  easier: 'Or just pick the option closest to yours.',
  invalid: (error: string): string => `I can't save that: ${plainError(error)}.`,
  saveFailed: "Sorry, I couldn't save that just now.",
  saved: (summary: string): string => `Got it: ${summary}.`,
  next: (state: StateNumber): string => `Next up, ${stateMeta(state).name}.`,
  complete: "That was the last step: your profile is complete. You're all set!",
  welcome: "Hi! Let's set up your plan.",
  skipNotAllowed: (state: StateNumber): string =>
    `This step (${stateMeta(state).name}) is needed to build your plan; only supplements can be skipped.`,
  recapNothing: "You haven't saved anything yet.",
  recap: (lines: readonly string[]): string => `Here's what you've told me: ${lines.join('; ')}.`,
  editAsk: (state: StateNumber): string => `Sure, let's change your ${stateMeta(state).name.toLowerCase()}.`,
  why: (state: StateNumber): string =>
    `I ask so we can build your plan: ${stateMeta(state).description.charAt(0).toLowerCase()}${stateMeta(state).description.slice(1)}`,
  example: 'For example:',
};

export type Locale = 'en' | 'es';
export type Copy = typeof COPY;

/** The agent's words in the user's language. */
export function copyFor(locale: Locale): { copy: Copy; states: { readonly [S in StateNumber]: StateCopy<S> } } {
  return locale === 'es' ? { copy: COPY_ES, states: STATE_COPY_ES } : { copy: COPY, states: STATE_COPY };
}
