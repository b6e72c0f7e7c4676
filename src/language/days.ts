/**
 * Days of the week, 0 = Monday (docs/behaviour/fitness.md): names and abbreviations, plurals ("mondays"),
 * groups ("weekdays", "every day"), ranges ("Mon-Fri", "Monday to Friday", wrapping "Fri-Mon")
 * and exclusions ("every day except Sunday").
 */
import { matchAt, phraseTable, vocabulary, wordAt, type Analyzed, type Token } from './text.js';

const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const WEEKDAYS = [0, 1, 2, 3, 4] as const;
const WEEKEND = [5, 6] as const;

/** Two-letter forms ("we", "th") are left out: they are ordinary words or ordinal endings. */
const DAY_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['monday', 0],
  ['mon', 0],
  ['tuesday', 1],
  ['tue', 1],
  ['tues', 1],
  ['wednesday', 2],
  ['wed', 2],
  ['weds', 2],
  ['wednes', 2],
  ['thursday', 3],
  ['thu', 3],
  ['thur', 3],
  ['thurs', 3],
  ['friday', 4],
  ['fri', 4],
  ['saturday', 5],
  ['sat', 5],
  ['sunday', 6],
  ['sun', 6],
];

const SINGLE_DAYS = phraseTable<number>([
  ...DAY_NAMES,
  ...DAY_NAMES.filter(([name]) => name.endsWith('day')).map(([name, day]) => [`${name}s`, day] as const),
]);

const DAY_GROUPS = phraseTable<readonly number[]>([
  ['weekdays', WEEKDAYS],
  ['weekday', WEEKDAYS],
  ['week days', WEEKDAYS],
  ['workdays', WEEKDAYS],
  ['work days', WEEKDAYS],
  ['working days', WEEKDAYS],
  ['weekends', WEEKEND],
  ['weekend', WEEKEND],
  ['every day', ALL_DAYS],
  ['everyday', ALL_DAYS],
  ['each day', ALL_DAYS],
  ['daily', ALL_DAYS],
  ['all week', ALL_DAYS],
  ['7 days a week', ALL_DAYS],
  ['seven days a week', ALL_DAYS],
  ['every morning', ALL_DAYS],
  ['every evening', ALL_DAYS],
  ['every night', ALL_DAYS],
  ['every afternoon', ALL_DAYS],
  ['each morning', ALL_DAYS],
  ['each evening', ALL_DAYS],
]);

const RANGE_JOINERS: ReadonlySet<string> = new Set(['-', 'to', 'through', 'till', 'until', 'til']);

/** Words that turn the next days into exceptions to the days before them. */
const EXCLUDERS = phraseTable<true>([
  ['except', true],
  ['except for', true],
  ['but not', true],
  ['not on', true],
  ['not', true],
  ['apart from', true],
  ['other than', true],
  ['excluding', true],
  ['besides', true],
  ['minus', true],
  ['no', true],
]);

/** The words days are said with. */
export const DAY_WORDS = vocabulary(SINGLE_DAYS, DAY_GROUPS, EXCLUDERS, RANGE_JOINERS);

export interface DayMention {
  readonly start: number;
  readonly end: number;
  readonly days: readonly number[];
  /** True when the days are taken away ("except Sunday") rather than named. */
  readonly excluded: boolean;
}

/** "Fri-Mon" wraps over the weekend. */
function dayRange(first: number, last: number): number[] {
  const days: number[] = [];
  for (let day = first; ; day = (day + 1) % 7) {
    days.push(day);
    if (day === last || days.length === 7) return days;
  }
}

function singleDayAt(tokens: readonly Token[], i: number): { end: number; day: number } | undefined {
  const hit = matchAt(tokens, i, SINGLE_DAYS);
  return hit === undefined ? undefined : { end: hit.end, day: hit.value };
}

function dayAt(tokens: readonly Token[], i: number): { end: number; days: readonly number[] } | undefined {
  const group = matchAt(tokens, i, DAY_GROUPS);
  if (group !== undefined) return { end: group.end, days: group.value };
  const first = singleDayAt(tokens, i);
  if (first === undefined) return undefined;
  const joiner = tokens[first.end];
  if (joiner !== undefined && RANGE_JOINERS.has(joiner.text)) {
    const last = singleDayAt(tokens, first.end + 1);
    if (last !== undefined) return { end: last.end, days: dayRange(first.day, last.day) };
  }
  return { end: first.end, days: [first.day] };
}

const EXCLUSION_FILLERS: ReadonlySet<string> = new Set(['on', 'for', 'the']);
const LIST_JOINERS: ReadonlySet<string> = new Set([',', 'and', 'or', '&', '/', '+']);

/** An exclusion word counts when it sits right before the day, allowing "on"/"for"/"the". */
function excludedBefore(tokens: readonly Token[], i: number): boolean {
  let j = i;
  while (EXCLUSION_FILLERS.has(wordAt(tokens, j - 1) ?? '')) j--;
  for (let start = Math.max(0, j - 3); start < j; start++) {
    if (matchAt(tokens, start, EXCLUDERS)?.end === j) return true;
  }
  return false;
}

/** "except Saturday and Sunday": the exclusion carries along a plain list of days. */
function continuesList(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const token = tokens[k];
    if (token === undefined || !LIST_JOINERS.has(token.text)) return false;
  }
  return true;
}

export function findDays(text: Analyzed, from = 0, to = text.tokens.length): DayMention[] {
  const { tokens } = text;
  const found: DayMention[] = [];
  let i = from;
  while (i < to) {
    const day = dayAt(tokens, i);
    if (day === undefined || day.end > to) {
      i++;
      continue;
    }
    const previous = found[found.length - 1];
    const excluded = excludedBefore(tokens, i) || (previous !== undefined && previous.excluded && continuesList(tokens, previous.end, i));
    found.push({ start: i, end: day.end, days: day.days, excluded });
    i = day.end;
  }
  return found;
}
