/** State 1: fitness_level. */
import type { FITNESS_LEVELS } from '../../../schemas.js';
import { settled, nothing, type Extraction } from '../extraction.js';
import { HEDGES, PAST_MARKERS, hasPhrase, negatedBefore } from '../../../../../language/cues.js';
import { clauses, findPhrases, phraseTable, spanOf, vocabulary, type Analyzed } from '../../../../../language/text.js';

type Level = (typeof FITNESS_LEVELS)[number];
const ORDER: readonly Level[] = ['beginner', 'intermediate', 'advanced'];

interface LevelWord {
  readonly level: Level;
  /** Read from a description rather than named, so the user should confirm it. */
  readonly inferred: boolean;
}

const named = (level: Level): LevelWord => ({ level, inferred: false });
const described = (level: Level): LevelWord => ({ level, inferred: true });

const LEVEL_WORDS = phraseTable<LevelWord>([
  ['beginner', named('beginner')],
  ['beginners', named('beginner')],
  // "complete beginner", "total novice": the intensifier is part of how the level is named.
  ['complete beginner', named('beginner')],
  ['total beginner', named('beginner')],
  ['absolute beginner', named('beginner')],
  ['complete novice', named('beginner')],
  ['total novice', named('beginner')],
  ['absolute novice', named('beginner')],
  ['total newbie', named('beginner')],
  ['complete newbie', named('beginner')],
  ['novice', named('beginner')],
  ['newbie', named('beginner')],
  ['noob', named('beginner')],
  ['rookie', named('beginner')],
  ['medium', named('intermediate')],
  ['medium level', named('intermediate')],
  ['newb', named('beginner')],
  ['new to', named('beginner')],
  ['just starting', named('beginner')],
  ['just started', named('beginner')],
  ['starting out', named('beginner')],
  ['from scratch', named('beginner')],
  ['never worked out', named('beginner')],
  ['never exercised', named('beginner')],
  ['never trained', named('beginner')],
  ['never lifted', named('beginner')],
  ['never been to a gym', named('beginner')],
  ['never been to the gym', named('beginner')],
  ['first time', named('beginner')],
  ['intermediate', named('intermediate')],
  ['mid level', named('intermediate')],
  ['midlevel', named('intermediate')],
  ['advanced', named('advanced')],
  ['expert', named('advanced')],
  ['elite', named('advanced')],
  ['very experienced', named('advanced')],
  ['highly trained', named('advanced')],
  // A long break: "haven't really worked out since high school".
  ['havent worked out', described('beginner')],
  ['havent really worked out', described('beginner')],
  ['havent exercised', described('beginner')],
  ['havent really exercised', described('beginner')],
  ['havent trained', described('beginner')],
  ['havent really trained', described('beginner')],
  ["haven't worked out", described('beginner')],
  ["haven't really worked out", described('beginner')],
  ["haven't exercised", described('beginner')],
  ["haven't really exercised", described('beginner')],
  ["haven't trained", described('beginner')],
  ["haven't really trained", described('beginner')],
  ['out of shape', described('beginner')],
  ['not very fit', described('beginner')],
  ['not fit', described('beginner')],
  ['unfit', described('beginner')],
  ['sedentary', described('beginner')],
  ['couch potato', described('beginner')],
  ["haven't worked out", described('beginner')],
  ["haven't exercised", described('beginner')],
  ["haven't trained", described('beginner')],
  ['not active', described('beginner')],
  ['rusty', described('beginner')],
  ['lazy', described('beginner')],
  ['been lazy', described('beginner')],
  ['some experience', described('intermediate')],
  ['in the middle', described('intermediate')],
  ['in between', described('intermediate')],
  ['so so', described('intermediate')],
  ['not bad', described('intermediate')],
  ['average', described('intermediate')],
  ['moderate', described('intermediate')],
  ['moderately fit', described('intermediate')],
  ['fairly fit', described('intermediate')],
  ['reasonably fit', described('intermediate')],
  ['decent shape', described('intermediate')],
  ['experienced', described('advanced')],
  ['athlete', described('advanced')],
  ['very fit', described('advanced')],
  ['competitive', described('advanced')],
  ['great shape', described('advanced')],
  ['top shape', described('advanced')],
]);

/**
 * Words that frame a self-assessment without carrying a level ("I'd call myself", "I would
 * consider myself", "an advanced lifter", "never worked out in my life", "I used to run"): the
 * level itself must still be named or described. They count as accounted for in this state only
 * (extract.ts), so elsewhere they still ask for a confirmation.
 */
const LEVEL_FRAMING: ReadonlySet<string> = new Set([
  'call',
  'consider',
  'describe',
  'rate',
  'myself',
  'life',
  'lifter',
  'lifters',
  'weightlifter',
  'lifting',
  'lift',
  'lifts',
  'run',
  'running',
  'ran',
  'runner',
  'jog',
  'jogging',
  'swim',
  'swimming',
  'cycling',
  'biking',
  'hiking',
  'sport',
  'sports',
  'playing',
  'played',
  // How long and where: "been lifting 8 years", "I go to the gym 3 times a week".
  'years',
  'year',
  'months',
  'month',
  'gym',
  'experience',
  'experienced',
  // Intensifiers said after the level too ("principiante total").
  'total',
  'complete',
  'absolute',
]);

interface Mention {
  readonly level: Level;
  readonly inferred: boolean;
  readonly past: boolean;
}

export function extractFitnessLevel(text: Analyzed): Extraction {
  const spans = clauses(text);
  const mentions: Mention[] = [];
  const denied = new Set<Level>();
  for (const match of findPhrases(text, LEVEL_WORDS)) {
    const clause = spanOf(spans, match.start);
    if (clause === undefined) continue;
    if (negatedBefore(text, clause, match.start, 3)) {
      if (!match.value.inferred) denied.add(match.value.level);
      continue;
    }
    mentions.push({ ...match.value, past: hasPhrase(text, PAST_MARKERS, clause) });
  }
  // Neither end of the scale ("not a beginner but not advanced either") leaves the middle.
  if (denied.has('beginner') && denied.has('advanced')) mentions.push({ level: 'intermediate', inferred: false, past: false });
  // Today's level outweighs a past one ("I was advanced years ago, now I'm out of shape"), and
  // then a named level outweighs a description: "an intermediate level athlete" is intermediate.
  const present = mentions.filter((mention) => !mention.past);
  const current = present.length > 0 ? present : mentions;
  const named = current.filter((mention) => !mention.inferred);
  const counted = named.length > 0 ? named : current;
  if (counted.length === 0) return nothing(['fitness_level']);

  const levels = [...new Set(counted.map((mention) => mention.level))].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const guesses: string[] = [];
  if (levels.length > 1) guesses.push(`more than one level was mentioned (${levels.join(', ')}); took the lowest`);
  if (present.length === 0) guesses.push('only a past level was mentioned');
  if (counted.every((mention) => mention.inferred)) guesses.push('the level was read from a description');
  if (hasPhrase(text, HEDGES) || text.tokens.some((token) => token.text === '?')) {
    guesses.push('the answer sounds unsure');
  }
  return settled({ fitness_level: levels[0] }, guesses);
}

/** The words this state reads (extract.ts counts any other non-filler word as unplaced). */
export const LEVEL_VOCABULARY = vocabulary(LEVEL_WORDS, LEVEL_FRAMING);
