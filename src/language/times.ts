/**
 * Clock times: "7am", "7:30 pm", "19:30", "0730", "19h30", "7.30pm", "noon", "midnight",
 * "half past seven", "seven thirty", a bare "8". A time said without am/pm and readable both
 * ways stays `open`; the caller decides with its own context (a meal's usual hours, "evenings").
 */
import { readNumberAt } from './numbers.js';
import { matchAt, phraseTable, vocabulary, wordAt, type Analyzed, type Token } from './text.js';

interface ClockTime {
  readonly hour: number;
  readonly minute: number;
}

export type TimeKind = 'clock' | 'am' | 'pm' | 'open';

export interface TimeMention {
  readonly start: number;
  readonly end: number;
  /** As said: 1-12 for am/pm/open, any two-digit hour for clock ("25:00" passes through). */
  readonly hour: number;
  readonly minute: number;
  readonly kind: TimeKind;
}

export type Meridiem = 'am' | 'pm';

const MERIDIEM_SUFFIXES = phraseTable<Meridiem>([
  ['am', 'am'],
  ['pm', 'pm'],
  ['in the morning', 'am'],
  ['in the afternoon', 'pm'],
  ['in the evening', 'pm'],
  ['at night', 'pm'],
  ['tonight', 'pm'],
  ['noon', 'pm'],
  ['midnight', 'am'],
]);

const NAMED_TIMES = phraseTable<ClockTime>([
  ['noon', { hour: 12, minute: 0 }],
  ['midday', { hour: 12, minute: 0 }],
  ['mid day', { hour: 12, minute: 0 }],
  ['midnight', { hour: 0, minute: 0 }],
]);

/**
 * "half past seven", "quarter to eight": minutes relative to the hour that follows. A bare "half
 * seven" is British for 7:30 (the hour must follow, so "half an hour" is no time).
 */
const RELATIVE_MINUTES = phraseTable<readonly [minutes: number, hourShift: number]>([
  ['half past', [30, 0]],
  ['half', [30, 0]],
  ['quarter past', [15, 0]],
  ['quarter after', [15, 0]],
  ['a quarter past', [15, 0]],
  ['quarter to', [45, -1]],
  ['a quarter to', [45, -1]],
  ['quarter of', [45, -1]],
]);

/** A number followed by one of these counts something; it is not a time ("3 times a week"). */
const COUNT_WORDS: ReadonlySet<string> = new Set([
  'times',
  'time',
  'x',
  'days',
  'day',
  'meals',
  'meal',
  'snacks',
  'sessions',
  'session',
  'minutes',
  'minute',
  'mins',
  'min',
  'hours',
  'hour',
  'hrs',
  'hr',
  'weeks',
  'week',
  '%',
  'percent',
  'kcal',
  'calories',
  'cal',
  'cals',
  'g',
  'grams',
  'ml',
  'l',
  'liters',
  'litres',
  'kg',
  'kgs',
  'kilos',
  'lbs',
  'pounds',
  'reps',
  'sets',
  'km',
  'miles',
  'per',
  'eggs',
  'cups',
  'glasses',
  'workouts',
  'months',
  'years',
  'year',
  'people',
  'kids',
]);

/** Words before a bare number-word that make it a time: "at seven", "around six". */
const TIME_PREPOSITIONS: ReadonlySet<string> = new Set([
  'at',
  'around',
  'about',
  'by',
  'from',
  'until',
  'till',
  'til',
  'before',
  'after',
  '@',
  '~',
]);

const RANGE_JOINERS: ReadonlySet<string> = new Set(['-', 'to', 'till', 'until', 'til', 'through']);

/** The words clock times are said with (numbers and am/pm are read by the parsers). */
export const TIME_WORDS = vocabulary(MERIDIEM_SUFFIXES, NAMED_TIMES, RELATIVE_MINUTES, TIME_PREPOSITIONS, RANGE_JOINERS);

export function formatHHMM(time: ClockTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** Every 24-hour reading the mention allows: two for an open "7", one otherwise. */
export function readingsOf(mention: TimeMention): ClockTime[] {
  const { hour, minute } = mention;
  switch (mention.kind) {
    case 'clock':
      return [{ hour, minute }];
    case 'am':
      return [{ hour: hour === 12 ? 0 : hour, minute }];
    case 'pm':
      return [{ hour: hour === 12 ? 12 : hour + 12, minute }];
    case 'open':
      return [
        { hour: hour % 12, minute },
        { hour: (hour % 12) + 12, minute },
      ];
  }
}

export function withMeridiem(mention: TimeMention, meridiem: Meridiem): TimeMention {
  return mention.kind === 'open' ? { ...mention, kind: meridiem } : mention;
}

/** How people usually mean an open hour: 7-11 morning, 12 midday, 1-6 afternoon or evening. */
export function likelyReading(mention: TimeMention): ClockTime {
  if (mention.kind !== 'open') return readingsOf(mention)[0] ?? { hour: 0, minute: 0 };
  return (
    readingsOf(withMeridiem(mention, mention.hour >= 7 && mention.hour <= 11 ? 'am' : 'pm'))[0] ?? {
      hour: 0,
      minute: 0,
    }
  );
}

interface Suffix {
  readonly meridiem: Meridiem | undefined;
  readonly end: number;
}

/** Optional "o'clock", then am/pm (or "in the evening"), then "ish"/"sharp". */
function readSuffix(tokens: readonly Token[], j: number): Suffix {
  let k = j;
  if (wordAt(tokens, k) === "o'clock" || wordAt(tokens, k) === 'oclock') k++;
  const hit = matchAt(tokens, k, MERIDIEM_SUFFIXES);
  const meridiem = hit?.value;
  if (hit !== undefined) k = hit.end;
  if (tokens[k]?.text === '-' && wordAt(tokens, k + 1) === 'ish') k += 2;
  else if (wordAt(tokens, k) === 'ish' || wordAt(tokens, k) === 'sharp') k++;
  return { meridiem, end: k };
}

function saidWithOclock(tokens: readonly Token[], j: number): boolean {
  const word = wordAt(tokens, j);
  return word === "o'clock" || word === 'oclock';
}

function isCounted(tokens: readonly Token[], j: number): boolean {
  const next = tokens[j];
  if (next !== undefined && COUNT_WORDS.has(next.text)) return true;
  // "3-4 times a week", "3 or 4 days": the second number carries the count word.
  if (next !== undefined && (RANGE_JOINERS.has(next.text) || next.text === 'or')) {
    const other = readNumberAt(tokens, j + 1);
    const after = other === undefined ? undefined : tokens[other.end];
    return after !== undefined && COUNT_WORDS.has(after.text);
  }
  return false;
}

function build(start: number, hour: number, minute: number, suffix: Suffix, leadingZero: boolean): TimeMention | undefined {
  if (suffix.meridiem !== undefined && hour >= 1 && hour <= 12) {
    return { start, end: suffix.end, hour, minute, kind: suffix.meridiem };
  }
  if (hour >= 1 && hour <= 12 && !leadingZero) {
    return { start, end: suffix.end, hour, minute, kind: 'open' };
  }
  if (hour <= 99 && minute <= 99) return { start, end: suffix.end, hour, minute, kind: 'clock' };
  return undefined;
}

/** "7:30", "19:30", "7.30", "0730", "19h30", "7". */
function fromDigits(tokens: readonly Token[], i: number): TimeMention | undefined {
  const token = tokens[i];
  if (token?.kind !== 'num') return undefined;
  const text = token.text;
  const dotted = /^(\d{1,2})\.(\d{2})$/.exec(text);
  if (dotted !== null) {
    return build(i, Number(dotted[1]), Number(dotted[2]), readSuffix(tokens, i + 1), text.startsWith('0'));
  }
  const military = /^([01]\d|2[0-3])([0-5]\d)$/.exec(text);
  if (military !== null && !isCounted(tokens, i + 1)) {
    const suffix = readSuffix(tokens, i + 1);
    const hrs = wordAt(tokens, suffix.end);
    const end = hrs === 'hrs' || hrs === 'hours' || hrs === 'h' ? suffix.end + 1 : suffix.end;
    return { start: i, end, hour: Number(military[1]), minute: Number(military[2]), kind: 'clock' };
  }
  if (!/^\d{1,2}$/.test(text)) return undefined;
  const hour = Number(text);
  const colon = tokens[i + 1];
  const minutes = tokens[i + 2];
  if (colon?.text === ':' && minutes?.kind === 'num' && /^\d{2}$/.test(minutes.text)) {
    return build(i, hour, Number(minutes.text), readSuffix(tokens, i + 3), text.startsWith('0'));
  }
  if (wordAt(tokens, i + 1) === 'h') {
    const after = tokens[i + 2];
    const hasMinutes = after?.kind === 'num' && /^\d{2}$/.test(after.text);
    const minute = hasMinutes ? Number(after.text) : 0;
    return { start: i, end: hasMinutes ? i + 3 : i + 2, hour, minute, kind: 'clock' };
  }
  if (isCounted(tokens, i + 1) || hour > 23) return undefined;
  return build(i, hour, 0, readSuffix(tokens, i + 1), text.startsWith('0') || hour === 0);
}

/** "seven", "seven thirty", "seven oh five", each needing a sign that it is a time. */
function fromWords(tokens: readonly Token[], i: number): TimeMention | undefined {
  const number = readNumberAt(tokens, i);
  if (number === undefined || !number.fromWords) return undefined;
  const hour = number.value;
  if (!Number.isInteger(hour) || hour < 1 || hour > 12) return undefined;
  let next = number.end;
  let minute = 0;
  let hasMinutes = false;
  if ((wordAt(tokens, next) === 'oh' || wordAt(tokens, next) === 'o') && tokens[next + 1]) {
    const digit = readNumberAt(tokens, next + 1);
    if (digit !== undefined && digit.fromWords && digit.value >= 1 && digit.value <= 9) {
      [minute, next, hasMinutes] = [digit.value, digit.end, true];
    }
  } else {
    const minutes = readNumberAt(tokens, next);
    if (minutes !== undefined && minutes.fromWords && Number.isInteger(minutes.value) && minutes.value >= 10 && minutes.value <= 59) {
      [minute, next, hasMinutes] = [minutes.value, minutes.end, true];
    }
  }
  if (isCounted(tokens, next)) return undefined;
  const suffix = readSuffix(tokens, next);
  const before = tokens[i - 1];
  const signalled =
    hasMinutes ||
    suffix.meridiem !== undefined ||
    saidWithOclock(tokens, next) ||
    (before !== undefined && TIME_PREPOSITIONS.has(before.text));
  return signalled ? build(i, hour, minute, suffix, false) : undefined;
}

function fromRelative(tokens: readonly Token[], i: number): TimeMention | undefined {
  const relative = matchAt(tokens, i, RELATIVE_MINUTES);
  if (relative === undefined) return undefined;
  const hourNumber = readNumberAt(tokens, relative.end);
  if (hourNumber === undefined || !Number.isInteger(hourNumber.value)) return undefined;
  const [minute, shift] = relative.value;
  const said = hourNumber.value + shift;
  const hour = said === 0 ? 12 : said;
  if (hour < 1 || hour > 12) return undefined;
  return build(i, hour, minute, readSuffix(tokens, hourNumber.end), false);
}

function timeAt(tokens: readonly Token[], i: number): TimeMention | undefined {
  const named = matchAt(tokens, i, NAMED_TIMES);
  if (named !== undefined) {
    return { start: i, end: named.end, hour: named.value.hour, minute: named.value.minute, kind: 'clock' };
  }
  return fromRelative(tokens, i) ?? fromDigits(tokens, i) ?? fromWords(tokens, i);
}

/** "6-7pm" is 6pm; "11-1pm" is 11am: the start takes the end's half of the day when it can. */
function rangeStart(first: TimeMention, second: TimeMention): TimeMention {
  if (first.kind !== 'open' || (second.kind !== 'am' && second.kind !== 'pm')) return first;
  const same = first.hour % 12 <= second.hour % 12;
  const opposite: Meridiem = second.kind === 'am' ? 'pm' : 'am';
  return withMeridiem(first, same ? second.kind : opposite);
}

/**
 * Every time in [from, to). A range ("6-7pm", "between 12 and 1") is one mention at its start,
 * since a schedule stores when something begins.
 */
export function findTimes(text: Analyzed, from = 0, to = text.tokens.length): TimeMention[] {
  const { tokens } = text;
  const found: TimeMention[] = [];
  let i = from;
  while (i < to) {
    const time = timeAt(tokens, i);
    if (time === undefined || time.end > to) {
      i++;
      continue;
    }
    let mention = time;
    const joiner = tokens[time.end];
    const between = wordAt(tokens, i - 1) === 'between' && joiner?.text === 'and';
    if (joiner !== undefined && (RANGE_JOINERS.has(joiner.text) || between)) {
      const second = timeAt(tokens, time.end + 1);
      if (second !== undefined && second.end <= to) {
        mention = { ...rangeStart(time, second), end: second.end };
      }
    }
    found.push(mention);
    i = mention.end;
  }
  return found;
}

/**
 * "08:00:00" -> "08:00": seconds never matter for a schedule, and the tokenizer reads H:MM. Only
 * a real clock time (00-23 hours, 00-59 minutes and seconds) is shortened, so a figure such as a
 * macro split "30:40:30" is left as it is.
 */
export function dropSeconds(text: string): string {
  return text.replace(/(?<![\d:])((?:[01]?\d|2[0-3]):[0-5]\d):[0-5]\d(?![\d:])/g, '$1');
}
