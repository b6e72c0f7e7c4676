/**
 * State 4: diet_type plus allergies, intolerances and dislikes. The lists are read from cue
 * words: "allergic to X", "X allergy", "lactose intolerant", "no X", "don't like X", "except X".
 */
import type { DIET_TYPES } from '../../../schemas.js';
import { settled, nothing, type Extraction } from '../extraction.js';
import { HEDGES, NEGATORS, PAST_MARKERS, hasPhrase, negatedBefore } from '../../../../../language/cues.js';
import { spanText, splitItems, trimSpan, unique } from '../../../../../language/lists.js';
import {
  CONTRAST_WORDS,
  analyze,
  SENTENCE_PUNCT,
  clauses,
  findPhrases,
  matchAt,
  phraseSet,
  phraseTable,
  spanOf,
  splitSpans,
  vocabulary,
  type Analyzed,
  type PhraseMatch,
  type Span,
} from '../../../../../language/text.js';

type DietType = (typeof DIET_TYPES)[number];

interface DietWord {
  readonly diet: DietType;
  readonly inferred: boolean;
}

const is = (diet: DietType): DietWord => ({ diet, inferred: false });
const likely = (diet: DietType): DietWord => ({ diet, inferred: true });

const DIET_WORDS = phraseTable<DietWord>([
  ['omnivore', is('omnivore')],
  ['omnivorous', is('omnivore')],
  ['eat everything', is('omnivore')],
  ['eat anything', is('omnivore')],
  ['eat it all', is('omnivore')],
  ['eat all foods', is('omnivore')],
  ['no restrictions', is('omnivore')],
  ['no dietary restrictions', is('omnivore')],
  ['no diet', is('omnivore')],
  ['no special diet', is('omnivore')],
  ['nothing special', is('omnivore')],
  ['no preference', is('omnivore')],
  ['normal diet', is('omnivore')],
  ['regular diet', is('omnivore')],
  ['standard diet', is('omnivore')],
  ['meat eater', is('omnivore')],
  ['eat meat', is('omnivore')],
  ['love meat', is('omnivore')],
  ['eat all', is('omnivore')],
  ['eat a bit of everything', is('omnivore')],
  ['flexitarian', likely('omnivore')],
  ['vegetarian', is('vegetarian')],
  ['veggie', is('vegetarian')],
  ['lacto ovo', is('vegetarian')],
  ['ovo lacto', is('vegetarian')],
  ["don't eat meat", is('vegetarian')],
  ['do not eat meat', is('vegetarian')],
  ['no meat', is('vegetarian')],
  ['meat free', is('vegetarian')],
  ['vegan', is('vegan')],
  ['plant based', is('vegan')],
  ['no animal products', is('vegan')],
  ['pescatarian', is('pescatarian')],
  ['pescetarian', is('pescatarian')],
  ['pescaterian', is('pescatarian')],
  ['vegetarian but i eat fish', is('pescatarian')],
  ['vegetarian but eat fish', is('pescatarian')],
  ['vegetarian who eats fish', is('pescatarian')],
  ['vegetarian that eats fish', is('pescatarian')],
  ['vegetarian plus fish', is('pescatarian')],
  ['vegetarian with fish', is('pescatarian')],
  ['vegetarian except fish', is('pescatarian')],
  ['vegetarian except for fish', is('pescatarian')],
  ['vegetarian but fish', is('pescatarian')],
  ['only fish', is('pescatarian')],
  ['fish but no meat', is('pescatarian')],
  ['keto', is('keto')],
  ['ketogenic', is('keto')],
  ['lchf', is('keto')],
  ['low carb', likely('keto')],
  ['paleo', is('paleo')],
  ['paleolithic', is('paleo')],
  ['caveman', likely('paleo')],
  ['primal', likely('paleo')],
]);

/** Whole answers that name no diet but mean "nothing special". */
const PLAIN_ANSWERS = phraseTable<DietWord>([
  ['everything', is('omnivore')],
  ['anything', is('omnivore')],
  ['normal', is('omnivore')],
  ['regular', is('omnivore')],
  ['standard', is('omnivore')],
  ['none', likely('omnivore')],
  ['no', likely('omnivore')],
  ['nope', likely('omnivore')],
]);

/** Conditions that are themselves the intolerance, listed as said. */
const CONDITIONS = phraseTable<ListName>([
  ['celiac', 'intolerances'],
  ['coeliac', 'intolerances'],
  ['celiac disease', 'intolerances'],
  ['coeliac disease', 'intolerances'],
  ['ibs', 'intolerances'],
]);

/** Conditions saved as said ("celiac"): summaries translate them. */
export const CONDITION_NAMES: readonly string[] = CONDITIONS.map((entry) => entry.words.join(' '));

/**
 * Allergies to animals and the environment: this state stores what the user cannot eat, so
 * "allergic to cats" is shown to the user before it is saved with their diet. (A drug allergy,
 * "penicillin", is saved as said: whoever plans meals and supplements should know of it.)
 */
const NOT_FOOD = phraseSet([
  'cat',
  'cats',
  'dog',
  'dogs',
  'dust',
  'dust mites',
  'pollen',
  'grass',
  'hay fever',
  'mold',
  'mould',
  'latex',
  'bees',
  'bee stings',
  'wasps',
  'nickel',
  'perfume',
  'animals',
  'fur',
  'feathers',
  'gatos',
  'perros',
  'polvo',
  'polen',
  'abejas',
]);

/** A separate "I eat fish" turns a vegetarian into a pescatarian. */
const EATS_FISH = phraseSet(['eat fish', 'eats fish', 'eat seafood', 'fish is fine', 'fish is ok', 'fish is okay']);

const DIET_HEDGES = phraseSet([
  'mostly',
  'mainly',
  'trying to',
  'try to',
  'most of the time',
  'sometimes',
  'usually',
  'ish',
  'almost',
  'partly',
]);

type ListName = 'allergies' | 'intolerances' | 'dislikes';

interface Cue {
  readonly list: ListName;
  /** forward: the items follow ("allergic to X"); backward: they come first ("X allergy"). */
  readonly direction: 'forward' | 'backward';
  /** A plural backward cue ("nut and shellfish allergies") may cover a whole list. */
  readonly plural: boolean;
  /** The list is a guess: "can't eat gluten" may be a dislike, an intolerance or an allergy. */
  readonly guessed?: boolean;
}

const forward = (list: ListName): Cue => ({ list, direction: 'forward', plural: true });
const backward = (list: ListName, plural = false): Cue => ({ list, direction: 'backward', plural });
const unclear = (list: ListName): Cue => ({ list, direction: 'forward', plural: true, guessed: true });

const CUES = phraseTable<Cue>([
  ['allergic to', forward('allergies')],
  ['allergy to', forward('allergies')],
  ['allergies to', forward('allergies')],
  ['allergies are', forward('allergies')],
  ['allergies include', forward('allergies')],
  ['allergies including', forward('allergies')],
  ['allergy is', forward('allergies')],
  ['allergies :', forward('allergies')],
  ['allergy :', forward('allergies')],
  ['allergic', backward('allergies')],
  ['allergy', backward('allergies')],
  ['allergies', backward('allergies', true)],
  ['intolerant to', forward('intolerances')],
  ['intolerance to', forward('intolerances')],
  ['intolerances to', forward('intolerances')],
  ['intolerances are', forward('intolerances')],
  ['intolerances :', forward('intolerances')],
  ['sensitive to', forward('intolerances')],
  ['sensitivity to', forward('intolerances')],
  ["can't digest", forward('intolerances')],
  ["can't tolerate", forward('intolerances')],
  ["don't tolerate", forward('intolerances')],
  ['intolerant', backward('intolerances')],
  ['intolerance', backward('intolerances')],
  ['intolerances', backward('intolerances', true)],
  ['sensitivity', backward('intolerances')],
  ['free', backward('intolerances')],
  ["doesn't agree with me", backward('intolerances')],
  ["don't agree with me", backward('intolerances')],
  ['upsets my stomach', backward('intolerances')],
  ["don't like", forward('dislikes')],
  ['do not like', forward('dislikes')],
  ["don't really like", forward('dislikes')],
  ["don't love", forward('dislikes')],
  ['dislike', forward('dislikes')],
  ['dislikes', forward('dislikes')],
  ['hate', forward('dislikes')],
  ['not a fan of', forward('dislikes')],
  ["can't stand", forward('dislikes')],
  ['not fond of', forward('dislikes')],
  ['not keen on', forward('dislikes')],
  ['not into', forward('dislikes')],
  ['avoid', forward('dislikes')],
  ['except', forward('dislikes')],
  ['except for', forward('dislikes')],
  ['other than', forward('dislikes')],
  ['apart from', forward('dislikes')],
  ['but not', forward('dislikes')],
  ['no', forward('dislikes')],
  ['without', forward('dislikes')],
  ["don't eat", forward('dislikes')],
  ['do not eat', forward('dislikes')],
  ['never eat', forward('dislikes')],
  ["won't eat", forward('dislikes')],
  ["can't eat", unclear('dislikes')],
  ['cannot eat', unclear('dislikes')],
  ['not allowed to eat', unclear('dislikes')],
  ["shouldn't eat", unclear('dislikes')],
  ['rather not', forward('dislikes')],
  ['rather not have', forward('dislikes')],
  ['keep away from', forward('dislikes')],
]);

/** Items that name a category or nothing at all: "no allergies", "allergic to nothing". */
const NOT_ITEMS: ReadonlySet<string> = new Set([
  'allergies',
  'allergy',
  'food allergies',
  'intolerances',
  'intolerance',
  'dislikes',
  'restrictions',
  'anything',
  'nothing',
  'none',
  'any',
  'everything',
  'really',
  'much',
  'stuff',
  'known allergies',
  'food',
  'foods',
  'in particular',
  'that i know of',
]);

const LEADING_FILLERS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  // Spanish articles left after a list word: "el plátano ni el brócoli", "a los cacahuetes y al apio".
  'el',
  'la',
  'los',
  'las',
  'al',
  'any',
  'some',
  'all',
  'most',
  'certain',
  'my',
  'to',
  'of',
  'also',
  'really',
  'very',
  'severe',
  'severely',
  'mild',
  'mildly',
  'slight',
  'slightly',
  'bit',
  'kinda',
  "i'm",
  'i',
  'am',
  'have',
  'has',
  'got',
  'and',
  'or',
  'but',
  'like',
  'eat',
  'eating',
  'especially',
  'a bit',
  'quite',
  'super',
  'bad',
  'serious',
  'deathly',
  'extremely',
  'with',
  'so',
  'too',
  'for',
  'food',
  'is',
  'are',
  'definitely',
  'absolutely',
  'just',
  'only',
  'either',
]);

const TRAILING_FILLERS: ReadonlySet<string> = new Set([
  'too',
  'also',
  'please',
  'though',
  'really',
  'either',
  'much',
  'anymore',
  'tho',
  'and',
  'or',
  'i',
  "i'm",
  'at',
  'all',
  'thanks',
  'thank',
  'you',
  'is',
  'are',
  'but',
  'lol',
  'haha',
  'btw',
  'unfortunately',
]);

/** Laughter and asides typed into an answer: they close the item before them. */
const ASIDE_MARKERS: ReadonlySet<string> = new Set(['lol', 'lmao', 'haha', 'hahaha', 'jaja', 'jajaja', 'jeje', 'xd', 'btw']);

/** A comma piece starting with one of these begins a new statement, not more list items. */
const NEW_STATEMENT: ReadonlySet<string> = new Set(['i', "i'm", "i've", 'my', 'we', 'also']);

interface Lists {
  readonly allergies: string[];
  readonly intolerances: string[];
  readonly dislikes: string[];
  /** Items whose list was a guess, to confirm. */
  readonly guessed: string[];
}

function overlaps(claimed: readonly Span[], index: number): boolean {
  return claimed.some((span) => index >= span.start && index < span.end);
}

function cleanItems(text: Analyzed, span: Span): string[] {
  const items: string[] = [];
  for (const piece of splitItems(text, span)) {
    const trimmed = trimSpan(text, piece, LEADING_FILLERS, TRAILING_FILLERS);
    if (trimmed.end <= trimmed.start) continue;
    const item = spanText(text, trimmed);
    if (!NOT_ITEMS.has(item)) items.push(item);
  }
  return items;
}

/** From the cue on to the end of its sentence, stopping at anything that starts a new thought. */
function forwardSpan(text: Analyzed, cueEnd: number, sentence: Span, claimed: readonly Span[]): Span {
  let end = cueEnd;
  let pieceStart = cueEnd;
  for (let k = cueEnd; k < sentence.end; k++) {
    const token = text.tokens[k];
    if (token === undefined || overlaps(claimed, k)) break;
    if (token.text === ',') {
      pieceStart = k + 1;
      const next = text.tokens[k + 1];
      if (next === undefined || NEW_STATEMENT.has(next.text) || NEGATORS.has(next.text)) break;
      continue;
    }
    if (k > pieceStart && NEGATORS.has(token.text)) break;
    // Laughter ends the item: what follows is an aside ("shellfish lol ironic i know").
    if (ASIDE_MARKERS.has(token.text)) break;
    end = k + 1;
  }
  return { start: cueEnd, end };
}

const LIST_SPLITTERS: ReadonlySet<string> = new Set([',', 'and', 'or', '&', '/']);
const BACKWARD_LIMIT = 6;

/**
 * The words just before the cue, stopping at a filler ("I have a | peanut allergy"). Only a
 * plural cue reaches across "and"/commas: "nut and shellfish allergies".
 */
function backwardSpan(text: Analyzed, cue: PhraseMatch<Cue>, sentence: Span, claimed: readonly Span[]): Span {
  let start = cue.start;
  const floor = Math.max(sentence.start, cue.start - BACKWARD_LIMIT);
  for (let k = cue.start - 1; k >= floor; k--) {
    const token = text.tokens[k];
    if (token === undefined || overlaps(claimed, k)) break;
    if (LIST_SPLITTERS.has(token.text)) {
      if (!cue.value.plural) break;
    } else if (LEADING_FILLERS.has(token.text) || NEGATORS.has(token.text)) {
      break;
    }
    start = k;
  }
  return trimSpan(text, { start, end: cue.start }, LIST_SPLITTERS);
}

function readLists(text: Analyzed, dietMatches: readonly Span[]): Lists {
  const lists: Lists = { allergies: [], intolerances: [], dislikes: [], guessed: [] };
  const sentences = splitSpans(text, { punct: SENTENCE_PUNCT, words: CONTRAST_WORDS });
  const clauseSpans = clauses(text);
  const cues = findPhrases(text, CUES).filter((cue) => !overlaps(dietMatches, cue.start));
  const claimed: Span[] = [...dietMatches, ...cues];
  const backwardClaims = new Map<PhraseMatch<Cue>, Span>();
  for (const cue of cues) {
    const sentence = spanOf(sentences, cue.start);
    if (sentence === undefined || cue.value.direction !== 'backward') continue;
    const span = backwardSpan(text, cue, sentence, claimed);
    backwardClaims.set(cue, span);
    claimed.push(span);
  }
  for (const cue of cues) {
    const sentence = spanOf(sentences, cue.start);
    const clause = spanOf(clauseSpans, cue.start);
    if (sentence === undefined || clause === undefined) continue;
    const span =
      backwardClaims.get(cue) ??
      forwardSpan(
        text,
        cue.end,
        sentence,
        claimed.filter((claim) => claim !== cue),
      );
    // A cue after "and" is a statement of its own: "no meat and allergic to soy".
    const negated =
      cue.value.direction === 'backward'
        ? negatedBefore(text, clause, span.start, 4, true) || span.end <= span.start || hasNegatorWithin(text, span)
        : negatedBefore(text, clause, cue.start, 3, true);
    if (negated) continue;
    const items = cleanItems(text, span);
    lists[cue.value.list].push(...items);
    if (cue.value.guessed === true) lists.guessed.push(...items);
  }
  for (const condition of findPhrases(text, CONDITIONS)) {
    const clause = spanOf(clauseSpans, condition.start);
    if (clause !== undefined && !negatedBefore(text, clause, condition.start, 3, true)) {
      lists[condition.value].push(condition.text);
    }
  }
  return lists;
}

function hasNegatorWithin(text: Analyzed, span: Span): boolean {
  for (let k = span.start; k < span.end; k++) if (NEGATORS.has(text.tokens[k]?.text ?? '')) return true;
  return false;
}

function isWholeAnswer(text: Analyzed): DietWord | undefined {
  const words = text.tokens.filter((token) => token.kind !== 'punct');
  const hit = matchAt(words, 0, PLAIN_ANSWERS);
  return hit !== undefined && hit.end === words.length ? hit.value : undefined;
}

interface DietMention extends DietWord {
  readonly start: number;
  readonly end: number;
  readonly past: boolean;
}

function readDiets(text: Analyzed): DietMention[] {
  const spans = clauses(text);
  const mentions: DietMention[] = [];
  for (const match of findPhrases(text, DIET_WORDS)) {
    const clause = spanOf(spans, match.start);
    if (clause === undefined || negatedBefore(text, clause, match.start, 3)) continue;
    mentions.push({ ...match.value, start: match.start, end: match.end, past: hasPhrase(text, PAST_MARKERS, clause) });
  }
  const whole = isWholeAnswer(text);
  if (whole !== undefined) mentions.push({ ...whole, start: 0, end: text.tokens.length, past: false });
  return mentions;
}

function eatsFish(text: Analyzed): boolean {
  const spans = clauses(text);
  return findPhrases(text, EATS_FISH).some((match) => {
    const clause = spanOf(spans, match.start);
    return clause !== undefined && !negatedBefore(text, clause, match.start, 3);
  });
}

/** Foods the chosen diet leaves out, said without a "no" and outside the lists of what the user avoids. */
function eatenDespite(text: Analyzed, diet: DietType | undefined, lists: Lists): string[] {
  const table = diet === undefined ? undefined : LEFT_OUT[diet];
  if (table === undefined) return [];
  const avoided = new Set([...lists.allergies, ...lists.intolerances, ...lists.dislikes].flatMap((item) => item.split(' ')));
  const spans = clauses(text);
  return findPhrases(text, table)
    .filter((food) => {
      const clause = spanOf(spans, food.start);
      return clause !== undefined && !avoided.has(food.text) && !negatedBefore(text, clause, food.start, 4);
    })
    .map((food) => food.text);
}

export function extractDietaryPreferences(text: Analyzed): Extraction {
  const mentions = readDiets(text);
  const present = mentions.filter((mention) => !mention.past);
  const counted = present.length > 0 ? present : mentions;
  const lists = readLists(text, mentions);
  let diets = [...new Set(counted.map((mention) => mention.diet))];
  if (diets.length === 0) return nothing(['diet_type']);

  if (diets.includes('vegetarian') && eatsFish(text)) {
    diets = diets.map((diet) => (diet === 'vegetarian' ? 'pescatarian' : diet));
    diets = [...new Set(diets)];
  }
  const guesses: string[] = [];
  if (diets.length > 1) guesses.push(`more than one diet was mentioned (${diets.join(', ')}); took the first`);
  if (present.length === 0) guesses.push('only a past diet was mentioned');
  if (counted.every((mention) => mention.inferred)) guesses.push('the diet was read from a description');
  if (hasPhrase(text, HEDGES) || hasPhrase(text, DIET_HEDGES)) guesses.push('the answer sounds unsure');
  const eaten = eatenDespite(text, diets[0], lists);
  if (eaten.length > 0) guesses.push(`${eaten.join(', ')} said alongside a ${diets[0] ?? ''} diet`);
  const notFood = lists.allergies.filter((item) => findPhrases(analyze(item), NOT_FOOD).length > 0);
  if (notFood.length > 0) guesses.push(`not a food: ${notFood.join(', ')}`);
  if (lists.guessed.length > 0) guesses.push(`not said whether ${lists.guessed.join(', ')} is a dislike, an intolerance or an allergy`);
  return settled(
    {
      diet_type: diets[0],
      allergies: unique(lists.allergies),
      intolerances: unique(lists.intolerances),
      dislikes: unique(lists.dislikes),
    },
    guesses,
  );
}

/** The words this state reads (extract.ts counts any other non-filler word as unplaced). */
/** What a diet is made of, said around the diet ("I eat meat and fish"): the diet type holds it. */
const FOOD_GROUPS: ReadonlySet<string> = new Set([
  'meat',
  'fish',
  'seafood',
  'chicken',
  'eggs',
  'dairy',
  'vegetables',
  'veggies',
  'fruit',
  'plants',
  'animal',
  'products',
]);

const MEATS = ['meat', 'chicken', 'beef', 'pork', 'lamb', 'turkey', 'ham', 'bacon'];
const SEA = ['fish', 'seafood', 'tuna', 'salmon', 'shrimp', 'prawns'];
const ANIMAL = ['eggs', 'egg', 'dairy', 'milk', 'cheese', 'yogurt', 'butter', 'honey'];

/** Foods a diet leaves out: "vegan but I eat eggs" is not vegan, so it is asked. */
const LEFT_OUT: Partial<Record<DietType, ReturnType<typeof phraseSet>>> = {
  vegan: phraseSet([...MEATS, ...SEA, ...ANIMAL]),
  vegetarian: phraseSet([...MEATS, ...SEA]),
  pescatarian: phraseSet(MEATS),
};

// Not the fillers around items: how severe an allergy is cannot be saved, so "severe" is confirmed.
export const DIET_VOCABULARY = vocabulary(DIET_WORDS, PLAIN_ANSWERS, CONDITIONS, EATS_FISH, DIET_HEDGES, CUES, NOT_ITEMS, FOOD_GROUPS);
