/**
 * Is every part of an answer accounted for? A word counts as accounted for when the reading
 * state's own vocabulary knows it (its phrase tables and word sets; see vocabulary() in text.ts), when it is a filler that carries no data ("i", "usually", "pretty"), or when it ended
 * up inside a value that will be saved ("peanuts" in allergies) without being a typo of a word the
 * state knows ("no allergys" is not a food called "allergys"). Anything else is a word the agent
 * would be ignoring, so the answer is confirmed before it is saved.
 *
 * Typos: an unknown word close to a known one ("alergic", "begginer") is corrected with an edit
 * distance (a swap of two neighbouring letters is one slip), toward the same state's vocabulary;
 * short words are left alone because "wrist" and "first" are one letter apart.
 */
import { distance } from 'fastest-levenshtein';
import { NEGATORS } from './cues.js';
import { readTokens, type Analyzed, type Vocabulary } from './text.js';

const FILLERS = new Set(
  `
i i'm i've i'd i'll me my mine myself you your we us our it it's its this that these those there here
a an the and or but so then also too as of to in on at by for with from into about around over up down out off
is am are was were be been being do does did have has had having will would can could should may must shall
get got getting go going want wanted wanna need needs like likes would'd love prefer hope trying try
just only really very pretty quite rather fairly somewhat bit little lot lots much more most some any all both each
usually normally generally typically mostly always sometimes often probably definitely honestly actually basically
def defo deffo prolly tbh meh either
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

/**
 * A word that carries no data of its own: a filler, a number or unit word, a negator. Table words
 * are not fillers: "fitness" and "membership" mean something, even where the state ignores them.
 */
function isFiller(word: string): boolean {
  return FILLERS.has(word) || PARSER_WORDS.has(word) || NEGATORS.has(word) || /^\p{N}/u.test(word);
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
 * The words of the answer that nothing accounts for, in order, without repeats. `known` holds the
 * words the reader's own tables account for (vocabulary() in text.ts): a word only another
 * reader knows is not accounted for here. `spanish` holds the Spanish words the reader's rules
 * read (spanish.ts): a saved word a slip away from one ("sin alergais", "tomo creatna") is a
 * Spanish typo, not a food or a supplement of that name.
 */
export function unaccounted(text: Analyzed, data: unknown, known: Vocabulary, spanish: ReadonlySet<string> = new Set()): string[] {
  const saved = savedWords(data, new Set());
  const read = readTokens(text);
  const left: string[] = [];
  for (const [index, token] of text.tokens.entries()) {
    if (token.kind !== 'word') continue;
    const word = token.text;
    // A word known only inside longer phrases counts where one of them was read.
    const placed = known.standalone.has(word) || (known.has(word) && read.has(index));
    if (isFiller(word) || placed || left.includes(word)) continue;
    // A saved word that is a typo of a known one ("no allergys" saved as a dislike) is a misreading;
    // one a slip away from a filler is just a word ("swell" is not "well").
    if (saved.has(word)) {
      const typo = correct(word, known);
      const spanishTypo = correct(word, spanish);
      if ((typo === null || isFiller(typo.to)) && (spanishTypo === null || isFiller(spanishTypo.to))) continue;
    }
    left.push(word);
  }
  return left;
}

/** Below this length a one-letter slip is as likely another word as a typo. */
const SHORTEST_CORRECTED = 5;
/** From this length two slips ("pescatarain") still point at one word. */
const LONG_WORD = 8;

export interface Correction {
  readonly from: string;
  readonly to: string;
  /** How far apart the two words are (see slips). */
  readonly slips: number;
  /** One added, dropped or changed letter in a long-enough word with a single nearest meaning. */
  readonly confident: boolean;
}

const candidatesOf = new WeakMap<ReadonlySet<string>, readonly string[]>();

/** The words of a vocabulary long enough to be a typo's target, listed once per vocabulary. */
function candidates(known: ReadonlySet<string>): readonly string[] {
  let list = candidatesOf.get(known);
  if (list === undefined) {
    list = [...known].filter((word) => word.length >= SHORTEST_CORRECTED - 1);
    candidatesOf.set(known, list);
  }
  return list;
}

/**
 * Edit distance in slips of the fingers: a letter added, dropped or changed, or two neighbouring
 * letters swapped ("wieght" -> "weight" is one slip, not two). Optimal string alignment distance.
 */
export function slips(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/** The one known word that is `word` with one letter put back, when there is exactly one. */
function droppedLetter(word: string, known: ReadonlySet<string>): Correction | null {
  // A letter added at the end makes another form of the word ("jump", "jumps"), not a fix.
  const found = candidates(known).filter(
    (candidate) =>
      candidate.length === word.length + 1 && candidate[0] === word[0] && !candidate.startsWith(word) && slips(word, candidate) === 1,
  );
  const [only] = found;
  return only !== undefined && found.length === 1 ? { from: word, to: only, slips: 1, confident: false } : null;
}

/** Same first letter and same last three, in words of six letters or more. */
function keepsEnds(word: string, candidate: string): boolean {
  return word.length >= 6 && candidate.length >= 6 && word[0] === candidate[0] && word.slice(-3) === candidate.slice(-3);
}

/**
 * The nearest known word to an unknown word, when near enough to be a typo of it. With
 * `meaning`, two nearest words are no doubt when they mean the same ("vegetariano" and
 * "vegetariana" are one diet), and when they mean different things the word is left alone rather
 * than guessed. Without it, the first of several nearest words is offered as a guess to confirm.
 */
export function correct(word: string, known: ReadonlySet<string>, meaning?: (word: string) => string): Correction | null {
  if (!/^\p{L}+$/u.test(word)) return null;
  // Four letters are too few to tell a slip from another word, except a dropped letter: "grsa"
  // is "grasa" with its "a" left out. Offered to confirm, never taken as sure.
  if (word.length === SHORTEST_CORRECTED - 1) return droppedLetter(word, known);
  if (word.length < SHORTEST_CORRECTED) return null;
  const long = word.length >= LONG_WORD ? 2 : 1;
  let nearest: string[] = [];
  let fewest = Infinity;
  for (const candidate of candidates(known)) {
    // A word with its first letter and its ending right ("wensday") garbles only its middle,
    // where people misspell: two slips there still point at one word.
    const allowed = keepsEnds(word, candidate) ? 2 : long;
    // A swap is two slips to plain Levenshtein, so the cheap check leaves room for one.
    if (Math.abs(candidate.length - word.length) > allowed || distance(word, candidate) > allowed * 2) continue;
    const n = slips(word, candidate);
    if (n > allowed) continue;
    if (n < fewest) {
      nearest = [candidate];
      fewest = n;
    } else if (n === fewest) {
      nearest.push(candidate);
    }
  }
  const [best] = nearest;
  if (best === undefined || fewest === 0) return null;
  const sense = meaning?.(best);
  const rivals = nearest.filter((candidate) => candidate !== best && meaning?.(candidate) !== sense);
  if (meaning !== undefined && rivals.length > 0) return null;
  // A swap finds the word but is still a guess worth confirming: only one plain slip is sure.
  return { from: word, to: best, slips: fewest, confident: fewest === 1 && rivals.length === 0 && distance(word, best) === 1 };
}

/** The message with each unknown word that is a typo of a known one replaced, and what was replaced. */
export function correctTypos(
  message: string,
  unknown: readonly string[],
  known: ReadonlySet<string>,
): { text: string; corrections: Correction[] } {
  const corrections = unknown.map((word) => correct(word, known)).filter((c): c is Correction => c !== null);
  let text = message;
  for (const { from, to } of corrections) {
    text = text.replace(new RegExp(`(?<![\\p{L}])${from}(?![\\p{L}])`, 'gu'), to);
  }
  return { text, corrections };
}
