/** Words that change how a mention counts: doubt, negation and the past. */
import { findPhrases, phraseSet, type Analyzed, type PhraseEntry, type Span } from './text.js';

/** Real doubt. "probably", "I think" and "I'd say" are how people state a fact, so not here. */
export const HEDGES = phraseSet([
  'not sure', 'unsure', 'no idea', "don't know", 'do not know', 'dunno', 'maybe', 'perhaps',
  'possibly', 'kind of', 'kinda', 'sort of', 'sorta', 'somewhere between', 'in between',
  'between', 'hard to say', 'not certain', 'ish', 'might', 'could be',
]);

export const NEGATORS: ReadonlySet<string> = new Set([
  'no', 'not', "don't", "doesn't", "didn't", 'never', 'without', 'none', 'nothing', 'nor',
  'neither', "isn't", "aren't", "haven't", "hasn't", "won't", "can't", 'zero', 'nope', 'nah',
  "wouldn't", "shouldn't",
]);

export const PAST_MARKERS = phraseSet([
  'used to', 'was', 'were', 'back when', 'back in', 'years ago', 'in the past', 'previously',
  'formerly', 'last year', 'in college', 'in high school', 'in school', 'had been', 'once was',
  'anymore', 'not anymore', 'no longer',
]);

export function hasPhrase<T>(text: Analyzed, table: readonly PhraseEntry<T>[], span?: Span): boolean {
  return findPhrases(text, table, span?.start, span?.end).length > 0;
}

/** A negator among the few words before `index`, without leaving its clause. */
export function negatedBefore(text: Analyzed, span: Span, index: number, window = 4): boolean {
  for (let k = index - 1; k >= Math.max(span.start, index - window); k--) {
    const token = text.tokens[k];
    if (token !== undefined && NEGATORS.has(token.text)) return true;
  }
  return false;
}
