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
import { mentionsNotices, negationsFirst, optsOut } from '../../../../language/negation.js';
import { spanishToCues } from '../../../../language/spanish.js';
import { CUE_WORDS, NEGATORS, OTHER_PEOPLE, SENTENCE_WORDS, hasPhrase } from '../../../../language/cues.js';
import { LIST_WORDS } from '../../../../language/lists.js';
import { analyze, clauses, vocabulary, type Analyzed, type Vocabulary } from '../../../../language/text.js';
import { dropSeconds } from '../../../../language/times.js';
import { correctTypos, unaccounted, type Correction } from '../../../../language/vocabulary.js';
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

interface Reading {
  readonly extraction: Extraction;
  /** Words nothing accounts for. */
  readonly unknown: string[];
}

function read(state: ExtractState, cues: string): Reading {
  const text = analyze(cues);
  const extraction = EXTRACTORS[state](text);
  const unknown = unaccounted(text, extraction.status === 'none' ? {} : extraction.data, VOCABULARIES[state]);
  return { extraction, unknown };
}

/**
 * Unknown words corrected to the vocabulary when that makes a difference. A correction counts
 * only if the answer reads differently with it than without it: "alergic" -> "allergic" finds an
 * allergy, but "planet" -> "plant" in the equipment state changes nothing, so "planet" is still a
 * word the agent cannot place (a correction to a word this state ignores explains nothing). A
 * word corrected under a negation ("no injurys") is placed: what it says is that there is none.
 */
function readCorrected(state: ExtractState, cues: string, first: Reading): { reading: Reading; text: string; guesses: string[] } {
  const unchanged = { reading: first, text: cues, guesses: [] };
  const known = VOCABULARIES[state];
  const fixed = correctTypos(cues, first.unknown, known);
  if (fixed.corrections.length === 0) return unchanged;
  const retry = read(state, fixed.text);
  if (retry.extraction.status === 'none' && first.extraction.status !== 'none') return unchanged;
  const negated = negatedWords(analyze(fixed.text));
  const idle = (correction: Correction): boolean => {
    if (negated.has(correction.to)) return false;
    const without =
      fixed.corrections.length === 1
        ? first
        : read(
            state,
            correctTypos(
              cues,
              first.unknown.filter((word) => word !== correction.from),
              known,
            ).text,
          );
    return isDeepStrictEqual(without.extraction, retry.extraction);
  };
  const used = fixed.corrections.filter((correction) => !idle(correction));
  if (used.length === 0) return unchanged;
  const text =
    used.length === fixed.corrections.length
      ? fixed.text
      : correctTypos(
          cues,
          used.map((c) => c.from),
          known,
        ).text;
  const unsure = used.filter((c) => !c.confident);
  return {
    reading: text === fixed.text ? retry : read(state, text),
    text,
    guesses: unsure.length > 0 ? [`read ${unsure.map((c) => `"${c.from}" as "${c.to}"`).join(', ')}`] : [],
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
  const said = message.slice(0, MAX_MESSAGE_CHARS);
  // Seconds are dropped only where clock times are read: in state 5 "20:40:40" is a macro split.
  const cues = negationsFirst(spanishToCues(state === 6 || state === 7 ? dropSeconds(said) : said));
  const corrected = readCorrected(state, cues, read(state, cues));
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
  if (guesses.length === 0 || extraction.status === 'none') return extraction;
  return settled(extraction.data, [...reasonsOf(extraction), ...guesses]);
}
