/**
 * State 3: equipment, injuries and limitations (+ optional targets). Each clause is read on its
 * own: "dumbbells and a bench, bad left knee" is two clauses, one of equipment, one an injury.
 */
import { settled, nothing, type Extraction } from '../extraction.js';
import { HEDGES, hasPhrase } from '../../../../../language/cues.js';
import { spanText, splitItems, trimSpan, unique } from '../../../../../language/lists.js';
import { findNumbers, type NumberSpan } from '../../../../../language/numbers.js';
import {
  clauses,
  findPhrases,
  isJoiner,
  markRead,
  matchAt,
  phraseSet,
  phraseTable,
  spanOf,
  wordAt,
  vocabulary,
  type Analyzed,
  type PhraseEntry,
  type Span,
} from '../../../../../language/text.js';

const EQUIPMENT = phraseSet([
  'dumbbells',
  'dumbbell',
  'barbell',
  'barbells',
  'bench',
  'weight bench',
  'kettlebell',
  'kettlebells',
  'resistance bands',
  'resistance band',
  'bands',
  'elastic bands',
  'pull up bar',
  'pullup bar',
  'chin up bar',
  'chinup bar',
  'treadmill',
  'exercise bike',
  'stationary bike',
  'spin bike',
  'bike',
  'rowing machine',
  'rower',
  'yoga mat',
  'mat',
  'cable machine',
  'cables',
  'squat rack',
  'power rack',
  'rack',
  'full gym',
  'commercial gym',
  'public gym',
  'home gym',
  'gym',
  'gym membership',
  'jump rope',
  'skipping rope',
  'trx',
  'suspension trainer',
  'medicine ball',
  'med ball',
  'foam roller',
  'elliptical',
  'smith machine',
  'weights',
  'free weights',
  'weight plates',
  'plates',
  'ez bar',
  'ez curl bar',
  'stepper',
  'stair climber',
  'battle ropes',
  'sandbag',
  'swiss ball',
  'stability ball',
  'exercise ball',
  'bosu ball',
  'ab wheel',
  'dip station',
  'parallel bars',
  'dip bars',
  'parallettes',
  'gymnastic rings',
  'rings',
  'machines',
  'weight machines',
  'ankle weights',
  'punching bag',
  'boxing bag',
]);

type InjuryWord = 'part' | 'condition';

/** Body parts need a word saying something is wrong; named conditions stand on their own. */
const INJURY_WORDS = phraseTable<InjuryWord>([
  ...[
    'knee',
    'knees',
    'back',
    'lower back',
    'upper back',
    'mid back',
    'shoulder',
    'shoulders',
    'rotator cuff',
    'ankle',
    'ankles',
    'wrist',
    'wrists',
    'elbow',
    'elbows',
    'hip',
    'hips',
    'neck',
    'hamstring',
    'hamstrings',
    'achilles',
    'achilles tendon',
    'acl',
    'mcl',
    'meniscus',
    'foot',
    'feet',
    'hand',
    'hands',
    'groin',
    'calf',
    'calves',
    'shin',
    'shins',
    'spine',
    'disc',
    'disk',
    'quad',
    'quads',
    'hip flexor',
    'hip flexors',
    'it band',
    'toe',
    'toes',
    'finger',
    'fingers',
    'ribs',
    'pelvic floor',
    'si joint',
    'tailbone',
    'kneecap',
    'knee cap',
    'joints',
    'joint',
    'glute',
    'glutes',
    'lumbar',
  ].map((part) => [part, 'part' as const] as const),
  ...[
    'tennis elbow',
    "golfer's elbow",
    'shin splints',
    'plantar fasciitis',
    'sciatica',
    'scoliosis',
    'herniated disc',
    'slipped disc',
    'bulging disc',
    'arthritis',
    'osteoarthritis',
    'tendinitis',
    'tendonitis',
    'carpal tunnel',
    "runner's knee",
    "jumper's knee",
    'frozen shoulder',
    'whiplash',
    'osteoporosis',
    'bursitis',
    'torn acl',
    'torn meniscus',
    'torn rotator cuff',
    'hernia',
    'herniated disk',
    'slipped disk',
    'bulging disk',
  ].map((condition) => [condition, 'condition' as const] as const),
]);

const INJURY_SIGNS = phraseSet([
  'bad',
  'injured',
  'injury',
  'injuries',
  'sore',
  'hurt',
  'hurts',
  'hurting',
  'pain',
  'painful',
  'aches',
  'achy',
  'aching',
  'weak',
  'torn',
  'tear',
  'broken',
  'broke',
  'fractured',
  'sprained',
  'sprain',
  'strained',
  'strain',
  'pulled',
  'dodgy',
  'busted',
  'problem',
  'problems',
  'issue',
  'issues',
  'surgery',
  'operation',
  'operated',
  'replaced',
  'replacement',
  'recovering',
  'rehab',
  'herniated',
  'slipped',
  'bulging',
  'trouble',
  'stiff',
  'niggle',
  'niggling',
  'dislocated',
  'reconstruction',
  'acting up',
  'plays up',
  'playing up',
  'bothers',
  'bothering',
  'chronic',
  'damaged',
  'inflamed',
  'impingement',
  'flares up',
  'wrecked',
  'messed up',
  'gammy',
  'tricky',
]);

/** Words saying an injury is over: "used to hurt", "not anymore", "healed". */
const HEALED = phraseSet([
  'used to',
  'no longer',
  'anymore',
  'healed',
  'recovered',
  'fully recovered',
  'fine now',
  'better now',
  'ok now',
  'okay now',
  'all good now',
  'in the past',
]);

const SIDES: ReadonlySet<string> = new Set(['left', 'right', 'both']);

/** Every name this state saves as said (equipment, body parts, conditions, sides): summaries translate them. */
export const CONSTRAINT_NAMES = {
  equipment: EQUIPMENT.map((entry) => entry.words.join(' ')),
  injuries: INJURY_WORDS.map((entry) => entry.words.join(' ')),
  sides: [...SIDES],
} as const;

/** Plain negation only; "can't" starts a limitation instead ("can't run because of my knee"). */
const PLAIN_NEGATORS: ReadonlySet<string> = new Set([
  'no',
  'not',
  'nothing',
  'none',
  'never',
  'without',
  "don't",
  "doesn't",
  "haven't",
  "hasn't",
  "isn't",
  "aren't",
  'zero',
  'nope',
]);

/** Equipment someone cannot use is not equipment they train with. */
const EQUIPMENT_NEGATORS: ReadonlySet<string> = new Set([...PLAIN_NEGATORS, "can't", 'unable', 'avoid']);

/** "back" is also a direction: "getting back into it", "back to training". */
const BACK_AS_DIRECTION_AFTER: ReadonlySet<string> = new Set(['to', 'into', 'in', 'on', 'from', 'at']);
const BACK_AS_DIRECTION_BEFORE: ReadonlySet<string> = new Set([
  'get',
  'getting',
  'got',
  'come',
  'coming',
  'came',
  'go',
  'going',
  'went',
  'be',
  'been',
  'am',
  "i'm",
]);

type Category = 'equipment' | 'injuries' | 'limitations';

const CATEGORY_NOUNS = phraseTable<Category>([
  ['equipment', 'equipment'],
  ['gear', 'equipment'],
  ['kit', 'equipment'],
  ['weights', 'equipment'],
  ['gym', 'equipment'],
  ['injuries', 'injuries'],
  ['injury', 'injuries'],
  ['injured', 'injuries'],
  ['pain', 'injuries'],
  ['limitations', 'limitations'],
  ['limitation', 'limitations'],
  ['limits', 'limitations'],
  ['restrictions', 'limitations'],
  ['restriction', 'limitations'],
  ['constraints', 'limitations'],
  ['health issues', 'limitations'],
  ['health problems', 'limitations'],
  ['medical conditions', 'limitations'],
  ['conditions', 'limitations'],
]);

/** Training with no kit at all: equipment is said, and it is empty. */
const NO_EQUIPMENT = phraseSet(['bodyweight', 'body weight', 'calisthenics', 'nothing at home']);

/** Whole answers meaning "none of the three". */
const NONE_ANSWERS = phraseSet([
  'none',
  'nothing',
  'no',
  'nope',
  'nah',
  'n/a',
  'na',
  'nil',
  'none of the above',
  'none of those',
  'nothing at all',
  'not really',
  'no to all',
  'none at all',
  'all good',
  'nothing to report',
]);

const ABILITY_LIMITS = phraseSet([
  "can't",
  'can not',
  'unable to',
  'not able to',
  'not allowed',
  'avoid',
  "shouldn't",
  'should not',
  'have to be careful',
  'doctor',
  'physio',
  'low impact',
  'high impact',
  'short on time',
  'not much time',
  'no time',
  'limited time',
  'busy',
  'quiet',
  'noise',
  'noisy',
  'apartment',
  'neighbours',
  'neighbors',
  'small space',
  'little space',
  'limited space',
  'no space',
  'travel',
  'travelling',
  'traveling',
  'pregnant',
  'pregnancy',
  'postpartum',
  'asthma',
  'asthmatic',
  'diabetes',
  'diabetic',
  'heart condition',
  'heart problems',
  'blood pressure',
  'hypertension',
  'epilepsy',
  'vertigo',
  'dizzy',
  'balance issues',
  // Spanish conditions stay as the user wrote them (a limitation is saved in the user's words),
  // so the table reads them as said, accents off.
  'asma',
  'asmatico',
  'asmatica',
  'diabetico',
  'diabetica',
  'hipertension',
  'tension alta',
  'presion alta',
  'embarazada',
  'epilepsia',
  'vertigo',
  'vertigos',
  'mareos',
]);

/** "no jumping": a "no" before one of these is a limit, not an empty list. */
const ACTIVITIES = phraseSet([
  'jumping',
  'jumps',
  'running',
  'impact',
  'burpees',
  'squats',
  'squatting',
  'lunges',
  'overhead',
  'heavy',
  'lifting',
  'floor',
  'floor work',
  'kneeling',
  'twisting',
  'bending',
  'sprinting',
  'plyometrics',
  'plyo',
  'deadlifts',
  'push ups',
  'pushups',
  'crunches',
  'sit ups',
  'situps',
  'lying down',
  'weights above',
]);

const DURATION_UNITS = phraseSet(['minutes', 'minute', 'mins', 'min', 'hours', 'hour', 'hrs', 'hr', 'days', 'times', 'sessions', 'x']);

const LIMIT_FILLERS: ReadonlySet<string> = new Set([
  'i',
  "i'm",
  'am',
  "i've",
  'and',
  'also',
  'so',
  'plus',
  'then',
  'well',
  'oh',
  'have',
  'has',
  'got',
  'a',
  'an',
  'the',
  'my',
  'currently',
  'is',
  'it',
  "it's",
  'because',
  'since',
  'tengo',
  'padezco',
  'soy',
  'la',
  'el',
  'mi',
  // "i do have high blood pressure": emphasis, not part of the condition.
  'do',
  'does',
  'did',
  'really',
  'actually',
  'though',
  'too',
]);

/** Words that end a clause without belonging to it: "high blood pressure though". */
const LIMIT_TAIL: ReadonlySet<string> = new Set(['though', 'too', 'also', 'anyway', 'lol', 'haha', 'tho', 'btw', 'really', 'either']);

const WEIGHT_UNITS = phraseTable<number>([
  ['kg', 1],
  ['kgs', 1],
  ['kilo', 1],
  ['kilos', 1],
  ['kilogram', 1],
  ['kilograms', 1],
  ['lb', 0.45359237],
  ['lbs', 0.45359237],
  ['pound', 0.45359237],
  ['pounds', 0.45359237],
  ['stone', 6.35029318],
  ['st', 6.35029318],
]);

const PERCENT = phraseSet(['%', 'percent', 'per cent', 'pct']);
const BODY_FAT = phraseSet(['body fat', 'bodyfat', 'bf', 'fat']);
const TARGET_CUES = phraseSet([
  'get to',
  'get down to',
  'down to',
  'reach',
  'target',
  'goal',
  'aim',
  'aiming',
  'want to be',
  'want to weigh',
  'like to be',
  'like to weigh',
  'hit',
  'be at',
  'get under',
  'get below',
  'get up to',
  'want',
  'ideal',
  'goal weight',
  'target weight',
  'weight goal',
  'dream weight',
]);
const NOT_TARGET_CUES = phraseSet([
  'i weigh',
  "i'm",
  'i am',
  'currently',
  'right now',
  'at the moment',
  'now',
  'current',
  'lose',
  'losing',
  'drop',
  'shed',
  'gain',
  'put on',
  'more',
  'less',
  'weigh',
]);

interface Found {
  readonly mentioned: Set<Category>;
  readonly equipment: string[];
  readonly injuries: string[];
  readonly limitations: string[];
  /** Readings that took a guess the user should confirm. */
  readonly doubts: string[];
}

/** Pieces of a list joined by these share one negation: "no knee or back problems". */
const DISTRIBUTING: ReadonlySet<string> = new Set(['or', 'nor']);

/**
 * Is the thing at `index` negated? A negator earlier in its own list piece negates it ("no bad
 * knees"); one in an earlier piece carries over the list when joined by "or"/"nor" ("no
 * dumbbells or bench", "no equipment or injuries"). Across "and" it is a guess: it stops at a
 * piece naming another topic (in "no equipment and right knee pain" the "no" is the
 * equipment's, and the knee pain is said), and otherwise carries but is 'carried', to confirm
 * ("no dumbbells and bench": no bench either?).
 */
function negation(
  text: Analyzed,
  clause: Span,
  index: number,
  negators: ReadonlySet<string> = PLAIN_NEGATORS,
  otherTopic: (piece: Span) => boolean = () => false,
): 'no' | 'yes' | 'carried' {
  const has = (from: number, to: number): boolean => {
    for (let k = from; k < to; k++) if (negators.has(text.tokens[k]?.text ?? '')) return true;
    return false;
  };
  const pieces = splitItems(text, clause);
  const at = pieces.findIndex((piece) => index >= piece.start && index < piece.end);
  const own = pieces[at];
  if (own === undefined) return has(clause.start, index) ? 'yes' : 'no';
  if (has(own.start, index)) return 'yes';
  let acrossAnd = false;
  for (let p = at - 1; p >= 0; p--) {
    const piece = pieces[p];
    const next = pieces[p + 1];
    if (piece === undefined || next === undefined) break;
    const distributes = text.tokens.slice(piece.end, next.start).some((token) => DISTRIBUTING.has(token.text));
    if (!distributes && otherTopic(piece)) return 'no';
    acrossAnd ||= !distributes;
    if (has(piece.start, piece.end)) return acrossAnd ? 'carried' : 'yes';
  }
  return 'no';
}

function plainNegated(text: Analyzed, clause: Span, index: number, negators: ReadonlySet<string> = PLAIN_NEGATORS): boolean {
  return negation(text, clause, index, negators) !== 'no';
}

const namesEquipment = (text: Analyzed, piece: Span): boolean =>
  hasPhrase(text, EQUIPMENT, piece) ||
  hasPhrase(text, NO_EQUIPMENT, piece) ||
  findPhrases(text, CATEGORY_NOUNS, piece.start, piece.end).some((noun) => noun.value !== 'injuries');

const namesInjury = (text: Analyzed, piece: Span): boolean =>
  hasPhrase(text, INJURY_WORDS, piece) ||
  hasPhrase(text, ABILITY_LIMITS, piece) ||
  findPhrases(text, CATEGORY_NOUNS, piece.start, piece.end).some((noun) => noun.value !== 'equipment');

/** "injury free", "injury-free", "pain-free". */
function followedByFree(text: Analyzed, index: number): boolean {
  const next = isJoiner(text.tokens[index]) ? index + 1 : index;
  return wordAt(text.tokens, next) === 'free';
}

function isDirectionBack(text: Analyzed, start: number, end: number): boolean {
  return BACK_AS_DIRECTION_AFTER.has(wordAt(text.tokens, end) ?? '') || BACK_AS_DIRECTION_BEFORE.has(wordAt(text.tokens, start - 1) ?? '');
}

function isWholeAnswer(text: Analyzed, table: readonly PhraseEntry<true>[]): boolean {
  const words = text.tokens.filter((token) => token.kind !== 'punct' || token.text === '/');
  const hit = matchAt(words, 0, table);
  const whole = hit !== undefined && hit.end === words.length;
  if (whole) markRead(text, 0, text.tokens.length);
  return whole;
}

function readInjuries(text: Analyzed, clause: Span, found: Found): void {
  const signed = hasPhrase(text, INJURY_SIGNS, clause) || hasPhrase(text, ABILITY_LIMITS, clause);
  for (const match of findPhrases(text, INJURY_WORDS, clause.start, clause.end)) {
    if (match.text === 'back' && isDirectionBack(text, match.start, match.end)) continue;
    // "6 feet": a measure, not a body part.
    if (text.tokens[match.start - 1]?.kind === 'num') continue;
    const negated = negation(text, clause, match.start, PLAIN_NEGATORS, (piece) => namesEquipment(text, piece));
    if (match.value === 'part' && !signed) {
      // A body part said with nothing wrong with it ("and my knees"): likely an injury, confirmed.
      if (negated !== 'no') continue;
      found.doubts.push(`"${match.text}" was mentioned without saying what is wrong with it`);
    }
    found.mentioned.add('injuries');
    if (negated === 'carried') found.doubts.push(`a "no" before "and" may or may not cover ${match.text}`);
    if (negated !== 'no') continue;
    // "my knee used to hurt but it's fine now": maybe healed, so asked rather than assumed.
    // ("torn ACL last year" only dates the injury.)
    if (hasPhrase(text, HEALED, clause)) found.doubts.push(`the ${match.text} may have healed`);
    // The side is said before the part ("left knee") or, as some write it, after ("knee left").
    const before = wordAt(text.tokens, match.start - 1) ?? '';
    const after = wordAt(text.tokens, match.end) ?? '';
    const sideAfter = SIDES.has(after) && matchAt(text.tokens, match.end + 1, INJURY_WORDS) === undefined;
    const side = SIDES.has(before) ? before : sideAfter ? after : undefined;
    found.injuries.push(side === undefined ? match.text : `${side} ${match.text}`);
  }
}

function hasDuration(text: Analyzed, clause: Span): boolean {
  for (let k = clause.start; k < clause.end; k++) {
    if (matchAt(text.tokens, k, DURATION_UNITS) === undefined) continue;
    const before = text.tokens[k - 1];
    const word = wordAt(text.tokens, k - 1);
    if (before?.kind === 'num' || word === 'an' || word === 'a' || word === 'half') return true;
    if (findNumbers(text.tokens, Math.max(clause.start, k - 4), k).length > 0) return true;
  }
  return false;
}

function isLimitation(text: Analyzed, piece: Span): boolean {
  if (hasPhrase(text, ABILITY_LIMITS, piece) || hasDuration(text, piece)) return true;
  for (const activity of findPhrases(text, ACTIVITIES, piece.start, piece.end)) {
    if (plainNegated(text, piece, activity.start)) return true;
  }
  return false;
}

/** Names equipment or an injury, so it is not the tail of a limitation. */
function isOtherTopic(text: Analyzed, piece: Span): boolean {
  return hasPhrase(text, EQUIPMENT, piece) || hasPhrase(text, INJURY_WORDS, piece);
}

/**
 * The clause's limitation pieces in the user's words. "bad knees and asthma" gives "asthma";
 * "can't jump or run" stays whole, since "run" alone carries on the limitation before it.
 */
function readLimitations(text: Analyzed, clause: Span): string[] {
  const limitations: Array<{ start: number; end: number }> = [];
  let open: { start: number; end: number } | undefined;
  for (const piece of splitItems(text, clause)) {
    if (isLimitation(text, piece)) {
      open = { start: piece.start, end: piece.end };
      limitations.push(open);
    } else if (open !== undefined && !isOtherTopic(text, piece)) {
      open.end = piece.end;
    } else {
      open = undefined;
    }
  }
  return limitations.map((span) => spanText(text, trimSpan(text, span, LIMIT_FILLERS, LIMIT_TAIL)));
}

function readCategoryNegations(text: Analyzed, clause: Span, found: Found): void {
  for (const noun of findPhrases(text, CATEGORY_NOUNS, clause.start, clause.end)) {
    if (plainNegated(text, clause, noun.start) || followedByFree(text, noun.end)) {
      found.mentioned.add(noun.value);
    }
  }
  if (hasPhrase(text, NO_EQUIPMENT, clause)) found.mentioned.add('equipment');
}

/** A gym open to the public has everything: offered (confirmed first) as the vocabulary's "full gym". */
const SAVED_AS: Readonly<Record<string, string>> = { 'commercial gym': 'full gym', 'public gym': 'full gym' };

/** Words for kit in general ("pesas", "weights"): saved as said, but confirmed, since they do not say which. */
const VAGUE_EQUIPMENT: ReadonlySet<string> = new Set(['weights']);

function readEquipment(text: Analyzed, clause: Span, found: Found): void {
  for (const match of findPhrases(text, EQUIPMENT, clause.start, clause.end)) {
    found.mentioned.add('equipment');
    const negated = negation(text, clause, match.start, EQUIPMENT_NEGATORS, (piece) => namesInjury(text, piece));
    if (negated === 'carried') found.doubts.push(`a "no" before "and" may or may not cover ${match.text}`);
    if (negated === 'no') {
      const saved = SAVED_AS[match.text];
      found.equipment.push(saved ?? match.text);
      if (saved !== undefined) found.doubts.push(`"${match.text}" was read as ${saved}`);
      if (VAGUE_EQUIPMENT.has(match.text)) found.doubts.push(`"${match.text}" does not say which equipment`);
    }
  }
}

function kilograms(value: number, factor: number): number {
  return factor === 1 ? value : Math.round(value * factor * 10) / 10;
}

/**
 * A weight or body fat figure counts as a target unless the nearest cue before it reads as
 * today's figure or a change ("I weigh 90 kg", "lose 10 kg").
 */
function isTarget(text: Analyzed, clause: Span, index: number): boolean {
  for (let k = index - 1; k >= clause.start; k--) {
    const target = matchAt(text.tokens, k, TARGET_CUES);
    if (target !== undefined && target.end <= index) return true;
    const other = matchAt(text.tokens, k, NOT_TARGET_CUES);
    if (other !== undefined && other.end <= index) return false;
  }
  // Without a cue, a weight next to equipment is the equipment's ("dumbbells up to 20kg").
  return !hasPhrase(text, EQUIPMENT, clause);
}

function readTargets(text: Analyzed, spans: readonly Span[]): Record<string, number> {
  const targets: Record<string, number> = {};
  for (const number of findNumbers(text.tokens)) {
    const clause = spanOf(spans, number.start);
    if (clause === undefined || !isTarget(text, clause, number.start)) continue;
    const weight = matchAt(text.tokens, number.end, WEIGHT_UNITS);
    if (weight !== undefined) {
      targets.target_weight_kg = kilograms(number.value, weight.value);
      continue;
    }
    if (isBodyFat(text, clause, number)) targets.target_body_fat_percentage = number.value;
  }
  return targets;
}

function isBodyFat(text: Analyzed, clause: Span, number: NumberSpan): boolean {
  const percent = matchAt(text.tokens, number.end, PERCENT);
  if (percent === undefined) return false;
  const near: Span = {
    start: Math.max(clause.start, number.start - 4),
    end: Math.min(clause.end, percent.end + 3),
  };
  return hasPhrase(text, BODY_FAT, near);
}

export function extractWorkoutConstraints(text: Analyzed): Extraction {
  const found: Found = { mentioned: new Set(), equipment: [], injuries: [], limitations: [], doubts: [] };
  const spans = clauses(text);
  if (isWholeAnswer(text, NONE_ANSWERS)) {
    for (const category of ['equipment', 'injuries', 'limitations'] as const) found.mentioned.add(category);
  }
  for (const clause of spans) {
    readCategoryNegations(text, clause, found);
    readInjuries(text, clause, found);
    readEquipment(text, clause, found);
    for (const limitation of readLimitations(text, clause)) {
      found.mentioned.add('limitations');
      found.limitations.push(limitation);
    }
  }
  // A list like "no equipment, injuries or limitations" spreads its "no" over the commas.
  carryNegationOverList(text, spans, found);

  if (found.mentioned.size === 0) return nothing(['equipment', 'injuries', 'limitations']);
  const data: Record<string, unknown> = {
    equipment: unique(found.equipment),
    injuries: unique(found.injuries),
    limitations: unique(found.limitations),
    ...readTargets(text, spans),
  };
  return settled(data, [...(hasPhrase(text, HEDGES) ? ['the answer sounds unsure'] : []), ...found.doubts]);
}

const LIST_GLUE: ReadonlySet<string> = new Set(['or', 'and', 'nor', 'any']);

function carryNegationOverList(text: Analyzed, spans: readonly Span[], found: Found): void {
  let negating = false;
  for (const clause of spans) {
    const nouns = findPhrases(text, CATEGORY_NOUNS, clause.start, clause.end);
    const inNoun = (k: number): boolean => nouns.some((noun) => k >= noun.start && k < noun.end);
    let onlyNouns = nouns.length > 0;
    for (let k = clause.start; k < clause.end && onlyNouns; k++) {
      const token = text.tokens[k];
      onlyNouns = token === undefined || token.kind === 'punct' || inNoun(k) || LIST_GLUE.has(token.text);
    }
    if (negating && onlyNouns) for (const noun of nouns) found.mentioned.add(noun.value);
    else negating = nouns.some((noun) => plainNegated(text, clause, noun.start));
  }
}

/** The words this state reads (extract.ts counts any other non-filler word as unplaced). */
/** Where the user trains, said around the equipment without being any: "bodyweight at home". */
const PLACE_WORDS: ReadonlySet<string> = new Set([
  'home',
  'house',
  'outdoors',
  'outside',
  'park',
  'work',
  'office',
  'garage',
  'basement',
  'garden',
]);

/** Read by position rather than by table: "injury-free", "left knee". */
const POSITION_WORDS: ReadonlySet<string> = new Set(['free', ...SIDES]);

export const CONSTRAINT_VOCABULARY = vocabulary(
  PLACE_WORDS,
  POSITION_WORDS,
  HEALED,
  EQUIPMENT,
  INJURY_WORDS,
  INJURY_SIGNS,
  SIDES,
  CATEGORY_NOUNS,
  NO_EQUIPMENT,
  NONE_ANSWERS,
  ABILITY_LIMITS,
  ACTIVITIES,
  DURATION_UNITS,
  LIMIT_FILLERS,
  LIMIT_TAIL,
  WEIGHT_UNITS,
  PERCENT,
  BODY_FAT,
  TARGET_CUES,
  NOT_TARGET_CUES,
);
