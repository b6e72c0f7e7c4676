/** Lists of things as people type them: "peanuts, shellfish and soy", "creatine & vitamin D". */
import { phraseSet, splitSpans, textOf, vocabulary, wordAt, type Analyzed, type Span } from './text.js';

const ITEM_PUNCT: ReadonlySet<string> = new Set([',', '/', '&', '+', ';', '.', '!', '?', '(', ')']);
const ITEM_WORDS = phraseSet(['and', 'or', 'plus', 'as well as', 'also', 'nor', 'along with']);

/** The words that join list items. */
export const LIST_WORDS = vocabulary(ITEM_WORDS);

export function splitItems(text: Analyzed, span: Span): Span[] {
  return splitSpans(text, { punct: ITEM_PUNCT, words: ITEM_WORDS }, span.start, span.end);
}

/** Drops filler words from both ends of a span. */
export function trimSpan(text: Analyzed, span: Span, leading: ReadonlySet<string>, trailing: ReadonlySet<string> = new Set()): Span {
  let { start, end } = span;
  while (start < end && (leading.has(wordAt(text.tokens, start) ?? '') || text.tokens[start]?.kind === 'punct')) {
    start++;
  }
  while (end > start && (trailing.has(wordAt(text.tokens, end - 1) ?? '') || text.tokens[end - 1]?.kind === 'punct')) {
    end--;
  }
  return { start, end };
}

export function spanText(text: Analyzed, span: Span): string {
  return textOf(text, span.start, span.end);
}

export function unique(items: readonly string[]): string[] {
  return [...new Set(items.filter((item) => item.length > 0))];
}
