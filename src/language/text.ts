/**
 * Normalisation, tokens and phrase tables shared by the offline extractors. Everything works on
 * lower-cased text so tables can be written once; token offsets point into that text so an item
 * can be cut out with its own spelling ("pull-up bar", "omega-3").
 */

export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly start: number; readonly end: number }
  | {
      readonly kind: 'num';
      readonly text: string;
      readonly value: number;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'punct'; readonly text: string; readonly start: number; readonly end: number };

export interface Analyzed {
  /** Lower-cased, typographic punctuation folded to ASCII, whitespace collapsed. */
  readonly norm: string;
  readonly tokens: readonly Token[];
}

const CHARACTER_FOLDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u2018\u2019\u02BC\u00B4`]/g, "'"],
  [/[\u201C\u201D]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/[\u00A0\u2000-\u200B\u202F\u3000]/g, ' '],
  // "7 a.m." must read like "7 am"; the lookbehind keeps "tea.m" style words out.
  [/(?<![\p{L}])([ap])\.m\.?/gu, '$1m'],
  [/\s+/g, ' '],
];

/** Apostrophe-less spellings people type on phones, mapped so tables need one form. */
const WORD_ALIASES: Readonly<Record<string, string>> = {
  dont: "don't",
  doesnt: "doesn't",
  didnt: "didn't",
  cant: "can't",
  cannot: "can't",
  isnt: "isn't",
  arent: "aren't",
  havent: "haven't",
  hasnt: "hasn't",
  wont: "won't",
  im: "i'm",
  ive: "i've",
  id: "i'd",
  thru: 'through',
  pls: 'please',
  // "vit c", "vit. d": the short form of vitamin.
  vit: 'vitamin',
  vits: 'vitamins',
};

const TOKEN_PATTERN = /\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|[\p{L}\p{M}]+(?:'[\p{L}\p{M}]+)*|\S/gu;

export function normalize(message: string): string {
  let text = message.toLowerCase();
  for (const [pattern, replacement] of CHARACTER_FOLDS) text = text.replace(pattern, replacement);
  return text.trim();
}

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}]/u.test(ch);
}

function tokenize(norm: string): Token[] {
  const tokens: Token[] = [];
  const pattern = new RegExp(TOKEN_PATTERN.source, TOKEN_PATTERN.flags);
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(norm)) !== null) {
    const raw = match[0];
    const start = match.index;
    let end = start + raw.length;
    const first = raw[0] ?? '';
    if (/\d/.test(first)) {
      let value = Number(raw.replace(/,/g, ''));
      // "2k" and "2.5k" are thousands; "2km" is not, so the k must stand alone.
      if (norm[end] === 'k' && !isLetter(norm[end + 1])) {
        value *= 1000;
        end += 1;
        pattern.lastIndex = end;
      }
      tokens.push({ kind: 'num', text: norm.slice(start, end), value, start, end });
    } else if (isLetter(first)) {
      tokens.push({ kind: 'word', text: WORD_ALIASES[raw] ?? raw, start, end });
    } else {
      tokens.push({ kind: 'punct', text: raw, start, end });
    }
  }
  return tokens;
}

export function analyze(message: string): Analyzed {
  const norm = normalize(message);
  return { norm, tokens: tokenize(norm) };
}

export function wordAt(tokens: readonly Token[], i: number): string | undefined {
  const token = tokens[i];
  return token?.kind === 'word' ? token.text : undefined;
}

/** Hyphens and underscores join words ("pull-up", "fat_loss") without changing what they say. */
export function isJoiner(token: Token | undefined): boolean {
  return token?.kind === 'punct' && (token.text === '-' || token.text === '_');
}

export function textOf(text: Analyzed, start: number, end: number): string {
  const first = text.tokens[start];
  const last = text.tokens[end - 1];
  if (first === undefined || last === undefined || end <= start) return '';
  return text.norm.slice(first.start, last.end);
}

// ---------------------------------------------------------------------------------------------
// Phrase tables

export interface PhraseEntry<T> {
  readonly words: readonly string[];
  readonly value: T;
}

export interface PhraseMatch<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
  readonly text: string;
}

function phraseWords(phrase: string): string[] {
  return tokenize(normalize(phrase))
    .filter((token) => !isJoiner(token))
    .map((token) => token.text);
}

const isWordSet = (part: readonly PhraseEntry<unknown>[] | ReadonlySet<string>): part is ReadonlySet<string> => part instanceof Set;

/**
 * The words an extractor can account for: those of the phrase tables and word sets it reads.
 * Each state builds its own, so a word another state knows ("weekend" in the meal state,
 * "fitness" in the equipment state) is still a word this state would be ignoring. `standalone`
 * holds the words that mean something alone (single-word phrases, word sets); a word known
 * only inside longer phrases ("strong" of "get strong", "membership" of "gym membership") is
 * accounted for only where such a phrase was read (see readTokens).
 */
export interface Vocabulary extends ReadonlySet<string> {
  readonly standalone: ReadonlySet<string>;
}

const isVocabulary = (part: ReadonlySet<string>): part is Vocabulary => 'standalone' in part;

export function vocabulary(...parts: ReadonlyArray<readonly PhraseEntry<unknown>[] | ReadonlySet<string>>): Vocabulary {
  const words = new Set<string>();
  const standalone = new Set<string>();
  for (const part of parts) {
    if (isWordSet(part)) {
      for (const word of part) words.add(word);
      for (const word of isVocabulary(part) ? part.standalone : part) standalone.add(word);
      continue;
    }
    for (const entry of part) {
      for (const word of entry.words) words.add(word);
      const [only] = entry.words;
      if (entry.words.length === 1 && only !== undefined) standalone.add(only);
    }
  }
  return Object.assign(words, { standalone });
}

/**
 * Which tokens a phrase lookup matched, per token list: what an extractor read, whether it then
 * kept the match or set it aside (negated, in the past). Filled by matchAt as extractors work.
 */
const READ = new WeakMap<readonly Token[], Set<number>>();

function noteRead(tokens: readonly Token[], start: number, end: number): void {
  let read = READ.get(tokens);
  if (read === undefined) {
    read = new Set();
    READ.set(tokens, read);
  }
  for (let k = start; k < end; k++) read.add(k);
}

/** Marks tokens as read by a lookup that does not go through matchAt (a whole-answer check). */
export function markRead(text: Analyzed, start: number, end: number): void {
  noteRead(text.tokens, start, end);
}

/** The indices of the tokens some phrase lookup matched in this text so far. */
export function readTokens(text: Analyzed): ReadonlySet<number> {
  return READ.get(text.tokens) ?? new Set();
}

/** Longest phrases first, so "lower back" wins over "back" at the same position. */
export function phraseTable<T>(rows: ReadonlyArray<readonly [string, T]>): PhraseEntry<T>[] {
  return rows
    .map(([phrase, value]) => ({ words: phraseWords(phrase), value }))
    .filter((entry) => entry.words.length > 0)
    .sort((a, b) => b.words.length - a.words.length);
}

export function phraseSet(phrases: readonly string[]): PhraseEntry<true>[] {
  return phraseTable(phrases.map((phrase) => [phrase, true] as const));
}

/** Returns the index after the phrase when it starts at `i`, else -1. */
function matchWordsAt(tokens: readonly Token[], i: number, words: readonly string[]): number {
  let j = i;
  for (let k = 0; k < words.length; k++) {
    if (k > 0) while (isJoiner(tokens[j])) j++;
    if (tokens[j]?.text !== words[k]) return -1;
    j++;
  }
  return j;
}

export function matchAt<T>(tokens: readonly Token[], i: number, table: readonly PhraseEntry<T>[]): { end: number; value: T } | undefined {
  for (const entry of table) {
    const end = matchWordsAt(tokens, i, entry.words);
    if (end >= 0) {
      noteRead(tokens, i, end);
      return { end, value: entry.value };
    }
  }
  return undefined;
}

/** Leftmost-longest, non-overlapping matches within [from, to). */
export function findPhrases<T>(text: Analyzed, table: readonly PhraseEntry<T>[], from = 0, to = text.tokens.length): PhraseMatch<T>[] {
  const found: PhraseMatch<T>[] = [];
  let i = from;
  while (i < to) {
    const hit = matchAt(text.tokens, i, table);
    if (hit !== undefined && hit.end <= to) {
      found.push({ start: i, end: hit.end, value: hit.value, text: textOf(text, i, hit.end) });
      // Phrases overlapping the match were read too ("full gym membership": "gym membership").
      for (let k = i + 1; k < hit.end; k++) matchAt(text.tokens, k, table);
      i = hit.end;
    } else {
      i++;
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Spans

export interface Span {
  readonly start: number;
  readonly end: number;
}

interface SplitOptions {
  /** Punctuation that ends a span. */
  readonly punct: ReadonlySet<string>;
  /** Words (or phrases) that end a span and belong to neither side. */
  readonly words?: readonly PhraseEntry<true>[];
}

export const SENTENCE_PUNCT: ReadonlySet<string> = new Set(['.', ';', '!', '?']);
const CLAUSE_PUNCT: ReadonlySet<string> = new Set(['.', ';', '!', '?', ',', '(', ')', ':']);

/** Contrast words start a new thought: "I used to be advanced but now I'm a beginner". */
export const CONTRAST_WORDS = phraseSet(['but', 'however', 'although', 'though', 'whereas', 'yet']);

export function splitSpans(text: Analyzed, options: SplitOptions, from = 0, to = text.tokens.length): Span[] {
  const spans: Span[] = [];
  let start = from;
  let i = from;
  const close = (end: number, next: number): void => {
    if (end > start) spans.push({ start, end });
    start = next;
  };
  while (i < to) {
    const token = text.tokens[i];
    // "7.30" is one number token, so any "." here ends a sentence; the ":" of "7:30" does not.
    const inClockTime = token?.text === ':' && text.tokens[i - 1]?.kind === 'num' && text.tokens[i + 1]?.kind === 'num';
    if (token?.kind === 'punct' && options.punct.has(token.text) && !inClockTime) {
      close(i, i + 1);
      i++;
      continue;
    }
    const hit = options.words === undefined ? undefined : matchAt(text.tokens, i, options.words);
    if (hit !== undefined && hit.end <= to) {
      close(i, hit.end);
      i = hit.end;
      continue;
    }
    i++;
  }
  close(to, to);
  return spans;
}

/** Clauses: sentences cut again at commas and contrast words. */
export function clauses(text: Analyzed, from = 0, to = text.tokens.length): Span[] {
  return splitSpans(text, { punct: CLAUSE_PUNCT, words: CONTRAST_WORDS }, from, to);
}

export function spanOf(spans: readonly Span[], index: number): Span | undefined {
  return spans.find((span) => index >= span.start && index < span.end);
}
