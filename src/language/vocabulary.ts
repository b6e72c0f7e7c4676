/**
 * Is every part of an answer accounted for? A word counts as accounted for when a phrase table
 * knows it, when it is a filler that carries no data ("i", "usually", "pretty"), or when it ended
 * up inside a value that will be saved ("peanuts" in allergies). Anything else is a word the agent
 * would be ignoring, so the answer is confirmed before it is saved.
 *
 * Typos: an unknown word close to a known one ("alergic", "begginer") is corrected with an edit
 * distance; short words are left alone because "wrist" and "first" are one letter apart.
 */
import { closest, distance } from 'fastest-levenshtein';
import { NEGATORS } from './cues.js';
import { TABLE_WORDS, type Analyzed } from './text.js';

const FILLERS = new Set(
  `
i i'm i've i'd i'll me my mine myself you your we us our it it's its this that these those there here
a an the and or but so then also too as of to in on at by for with from into about around over up down out off
is am are was were be been being do does did have has had having will would can could should may must shall
get got getting go going want wanted wanna need needs like likes would'd love prefer hope trying try
just really very pretty quite rather fairly somewhat bit little lot lots much more most some any all both each
usually normally generally typically mostly always sometimes often probably definitely honestly actually basically
guess think say said reckon suppose feel mean well yeah yes ok okay oh um uh hmm hm lol haha hey hi hello thanks thank
please sure right now currently still already yet again anyway though although because since if when while
what which who how why where whatever whichever something anything nothing everything stuff thing things
one ones own same other else kind sort type way time times day days week weeks
im ive id don't doesn't didn't can't won't isn't aren't haven't hasn't wouldn't
let let's tell told know knew see saw make made take taken give given use used using
good great fine nice okay alright cool happy glad
el la los las lo un una unos unas de del al a en con por para que y o e u ni me mi mis te tu tus se su sus le les
yo soy estoy es son está están era fui he ha hemos tengo tiene tenemos hago hace quiero quisiera gustaría
gusta gustan gusto creo pienso digo bueno pues vale sí si claro muy bastante algo poco mucho más menos ya todavía
también tampoco siempre normalmente casi solo sólo hola gracias porfa porfavor favor eso esto esta este estas estos
como cuando donde mas aunque porque entonces luego hoy ahora entreno entrenar entrenando hago hacer voy suelo
few several remind reminder reminders notify notification notifications alert alerts ping bother nag buzz nudge nudges
water drink drinking eat eating meal meals train training workout workouts exercise exercising session sessions
goal goals level diet food foods equipment injury injuries supplement supplements macro macros macronutrients
`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** Words that are numbers, units or time words the parsers read without a phrase table. */
const PARSER_WORDS = new Set(
  `
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen twenty thirty forty fourty fifty sixty seventy eighty ninety hundred thousand half quarter
point couple dozen am pm o'clock oclock clock ish sharp h hrs hr min mins minute minutes hour hours k
`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

function isKnown(word: string): boolean {
  return TABLE_WORDS.has(word) || FILLERS.has(word) || PARSER_WORDS.has(word) || NEGATORS.has(word);
}

/** Every string inside a value, lower-cased, so items' words count as accounted for. */
function savedWords(data: unknown, into: Set<string>): Set<string> {
  if (typeof data === 'string') {
    for (const word of data.toLowerCase().split(/[^\p{L}\p{N}']+/u)) if (word !== '') into.add(word);
  } else if (Array.isArray(data)) {
    for (const item of data) savedWords(item, into);
  } else if (data !== null && typeof data === 'object') {
    for (const value of Object.values(data)) savedWords(value, into);
  }
  return into;
}

/**
 * The words of the answer that nothing accounts for, in order, without repeats. `context` holds
 * words the caller's own setting accounts for (a state's framing words), known only there.
 */
export function unaccounted(text: Analyzed, data: unknown = {}, context: ReadonlySet<string> = new Set()): string[] {
  const saved = savedWords(data, new Set());
  const left: string[] = [];
  for (const token of text.tokens) {
    if (token.kind !== 'word') continue;
    const word = token.text;
    if (isKnown(word) || context.has(word) || saved.has(word) || /^\p{N}/u.test(word) || left.includes(word)) continue;
    left.push(word);
  }
  return left;
}

/** Below this length a one-letter slip is as likely another word as a typo. */
const SHORTEST_CORRECTED = 5;
/** From this length two slips ("pescatarain") still point at one word. */
const LONG_WORD = 8;

interface Correction {
  readonly from: string;
  readonly to: string;
  /** One slip in a long-enough word with a single nearest candidate. */
  readonly confident: boolean;
}

let vocabulary: string[] | null = null;
let vocabularySize = 0;

function tableVocabulary(): string[] {
  if (vocabulary === null || vocabularySize !== TABLE_WORDS.size) {
    vocabulary = [...TABLE_WORDS].filter((word) => word.length >= SHORTEST_CORRECTED - 1);
    vocabularySize = TABLE_WORDS.size;
  }
  return vocabulary;
}

/** The nearest table word to an unknown word, when near enough to be a typo of it. */
function correct(word: string): Correction | null {
  if (word.length < SHORTEST_CORRECTED || !/^\p{L}+$/u.test(word)) return null;
  const words = tableVocabulary();
  const best = closest(word, words);
  const slips = distance(word, best);
  // Two swapped letters ("muscel", "wieght") are one slip of the fingers, not two.
  const swapped = slips === 2 && [...word].sort().join('') === [...best].sort().join('');
  const allowed = word.length >= LONG_WORD || swapped ? 2 : 1;
  if (slips === 0 || slips > allowed) return null;
  const ties = words.filter((candidate) => candidate !== best && Math.abs(candidate.length - word.length) <= slips && distance(word, candidate) === slips);
  return { from: word, to: best, confident: slips === 1 && ties.length === 0 };
}

/** The message with each correctable unknown word replaced, and what was replaced. */
export function correctTypos(message: string, unknown: readonly string[]): { text: string; corrections: Correction[] } {
  const corrections = unknown.map(correct).filter((c): c is Correction => c !== null);
  let text = message;
  for (const { from, to } of corrections) {
    text = text.replace(new RegExp(`(?<![\\p{L}])${from}(?![\\p{L}])`, 'gu'), to);
  }
  return { text, corrections };
}
