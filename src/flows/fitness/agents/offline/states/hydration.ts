/**
 * State 8: daily_water_target_ml and reminder_frequency_minutes. Units convert exactly (3 liters
 * is 3000 ml, "every hour and a half" is 90). Sizes that are not fixed ("8 glasses") and counts
 * per day ("twice a day", which needs a waking day we were not told) are not turned into numbers.
 */
import { settled, nothing, type Extraction } from '../extraction.js';
import { HEDGES, hasPhrase } from '../../../../../language/cues.js';
import { optsOut } from '../../../../../language/negation.js';
import { halfSuffix, readNumberAt } from '../../../../../language/numbers.js';
import { matchAt, phraseTable, wordAt, vocabulary, type Analyzed, type PhraseEntry, type Token } from '../../../../../language/text.js';

const VOLUME_UNITS = phraseTable<number>([
  ['ml', 1],
  ['mls', 1],
  ['milliliter', 1],
  ['milliliters', 1],
  ['millilitre', 1],
  ['millilitres', 1],
  ['cl', 10],
  ['dl', 100],
  ['l', 1000],
  ['lt', 1000],
  ['ltr', 1000],
  ['ltrs', 1000],
  ['liter', 1000],
  ['liters', 1000],
  ['litre', 1000],
  ['litres', 1000],
  ['fl oz', 29.5735295625],
  ['oz', 29.5735295625],
  ['ounce', 29.5735295625],
  ['ounces', 29.5735295625],
  ['fluid ounces', 29.5735295625],
  ['gallon', 3785.411784],
  ['gallons', 3785.411784],
  ['gal', 3785.411784],
]);

const TIME_UNITS = phraseTable<number>([
  ['minutes', 1],
  ['minute', 1],
  ['mins', 1],
  ['min', 1],
  ['m', 1],
  ['hours', 60],
  ['hour', 60],
  ['hrs', 60],
  ['hr', 60],
  ['h', 60],
]);

/** Frequencies that are a whole word: "hourly", "every other hour". */
const WORD_FREQUENCIES = phraseTable<number>([
  ['hourly', 60],
  ['half hourly', 30],
  ['every other hour', 120],
  ['every second hour', 120],
  ['once an hour', 60],
  ['once every hour', 60],
  ['twice an hour', 30],
  ['twice every hour', 30],
  ['every hour on the hour', 60],
]);

const EVERY: ReadonlySet<string> = new Set(['every', 'each', 'per']);
const ARTICLES: ReadonlySet<string> = new Set(['a', 'an']);
const COUPLE = ['couple', 'of'] as const;
const RANGE_JOINERS: ReadonlySet<string> = new Set(['-', 'to', 'or']);
const DAILY: ReadonlySet<string> = new Set(['day', 'daily', 'everyday']);

/** Containers whose size we were not told: "8 glasses" is not a volume. */
const COUNTED_NOT_MEASURED: ReadonlySet<string> = new Set([
  'glasses',
  'glass',
  'cups',
  'cup',
  'bottles',
  'bottle',
  'mugs',
  'mug',
  'times',
  'x',
  'pints',
  'pint',
]);

/** A unitless water figure reads as liters when small and milliliters when large. */
const LARGEST_BARE_LITERS = 20;
const SMALLEST_BARE_MILLILITERS = 100;
/** A unitless "every 2" reads as hours up to this, minutes above. */
const LARGEST_BARE_HOURS = 12;

interface Quantity {
  readonly value: number;
  readonly end: number;
  /** "a couple of hours" is two, loosely. */
  readonly loose: boolean;
}

/** A number, "a"/"an" standing for one, or "a couple of". */
function quantityAt(tokens: readonly Token[], i: number): Quantity | undefined {
  const number = readNumberAt(tokens, i);
  if (number !== undefined) {
    // "half a liter", "half an hour"
    const halfOfOne = number.value === 0.5 && ARTICLES.has(wordAt(tokens, number.end) ?? '');
    const end = halfOfOne ? number.end + 1 : number.end;
    return { value: number.value, end, loose: false };
  }
  const first = wordAt(tokens, i);
  const coupleAt = first !== undefined && ARTICLES.has(first) ? i + 1 : i;
  if (wordAt(tokens, coupleAt) === COUPLE[0] && wordAt(tokens, coupleAt + 1) === COUPLE[1]) {
    return { value: 2, end: coupleAt + 2, loose: true };
  }
  if (first !== undefined && ARTICLES.has(first)) return { value: 1, end: i + 1, loose: false };
  return undefined;
}

interface Amount {
  readonly start: number;
  readonly end: number;
  readonly value: number;
  readonly loose: boolean;
}

/** Quantity + unit, then an optional "and a half": "a liter and a half". */
function amountAt(tokens: readonly Token[], i: number, units: readonly PhraseEntry<number>[]): Amount | undefined {
  const quantity = quantityAt(tokens, i);
  if (quantity === undefined) return undefined;
  const unit = matchAt(tokens, quantity.end, units);
  if (unit === undefined) return undefined;
  const half = halfSuffix(tokens, unit.end);
  const amount = half >= 0 ? quantity.value + 0.5 : quantity.value;
  return { start: i, end: half >= 0 ? half : unit.end, value: amount * unit.value, loose: quantity.loose };
}

interface WaterReading {
  readonly value: number;
  readonly guess?: string;
}

function readWater(text: Analyzed, taken: Set<number>): WaterReading | undefined {
  const { tokens } = text;
  const amounts: Array<Amount & { daily: boolean; range: boolean }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const amount = amountAt(tokens, i, VOLUME_UNITS);
    if (amount === undefined) {
      // "2-3 liters": the first figure borrows the unit of the second.
      const first = readNumberAt(tokens, i);
      const joiner = first === undefined ? undefined : tokens[first.end];
      const second = first === undefined ? undefined : amountAt(tokens, first.end + 1, VOLUME_UNITS);
      const joins =
        joiner !== undefined && (RANGE_JOINERS.has(joiner.text) || (joiner.text === 'and' && wordAt(tokens, i - 1) === 'between'));
      if (first !== undefined && joins && second !== undefined) {
        const unit = second.value / (readNumberAt(tokens, first.end + 1)?.value ?? 1);
        amounts.push({ start: i, end: second.end, value: first.value * unit, loose: false, daily: true, range: true });
        markTaken(taken, i, second.end);
        i = second.end - 1;
      }
      continue;
    }
    const next = [wordAt(tokens, amount.end), wordAt(tokens, amount.end + 1), wordAt(tokens, amount.end + 2)];
    const daily = next.some((word) => DAILY.has(word ?? ''));
    amounts.push({ ...amount, daily, range: false });
    markTaken(taken, amount.start, amount.end);
    i = amount.end - 1;
  }
  const chosen = amounts.find((amount) => amount.daily) ?? amounts[0];
  if (chosen !== undefined) {
    const guess = chosen.range
      ? 'a range was given; took the first figure'
      : amounts.length > 1 && !chosen.daily
        ? 'more than one amount of water was given; took the first'
        : undefined;
    return { value: Math.round(chosen.value), ...(guess === undefined ? {} : { guess }) };
  }
  return undefined;
}

function markTaken(taken: Set<number>, start: number, end: number): void {
  for (let k = start; k < end; k++) taken.add(k);
}

interface ReminderReading {
  readonly value: number;
  readonly guess?: string;
  readonly start: number;
  readonly end: number;
}

/** "every 90 min", "every hour", "every half hour", "an hour and 30 minutes", "hourly". */
function reminderAt(tokens: readonly Token[], i: number): ReminderReading | undefined {
  const word = matchAt(tokens, i, WORD_FREQUENCIES);
  if (word !== undefined) return { value: word.value, start: i, end: word.end };
  const every = EVERY.has(wordAt(tokens, i) ?? '');
  const from = every ? i + 1 : i;
  const bareUnit = every ? matchAt(tokens, from, TIME_UNITS) : undefined;
  if (bareUnit !== undefined) {
    const half = halfSuffix(tokens, bareUnit.end);
    if (half >= 0) return { value: bareUnit.value * 1.5, start: i, end: half };
    return withMinutes(tokens, { value: bareUnit.value, start: i, end: bareUnit.end });
  }
  const amount = amountAt(tokens, from, TIME_UNITS);
  if (amount === undefined) {
    const bare = every ? readNumberAt(tokens, from) : undefined;
    if (bare === undefined || !Number.isFinite(bare.value)) return undefined;
    const hours = bare.value <= LARGEST_BARE_HOURS;
    return {
      value: hours ? bare.value * 60 : bare.value,
      start: i,
      end: bare.end,
      guess: `"every ${bare.value}" has no unit; read it as ${hours ? 'hours' : 'minutes'}`,
    };
  }
  return withMinutes(tokens, {
    value: amount.value,
    start: i,
    end: amount.end,
    ...(amount.loose ? { guess: '"a couple" was read as two' } : {}),
  });
}

/** "an hour and 30 minutes", "1 hour 30 min": whole hours followed by a few minutes. */
function withMinutes(tokens: readonly Token[], reading: ReminderReading): ReminderReading {
  if (reading.value < 60) return reading;
  const joined = wordAt(tokens, reading.end) === 'and' ? reading.end + 1 : reading.end;
  const more = amountAt(tokens, joined, TIME_UNITS);
  if (more === undefined || more.value >= 60) return reading;
  return { ...reading, value: reading.value + more.value, end: more.end };
}

function readReminder(text: Analyzed, taken: ReadonlySet<number>): ReminderReading | undefined {
  const { tokens } = text;
  const found: ReminderReading[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (taken.has(i)) continue;
    const reminder = reminderAt(tokens, i);
    if (reminder === undefined) continue;
    found.push(reminder);
    i = reminder.end - 1;
  }
  const [first] = found;
  if (first === undefined) return undefined;
  const values = new Set(found.map((reminder) => reminder.value));
  return values.size > 1 ? { ...first, guess: 'more than one reminder interval was given; took the first' } : first;
}

/** "3, every hour": a lone unitless figure is the water target, read by its size. */
function readBareWater(text: Analyzed, taken: ReadonlySet<number>, reminder: ReminderReading | undefined): WaterReading | undefined {
  const { tokens } = text;
  for (let i = 0; i < tokens.length; i++) {
    if (taken.has(i) || (reminder !== undefined && i >= reminder.start && i < reminder.end)) continue;
    const number = readNumberAt(tokens, i);
    if (number === undefined) continue;
    if (COUNTED_NOT_MEASURED.has(wordAt(tokens, number.end) ?? '')) {
      i = number.end - 1;
      continue;
    }
    if (number.value > 0 && number.value <= LARGEST_BARE_LITERS) {
      return { value: Math.round(number.value * 1000), guess: `"${number.value}" has no unit; read it as liters` };
    }
    if (number.value >= SMALLEST_BARE_MILLILITERS) {
      return { value: Math.round(number.value), guess: `"${number.value}" has no unit; read it as milliliters` };
    }
    i = number.end - 1;
  }
  return undefined;
}

export function extractHydrationSchedule(text: Analyzed): Extraction {
  const taken = new Set<number>();
  const measured = readWater(text, taken);
  const reminder = readReminder(text, taken);
  const water = measured ?? readBareWater(text, taken, reminder);

  const declined = optsOut(text.norm);
  const missing: string[] = [];
  if (water === undefined) missing.push('daily_water_target_ml');
  if (reminder === undefined && !declined) missing.push('reminder_frequency_minutes');
  if (water === undefined) return nothing(missing);
  if (declined) {
    // A frequency next to a refusal ("no reminders, maybe every 3 hours") is a contradiction to confirm.
    const guesses = [water.guess, reminder === undefined ? undefined : 'reminders were both declined and given a frequency'];
    return settled(
      { daily_water_target_ml: water.value, reminders_enabled: false },
      guesses.filter((g): g is string => g !== undefined),
    );
  }
  if (reminder === undefined) return nothing(missing);

  const guesses = [water.guess, reminder.guess].filter((guess): guess is string => guess !== undefined);
  if (hasPhrase(text, HEDGES)) guesses.push('the answer sounds unsure');
  return settled({ daily_water_target_ml: water.value, reminder_frequency_minutes: Math.round(reminder.value) }, guesses);
}

/** The words this state reads (extract.ts counts any other non-filler word as unplaced). */
export const HYDRATION_VOCABULARY = vocabulary(VOLUME_UNITS, TIME_UNITS, WORD_FREQUENCIES, EVERY, DAILY, COUNTED_NOT_MEASURED);
