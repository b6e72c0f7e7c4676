/**
 * Stored values stay canonical English (the API contract), but a Spanish summary (confirmations,
 * "saved" messages, recaps: summarize() in copy.ts with locale 'es') names every value in Spanish.
 * This walks every value each state can save and fails when a Spanish summary still shows one of
 * them in English. Free text the user typed (a food, a rare supplement) is shown as typed.
 */
import { describe, expect, it } from 'vitest';
import type { StateNumber } from '../machines/fitness/states.js';
import { summarize } from '../src/flows/fitness/agents/offline/copy.js';
import { CONSTRAINT_NAMES } from '../src/flows/fitness/agents/offline/states/constraints.js';
import { CONDITION_NAMES } from '../src/flows/fitness/agents/offline/states/diet.js';
import { MEAL_NAMES } from '../src/flows/fitness/agents/offline/states/meals.js';
import { SUPPLEMENT_NAMES } from '../src/flows/fitness/agents/offline/states/supplements.js';
import { DIET_TYPES, FITNESS_LEVELS, GOAL_TYPES, type StepDataMap } from '../src/flows/fitness/schemas.js';

/** Names spelt the same in Spanish, or kept as brands and abbreviations. */
const SAME_IN_SPANISH = new Set(
  'zinc hernia paleo brunch stepper ashwagandha ginseng maca rhodiola psyllium trx bcaa eaa zma hmb mct coq omega osteoporosis bursitis tendinitis pre smith bosu lumbar plantar flexor beta'.split(
    ' ',
  ),
);

/** Every English word of every canonical value: none may be left in a Spanish summary. */
const ENGLISH_WORDS = [
  ...FITNESS_LEVELS,
  ...GOAL_TYPES.flatMap((goal) => goal.split('_')),
  ...DIET_TYPES,
  ...CONSTRAINT_NAMES.equipment,
  ...CONSTRAINT_NAMES.injuries,
  ...CONSTRAINT_NAMES.sides,
  ...CONDITION_NAMES,
  ...MEAL_NAMES,
  ...SUPPLEMENT_NAMES,
]
  .flatMap((value) => value.toLowerCase().split(/[^a-z]+/))
  .filter((word) => word.length >= 3 && !SAME_IN_SPANISH.has(word));

function englishIn(summary: string): string[] {
  const words = new Set(summary.toLowerCase().split(/[^\p{L}]+/u));
  return [...new Set(ENGLISH_WORDS.filter((word) => words.has(word)))];
}

const summaries: Array<[StateNumber, string]> = [];
const add = <S extends StateNumber>(state: S, data: StepDataMap[S]): void => void summaries.push([state, summarize(state, data, 'es')]);

for (const fitness_level of FITNESS_LEVELS) add(1, { fitness_level });
for (const goal_type of GOAL_TYPES) add(2, { goals: [{ goal_type, priority: 1 }] });
add(2, { goals: GOAL_TYPES.map((goal_type, k) => ({ goal_type, priority: k + 1 })) });
for (const item of CONSTRAINT_NAMES.equipment) add(3, { equipment: [item, item.replace(/ /g, '-')], injuries: [], limitations: [] });
for (const item of CONSTRAINT_NAMES.injuries) {
  add(3, { equipment: [], injuries: [item], limitations: [] });
  for (const side of CONSTRAINT_NAMES.sides) add(3, { equipment: [], injuries: [`${side} ${item}`], limitations: [] });
}
add(3, { equipment: [], injuries: [], limitations: ['solo 30 minutes'], target_weight_kg: 70.5, target_body_fat_percentage: 15 });
for (const diet_type of DIET_TYPES) add(4, { diet_type, allergies: [], intolerances: [], dislikes: [] });
for (const item of CONDITION_NAMES) add(4, { diet_type: 'omnivore', allergies: [], intolerances: [item], dislikes: [] });
add(5, { daily_calorie_target: 2000, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 });
for (const meal_name of MEAL_NAMES) add(6, { meals: [{ meal_name, scheduled_time: '08:00', enable_notifications: true }] });
add(7, { workouts: [0, 1, 2, 3, 4, 5, 6].map((day_of_week) => ({ day_of_week, scheduled_time: '07:00', enable_notifications: true })) });
add(8, { daily_water_target_ml: 2500, reminders_enabled: true, reminder_frequency_minutes: 90 });
add(8, { daily_water_target_ml: 2000, reminders_enabled: false });
for (const item of SUPPLEMENT_NAMES) add(9, { interested_in_supplements: true, current_supplements: [item] });
add(9, { interested_in_supplements: true, current_supplements: ['vitamin D', 'vitamin B12', 'Omega-3', 'BCAAs'] });
add(9, { interested_in_supplements: true, current_supplements: [] });
add(9, { interested_in_supplements: false, current_supplements: [] });

describe('Spanish summaries', () => {
  it('when every value of every state is summarised in Spanish, then no canonical English value is shown', () => {
    const left = summaries.filter(([, summary]) => englishIn(summary).length > 0).map(([state, summary]) => `[${state}] ${summary}`);
    expect(left).toEqual([]);
  });

  it('when values are summarised in Spanish, then they read as Spanish', () => {
    expect(summarize(3, { equipment: ['dumbbells', 'pull-up bar'], injuries: ['left knee', 'right elbow'], limitations: [] }, 'es')).toBe(
      'material: mancuernas y barra de dominadas; lesiones: rodilla izquierda y codo derecho; sin limitaciones',
    );
    expect(summarize(6, { meals: [{ meal_name: 'breakfast', scheduled_time: '08:00', enable_notifications: true }] }, 'es')).toBe(
      'desayuno a las 08:00',
    );
    expect(summarize(9, { interested_in_supplements: true, current_supplements: ['creatine', 'vitamin D'] }, 'es')).toBe(
      'tomas creatina y vitamina D',
    );
  });

  it('when an item is free text the user typed, then it is shown as typed', () => {
    expect(summarize(4, { diet_type: 'vegetarian', allergies: ['marisco'], intolerances: [], dislikes: ['setas'] }, 'es')).toBe(
      'dieta vegetariana, alergia a marisco, sin intolerancias, evitas setas',
    );
  });

  it('when the same values are summarised in English, then they stay as stored', () => {
    expect(summarize(9, { interested_in_supplements: true, current_supplements: ['creatine'] }, 'en')).toBe('you take creatine');
  });
});
