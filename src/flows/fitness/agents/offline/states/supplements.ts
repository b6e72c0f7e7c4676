/**
 * State 9: interested_in_supplements and current_supplements. current_supplements lists what
 * the user says they take now ([] when they name none); supplements they are only curious about
 * make them interested but are not "current".
 */
import { settled, nothing, type Extraction } from '../extraction.js';
import { HEDGES, NEGATORS, PAST_MARKERS, hasPhrase, negatedBefore } from '../../../../../language/cues.js';
import { spanText, splitItems, trimSpan, unique } from '../../../../../language/lists.js';
import {
  CONTRAST_WORDS,
  SENTENCE_PUNCT,
  clauses,
  findPhrases,
  phraseSet,
  phraseTable,
  spanOf,
  splitSpans,
  vocabulary,
  type Analyzed,
  type PhraseMatch,
  type Span,
} from '../../../../../language/text.js';

const SUPPLEMENTS = phraseSet([
  'creatine',
  'creatine monohydrate',
  'whey',
  'whey protein',
  'protein powder',
  'protein shake',
  'protein shakes',
  'protein',
  'casein',
  'multivitamin',
  'multivitamins',
  'multi vitamin',
  'multi vitamins',
  'vitamin a',
  'vitamin b',
  'vitamin b6',
  'vitamin b12',
  'vitamin c',
  'vitamin d',
  'vitamin d3',
  'vitamin e',
  'vitamin k',
  'vitamin k2',
  'b12',
  'd3',
  'vitamins',
  'magnesium',
  'zinc',
  'iron',
  'calcium',
  'potassium',
  'fish oil',
  'omega 3',
  'omega3',
  'omega 3s',
  'omegas',
  'cod liver oil',
  'bcaa',
  'bcaas',
  'eaa',
  'eaas',
  'pre workout',
  'preworkout',
  'caffeine',
  'caffeine pills',
  'collagen',
  'ashwagandha',
  'melatonin',
  'electrolytes',
  'beta alanine',
  'glutamine',
  'probiotics',
  'probiotic',
  'turmeric',
  'curcumin',
  'spirulina',
  'biotin',
  'folic acid',
  'folate',
  'l carnitine',
  'carnitine',
  'citrulline',
  'glucosamine',
  'green tea extract',
  'mass gainer',
  'weight gainer',
  'zma',
  'hmb',
  'mct oil',
  'coq10',
  'fiber',
  'psyllium',
  'ginseng',
  'maca',
  'rhodiola',
  'taurine',
  'nitric oxide',
]);

/** Every supplement name this state recognises: summaries translate them. */
export const SUPPLEMENT_NAMES: readonly string[] = SUPPLEMENTS.map((entry) => entry.words.join(' '));

/** Spellings that carry capitals: "vitamin D", "BCAAs", "CoQ10". */
const CASING: Readonly<Record<string, string>> = {
  bcaa: 'BCAA',
  bcaas: 'BCAAs',
  eaa: 'EAA',
  eaas: 'EAAs',
  zma: 'ZMA',
  hmb: 'HMB',
  mct: 'MCT',
  coq10: 'CoQ10',
  b12: 'B12',
  d3: 'D3',
  k2: 'K2',
  b6: 'B6',
};

type Signal = 'current' | 'interest' | 'refuse' | 'none' | 'yes';

const SIGNALS = phraseTable<Signal>([
  ['i take', 'current'],
  ['take', 'current'],
  ['takes', 'current'],
  ["i'm taking", 'current'],
  ['i am taking', 'current'],
  ['taking', 'current'],
  ['i use', 'current'],
  ['use', 'current'],
  ["i'm using", 'current'],
  ['using', 'current'],
  ["i'm on", 'current'],
  ['i am on', 'current'],
  ['currently on', 'current'],
  ['i drink', 'current'],
  ['i have', 'current'],
  ['already have', 'current'],
  ["i'd like to take", 'interest'],
  ["i'd like to try", 'interest'],
  ['would like to take', 'interest'],
  ['like to take', 'interest'],
  ['want to take', 'interest'],
  ['wanna take', 'interest'],
  ['start taking', 'interest'],
  ['try taking', 'interest'],
  ['curious about', 'interest'],
  ['interested in', 'interest'],
  ['want to try', 'interest'],
  ['wanna try', 'interest'],
  ['like to try', 'interest'],
  ['thinking about', 'interest'],
  ['thinking of', 'interest'],
  ['considering', 'interest'],
  ['open to', 'interest'],
  ['know more about', 'interest'],
  ['tell me about', 'interest'],
  ['recommend', 'interest'],
  ['recommendations', 'interest'],
  ['suggestions', 'interest'],
  ['suggest', 'interest'],
  ['looking into', 'interest'],
  ['want to start', 'interest'],
  ['planning to', 'interest'],
  ['plan to', 'interest'],
  ['what about', 'interest'],
  ['should i take', 'interest'],
  ['not interested', 'refuse'],
  ['not really interested', 'refuse'],
  ['no thanks', 'refuse'],
  ['no thank you', 'refuse'],
  ['skip', 'refuse'],
  ['pass', 'refuse'],
  ['not for me', 'refuse'],
  ["don't want", 'refuse'],
  ["don't need", 'refuse'],
  ['no need', 'refuse'],
  ['rather not', 'refuse'],
  ['not now', 'refuse'],
  ['not right now', 'refuse'],
  ['maybe later', 'refuse'],
  ['no supplements', 'none'],
  ["don't take any", 'none'],
  ["don't take", 'none'],
  ["don't use any", 'none'],
  ["don't use", 'none'],
  ['none', 'none'],
  ['nothing', 'none'],
  ['no', 'none'],
  ['nope', 'none'],
  ['nah', 'none'],
  ['not really', 'none'],
  ["i don't", 'none'],
  ['not currently', 'none'],
  ['not at the moment', 'none'],
  ['yes', 'yes'],
  ['yeah', 'yes'],
  ['yep', 'yes'],
  ['yup', 'yes'],
  ['sure', 'yes'],
  ['ok', 'yes'],
  ['okay', 'yes'],
  ['definitely', 'yes'],
  ['absolutely', 'yes'],
  ['interested', 'yes'],
  ['of course', 'yes'],
  ['please', 'yes'],
  ['why not', 'yes'],
  ['sounds good', 'yes'],
  ["i'd like", 'yes'],
  ['would love', 'yes'],
  ['love to', 'yes'],
]);

const NOT_ITEMS: ReadonlySet<string> = new Set([
  'supplements',
  'supplement',
  'anything',
  'nothing',
  'none',
  'any',
  'some',
  'stuff',
  'things',
  'a few',
  'a couple',
  'some supplements',
  'any supplements',
]);

/** A pronoun after the list starts a new statement: "I drink shakes, and I'm thinking of...". */
const NEW_STATEMENT: ReadonlySet<string> = new Set(['i', "i'm", "i've", "i'd", 'we', 'my', 'it', "it's"]);

const ITEM_FILLERS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'some',
  'my',
  'daily',
  'also',
  'and',
  'or',
  'plus',
  'just',
  'only',
  'bit',
  'of',
  'little',
  'regularly',
  'usually',
  'sometimes',
  'every',
  'day',
  'morning',
  'night',
  'too',
  'already',
  'currently',
  'now',
  'as',
  'well',
  'supplement',
  'supplements',
  'pills',
  'tablets',
]);

/** Three words is enough for a supplement's name; longer pieces are sentences. */
const LONGEST_UNKNOWN_ITEM = 3;

function display(text: string): string {
  // The short form is saved as the name: "vit c" is vitamin C.
  const words = text.split(' ').map((word) => (word === 'vit' || word === 'vit.' ? 'vitamin' : word === 'vits' ? 'vitamins' : word));
  return words
    .map((word, k) => {
      const cased = CASING[word];
      if (cased !== undefined) return cased;
      const previous = words[k - 1];
      return previous === 'vitamin' || previous === 'vitamins' ? word.toUpperCase() : word;
    })
    .join(' ');
}

/** What a cue's list names: known supplements by their own words, else short unknown names. */
function itemsIn(text: Analyzed, span: Span): string[] {
  const items: string[] = [];
  for (const piece of splitItems(text, span)) {
    const known = findPhrases(text, SUPPLEMENTS, piece.start, piece.end);
    if (known.length > 0) {
      items.push(...known.map((match) => match.text));
      continue;
    }
    const trimmed = trimSpan(text, piece, ITEM_FILLERS, ITEM_FILLERS);
    const words = trimmed.end - trimmed.start;
    const item = spanText(text, trimmed);
    if (words > 0 && words <= LONGEST_UNKNOWN_ITEM && !NOT_ITEMS.has(item)) items.push(item);
  }
  return items;
}

function listAfter(text: Analyzed, cue: PhraseMatch<Signal>, signals: readonly PhraseMatch<Signal>[], sentences: readonly Span[]): Span {
  const sentence = spanOf(sentences, cue.start);
  const stop = sentence?.end ?? text.tokens.length;
  let end = cue.end;
  for (let k = cue.end; k < stop; k++) {
    const token = text.tokens[k];
    if (token === undefined || NEGATORS.has(token.text) || NEW_STATEMENT.has(token.text)) break;
    if (signals.some((signal) => signal !== cue && k >= signal.start && k < signal.end)) break;
    end = k + 1;
  }
  return { start: cue.end, end };
}

export function extractSupplementPreferences(text: Analyzed): Extraction {
  const spans = clauses(text);
  const signals = findPhrases(text, SIGNALS).filter((signal) => {
    const clause = spanOf(spans, signal.start);
    if (clause === undefined || hasPhrase(text, PAST_MARKERS, clause)) return false;
    return signal.value === 'refuse' || signal.value === 'none' || !negatedBefore(text, clause, signal.start, 2);
  });
  const has = (signal: Signal): boolean => signals.some((found) => found.value === signal);

  const current: string[] = [];
  const covered: Span[] = [];
  const sentences = splitSpans(text, { punct: SENTENCE_PUNCT, words: CONTRAST_WORDS });
  for (const signal of signals) {
    if (signal.value !== 'current' && signal.value !== 'interest') continue;
    const list = listAfter(text, signal, signals, sentences);
    covered.push(list);
    if (signal.value === 'current') current.push(...itemsIn(text, list));
  }
  // Terse answers name supplements without a verb: "creatine and vitamin D".
  const doubts: string[] = [];
  for (const match of findPhrases(text, SUPPLEMENTS)) {
    const clause = spanOf(spans, match.start);
    if (clause === undefined || covered.some((span) => match.start >= span.start && match.start < span.end)) continue;
    if (hasPhrase(text, PAST_MARKERS, clause)) continue;
    if (negatedBefore(text, clause, match.start, 4)) {
      // "no protein powder and magnesium daily": does the "no" cover the magnesium too?
      if (!negatedBefore(text, clause, match.start, 4, true)) doubts.push(`a "no" before "and" may or may not cover ${match.text}`);
      continue;
    }
    current.push(match.text);
  }
  // Two names with nothing between them ("protein whey") may be one supplement: asked, not split.
  const named = findPhrases(text, SUPPLEMENTS);
  for (const [k, match] of named.entries()) {
    const next = named[k + 1];
    if (next !== undefined && next.start === match.end) doubts.push(`"${match.text} ${next.text}" may be one supplement`);
  }
  const current_supplements = unique(current.map(display));

  let interested: boolean | undefined;
  if (has('refuse') && !has('interest')) interested = false;
  else if (current_supplements.length > 0 || has('interest') || has('yes')) interested = true;
  else if (has('none')) interested = false;

  const hedged = hasPhrase(text, HEDGES);
  if (interested === undefined && !hedged) return nothing(['interested_in_supplements']);
  return settled({ interested_in_supplements: interested ?? true, current_supplements }, [
    ...(hedged ? ['the answer sounds unsure'] : []),
    ...doubts,
  ]);
}

/** The words this state reads (extract.ts counts any other non-filler word as unplaced). */
export const SUPPLEMENT_VOCABULARY = vocabulary(SUPPLEMENTS, SIGNALS, NOT_ITEMS, ITEM_FILLERS);
