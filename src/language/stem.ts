/** Word stems for English and Spanish, so one entry covers conjugations and attached pronouns. */
import { createRequire } from 'node:module';
import { distance } from 'fastest-levenshtein';
import { fold, soundKey, words } from './normalize.js';

interface Stemmer {
  stem(word: string): string;
}
interface StemmerFactory {
  newStemmer(language: string): Stemmer;
}

// The package ships CommonJS without types; this is the one place it is loaded.
const require = createRequire(import.meta.url);
const factory = require('snowball-stemmers') as StemmerFactory;
const spanish = factory.newStemmer('spanish');
const english = factory.newStemmer('english');

type StemLanguage = 'es' | 'en';

const cache = new Map<string, string>();
const CACHE_MAX = 20_000;

/** The stem of one folded word in one language ("desquitarme" -> "desquit", "humiliating" -> "humili"). */
function stem(word: string, language: StemLanguage): string {
  const key = `${language}:${word}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const out = (language === 'es' ? spanish : english).stem(word);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, out);
  return out;
}

/** A word of the user's text with what matching needs precomputed. */
export interface Token {
  /** Folded form: lower case, no accents. */
  word: string;
  es: string;
  en: string;
  sound: string;
}

export function tokenize(text: string): Token[] {
  return words(text).map((word) => ({ word, es: stem(word, 'es'), en: stem(word, 'en'), sound: soundKey(word) }));
}

/**
 * One entry of a word list. "word" matches any form with the same stem in either language;
 * "prefix*" matches any word starting with the prefix (also through the sound-alike key, for
 * Spanish spelling slips); "=word" matches that exact folded word only.
 */
export interface Lexicon {
  readonly exact: ReadonlySet<string>;
  readonly stemsEs: ReadonlySet<string>;
  readonly stemsEn: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  readonly soundPrefixes: readonly string[];
  /** Whole folded words of 7+ letters, for a one-letter typo ("revange", "humilate"). */
  readonly longWords: readonly string[];
}

export function lexicon(entries: readonly string[]): Lexicon {
  const exact = new Set<string>();
  const stemsEs = new Set<string>();
  const stemsEn = new Set<string>();
  const prefixes: string[] = [];
  const longWords: string[] = [];
  for (const raw of entries) {
    const entry = fold(raw);
    if (entry.startsWith('=')) exact.add(entry.slice(1));
    else if (entry.endsWith('*')) prefixes.push(entry.slice(0, -1));
    else {
      exact.add(entry);
      stemsEs.add(stem(entry, 'es'));
      stemsEn.add(stem(entry, 'en'));
      if (entry.length >= 7) longWords.push(entry);
    }
  }
  const soundPrefixes = prefixes.filter((p) => p.length >= 4).map(soundKey);
  return { exact, stemsEs, stemsEn, prefixes, soundPrefixes, longWords };
}

/** Whether a token is in the word list: exact, same stem, prefix, sound-alike prefix or a one-letter typo. */
export function inLexicon(token: Token, lex: Lexicon): boolean {
  if (lex.exact.has(token.word)) return true;
  // Very short stems ("mat", "run") would match too much by stem alone; they need the exact word.
  if (token.es.length >= 4 && lex.stemsEs.has(token.es)) return true;
  if (token.en.length >= 3 && lex.stemsEn.has(token.en)) return true;
  for (const p of lex.prefixes) if (token.word.startsWith(p)) return true;
  for (const p of lex.soundPrefixes) if (token.sound.startsWith(p)) return true;
  if (token.word.length >= 7) {
    for (const w of lex.longWords) {
      if (Math.abs(w.length - token.word.length) <= 1 && w[0] === token.word[0] && distance(w, token.word) <= 1) return true;
    }
  }
  return false;
}
