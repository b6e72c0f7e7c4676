/**
 * State 5: daily_calorie_target and the protein/carbs/fats split. "30/40/30" is protein, carbs,
 * fats in that order unless labelled ("40/30/30 c/p/f", "30p/40c/30f"); single figures need a
 * label next to them ("40% carbs", "protein: 30%").
 */
import { settled, nothing, type Extraction } from '../extraction.js';
import { HEDGES, hasPhrase } from '../../../../../language/cues.js';
import { findNumbers, readNumberAt, type NumberSpan } from '../../../../../language/numbers.js';
import { findPhrases, matchAt, phraseSet, phraseTable, vocabulary, type Analyzed, type Token } from '../../../../../language/text.js';

type Macro = 'protein' | 'carbs' | 'fats';
const FIELD: Readonly<Record<Macro, string>> = {
  protein: 'protein_percentage',
  carbs: 'carbs_percentage',
  fats: 'fats_percentage',
};
const DEFAULT_ORDER: readonly Macro[] = ['protein', 'carbs', 'fats'];

const LABELS = phraseTable<Macro>([
  ['protein', 'protein'],
  ['proteins', 'protein'],
  ['prot', 'protein'],
  ['prote', 'protein'],
  ['protes', 'protein'],
  ['carbs', 'carbs'],
  ['carb', 'carbs'],
  ['carbohydrates', 'carbs'],
  ['carbohydrate', 'carbs'],
  ['carbos', 'carbs'],
  ['fat', 'fats'],
  ['fats', 'fats'],
  ['lipids', 'fats'],
]);

/** Single letters only count inside a triple: "p/c/f", "30p/40c/30f". */
const LETTERS = phraseTable<Macro>([
  ['p', 'protein'],
  ['c', 'carbs'],
  ['f', 'fats'],
  ...LABELS.map((entry) => [entry.words.join(' '), entry.value] as const),
]);

const CALORIE_UNITS = phraseSet([
  'kcal',
  'kcals',
  'calories',
  'calorie',
  'cal',
  'cals',
  'k cal',
  'k cals',
  'kilocalories',
  'kilocalorie',
  'kcal/day',
]);

const PERCENT = phraseSet(['%', 'percent', 'per cent', 'pct']);
const GRAMS = phraseSet(['g', 'grams', 'gram', 'gr', 'gms']);
const TRIPLE_SEPARATORS: ReadonlySet<string> = new Set(['/', '-', ':', '|']);

/** Words allowed between a figure and its label: "30% of my calories from protein". */
const LINK_WORDS: ReadonlySet<string> = new Set([
  'of',
  'my',
  'calories',
  'from',
  'in',
  'the',
  'as',
  'for',
  'is',
  'at',
  'be',
  ':',
  '=',
  'total',
]);
const BEFORE_LINK_WORDS: ReadonlySet<string> = new Set([
  ':',
  '=',
  'at',
  'is',
  'of',
  'around',
  'about',
  'roughly',
  '~',
  'should',
  'be',
  'to',
  '-',
]);
const LINK_LIMIT = 4;

/** Figures this large without "%" are grams ("protein 150"), which this state does not take. */
const LARGEST_UNMARKED_PERCENT = 100;
/** A bare figure this large is the calorie target: "2000, 30/40/30". */
const SMALLEST_BARE_CALORIES = 500;

interface Reading {
  readonly macros: Partial<Record<Macro, number>>;
  readonly conflicts: string[];
  readonly used: Set<number>;
}

function setMacro(reading: Reading, macro: Macro, value: number): void {
  const previous = reading.macros[macro];
  if (previous === undefined) reading.macros[macro] = value;
  else if (previous !== value) reading.conflicts.push(`${macro} was given twice`);
}

function markUsed(reading: Reading, number: NumberSpan): void {
  for (let k = number.start; k < number.end; k++) reading.used.add(k);
}

/** Label letters right after each figure: "30p/40c/30f". */
function glued(tokens: readonly Token[], numbers: readonly NumberSpan[]): Macro[] | undefined {
  const labels = numbers.map((number) => matchAt(tokens, number.end, LETTERS)?.value);
  const defined = labels.filter((label): label is Macro => label !== undefined);
  return defined.length === 3 && new Set(defined).size === 3 ? defined : undefined;
}

/** A label triple like "p/c/f" or "(carbs/protein/fat)" at `i`. */
function labelTripleAt(tokens: readonly Token[], i: number): { order: Macro[]; end: number } | undefined {
  const order: Macro[] = [];
  let k = i;
  while (order.length < 3) {
    const hit = matchAt(tokens, k, LETTERS);
    if (hit === undefined) return undefined;
    order.push(hit.value);
    k = hit.end;
    if (order.length < 3) {
      if (!TRIPLE_SEPARATORS.has(tokens[k]?.text ?? '')) return undefined;
      k++;
    }
  }
  return new Set(order).size === 3 ? { order, end: k } : undefined;
}

const TRIPLE_LINKS: ReadonlySet<string> = new Set([':', '=', 'of', 'is', '(', ')']);

/** A label triple right after the figures, or right before them; its tokens are used up. */
function tripleLabels(tokens: readonly Token[], start: number, end: number, used: Set<number>): Macro[] | undefined {
  let after = end;
  while (tokens[after]?.text === '(' || tokens[after]?.text === '%') after++;
  const claim = (from: number, to: number, order: Macro[]): Macro[] => {
    for (let k = from; k < to; k++) used.add(k);
    return order;
  };
  const following = labelTripleAt(tokens, after);
  if (following !== undefined) return claim(after, following.end, following.order);
  for (let back = 3; back <= 9; back++) {
    const preceding = labelTripleAt(tokens, start - back);
    if (preceding === undefined) continue;
    let k = preceding.end;
    while (TRIPLE_LINKS.has(tokens[k]?.text ?? '')) k++;
    if (k === start) return claim(start - back, preceding.end, preceding.order);
  }
  return undefined;
}

/** A label letter typed against its figure, before it: "p30 c50 f20". */
function readLettersBefore(text: Analyzed, reading: Reading): void {
  const { tokens } = text;
  const found: Array<[Macro, NumberSpan]> = [];
  for (const number of findNumbers(tokens)) {
    const letter = tokens[number.start - 1];
    const macro =
      letter?.kind === 'word' && letter.end === tokens[number.start]?.start ? matchAt(tokens, number.start - 1, LETTERS) : undefined;
    if (macro !== undefined && macro.end === number.start && letter?.text.length === 1) found.push([macro.value, number]);
  }
  if (found.length !== 3 || new Set(found.map(([macro]) => macro)).size !== 3) return;
  for (const [macro, number] of found) {
    setMacro(reading, macro, number.value);
    markUsed(reading, number);
    reading.used.add(number.start - 1);
  }
}

const REMAINDER = phraseSet(['the rest', 'rest', 'remainder', 'the remainder', 'whatever is left', "what's left", 'whats left']);

/**
 * "35% protein, 35% carbs, the rest fat": the one macro left is said to take what remains, so it
 * is 100 minus the other two (never assumed when the user does not say so).
 */
function readRemainder(text: Analyzed, reading: Reading): void {
  const left = DEFAULT_ORDER.filter((macro) => reading.macros[macro] === undefined);
  const [missing] = left;
  if (left.length !== 1 || missing === undefined) return;
  const { tokens } = text;
  for (const cue of findPhrases(text, REMAINDER)) {
    const near = [cue.end, cue.end + 1, cue.end + 2, cue.start - 1, cue.start - 2];
    const at = near.find((k) => matchAt(tokens, k, LABELS)?.value === missing);
    const label = at === undefined ? undefined : matchAt(tokens, at, LABELS);
    if (at === undefined || label === undefined) continue;
    const given = DEFAULT_ORDER.reduce((sum, macro) => sum + (reading.macros[macro] ?? 0), 0);
    if (given < 100) setMacro(reading, missing, 100 - given);
    for (let k = at; k < label.end; k++) reading.used.add(k);
    return;
  }
}

/** "30/40/30", "30-40-30", "30% / 40% / 30%". */
function readTriple(text: Analyzed, reading: Reading): void {
  const { tokens } = text;
  const numbers = findNumbers(tokens);
  for (let n = 0; n + 2 < numbers.length; n++) {
    const triple = [numbers[n], numbers[n + 1], numbers[n + 2]] as const;
    const [first, second, third] = triple;
    if (first === undefined || second === undefined || third === undefined) continue;
    if (!separated(tokens, first, second) || !separated(tokens, second, third)) continue;
    const spans = [first, second, third];
    const order = glued(tokens, spans) ?? tripleLabels(tokens, first.start, third.end, reading.used) ?? DEFAULT_ORDER;
    spans.forEach((number, index) => {
      const macro = order[index];
      if (macro !== undefined) setMacro(reading, macro, number.value);
      markUsed(reading, number);
    });
    return;
  }
}

/**
 * Figures joined by a separator, allowing a "%" or label letter glued to the first. Plain
 * spaces ("30 40 30") only join figures that could all be percentages.
 */
function separated(tokens: readonly Token[], left: NumberSpan, right: NumberSpan): boolean {
  if (left.end === right.start) {
    return left.value <= LARGEST_UNMARKED_PERCENT && right.value <= LARGEST_UNMARKED_PERCENT;
  }
  let k = left.end;
  if (matchAt(tokens, k, PERCENT) !== undefined) k = matchAt(tokens, k, PERCENT)?.end ?? k;
  else if (matchAt(tokens, k, LETTERS) !== undefined) k = matchAt(tokens, k, LETTERS)?.end ?? k;
  return TRIPLE_SEPARATORS.has(tokens[k]?.text ?? '') && k + 1 === right.start;
}

/** A label after the figure, across link words: "30% of my calories from protein". */
function labelAfter(tokens: readonly Token[], number: NumberSpan, used: ReadonlySet<number>): number | undefined {
  let k = matchAt(tokens, number.end, PERCENT)?.end ?? number.end;
  const limit = k + LINK_LIMIT;
  while (k < limit && LINK_WORDS.has(tokens[k]?.text ?? '')) k++;
  return matchAt(tokens, k, LABELS) !== undefined && !used.has(k) ? k : undefined;
}

/** A label before the figure: "protein: 30%", "carbs at about 40". */
function labelBefore(tokens: readonly Token[], number: NumberSpan, used: ReadonlySet<number>): number | undefined {
  let k = number.start - 1;
  const floor = number.start - LINK_LIMIT;
  while (k > floor && BEFORE_LINK_WORDS.has(tokens[k]?.text ?? '')) k--;
  for (let start = k; start >= Math.max(0, k - 2); start--) {
    const hit = matchAt(tokens, start, LABELS);
    if (hit !== undefined && hit.end === k + 1) return used.has(start) ? undefined : start;
  }
  return undefined;
}

/**
 * Single labelled figures. Whichever comes first in the message, a label or a figure, sets the
 * style, so "protein 30 carbs 40" never pairs 30 with carbs.
 */
function readLabelled(text: Analyzed, reading: Reading): void {
  const { tokens } = text;
  const candidates = findNumbers(tokens).filter(
    (number) =>
      !reading.used.has(number.start) &&
      matchAt(tokens, number.end, GRAMS) === undefined &&
      (matchAt(tokens, number.end, PERCENT) !== undefined || number.value <= LARGEST_UNMARKED_PERCENT),
  );
  const firstLabel = findPhrases(text, LABELS).find((label) => !reading.used.has(label.start));
  const firstNumber = candidates[0];
  if (firstLabel === undefined || firstNumber === undefined) return;
  const labelFirst = firstLabel.start < firstNumber.start;
  for (const number of candidates) {
    const after = labelAfter(tokens, number, reading.used);
    const before = labelBefore(tokens, number, reading.used);
    const at = labelFirst ? (before ?? after) : (after ?? before);
    const label = at === undefined ? undefined : matchAt(tokens, at, LABELS);
    if (at === undefined || label === undefined) continue;
    for (let k = at; k < label.end; k++) reading.used.add(k);
    setMacro(reading, label.value, number.value);
    markUsed(reading, number);
  }
}

const CALORIE_LINKS: ReadonlySet<string> = new Set([
  ':',
  '=',
  'of',
  'is',
  'at',
  'target',
  'goal',
  'around',
  'about',
  'roughly',
  '~',
  'daily',
  'per',
  'day',
  'a',
  'be',
  'should',
  'to',
]);

/** "calories: 2000", "calorie target of about 2000". */
function calorieLabelBefore(tokens: readonly Token[], number: NumberSpan): boolean {
  let k = number.start - 1;
  while (k >= 0 && number.start - k <= LINK_LIMIT && CALORIE_LINKS.has(tokens[k]?.text ?? '')) k--;
  for (let start = k; start >= Math.max(0, k - 1); start--) {
    if (matchAt(tokens, start, CALORIE_UNITS)?.end === k + 1) return true;
  }
  return false;
}

interface Calories {
  readonly values: number[];
  readonly range: boolean;
}

function readCalories(text: Analyzed, reading: Reading): Calories {
  const { tokens } = text;
  const values: number[] = [];
  let range = false;
  const numbers = findNumbers(tokens).filter((number) => !reading.used.has(number.start));
  for (const number of numbers) {
    const unit = matchAt(tokens, number.end, CALORIE_UNITS);
    const labelledBefore = calorieLabelBefore(tokens, number);
    const unmarked =
      matchAt(tokens, number.end, PERCENT) === undefined &&
      matchAt(tokens, number.end, GRAMS) === undefined &&
      number.value >= SMALLEST_BARE_CALORIES;
    if (unit === undefined && !labelledBefore && !unmarked) continue;
    values.push(number.value);
    markUsed(reading, number);
  }
  // "1800-2000 kcal", "between 1800 and 2000": a range, not two targets.
  for (const number of numbers) {
    const joiner = tokens[number.end];
    if (joiner === undefined || !['-', 'to', 'and', 'or'].includes(joiner.text)) continue;
    const other = readNumberAt(tokens, number.end + 1);
    if (other !== undefined && values.includes(number.value) && values.includes(other.value)) range = true;
  }
  return { values, range };
}

export function extractMealPlan(text: Analyzed): Extraction {
  const reading: Reading = { macros: {}, conflicts: [], used: new Set() };
  readTriple(text, reading);
  readLettersBefore(text, reading);
  readLabelled(text, reading);
  readRemainder(text, reading);
  const calories = readCalories(text, reading);

  const data: Record<string, unknown> = {};
  const missing: string[] = [];
  const [target] = calories.values;
  if (target === undefined) missing.push('daily_calorie_target');
  else data.daily_calorie_target = target;
  for (const macro of DEFAULT_ORDER) {
    const value = reading.macros[macro];
    if (value === undefined) missing.push(FIELD[macro]);
    else data[FIELD[macro]] = value;
  }
  if (missing.length > 0) return nothing(missing);

  const guesses = [...reading.conflicts];
  if (calories.range) guesses.push('a calorie range was given; took the first figure');
  else if (new Set(calories.values).size > 1) guesses.push('more than one calorie figure was given; took the first');
  if (hasPhrase(text, HEDGES)) guesses.push('the answer sounds unsure');
  return settled(data, guesses);
}

/** The words this state reads (extract.ts counts any other non-filler word as unplaced). */
/** Words that frame a calorie target or a split without being one. */
const FRAMING: ReadonlySet<string> = new Set([
  'target',
  'targets',
  'daily',
  'per',
  'aim',
  'aiming',
  'split',
  'ratio',
  'intake',
  'roughly',
  'around',
  'approximately',
]);

export const MACRO_VOCABULARY = vocabulary(
  LABELS,
  LETTERS,
  REMAINDER,
  CALORIE_UNITS,
  PERCENT,
  GRAMS,
  LINK_WORDS,
  BEFORE_LINK_WORDS,
  FRAMING,
);
