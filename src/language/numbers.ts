/**
 * Numbers written as digits ("2,000", "2.5", "2k") or words ("two thousand five hundred",
 * "forty-five", "two and a half", "two point five").
 */
import { isJoiner, wordAt, type Token } from './text.js';

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};

const TEENS: Readonly<Record<string, number>> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

export interface NumberSpan {
  readonly start: number;
  /** Index after the last token of the number. */
  readonly end: number;
  readonly value: number;
  readonly fromWords: boolean;
}

type Reading = readonly [value: number, next: number];

function lookup(table: Readonly<Record<string, number>>, word: string | undefined): number | undefined {
  return word === undefined ? undefined : table[word];
}

function skipJoiners(tokens: readonly Token[], j: number): number {
  let k = j;
  while (isJoiner(tokens[k])) k++;
  return k;
}

function belowHundred(tokens: readonly Token[], j: number): Reading | undefined {
  const word = wordAt(tokens, j);
  const tens = lookup(TENS, word);
  if (tens !== undefined) {
    const k = skipJoiners(tokens, j + 1);
    const unit = lookup(UNITS, wordAt(tokens, k));
    return unit !== undefined && unit > 0 ? [tens + unit, k + 1] : [tens, j + 1];
  }
  const teen = lookup(TEENS, word);
  if (teen !== undefined) return [teen, j + 1];
  const unit = lookup(UNITS, word);
  return unit === undefined ? undefined : [unit, j + 1];
}

/** "and" may join the tail of a compound: "two thousand and five", "a hundred and twenty". */
function tail(tokens: readonly Token[], j: number, reader: typeof belowHundred): Reading | undefined {
  const direct = reader(tokens, j);
  if (direct !== undefined) return direct;
  return wordAt(tokens, j) === 'and' ? reader(tokens, j + 1) : undefined;
}

function belowThousand(tokens: readonly Token[], j: number): Reading | undefined {
  let head = belowHundred(tokens, j);
  if (head === undefined && wordAt(tokens, j) === 'a' && wordAt(tokens, j + 1) === 'hundred') {
    head = [1, j + 1];
  }
  if (head === undefined) return undefined;
  if (wordAt(tokens, head[1]) !== 'hundred') return head;
  const hundreds = head[0] * 100;
  const rest = tail(tokens, head[1] + 1, belowHundred);
  return rest === undefined ? [hundreds, head[1] + 1] : [hundreds + rest[0], rest[1]];
}

function wholeFromWords(tokens: readonly Token[], j: number): Reading | undefined {
  let head = belowThousand(tokens, j);
  if (head === undefined && wordAt(tokens, j) === 'a' && wordAt(tokens, j + 1) === 'thousand') {
    head = [1, j + 1];
  }
  if (head === undefined) return undefined;
  if (wordAt(tokens, head[1]) !== 'thousand') return head;
  const thousands = head[0] * 1000;
  const rest = tail(tokens, head[1] + 1, belowThousand);
  return rest === undefined ? [thousands, head[1] + 1] : [thousands + rest[0], rest[1]];
}

/** "two point five": the digits after "point" are read one by one. */
function decimals(tokens: readonly Token[], j: number): Reading | undefined {
  if (wordAt(tokens, j) !== 'point') return undefined;
  let digits = '';
  let k = j + 1;
  for (;;) {
    const digit = lookup(UNITS, wordAt(tokens, k));
    if (digit === undefined) break;
    digits += String(digit);
    k++;
  }
  return digits === '' ? undefined : [Number(`0.${digits}`), k];
}

/** "and a half" after a number adds one half: "two and a half liters", or "and half" as many write it. */
export function halfSuffix(tokens: readonly Token[], j: number): number {
  if (wordAt(tokens, j) !== 'and') return -1;
  if (wordAt(tokens, j + 1) === 'half') return j + 2;
  return wordAt(tokens, j + 1) === 'a' && wordAt(tokens, j + 2) === 'half' ? j + 3 : -1;
}

/** Reads the number starting at token `i`, if one starts there. */
export function readNumberAt(tokens: readonly Token[], i: number): NumberSpan | undefined {
  const token = tokens[i];
  let value: number;
  let end: number;
  let fromWords: boolean;
  if (token?.kind === 'num') {
    value = token.value;
    end = i + 1;
    fromWords = false;
  } else if (wordAt(tokens, i) === 'half') {
    value = 0.5;
    end = i + 1;
    fromWords = true;
  } else {
    const whole = wholeFromWords(tokens, i);
    if (whole === undefined) return undefined;
    [value, end] = whole;
    fromWords = true;
    const fraction = decimals(tokens, end);
    if (fraction !== undefined) [value, end] = [value + fraction[0], fraction[1]];
  }
  const half = halfSuffix(tokens, end);
  if (half >= 0) [value, end] = [value + 0.5, half];
  return { start: i, end, value, fromWords };
}

export function findNumbers(tokens: readonly Token[], from = 0, to = tokens.length): NumberSpan[] {
  const found: NumberSpan[] = [];
  let i = from;
  while (i < to) {
    const number = readNumberAt(tokens, i);
    if (number !== undefined && number.end <= to) {
      found.push(number);
      i = number.end;
    } else {
      i++;
    }
  }
  return found;
}
