/**
 * State 6: meals, each a name and an "HH:MM" time. A time without am/pm is settled by the meal's
 * usual hours ("dinner at 7" can only be 19:00) and is a guess when both readings fit.
 */
import { settled, nothing, type Extraction } from '../extraction.js';
import { HEDGES, hasPhrase, negatedBefore } from '../../../../../language/cues.js';
import { pairMentions, type Mention } from '../../../../../language/pairing.js';
import { clauses, findPhrases, phraseTable, spanOf, wordAt, vocabulary, type Analyzed } from '../../../../../language/text.js';
import { TIME_WORDS, findTimes, formatHHMM, likelyReading, readingsOf, type TimeMention } from '../../../../../language/times.js';

interface MealWord {
  readonly name: string;
  /** Usual hours, [from, to) on a 0-27 clock so a late snack can run past midnight. */
  readonly hours: readonly [number, number];
}

const BREAKFAST = [4, 12] as const;
const LUNCH = [11, 16] as const;
const DINNER = [16, 24] as const;
const ANY_TIME = [0, 24] as const;
const SNACK = [6, 24] as const;

const meal = (name: string, hours: readonly [number, number]): MealWord => ({ name, hours });

const MEALS = phraseTable<MealWord>([
  ['breakfast', meal('breakfast', BREAKFAST)],
  ['second breakfast', meal('second breakfast', [8, 13])],
  ['brunch', meal('brunch', [9, 15])],
  ['lunch', meal('lunch', LUNCH)],
  ['lunchtime', meal('lunch', LUNCH)],
  ['dinner', meal('dinner', DINNER)],
  ['supper', meal('supper', DINNER)],
  ['evening meal', meal('evening meal', DINNER)],
  ['snack', meal('snack', SNACK)],
  ['snacks', meal('snack', SNACK)],
  ['morning snack', meal('morning snack', [5, 12])],
  ['mid morning snack', meal('mid-morning snack', [8, 12])],
  ['afternoon snack', meal('afternoon snack', [12, 18])],
  ['evening snack', meal('evening snack', [17, 24])],
  ['night snack', meal('night snack', [19, 27])],
  ['late night snack', meal('late night snack', [20, 27])],
  ['bedtime snack', meal('bedtime snack', [19, 27])],
  ['pre workout', meal('pre-workout', ANY_TIME)],
  ['pre workout meal', meal('pre-workout meal', ANY_TIME)],
  ['pre workout snack', meal('pre-workout snack', ANY_TIME)],
  ['preworkout', meal('pre-workout', ANY_TIME)],
  ['post workout', meal('post-workout', ANY_TIME)],
  ['post workout meal', meal('post-workout meal', ANY_TIME)],
  ['post workout shake', meal('post-workout shake', ANY_TIME)],
  ['postworkout', meal('post-workout', ANY_TIME)],
  ['protein shake', meal('protein shake', ANY_TIME)],
  ['shake', meal('shake', ANY_TIME)],
]);

/** Every meal name this state saves: summaries translate them. */
export const MEAL_NAMES: readonly string[] = [...new Set(MEALS.map((entry) => entry.value.name))];

/** "I skip breakfast" names a meal that is not eaten. */
const SKIP_WORDS: ReadonlySet<string> = new Set(['skip', 'skips', 'skipping', 'skipped']);

function fitsHours(hours: readonly [number, number], hour: number): boolean {
  const [from, to] = hours;
  return (hour >= from && hour < to) || (hour + 24 >= from && hour + 24 < to);
}

function resolve(time: TimeMention, hours: readonly [number, number], guesses: string[]): string {
  const readings = readingsOf(time);
  const fitting = readings.length === 1 ? readings : readings.filter((reading) => fitsHours(hours, reading.hour));
  const [chosen] = fitting;
  if (fitting.length === 1 && chosen !== undefined) return formatHHMM(chosen);
  guesses.push('a meal time without am/pm could be morning or evening');
  return formatHHMM(likelyReading(time));
}

export function extractMealSchedule(text: Analyzed): Extraction {
  const spans = clauses(text);
  const meals = findPhrases(text, MEALS).filter((match) => {
    const clause = spanOf(spans, match.start);
    if (clause === undefined || negatedBefore(text, clause, match.start, 3)) return false;
    const before = [1, 2, 3]
      .map((back) => match.start - back)
      .filter((index) => index >= clause.start)
      .map((index) => wordAt(text.tokens, index) ?? '');
    return !before.some((word) => SKIP_WORDS.has(word));
  });
  const times = findTimes(text);
  if (meals.length === 0 && times.length === 0) return nothing(['meals']);

  const mentions: Array<Mention<MealWord, TimeMention>> = [
    ...meals.map((match) => ({ kind: 'name' as const, index: match.start, value: match.value })),
    ...times.map((time) => ({ kind: 'time' as const, index: time.start, value: time })),
  ];
  const paired = pairMentions(text, mentions, { shareTimes: false });
  const missing: string[] = [];
  if (paired.unpairedNames.length > 0) missing.push('scheduled_time');
  if (paired.unpairedTimes.length > 0) missing.push('meal_name');
  if (missing.length > 0) return nothing(missing);

  const guesses: string[] = [];
  const scheduled = paired.pairs.map(({ name, time }) => ({
    meal_name: name.name,
    scheduled_time: resolve(time, name.hours, guesses),
  }));
  if (paired.sharedTime) guesses.push('one time was given for several meals');
  if (hasPhrase(text, HEDGES)) guesses.push('the answer sounds unsure');
  return settled({ meals: scheduled }, guesses);
}

/** The words this state reads (extract.ts counts any other non-filler word as unplaced). */
export const MEAL_VOCABULARY = vocabulary(MEALS, SKIP_WORDS, TIME_WORDS);
