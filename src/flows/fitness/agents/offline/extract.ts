/**
 * Deterministic plain-English extraction for the offline onboarding agent (docs/behaviour/conversation.md,
 * "Agents and tools" -> "Offline"). Pure and synchronous: no I/O, no randomness.
 *
 * How answers are classified, the same way in every state:
 * - 'ok': every required field was said. Values are returned as said, even out of range
 *   ("12000 kcal", "30/40/20"): the state's schema rejects them and the agent names the limit.
 * - 'unsure': every required field was found, but reading one took a guess the user should
 *   confirm: a time without am/pm that fits both halves of the day, a level or goal read from a
 *   description ("out of shape", "toned"), two levels or diets at once (the lowest level, the
 *   first diet is kept), a range (its first figure), a unitless figure read by its size, or
 *   words of real doubt ("not sure", "maybe", "-ish"; "probably" and "I think" do not count).
 * - 'none': some required field was not said. `missing` names it so the agent can ask one
 *   question; for lists of meals/workouts it names the part that is missing (`scheduled_time`,
 *   `meal_name`, `day_of_week`) and `meals`/`workouts` when there is nothing at all. Several
 *   days share one time ("Mon, Wed and Fri at 7am"); meals do not ("lunch, dinner at 7" leaves
 *   lunch without a time). A time range ("6-7pm") is scheduled at its start, with no guess.
 * - Nothing is invented. Unit conversions are exact (3 liters = 3000 ml, "every hour and a
 *   half" = 90, lb -> kg); a value that needs an assumed size or span is not produced:
 *   "8 glasses" (glass size), "twice a day" (length of a waking day), "every other day" (which
 *   days), "3 meals a day" (names), a missing macro (never the remainder of the other two).
 * - List fields (state 3's three lists, state 4's allergies/intolerances/dislikes) are [] when
 *   not mentioned: the behaviour reference lets them be empty and its own example omits limitations. State 3
 *   is 'ok' once any of its three lists is mentioned (or denied: "no injuries", "bodyweight");
 *   targets alone do not count. State 4 needs diet_type.
 * - Injuries are written as "[side] body part" ("left knee", "lower back") or as the named
 *   condition ("tennis elbow"); limitations are the user's own clause ("only 30 minutes per
 *   session"); equipment and supplements are the known names found in the text.
 * - Goals: lose/burn/cut/slim down -> fat_loss; build/gain/bulk/get stronger -> muscle_gain;
 *   healthy/get fit/endurance/stamina/mobility -> general_fitness; "tone"/"ripped" -> fat_loss,
 *   unsure. Priority follows the order of mention, except that a goal said to be the main one
 *   ("mainly", "above all") comes first.
 * - Supplements: current_supplements is always present (what the user takes now, else []).
 *   Naming or asking about supplements means interested; "no supplements" / "I don't take any"
 *   alone means not interested.
 */
import { isDeepStrictEqual } from 'node:util';
import { settled, type Extraction } from './extraction.js';
import { applySelfCorrection, withoutOthersClause } from '../../../../language/corrections.js';
import { mentionsNotices, negationsFirst, optsOut } from '../../../../language/negation.js';
import { foldAccents, looksSpanish, spanishMeaning, spanishToCues, spanishVocabulary, type Topic } from '../../../../language/spanish.js';
import { CUE_WORDS, NEGATORS, OTHER_PEOPLE, SENTENCE_WORDS, hasPhrase } from '../../../../language/cues.js';
import { LIST_WORDS } from '../../../../language/lists.js';
import { asWritten } from '../../../../language/normalize.js';
import { isDictionaryWord } from '../../../../language/dictionary.js';
import { analyze, clauses, vocabulary, type Analyzed, type Vocabulary } from '../../../../language/text.js';
import { dropSeconds } from '../../../../language/times.js';
import { correct, unaccounted, type Correction } from '../../../../language/vocabulary.js';
import { CONSTRAINT_VOCABULARY, extractWorkoutConstraints } from './states/constraints.js';
import { DIET_VOCABULARY, extractDietaryPreferences } from './states/diet.js';
import { GOAL_VOCABULARY, extractGoals } from './states/goals.js';
import { HYDRATION_VOCABULARY, extractHydrationSchedule } from './states/hydration.js';
import { LEVEL_VOCABULARY, extractFitnessLevel } from './states/level.js';
import { MACRO_VOCABULARY, extractMealPlan } from './states/macros.js';
import { MEAL_VOCABULARY, extractMealSchedule } from './states/meals.js';
import { SUPPLEMENT_VOCABULARY, extractSupplementPreferences } from './states/supplements.js';
import { WORKOUT_VOCABULARY, extractWorkoutSchedule } from './states/workouts.js';

export type { Extraction } from './extraction.js';

type ExtractState = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

const EXTRACTORS = {
  1: extractFitnessLevel,
  2: extractGoals,
  3: extractWorkoutConstraints,
  4: extractDietaryPreferences,
  5: extractMealPlan,
  6: extractMealSchedule,
  7: extractWorkoutSchedule,
  8: extractHydrationSchedule,
  9: extractSupplementPreferences,
} as const;

/**
 * Answers are a sentence or two; reading only this much keeps a pasted essay from eating the
 * offline turn's latency budget (docs/behaviour/operations.md: p99 <= 20 ms).
 */
export const MAX_MESSAGE_CHARS = 2000;

/**
 * The words each state accounts for: its own tables and the language every reader shares
 * (doubt, the past, contrast, list joiners). A word only another state knows ("weekend" in the
 * meal state, "fitness membership" in the equipment state) is a word this state would ignore.
 */
const VOCABULARIES: Readonly<Record<ExtractState, Vocabulary>> = {
  1: vocabulary(LEVEL_VOCABULARY, CUE_WORDS, LIST_WORDS),
  2: vocabulary(GOAL_VOCABULARY, CUE_WORDS, LIST_WORDS),
  3: vocabulary(CONSTRAINT_VOCABULARY, CUE_WORDS, LIST_WORDS),
  4: vocabulary(DIET_VOCABULARY, CUE_WORDS, LIST_WORDS),
  5: vocabulary(MACRO_VOCABULARY, CUE_WORDS, LIST_WORDS),
  6: vocabulary(MEAL_VOCABULARY, CUE_WORDS, LIST_WORDS),
  7: vocabulary(WORKOUT_VOCABULARY, CUE_WORDS, LIST_WORDS),
  8: vocabulary(HYDRATION_VOCABULARY, CUE_WORDS, LIST_WORDS),
  9: vocabulary(SUPPLEMENT_VOCABULARY, CUE_WORDS, LIST_WORDS),
};

/**
 * The Spanish words each state's rules read (spanish.ts), the vocabulary a Spanish typo is
 * corrected toward: "adelgasar" is a typo in the goals state, where "adelgazar" is read.
 */
const SHARED_TOPICS: readonly Topic[] = ['doubt', 'function'];
const SPANISH_TOPICS: Readonly<Record<ExtractState, readonly Topic[]>> = {
  1: ['level'],
  2: ['goals'],
  3: ['constraints', 'amounts', 'numbers'],
  4: ['diet'],
  5: ['amounts', 'numbers'],
  6: ['meals', 'times', 'numbers'],
  7: ['days', 'times', 'numbers'],
  8: ['amounts', 'times', 'reminders', 'numbers'],
  9: ['supplements'],
};
const SPANISH: Readonly<Record<ExtractState, ReadonlySet<string>>> = {
  1: spanishVocabulary(...SPANISH_TOPICS[1], ...SHARED_TOPICS),
  2: spanishVocabulary(...SPANISH_TOPICS[2], ...SHARED_TOPICS),
  3: spanishVocabulary(...SPANISH_TOPICS[3], ...SHARED_TOPICS),
  4: spanishVocabulary(...SPANISH_TOPICS[4], ...SHARED_TOPICS),
  5: spanishVocabulary(...SPANISH_TOPICS[5], ...SHARED_TOPICS),
  6: spanishVocabulary(...SPANISH_TOPICS[6], ...SHARED_TOPICS),
  7: spanishVocabulary(...SPANISH_TOPICS[7], ...SHARED_TOPICS),
  8: spanishVocabulary(...SPANISH_TOPICS[8], ...SHARED_TOPICS),
  9: spanishVocabulary(...SPANISH_TOPICS[9], ...SHARED_TOPICS),
};

/** Without the words every state shares: a typo of "tampoco" explains nothing about a goal. */
const SPANISH_OWN: Readonly<Record<ExtractState, ReadonlySet<string>>> = {
  1: spanishVocabulary(...SPANISH_TOPICS[1]),
  2: spanishVocabulary(...SPANISH_TOPICS[2]),
  3: spanishVocabulary(...SPANISH_TOPICS[3]),
  4: spanishVocabulary(...SPANISH_TOPICS[4]),
  5: spanishVocabulary(...SPANISH_TOPICS[5]),
  6: spanishVocabulary(...SPANISH_TOPICS[6]),
  7: spanishVocabulary(...SPANISH_TOPICS[7]),
  8: spanishVocabulary(...SPANISH_TOPICS[8]),
  9: spanishVocabulary(...SPANISH_TOPICS[9]),
};

/** The answer as the readers see it: Spanish cue words in English, negations first. */
function cuesOf(state: ExtractState, said: string): string {
  // Seconds are dropped only where clock times are read: in state 5 "20:40:40" is a macro split.
  return negationsFirst(spanishToCues(state === 6 || state === 7 ? dropSeconds(said) : said));
}

interface Reading {
  readonly extraction: Extraction;
  /** Words nothing accounts for. */
  readonly unknown: string[];
}

/**
 * With `spanish`, a saved word a slip away from a Spanish word of the state ("tomo creatna") is
 * read as a typo rather than as a supplement of that name.
 */
function read(state: ExtractState, cues: string, spanish: boolean): Reading {
  const text = analyze(cues);
  const extraction = EXTRACTORS[state](text);
  const data = extraction.status === 'none' ? {} : extraction.data;
  const unknown = unaccounted(text, data, VOCABULARIES[state], spanish ? SPANISH[state] : undefined);
  return { extraction, unknown };
}

/**
 * Whether the answer may be Spanish, so that its slips are Spanish typos. Not in a plainly
 * English answer: "keto, lactose intlerant" names no Spanish word and an English one the state
 * knows (misspelt), so "lactose" is the food, not a slip of "lactosa". There a saved word is
 * never read as a Spanish typo, and an unknown word corrected toward Spanish is only proposed.
 */
function maybeSpanish(state: ExtractState, said: string): boolean {
  if (looksSpanish(said)) return true;
  const english = VOCABULARIES[state];
  const own = SPANISH[state];
  // An English word the state knows, or a typo of one ("lactose intlerant"), says the answer is English.
  return !analyze(foldAccents(said)).tokens.some(
    (token) => token.kind === 'word' && !own.has(token.text) && (english.has(token.text) || correct(token.text, english) !== null),
  );
}

/** A typo's correction, and whether it is a Spanish word (corrected before the Spanish rules run). */
interface Fix extends Correction {
  readonly spanish: boolean;
}

/**
 * The nearest word of the state's vocabulary, English or Spanish. The Spanish one is taken only
 * when it is nearer: an English answer reads as it always has ("alergic" is "allergic").
 */
function fixOf(state: ExtractState, word: string, spanishAnswer: boolean): Fix | null {
  // A real word of either language is what the user meant ("por sesión" is not "por lesión").
  if (isDictionaryWord(word)) return null;
  const english = correct(word, VOCABULARIES[state]);
  const found = correct(word, SPANISH[state], spanishMeaning);
  const spanish = found === null || spanishAnswer ? found : { ...found, confident: false };
  // Fixed before the Spanish rules run, a word is read by them and by the English readers alike.
  const nearer =
    english === null || spanish === null || spanish.slips < english.slips || (spanish.slips === english.slips && spanish.to === english.to);
  if (spanish !== null && nearer) return { ...spanish, spanish: true };
  return english === null ? null : { ...english, spanish: false };
}

const wholeWord = (word: string): RegExp => new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'gu');

/**
 * The answer read with these fixes: a Spanish typo is fixed in what was said, so the Spanish
 * rules then read it ("desayno a las 8" -> "breakfast at 8"); an English one in the cues.
 */
function cuesWith(state: ExtractState, said: string, fixes: readonly Fix[]): string {
  let text = said;
  if (fixes.some((fix) => fix.spanish)) {
    text = foldAccents(said.toLowerCase());
    for (const fix of fixes) if (fix.spanish) text = text.replace(wholeWord(fix.from), fix.to);
  }
  let cues = cuesOf(state, text);
  for (const fix of fixes) if (!fix.spanish) cues = cues.replace(wholeWord(fix.from), fix.to);
  return cues;
}

/**
 * Unknown words corrected to the vocabulary when that makes a difference. A correction counts
 * only if the answer reads differently with it than without it: "alergic" -> "allergic" finds an
 * allergy, but "planet" -> "plant" in the equipment state changes nothing, so "planet" is still a
 * word the agent cannot place (a correction to a word this state ignores explains nothing). A
 * word corrected under a negation ("no injurys") is placed: what it says is that there is none.
 * Spanish words are corrected toward the state's Spanish vocabulary the same way.
 */
function readCorrected(
  state: ExtractState,
  said: string,
  spanishAnswer: boolean,
  first: Reading,
): { reading: Reading; text: string; guesses: string[] } {
  const unchanged = { reading: first, text: cuesOf(state, said), guesses: [] };
  const fixes = first.unknown.map((word) => fixOf(state, word, spanishAnswer)).filter((fix): fix is Fix => fix !== null);
  if (fixes.length === 0) return unchanged;
  const fixedText = cuesWith(state, said, fixes);
  const retry = read(state, fixedText, spanishAnswer);
  if (retry.extraction.status === 'none' && first.extraction.status !== 'none') return unchanged;
  const fixedAnalyzed = analyze(fixedText);
  const negated = negatedWords(fixedAnalyzed);
  const fixedWords = new Set(fixedAnalyzed.tokens.map((token) => token.text));
  const idle = (fix: Fix): boolean => {
    if (negated.has(fix.to) || (fix.spanish && negated.has(spanishMeaning(fix.to)))) return false;
    // A Spanish word the state's rules then read as part of a phrase ("ganar masa muscualr") is
    // placed even when the phrase was already read without it.
    if (fix.spanish && SPANISH_OWN[state].has(fix.to) && !fixedWords.has(fix.to)) return false;
    const without =
      fixes.length === 1
        ? first
        : read(
            state,
            cuesWith(
              state,
              said,
              fixes.filter((other) => other !== fix),
            ),
            spanishAnswer,
          );
    return isDeepStrictEqual(without.extraction, retry.extraction);
  };
  const used = fixes.filter((fix) => !idle(fix));
  if (used.length === 0) return unchanged;
  const text = used.length === fixes.length ? fixedText : cuesWith(state, said, used);
  const unsure = used.filter((fix) => !fix.confident);
  return {
    reading: text === fixedText ? retry : read(state, text, spanishAnswer),
    text,
    guesses: unsure.length > 0 ? [`read ${unsure.map((fix) => `"${fix.from}" as "${fix.to}"`).join(', ')}`] : [],
  };
}

/** Words said after a negator in their clause ("no allergies", "not a beginner"). */
function negatedWords(text: Analyzed): Set<string> {
  const words = new Set<string>();
  for (const span of clauses(text)) {
    let negating = false;
    for (let k = span.start; k < span.end; k++) {
      const token = text.tokens[k];
      if (token?.kind !== 'word') continue;
      if (NEGATORS.has(token.text)) negating = true;
      else if (negating) words.add(token.text);
    }
  }
  return words;
}

/** Lists whose items are the user's own words (foods, supplement names), not table values. */
const FREE_TEXT_LISTS: Partial<Record<ExtractState, readonly string[]>> = {
  4: ['allergies', 'intolerances', 'dislikes'],
  9: ['current_supplements'],
};

/**
 * Fields that hold what the user typed (foods, injuries, limitations, supplement names) rather than
 * table values. The readers compare words without accents, so these are spelt back as the user
 * wrote them ("alérgica al maní" saves "maní", "alergica al mani" saves "mani").
 */
const WRITTEN_FIELDS: Partial<Record<ExtractState, readonly string[]>> = {
  3: ['injuries', 'limitations'],
  ...FREE_TEXT_LISTS,
};

function spelledAsWritten(state: ExtractState, extraction: Extraction, said: string): Extraction {
  if (extraction.status === 'none') return extraction;
  const data = { ...extraction.data };
  for (const field of WRITTEN_FIELDS[state] ?? []) {
    const items = data[field];
    if (!Array.isArray(items)) continue;
    const written = items.map((item: unknown) => (typeof item === 'string' ? asWritten(item, said) : item));
    data[field] = written.every((item) => typeof item === 'string') ? [...new Set(written)] : written;
  }
  return { ...extraction, data };
}

/** Words in the longest name taken without asking ("dark chocolate chips", "vitamin b12"). */
const LONGEST_NAME = 3;

/**
 * Items that read like a sentence rather than a name: too long ("peanuts make me swell up") or
 * with a pronoun or verb inside ("me interesan recomendaciones"). A name is saved as said
 * ("spicy food"); a sentence is shown to the user first.
 */
function sentencesIn(state: ExtractState, data: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const field of FREE_TEXT_LISTS[state] ?? []) {
    const items = data[field];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (typeof item !== 'string') continue;
      const words = item.toLowerCase().split(/\s+/);
      // One word is a name even when another language uses it as a word of a sentence ("soy").
      if (words.length > LONGEST_NAME || (words.length > 1 && words.some((word) => SENTENCE_WORDS.has(word)))) found.push(item);
    }
  }
  return found;
}

const reasonsOf = (extraction: Extraction): string[] => (extraction.status === 'unsure' ? [extraction.reason] : []);

function withoutNotifications(extraction: Extraction, field: 'meals' | 'workouts'): Extraction {
  if (extraction.status === 'none') return extraction;
  const items = extraction.data[field];
  if (!Array.isArray(items)) return extraction;
  const quiet = items.map((item: unknown) => (typeof item === 'object' && item !== null ? { ...item, enable_notifications: false } : item));
  return { ...extraction, data: { ...extraction.data, [field]: quiet } };
}

/**
 * Spanish cue words are read as their English equivalents; words nothing accounts for are
 * corrected when they are typos of known words, and otherwise make a complete answer one to
 * confirm: the agent never saves an answer while ignoring part of it.
 */
export function extractForState(state: ExtractState, message: string): Extraction {
  // "30/40/30 no wait 35/35/30": read as the user meant it, and confirmed, never saved outright.
  // "my brother has a bad knee but I'm fine": only the user's own part is read, and confirmed.
  const said = message.slice(0, MAX_MESSAGE_CHARS);
  const corrected = applySelfCorrection(said);
  const own = withoutOthersClause(corrected ?? said);
  if (corrected === undefined && own === undefined) return readAnswer(state, said);
  const reading = readAnswer(state, own ?? corrected ?? said);
  if (reading.status === 'none') return reading;
  const why = [
    ...(corrected === undefined ? [] : ['the answer corrects itself']),
    ...(own === undefined ? [] : ['someone else was mentioned']),
  ];
  return settled(reading.data, [...reasonsOf(reading), ...why]);
}

function readAnswer(state: ExtractState, message: string): Extraction {
  const said = message.slice(0, MAX_MESSAGE_CHARS);
  const cues = cuesOf(state, said);
  const spanishAnswer = maybeSpanish(state, said);
  const corrected = readCorrected(state, said, spanishAnswer, read(state, cues, spanishAnswer));
  let { extraction } = corrected.reading;
  if (extraction.status === 'none') return extraction;
  const guesses = [...corrected.guesses];
  const unknown = [...corrected.reading.unknown];
  if (state === 6 || state === 7) {
    const field = state === 6 ? 'meals' : 'workouts';
    if (optsOut(cues)) extraction = withoutNotifications(extraction, field);
    else if (mentionsNotices(cues)) guesses.push('notifications were mentioned');
  }
  if (hasPhrase(analyze(cues), OTHER_PEOPLE)) guesses.push('someone else was mentioned');
  const sentences = extraction.status === 'none' ? [] : sentencesIn(state, extraction.data);
  if (sentences.length > 0) guesses.push(`read as names: ${sentences.map((item) => `"${item}"`).join(', ')}`);
  if (unknown.length > 0) guesses.push(`could not place: ${unknown.join(', ')}`);
  if (extraction.status === 'none') return extraction;
  extraction = spelledAsWritten(state, extraction, said);
  if (guesses.length === 0 || extraction.status === 'none') return extraction;
  return settled(extraction.data, [...reasonsOf(extraction), ...guesses]);
}
