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
import { settled, type Extraction } from './extraction.js';
import { mentionsNotices, negationsFirst, optsOut } from '../../../../language/negation.js';
import { spanishToCues } from '../../../../language/spanish.js';
import { analyze } from '../../../../language/text.js';
import { dropSeconds } from '../../../../language/times.js';
import { correctTypos, unaccounted } from '../../../../language/vocabulary.js';
import { extractWorkoutConstraints } from './states/constraints.js';
import { extractDietaryPreferences } from './states/diet.js';
import { extractGoals } from './states/goals.js';
import { extractHydrationSchedule } from './states/hydration.js';
import { LEVEL_FRAMING, extractFitnessLevel } from './states/level.js';
import { extractMealPlan } from './states/macros.js';
import { extractMealSchedule } from './states/meals.js';
import { extractSupplementPreferences } from './states/supplements.js';
import { extractWorkoutSchedule } from './states/workouts.js';

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

/** Words a state's answers use around their values, accounted for in that state only. */
const STATE_CONTEXT: Partial<Record<ExtractState, ReadonlySet<string>>> = { 1: LEVEL_FRAMING };

function read(state: ExtractState, cues: string): { extraction: Extraction; unknown: string[] } {
  const text = analyze(cues);
  const extraction = EXTRACTORS[state](text);
  const unknown = unaccounted(text, extraction.status === 'none' ? {} : extraction.data, STATE_CONTEXT[state]);
  return { extraction, unknown };
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
  let { extraction, unknown } = read(state, cues);
  const guesses: string[] = [];
  if (unknown.length > 0) {
    const fixed = correctTypos(cues, unknown);
    if (fixed.corrections.length > 0) {
      const retry = read(state, fixed.text);
      if (retry.extraction.status !== 'none' || extraction.status === 'none') {
        extraction = retry.extraction;
        unknown = retry.unknown;
        const unsure = fixed.corrections.filter((c) => !c.confident);
        if (unsure.length > 0) guesses.push(`read ${unsure.map((c) => `"${c.from}" as "${c.to}"`).join(', ')}`);
      }
    }
  }
  if (extraction.status === 'none') return extraction;
  if (state === 6 || state === 7) {
    const field = state === 6 ? 'meals' : 'workouts';
    if (optsOut(cues)) extraction = withoutNotifications(extraction, field);
    else if (mentionsNotices(cues)) guesses.push('notifications were mentioned');
  }
  if (unknown.length > 0) guesses.push(`could not place: ${unknown.join(', ')}`);
  if (guesses.length === 0 || extraction.status === 'none') return extraction;
  return settled(extraction.data, [...reasonsOf(extraction), ...guesses]);
}
