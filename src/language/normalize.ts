/** Text normalisation shared by the language tools: accents folded, case lowered, words split. Pure. */

/** Lower case, accents and other combining marks removed, curly quotes straightened, spaces collapsed. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/gu, "'")
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * The words of a folded text. Inner apostrophes are dropped ("don't" -> "dont", "i'm" -> "im") so
 * word lists need one spelling; digits stay attached to letters ("5k", "10km").
 */
export function words(text: string): string[] {
  return (
    fold(text)
      .replace(/(\p{L})'(\p{L})/gu, '$1$2')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * A rough sound-alike key for Spanish spelling slips: b/v, a silent h, ll/y, z/c before e-i and
 * qu/k/c sound the same to many writers ("bengarme", "umillar", "aser"), so they compare equal.
 */
export function soundKey(word: string): string {
  return word
    .replace(/(?<!c)h/gu, '')
    .replace(/v/gu, 'b')
    .replace(/ll/gu, 'y')
    .replace(/z/gu, 's')
    .replace(/c([ei])/gu, 's$1')
    .replace(/qu([ei])/gu, 'k$1')
    .replace(/c/gu, 'k')
    .replace(/(.)\1+/gu, '$1');
}

/** Characters as the readers compare them: one per character of the text, so positions line up. */
interface Letters {
  /** The text's characters, lower case, NFC; typographic quotes and dashes as ASCII, spaces collapsed. */
  readonly chars: readonly string[];
  /** The same characters with accents and other marks off ("á" -> "a", "ñ" -> "n"). */
  readonly keys: readonly string[];
  /** The same characters in their own case. */
  readonly cased: readonly string[];
}

const TYPOGRAPHIC: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u2018\u2019\u02BC\u00B4`]/u, "'"],
  [/[\u201C\u201D]/u, '"'],
  [/[\u2010-\u2015\u2212]/u, '-'],
  [/\s/u, ' '],
];

function lettersOf(text: string): Letters {
  const chars: string[] = [];
  const keys: string[] = [];
  const cased: string[] = [];
  for (const raw of text.normalize('NFC')) {
    const lower = [...raw.toLowerCase()].length === 1 ? raw.toLowerCase() : raw;
    let char = lower;
    for (const [pattern, to] of TYPOGRAPHIC) if (pattern.test(char)) char = to;
    const own = char === lower ? raw : char;
    if (char === ' ' && (chars.length === 0 || chars[chars.length - 1] === ' ')) continue;
    const key = char.normalize('NFD').replace(/\p{M}/gu, '');
    // A lone combining mark (text not in NFC) has no letter of its own to carry.
    if (key.length === 0) continue;
    chars.push(char);
    keys.push([...key].length === 1 ? key : char);
    cased.push(own);
  }
  return { chars, keys, cased };
}

const isWordChar = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** `written`, in the case of `shape`: "Maní" for "Mani", "maní" for "mani". */
function inCaseOf(shape: string, written: string): string {
  return shape !== shape.toLowerCase() && shape === shape.toUpperCase() ? written.toUpperCase() : written;
}

/** Where `value` (as keys) is said as whole words in `said`, or -1. */
function wholeAt(said: readonly string[], value: readonly string[]): number {
  if (value.length === 0) return -1;
  for (let at = 0; at + value.length <= said.length; at++) {
    if (isWordChar(said[at - 1]) || isWordChar(said[at + value.length])) continue;
    if (value.every((key, k) => said[at + k] === key)) return at;
  }
  return -1;
}

interface Word {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

function wordsIn(letters: Letters): Word[] {
  const found: Word[] = [];
  const pattern = /[\p{L}\p{N}]+/gu;
  const keys = letters.keys.join('');
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(keys)) !== null) found.push({ key: match[0], start: match.index, end: match.index + match[0].length });
  return found;
}

/** Punctuation that ends a clause: a value never reaches over it. */
const CLAUSE_END = /[,;.:!?()]/u;

/**
 * The stretch of the answer a value of several words was cut from when the readers rewrote some
 * of its words ("solo 45 minutes then del trabajo" from "solo 45 minutos después del trabajo"):
 * its first and last words are the user's, every word of it the answer has comes in order
 * between them, and the stretch stays within one clause.
 */
function spanBetween(wanted: Letters, answer: Letters): string | undefined {
  const words = wordsIn(wanted);
  const first = words[0];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined || words.length < 2) return undefined;
  const said = wordsIn(answer);
  const from = said.findIndex((word) => word.key === first.key);
  if (from < 0) return undefined;
  let to = from;
  for (const word of words.slice(1)) {
    const at = said.findIndex((other, k) => k > to && other.key === word.key);
    if (at >= 0) to = at;
    else if (word === last) return undefined;
  }
  const start = said[from]?.start ?? 0;
  const end = said[to]?.end ?? 0;
  const stretch = answer.chars.slice(start, end).join('');
  if (to === from || CLAUSE_END.test(stretch) || to - from + 1 > 2 * words.length + 2) return undefined;
  return stretch;
}

/**
 * A value read from an answer, spelt as the user wrote it. The readers compare words with accents
 * off ("mani" for "maní"), so what they cut out of an answer has lost its accents; this puts
 * back the ones the user typed, and nothing else: case, words and order stay those of `value`.
 * The value is found in the answer as a whole ("plátano frito"), else as the stretch between its
 * first and last words when the readers rewrote words inside it, else word by word where a word
 * has one spelling in the answer. A value the user did
 * not write (a table value, a corrected typo) comes back unchanged.
 */
export function asWritten(value: string, said: string): string {
  const wanted = lettersOf(value);
  const answer = lettersOf(said);
  const at = wholeAt(answer.keys, wanted.keys);
  if (at >= 0) {
    let changed = false;
    const out = wanted.chars.map((char, k) => {
      const own = wanted.cased[k] ?? char;
      const written = answer.chars[at + k] ?? char;
      // Only accents are added: a character the value already spells differently stays.
      if (written === char || char !== wanted.keys[k]) return own;
      changed = true;
      return inCaseOf(own, written);
    });
    return changed ? out.join('') : value;
  }
  const between = spanBetween(wanted, answer);
  if (between !== undefined) return between;
  const spellings = new Map<string, Set<string>>();
  for (const word of answer.chars.join('').match(/[\p{L}\p{M}]+/gu) ?? []) {
    const key = lettersOf(word).keys.join('');
    spellings.set(key, (spellings.get(key) ?? new Set()).add(word));
  }
  return value.normalize('NFC').replace(/[\p{L}\p{M}]+/gu, (word) => {
    const known = spellings.get(lettersOf(word).keys.join(''));
    const [only] = known?.size === 1 ? [...known] : [];
    if (only === undefined || only === word.toLowerCase() || word.toLowerCase() !== lettersOf(word).keys.join('')) return word;
    return inCaseOf(word, only);
  });
}
