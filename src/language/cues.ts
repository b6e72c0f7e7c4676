/** Words that change how a mention counts: doubt, negation and the past. */
import { CONTRAST_WORDS, findPhrases, phraseSet, vocabulary, type Analyzed, type PhraseEntry, type Span } from './text.js';

/** Real doubt. "probably", "I think" and "I'd say" are how people state a fact, so not here. */
export const HEDGES = phraseSet([
  'not sure',
  'unsure',
  'no idea',
  "don't know",
  'do not know',
  'dunno',
  'maybe',
  'perhaps',
  'possibly',
  'kind of',
  'kinda',
  'sort of',
  'sorta',
  'somewhere between',
  'in between',
  'between',
  'hard to say',
  'not certain',
  'ish',
  'might',
  'could be',
]);

export const NEGATORS: ReadonlySet<string> = new Set([
  'no',
  'not',
  "don't",
  "doesn't",
  "didn't",
  'never',
  'without',
  'none',
  'nothing',
  'nor',
  'neither',
  "isn't",
  "aren't",
  "haven't",
  "hasn't",
  "won't",
  "can't",
  'zero',
  'nope',
  'nah',
  "wouldn't",
  "shouldn't",
]);

export const PAST_MARKERS = phraseSet([
  'used to',
  'was',
  'were',
  'back when',
  'back in',
  'years ago',
  'in the past',
  'previously',
  'formerly',
  'last year',
  'in college',
  'in high school',
  'in school',
  'had been',
  'once was',
  'anymore',
  'not anymore',
  'no longer',
]);

/**
 * Someone other than the user: "my son is allergic to peanuts" is not the user's allergy, so an
 * answer that mentions another person is confirmed, never saved as the user's own. The
 * professionals who speak about the user ("my doctor says no running") are not here.
 */
export const OTHER_PEOPLE = phraseSet([
  'my son',
  'my sons',
  'my daughter',
  'my daughters',
  'my kid',
  'my kids',
  'my child',
  'my children',
  'my wife',
  'my husband',
  'my partner',
  'my boyfriend',
  'my girlfriend',
  'my fiance',
  'my fiancee',
  'my mom',
  'my mum',
  'my mother',
  'my dad',
  'my father',
  'my parents',
  'my brother',
  'my sister',
  'my friend',
  'my friends',
  'my family',
  'my roommate',
  'my flatmate',
  'my baby',
  'my grandma',
  'my grandpa',
  'he',
  'she',
  "he's",
  "she's",
  'his',
  'her',
  'mi hijo',
  'mi hija',
  'mis hijos',
  'mis hijas',
  'mi mujer',
  'mi esposa',
  'mi marido',
  'mi esposo',
  'mi pareja',
  'mi novio',
  'mi novia',
  'mi madre',
  'mi padre',
  'mi mamá',
  'mi mama',
  'mi papá',
  'mi papa',
  'mis padres',
  'mi hermano',
  'mi hermana',
  'mi amigo',
  'mi amiga',
  'mi familia',
  'mi bebé',
  'mi bebe',
]);

/** Pronouns and verbs: a name of a food or a supplement has none ("make me swell up" is a sentence). */
export const SENTENCE_WORDS: ReadonlySet<string> = new Set([
  'i',
  "i'm",
  'me',
  'my',
  'you',
  'he',
  'she',
  'it',
  "it's",
  'we',
  'they',
  'them',
  'is',
  'are',
  'am',
  'was',
  'were',
  'be',
  'make',
  'makes',
  'made',
  'give',
  'gives',
  'gave',
  'get',
  'gets',
  'feel',
  'feels',
  'have',
  'has',
  'had',
  'do',
  'does',
  'can',
  "can't",
  'will',
  'would',
  'should',
  'if',
  'when',
  'because',
  'te',
  'se',
  'le',
  'les',
  'mi',
  'es',
  'son',
  'esta',
  'está',
  'están',
  'hace',
  'hacen',
  'sienta',
  'sientan',
  'interesa',
  'interesan',
  'gusta',
  'gustan',
  'quiero',
  'tengo',
  'cuando',
  'porque',
]);

/** Words every reader understands: doubt, the past, contrast. */
// Every word of these counts alone too: doubt and time are understood wherever they are said.
export const CUE_WORDS = vocabulary(new Set(vocabulary(HEDGES, PAST_MARKERS, CONTRAST_WORDS)));

export function hasPhrase<T>(text: Analyzed, table: readonly PhraseEntry<T>[], span?: Span): boolean {
  return findPhrases(text, table, span?.start, span?.end).length > 0;
}

/** Words that start a new conjunct: "no meat | and allergic to soy". */
const NEW_CONJUNCT: ReadonlySet<string> = new Set(['and', 'plus', '&', 'also', 'but']);

/**
 * A negator among the few words before `index`, without leaving its clause. With
 * `withinConjunct`, the look-back also stops at "and"/"plus"/"but": a statement after "and" has its
 * own polarity ("no meat and allergic to soy" is an allergy, "not vegan and lactose intolerant"
 * an intolerance), while a list of nouns under one "no" is read by the caller.
 */
export function negatedBefore(text: Analyzed, span: Span, index: number, window = 4, withinConjunct = false): boolean {
  for (let k = index - 1; k >= Math.max(span.start, index - window); k--) {
    const token = text.tokens[k];
    if (token === undefined) continue;
    if (NEGATORS.has(token.text)) return true;
    if (withinConjunct && NEW_CONJUNCT.has(token.text)) return false;
  }
  return false;
}
