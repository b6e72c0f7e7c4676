/** State 2: goals, each with a priority by order of mention. */
import { GOAL_TYPES } from '../../../schemas.js';
import { settled, nothing, type Extraction } from '../extraction.js';
import { HEDGES, hasPhrase, negatedBefore } from '../../../../../language/cues.js';
import {
  clauses,
  findPhrases,
  matchAt,
  phraseSet,
  phraseTable,
  spanOf,
  vocabulary,
  type Analyzed,
  type Span,
} from '../../../../../language/text.js';

type GoalType = (typeof GOAL_TYPES)[number];
const ALL_GOALS: readonly GoalType[] = GOAL_TYPES;

interface GoalWord {
  readonly goal: GoalType;
  /** Words that can mean more than one goal ("tone up"): kept, but confirmed. */
  readonly ambiguous: boolean;
}

const clear = (goal: GoalType): GoalWord => ({ goal, ambiguous: false });
const vague = (goal: GoalType): GoalWord => ({ goal, ambiguous: true });

const GOAL_WORDS = phraseTable<GoalWord>([
  ['fat loss', clear('fat_loss')],
  ['weight loss', clear('fat_loss')],
  ['lose weight', clear('fat_loss')],
  ['burn fat', clear('fat_loss')],
  ['fat burning', clear('fat_loss')],
  ['cut', clear('fat_loss')],
  ['cutting', clear('fat_loss')],
  ['slim down', clear('fat_loss')],
  ['slimming', clear('fat_loss')],
  ['slimmer', clear('fat_loss')],
  ['get lean', clear('fat_loss')],
  ['get leaner', clear('fat_loss')],
  ['lean out', clear('fat_loss')],
  ['leaner', clear('fat_loss')],
  ['shred', clear('fat_loss')],
  ['shredded', clear('fat_loss')],
  ['get thinner', clear('fat_loss')],
  ['belly fat', clear('fat_loss')],
  ['tone', vague('fat_loss')],
  ['toned', vague('fat_loss')],
  ['tone up', vague('fat_loss')],
  ['toning', vague('fat_loss')],
  ['ripped', vague('fat_loss')],
  ['muscle gain', clear('muscle_gain')],
  ['muscle', clear('muscle_gain')],
  ['muscles', clear('muscle_gain')],
  ['muscle building', clear('muscle_gain')],
  ['bulk', clear('muscle_gain')],
  ['bulk up', clear('muscle_gain')],
  ['bulking', clear('muscle_gain')],
  ['get bigger', clear('muscle_gain')],
  ['get big', clear('muscle_gain')],
  ['get stronger', clear('muscle_gain')],
  ['get strong', clear('muscle_gain')],
  ['stronger', clear('muscle_gain')],
  ['strength', clear('muscle_gain')],
  ['hypertrophy', clear('muscle_gain')],
  ['muscular', clear('muscle_gain')],
  ['gains', clear('muscle_gain')],
  ['get jacked', clear('muscle_gain')],
  ['jacked', clear('muscle_gain')],
  ['get buff', clear('muscle_gain')],
  ['general fitness', clear('general_fitness')],
  ['overall fitness', clear('general_fitness')],
  ['overall health', clear('general_fitness')],
  ['stay healthy', clear('general_fitness')],
  ['be healthy', clear('general_fitness')],
  ['get healthy', clear('general_fitness')],
  ['healthier', clear('general_fitness')],
  ['health', clear('general_fitness')],
  ['healthy', clear('general_fitness')],
  ['stay fit', clear('general_fitness')],
  ['keep fit', clear('general_fitness')],
  ['get fit', clear('general_fitness')],
  ['get fitter', clear('general_fitness')],
  ['fitter', clear('general_fitness')],
  ['in shape', clear('general_fitness')],
  ['back in shape', clear('general_fitness')],
  ['into shape', clear('general_fitness')],
  ['endurance', clear('general_fitness')],
  ['stamina', clear('general_fitness')],
  ['cardio', clear('general_fitness')],
  ['feel better', clear('general_fitness')],
  ['more energy', clear('general_fitness')],
  ['stay active', clear('general_fitness')],
  ['more active', clear('general_fitness')],
  ['mobility', clear('general_fitness')],
  ['flexibility', clear('general_fitness')],
  ['wellbeing', clear('general_fitness')],
  ['well being', clear('general_fitness')],
  ['longevity', clear('general_fitness')],
  ['conditioning', clear('general_fitness')],
  ['marathon', clear('general_fitness')],
  ['triathlon', clear('general_fitness')],
  ['5k', clear('general_fitness')],
  ['10k', clear('general_fitness')],
  ['maintain', clear('general_fitness')],
  ['maintenance', clear('general_fitness')],
]);

/** Verb + object a few words apart: "lose a bit of weight", "build some lean muscle". */
const GOAL_VERBS = phraseTable<GoalType>([
  ['lose', 'fat_loss'],
  ['losing', 'fat_loss'],
  ['burn', 'fat_loss'],
  ['burning', 'fat_loss'],
  ['drop', 'fat_loss'],
  ['dropping', 'fat_loss'],
  ['shed', 'fat_loss'],
  ['shedding', 'fat_loss'],
  ['reduce', 'fat_loss'],
  ['reducing', 'fat_loss'],
  ['get rid of', 'fat_loss'],
  ['trim', 'fat_loss'],
  ['build', 'muscle_gain'],
  ['building', 'muscle_gain'],
  ['gain', 'muscle_gain'],
  ['gaining', 'muscle_gain'],
  ['put on', 'muscle_gain'],
  ['putting on', 'muscle_gain'],
  ['add', 'muscle_gain'],
  ['adding', 'muscle_gain'],
  ['grow', 'muscle_gain'],
  ['increase', 'muscle_gain'],
  ['pack on', 'muscle_gain'],
  ['improve', 'general_fitness'],
  ['improving', 'general_fitness'],
  ['boost', 'general_fitness'],
]);

const GOAL_OBJECTS: Readonly<Record<GoalType, ReturnType<typeof phraseSet>>> = {
  fat_loss: phraseSet(['weight', 'fat', 'pounds', 'lbs', 'kilos', 'kg', 'kgs', 'belly', 'gut', 'inches', 'stone']),
  muscle_gain: phraseSet(['muscle', 'muscles', 'mass', 'size', 'strength', 'weight']),
  general_fitness: phraseSet(['fitness', 'health', 'endurance', 'stamina', 'cardio', 'energy', 'mobility', 'flexibility']),
};

const OBJECT_GAP = 4;

/** A clause with one of these is about the main goal, which then comes first. */
const PRIMARY_MARKERS = phraseSet([
  'mainly',
  'mostly',
  'primarily',
  'main goal',
  'main thing',
  'most importantly',
  'above all',
  'top priority',
  'first priority',
  'number one',
  'first and foremost',
  'more than anything',
  // "fat loss and muscle, muscle first"; "lose weight, but first build some muscle".
  'first',
  'firstly',
  'priority',
  'a priority',
  'my priority',
]);

/** Keeping what one has is not gaining it: "lose fat but keep my muscle" is asked, not assumed. */
const KEEP_WORDS = phraseSet([
  'keep',
  'keeping',
  'maintain',
  'maintaining',
  'preserve',
  'preserving',
  'retain',
  'hold on to',
  'without losing',
  'not lose',
  'not losing',
]);

const EVERYTHING = phraseSet([
  'all of the above',
  'all three',
  'all of them',
  'all of those',
  'everything',
  'a bit of everything',
  'a mix of everything',
  'all',
]);

interface GoalMention {
  readonly goal: GoalType;
  readonly ambiguous: boolean;
  readonly index: number;
  readonly primary: boolean;
}

function verbObjectMentions(text: Analyzed, spans: readonly Span[]): GoalMention[] {
  const mentions: GoalMention[] = [];
  for (const verb of findPhrases(text, GOAL_VERBS)) {
    const clause = spanOf(spans, verb.start);
    if (clause === undefined) continue;
    const objects = GOAL_OBJECTS[verb.value];
    const limit = Math.min(clause.end, verb.end + OBJECT_GAP);
    for (let k = verb.end; k < limit; k++) {
      if (matchAt(text.tokens, k, objects) !== undefined) {
        mentions.push({ goal: verb.value, ambiguous: false, index: verb.start, primary: false });
        break;
      }
    }
  }
  return mentions;
}

export function extractGoals(text: Analyzed): Extraction {
  const spans = clauses(text);
  const direct: GoalMention[] = findPhrases(text, GOAL_WORDS).map((match) => ({
    ...match.value,
    index: match.start,
    primary: false,
  }));
  const mentions = [...verbObjectMentions(text, spans), ...direct]
    .filter((mention) => {
      const clause = spanOf(spans, mention.index);
      return clause !== undefined && !negatedBefore(text, clause, mention.index);
    })
    .map((mention) => {
      const clause = spanOf(spans, mention.index);
      return { ...mention, primary: clause !== undefined && hasPhrase(text, PRIMARY_MARKERS, clause) };
    })
    .sort((a, b) => Number(b.primary) - Number(a.primary) || a.index - b.index);

  const guesses: string[] = [];
  let order = [...new Set(mentions.map((mention) => mention.goal))];
  if (order.length === 0 && hasPhrase(text, EVERYTHING)) {
    order = [...ALL_GOALS];
    guesses.push('all goals were chosen without an order of priority');
  }
  if (order.length === 0) return nothing(['goals']);

  const ambiguous = mentions.filter((mention) => mention.ambiguous).map((mention) => mention.goal);
  const clearGoals = new Set(mentions.filter((mention) => !mention.ambiguous).map((mention) => mention.goal));
  if (ambiguous.some((goal) => !clearGoals.has(goal))) {
    guesses.push('"toned"/"ripped" can mean losing fat or building muscle; took fat loss');
  }
  if (hasPhrase(text, HEDGES)) guesses.push('the answer sounds unsure');
  const kept = mentions.filter((mention) => {
    const clause = spanOf(spans, mention.index);
    return clause !== undefined && findPhrases(text, KEEP_WORDS, Math.max(clause.start, mention.index - 3), mention.index).length > 0;
  });
  if (kept.length > 0) guesses.push(`keeping ${kept.map((mention) => mention.goal).join(', ')} was read as a goal to work on`);
  return settled({ goals: order.map((goal_type, index) => ({ goal_type, priority: index + 1 })) }, guesses);
}

/** The words this state reads (extract.ts counts any other non-filler word as unplaced). */
/** Words around a goal that change nothing in it: "be healthier overall". */
const GOAL_FRAMING: ReadonlySet<string> = new Set(['overall', 'general', 'generally', 'goal', 'goals']);

export const GOAL_VOCABULARY = vocabulary(
  GOAL_WORDS,
  GOAL_VERBS,
  ...Object.values(GOAL_OBJECTS),
  PRIMARY_MARKERS,
  EVERYTHING,
  KEEP_WORDS,
  GOAL_FRAMING,
);
