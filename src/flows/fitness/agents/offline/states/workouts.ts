/**
 * State 7: workouts, one slot per day and time. A time without am/pm is a guess unless the
 * answer says which half of the day ("Tuesday and Thursday evenings at 6").
 */
import { settled, nothing, type Extraction } from '../extraction.js';
import { HEDGES, hasPhrase } from '../../../../../language/cues.js';
import { DAY_WORDS, findDays, type DayMention } from '../../../../../language/days.js';
import { pairMentions, type Mention } from '../../../../../language/pairing.js';
import { clauses, findPhrases, phraseTable, spanOf, vocabulary, type Analyzed, type Span } from '../../../../../language/text.js';
import {
  TIME_WORDS,
  findTimes,
  formatHHMM,
  likelyReading,
  readingsOf,
  withMeridiem,
  type Meridiem,
  type TimeMention,
} from '../../../../../language/times.js';

const DAY_PARTS = phraseTable<Meridiem>([
  ['morning', 'am'],
  ['mornings', 'am'],
  ['before work', 'am'],
  ['early', 'am'],
  ['afternoon', 'pm'],
  ['afternoons', 'pm'],
  ['evening', 'pm'],
  ['evenings', 'pm'],
  ['night', 'pm'],
  ['nights', 'pm'],
  ['after work', 'pm'],
  ['tonight', 'pm'],
]);

function dayPartOf(text: Analyzed, span: Span | undefined): Meridiem | undefined {
  const parts = new Set(findPhrases(text, DAY_PARTS, span?.start, span?.end).map((part) => part.value));
  const [only] = parts;
  return parts.size === 1 ? only : undefined;
}

/** "every day except Sunday": exceptions come off the days named just before them. */
function applyExclusions(mentions: readonly DayMention[]): DayMention[] {
  const kept: DayMention[] = [];
  for (const mention of mentions) {
    const previous = kept[kept.length - 1];
    if (!mention.excluded) kept.push(mention);
    else if (previous !== undefined) {
      kept[kept.length - 1] = { ...previous, days: previous.days.filter((day) => !mention.days.includes(day)) };
    }
  }
  return kept.filter((mention) => mention.days.length > 0);
}

export function extractWorkoutSchedule(text: Analyzed): Extraction {
  const days = applyExclusions(findDays(text));
  const times = findTimes(text);
  if (days.length === 0 && times.length === 0) return nothing(['workouts']);

  const mentions: Array<Mention<DayMention, TimeMention>> = [
    ...days.map((day) => ({ kind: 'name' as const, index: day.start, value: day })),
    ...times.map((time) => ({ kind: 'time' as const, index: time.start, value: time })),
  ];
  const paired = pairMentions(text, mentions, { shareTimes: true });
  const missing: string[] = [];
  if (paired.unpairedNames.length > 0) missing.push('scheduled_time');
  if (paired.unpairedTimes.length > 0) missing.push('day_of_week');
  if (missing.length > 0) return nothing(missing);

  const guesses: string[] = [];
  const spans = clauses(text);
  const wholeAnswerPart = dayPartOf(text, undefined);
  const slots = new Map<string, { day_of_week: number; scheduled_time: string }>();
  for (const { name, time } of paired.pairs) {
    let mention = time;
    const part = dayPartOf(text, spanOf(spans, time.start)) ?? wholeAnswerPart;
    if (mention.kind === 'open' && part !== undefined) mention = withMeridiem(mention, part);
    const readings = readingsOf(mention);
    const [only] = readings;
    if (readings.length > 1 || only === undefined) guesses.push('a workout time without am/pm could be morning or evening');
    const scheduled_time = formatHHMM(readings.length === 1 && only !== undefined ? only : likelyReading(mention));
    for (const day of name.days) slots.set(`${day} ${scheduled_time}`, { day_of_week: day, scheduled_time });
  }
  const workouts = [...slots.values()].sort((a, b) => a.day_of_week - b.day_of_week || a.scheduled_time.localeCompare(b.scheduled_time));
  if (hasPhrase(text, HEDGES)) guesses.push('the answer sounds unsure');
  return settled({ workouts }, guesses);
}

/** The words this state reads (extract.ts counts any other non-filler word as unplaced). */
/** "every Saturday", "each Monday": the day said as a habit. */
const HABIT_WORDS: ReadonlySet<string> = new Set(['every', 'each']);

export const WORKOUT_VOCABULARY = vocabulary(DAY_PARTS, DAY_WORDS, TIME_WORDS, HABIT_WORDS);
