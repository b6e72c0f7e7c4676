/** Deterministic guided-flow summary, used when the LLM is off, fails, or is rejected. Pure. */
import type { Locale, MainUse, Style, SummaryInput } from '../../../../machines/guided/types.js';
import { sanitizeSummaryText, summaryName, truncateAtCodePoint } from './validate.js';

export type GoalClass = 'harmful' | 'vague' | 'off_topic' | 'unrealistic' | 'clear';

type StepPair = readonly [string, string];
type StepTriple = readonly [string, string, string];
interface Opening {
  plain: string;
  named: (name: string) => string;
}
interface SummaryCopy {
  opening: Record<Style, Opening>;
  harmfulOpening: Opening;
  selfHarmOpening: Opening;
  goal: {
    clear: (goal: string) => string;
    vague: (goal: string) => string;
    vagueEmpty: string;
    offTopic: string;
    unrealistic: (goal: string) => string;
    harmful: string;
    selfHarm: string;
  };
  stepsIntro: string;
  steps: {
    clear: StepPair;
    vague: StepPair;
    offTopic: StepPair;
    unrealistic: StepPair;
    harmful: StepTriple;
    selfHarm: StepTriple;
  };
  useStep: { act: Record<MainUse, string>; explore: Record<MainUse, string> };
  ellipsis: string;
}

export const SUMMARY_COPY: Record<Locale, SummaryCopy> = {
  es: {
    opening: {
      '1': { plain: 'Gracias por compartirlo.', named: (n) => `Gracias por compartirlo, ${n}.` },
      '2': { plain: 'Vamos al grano.', named: (n) => `Vamos al grano, ${n}.` },
      '3': { plain: '¡Vamos a por ello!', named: (n) => `¡Vamos a por ello, ${n}!` },
      '4': { plain: '¡Manos a la obra!', named: (n) => `¡Manos a la obra, ${n}!` },
      '5': { plain: 'Este es tu resumen.', named: (n) => `Este es tu resumen, ${n}.` },
    },
    harmfulOpening: {
      plain: 'No puedo apoyar ese objetivo porque podría causar daño o ser ilegal.',
      named: (n) => `${n}, no puedo apoyar ese objetivo porque podría causar daño o ser ilegal.`,
    },
    selfHarmOpening: {
      plain: 'Gracias por contarlo. Lo que sientes importa y mereces apoyo ahora mismo.',
      named: (n) =>
        `${n}, gracias por contarlo. Lo que sientes importa y mereces apoyo ahora mismo.`,
    },
    goal: {
      clear: (g) => `Tu objetivo: «${g}».`,
      vague: (g) =>
        `Tu objetivo todavía no está claro: «${g}». No pasa nada, lo iremos concretando paso a paso.`,
      vagueEmpty:
        'Todavía no has indicado un objetivo concreto. No pasa nada, lo iremos concretando paso a paso.',
      offTopic:
        'Lo que has escrito no describe todavía un objetivo, así que empezaremos por definirlo.',
      unrealistic: (g) =>
        `Tu objetivo: «${g}». Tal como está planteado no es realista, así que lo convertimos en una meta alcanzable, sin prometer resultados.`,
      harmful: 'Te propongo cambiarlo por un objetivo seguro y positivo que te ayude de verdad.',
      selfHarm: 'Tu objetivo ahora es cuidarte y buscar apoyo.',
    },
    stepsIntro: 'Tus próximos pasos:',
    steps: {
      clear: [
        'Concreta cómo sabrás que lo has conseguido y ponle una fecha realista.',
        'Reserva hoy 15 minutos para dar un primer paso pequeño.',
      ],
      vague: [
        'Elige un área en la que quieras avanzar: salud, trabajo, relaciones o aprendizaje.',
        'Escribe en una frase qué te gustaría lograr en las próximas semanas.',
      ],
      offTopic: [
        'Define tu objetivo: escribe en una frase qué quieres conseguir.',
        'Añade un plazo realista y una forma sencilla de medir tu avance.',
      ],
      unrealistic: [
        'Reformula tu objetivo con un plazo de varios meses y un primer hito medible.',
        'Divide ese hito en una acción pequeña por semana y anota tu avance.',
      ],
      harmful: [
        'Piensa qué necesidad hay detrás de ese objetivo, como dinero, seguridad o reconocimiento, y escríbela.',
        'Elige un objetivo legal y seguro que responda a esa necesidad.',
        'Si la situación te supera, habla con una persona de confianza o con un profesional.',
      ],
      selfHarm: [
        'Habla hoy con una persona de confianza y cuéntale cómo te sientes.',
        'Si estás en peligro inmediato, llama ahora al número de emergencias local.',
        'Contacta con una línea de apoyo emocional de tu zona o con un profesional de la salud.',
      ],
    },
    useStep: {
      act: {
        A: 'Cuéntale tu objetivo a tu avatar IA para que te acompañe cada semana.',
        B: 'Publica un post con tu objetivo y lee los de personas con metas parecidas.',
        C: 'Comparte tu objetivo con tu avatar IA y publica un post para seguir tu avance.',
      },
      explore: {
        A: 'Habla con tu avatar IA para explorar qué te gustaría cambiar.',
        B: 'Lee posts de otras personas para inspirarte y encontrar tu objetivo.',
        C: 'Explora ideas con tu avatar IA y en los posts de otras personas.',
      },
    },
    ellipsis: '…',
  },
  en: {
    opening: {
      '1': { plain: 'Thanks for sharing this.', named: (n) => `Thanks for sharing this, ${n}.` },
      '2': { plain: 'Straight to the point.', named: (n) => `Straight to the point, ${n}.` },
      '3': { plain: "Let's go for it!", named: (n) => `Let's go for it, ${n}!` },
      '4': { plain: "Let's get started!", named: (n) => `Let's get started, ${n}!` },
      '5': { plain: 'Here is your summary.', named: (n) => `Here is your summary, ${n}.` },
    },
    harmfulOpening: {
      plain: "I can't support that goal because it could cause harm or be illegal.",
      named: (n) => `${n}, I can't support that goal because it could cause harm or be illegal.`,
    },
    selfHarmOpening: {
      plain: 'Thank you for sharing this. What you feel matters and you deserve support right now.',
      named: (n) =>
        `${n}, thank you for sharing this. What you feel matters and you deserve support right now.`,
    },
    goal: {
      clear: (g) => `Your goal: “${g}”.`,
      vague: (g) =>
        `Your goal is not clear yet: “${g}”. That is fine, we will make it concrete step by step.`,
      vagueEmpty:
        'You have not set a concrete goal yet. That is fine, we will make it concrete step by step.',
      offTopic: 'What you wrote does not describe a goal yet, so we will start by defining one.',
      unrealistic: (g) =>
        `Your goal: “${g}”. As stated it is not realistic, so we will turn it into an achievable target, without promising results.`,
      harmful: 'I suggest replacing it with a safe, positive goal that really helps you.',
      selfHarm: 'Your goal right now is to look after yourself and get support.',
    },
    stepsIntro: 'Your next steps:',
    steps: {
      clear: [
        'Decide how you will know you have achieved it and give it a realistic date.',
        'Set aside 15 minutes today to take a small first step.',
      ],
      vague: [
        'Pick one area you want to work on: health, work, relationships or learning.',
        'Write one sentence about what you would like to achieve in the coming weeks.',
      ],
      offTopic: [
        'Define your goal: write one sentence about what you want to achieve.',
        'Add a realistic deadline and a simple way to measure your progress.',
      ],
      unrealistic: [
        'Restate your goal with a timeline of several months and a first measurable milestone.',
        'Break that milestone into one small action per week and log your progress.',
      ],
      harmful: [
        'Think about the need behind that goal, such as money, safety or recognition, and write it down.',
        'Choose a legal, safe goal that meets that need.',
        'If things feel overwhelming, talk to someone you trust or to a professional.',
      ],
      selfHarm: [
        'Talk to someone you trust today and tell them how you feel.',
        'If you are in immediate danger, call your local emergency number now.',
        'Contact a support or crisis line in your area or a health professional.',
      ],
    },
    useStep: {
      act: {
        A: 'Tell your AI avatar about your goal so it can keep you company each week.',
        B: 'Publish a post about your goal and read posts from people with similar goals.',
        C: 'Share your goal with your AI avatar and publish a post to track your progress.',
      },
      explore: {
        A: 'Talk to your AI avatar to explore what you would like to change.',
        B: 'Read posts from other people to get inspired and find your goal.',
        C: "Explore ideas with your AI avatar and in other people's posts.",
      },
    },
    ellipsis: '…',
  },
};

/** Longest stretch of the user's goal quoted back; keeps the whole summary well under 900 chars. */
const GOAL_QUOTE_MAX = 160;

// Keyword lists match text that is lower-cased and stripped of accents (see `normalize`).
const SELF_HARM = [
  String.raw`suicid\p{L}*`, 'matarme', 'quitarme la vida', 'hacerme dano', String.raw`autolesion\p{L}*`,
  'cortarme las venas', 'no quiero vivir', 'quiero morir(?:me)?', 'kill myself', 'end my life', 'hurt myself',
  'harm myself', String.raw`self ?-?harm\p{L}*`, 'want to die',
];
const HARMFUL = [
  // violence
  'mat(?:ar|arle|arla|arlo|arlos|arlas)', String.raw`asesin\p{L}*`, String.raw`kill\p{L}*`,
  String.raw`murder\p{L}*`, 'golpear a', 'pegar(?:le)? a', 'hacer(?:le|les)? dano a',
  'hurt (?:someone|somebody|people|him|her|them|my)', 'atacar(?:le)? a',
  'attack (?:someone|somebody|people|him|her|them|my)', String.raw`tortur\p{L}*`,
  String.raw`secuestr\p{L}*`, String.raw`kidnap\p{L}*`, 'violar', String.raw`rape\p{L}*`,
  'bombas?', 'bombs?', String.raw`explosiv\p{L}*`, String.raw`terroris\p{L}*`, 'disparar(?:le)? a',
  'shoot (?:someone|somebody|people|him|her|them|up)', String.raw`envenen\p{L}*`,
  'poison (?:someone|somebody|him|her|them|my)', 'venganza', 'revenge',
  // weapons
  'armas', 'weapons?', 'pistolas?', 'guns?', 'rifles?',
  // stealing, fraud, harassment
  String.raw`robar\p{L}*`, 'rob(?:o|os|bing|bed)?', String.raw`steal\p{L}*`, 'stole', 'hurtar',
  String.raw`shoplift\p{L}*`, 'atracar', 'atraco', String.raw`fraud\p{L}*`, String.raw`estaf\p{L}*`,
  String.raw`scam\p{L}*`, '(?:blanquear|lavar) dinero', String.raw`launder\p{L}*`,
  String.raw`falsific\p{L}*`, String.raw`counterfeit\p{L}*`, 'evadir impuestos', 'tax evasion',
  'evade taxes', String.raw`soborn\p{L}*`, String.raw`brib\p{L}*`, String.raw`acos(?:ar|arla|arle)`,
  String.raw`stalk\p{L}*`, String.raw`harass\p{L}*`,
];
// Drugs and hacking are also the subject of legitimate goals ("dejar las drogas", "ethical hacking").
const HARMFUL_UNLESS_CONTEXT = [
  'drogas?', 'drugs?', String.raw`cocain\p{L}*`, String.raw`heroin\p{L}*`, 'meth',
  String.raw`metanfetamin\p{L}*`, String.raw`narcotrafic\p{L}*`, 'traficar', String.raw`traffick\p{L}*`,
  'fentanyl', 'fentanilo', 'hack(?:ear|eo|ing|ed|s)?', 'phishing', 'malware', 'ransomware', 'piratear',
];
const SAFE_CONTEXT = [
  'dejar', String.raw`quit\p{L}*`, String.raw`stop\p{L}*`, 'superar', 'overcome',
  String.raw`recover\p{L}*`, String.raw`rehab\p{L}*`, String.raw`desintox\p{L}*`, 'evitar',
  String.raw`avoid\p{L}*`, 'prevenir', String.raw`prevent\p{L}*`, 'etic[oa]', 'ethical',
  'ciberseguridad', 'cybersecurity', String.raw`proteg\p{L}*`, String.raw`protect\p{L}*`,
  String.raw`adiccion\p{L}*`, String.raw`addict\p{L}*`, String.raw`sobri\p{L}*`, String.raw`sober\p{L}*`,
  'life ?hacks?', 'growth hacking',
];
const OFF_TOPIC = [
  String.raw`ignor\p{L}* (?:all |the |las |todas las |tus )?(?:previous|prior|above|anteriores|instrucciones|instructions)`,
  'system prompt', 'prompt del sistema', String.raw`olvida (?:las |tus |todas )?\p{L}* ?instrucciones`,
  'jailbreak', 'developer mode', 'you are now', 'ahora eres', 'act as', 'actua como',
  'chistes?', 'jokes?', 'weather', 'que tiempo hace', 'el clima', 'quien eres', 'who are you',
  'eres (?:un|una) (?:bot|robot|ia|humano|persona)', 'are you (?:a |an )?(?:bot|robot|ai|human|real)',
];
const OFF_TOPIC_WHOLE =
  String.raw`(?:hola|hello|hi|hey|buenas|test|testing|prueba|asdf\p{L}*|ok|okay|vale|ja(?:ja)+|(?:ha)+|lol|xd|gracias|thanks|thank you)`;
// Matched with accents kept: without them "como" (I eat) and "que" (may...) would read as questions.
const QUESTION_START = [
  'qué', 'cómo', 'cuál', 'cuáles', 'cuándo', 'dónde', 'quién', 'por qué', 'puedes', 'podrías',
  'sabes', 'what', 'how', 'why', 'when', 'where', 'who', 'which', 'can you', 'could you',
  'would you', 'do you', 'are you', 'is it', 'is there',
];
const GOAL_INTENT = [
  'quiero', 'quisiera', 'me gustaria', 'mi objetivo', 'mi meta', 'necesito', 'voy a', 'planeo',
  'i want', "i'?d like", 'i would like', 'my goal', 'i need', 'i plan', 'i hope', "i'?m going to",
];
const FILLER = new Set([
  'quiero', 'quisiera', 'me', 'gustaria', 'mi', 'mis', 'yo', 'el', 'la', 'los', 'las', 'un', 'una',
  'de', 'del', 'en', 'y', 'o', 'a', 'al', 'pues', 'bueno', 'quizas', 'quiza', 'tal', 'vez', 'mas',
  'muy', 'mucho', 'poco', 'hacer', 'ser', 'estar', 'tener', 'lo', 'que', 'con', 'para', 'por',
  'i', 'want', 'to', 'would', 'like', 'd', 'my', 'the', 'an', 'of', 'and', 'or', 'in', 'on', 'be',
  'get', 'do', 'just', 'more', 'some', 'well', 'maybe', 'really', 'very', 'myself', 'bit', 'lot',
  'objetivo', 'goal', 'meta', 't', 's', 'm',
]);
const GENERIC = new Set([
  'no', 'se', 'sabe', 'idea', 'ni', 'nada', 'cosas', 'cosa', 'algo', 'mejorar', 'mejor', 'cambiar',
  'cambio', 'todo', 'feliz', 'bien', 'vida', 'nose', 'sea', 'cualquier', 'progresar', 'avanzar',
  'crecer', 'don', 'dont', 'know', 'dunno', 'idk', 'not', 'sure', 'nothing', 'stuff', 'things',
  'thing', 'something', 'improve', 'better', 'change', 'everything', 'anything', 'happy', 'life',
  'whatever', 'good', 'progress', 'grow',
]);
// Only outcomes that no short deadline can honestly deliver; "rico" alone also means tasty.
const BIG_OUTCOME = [
  String.raw`millonari\p{L}*`, String.raw`millionaire\p{L}*`, String.raw`millon\p{L}*`,
  String.raw`million\p{L}*`, '(?:ser|hacerme|volverme) ric[oa]', '(?:be|get|become) rich',
  'famos[oa]s?', 'famous', String.raw`expert\p{L}*`, 'fluid[oa]', String.raw`fluent\p{L}*`,
  'bilingue', 'bilingual', String.raw`campeon\p{L}*`, String.raw`champion\p{L}*`, 'ironman',
  'six pack', String.raw`astronaut\p{L}*`,
];
const ALWAYS_UNREALISTIC = [
  'ganar la loteria', 'win the lottery', 'rico rapido', 'get rich quick', 'sin esfuerzo',
  String.raw`without (?:any )?effort`, String.raw`effortless\p{L}*`,
];
const NUMBER_WORDS: Record<string, number> = {
  un: 1, una: 1, uno: 1, a: 1, an: 1, one: 1, dos: 2, two: 2, tres: 3, three: 3, cuatro: 4,
  four: 4, cinco: 5, five: 5, seis: 6, six: 6, siete: 7, seven: 7, ocho: 8, eight: 8, nueve: 9,
  nine: 9, diez: 10, ten: 10, quince: 15, fifteen: 15, veinte: 20, twenty: 20, treinta: 30,
  thirty: 30,
};
const UNIT_DAYS: Record<string, number> = {
  hora: 1 / 24, horas: 1 / 24, hour: 1 / 24, hours: 1 / 24, dia: 1, dias: 1, day: 1, days: 1,
  semana: 7, semanas: 7, week: 7, weeks: 7, mes: 30, meses: 30, month: 30, months: 30, ano: 365,
  anos: 365, year: 365, years: 365,
};
const NAMED_SPANS: Record<string, number> = {
  overnight: 1, 'de la noche a la manana': 1, manana: 1, tomorrow: 1, hoy: 1, today: 1,
  'esta semana': 7, 'this week': 7, 'este mes': 30, 'this month': 30,
};
const MAX_KG_PER_WEEK = 2;

const NUMBER = String.raw`(\d+(?:[.,]\d+)?|${Object.keys(NUMBER_WORDS).join('|')})`;
const UNIT = `(${Object.keys(UNIT_DAYS).join('|')})`;

const anyOf = (sources: readonly string[], flags = 'u'): RegExp =>
  new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${sources.join('|')})(?![\p{L}\p{N}])`, flags);

const SELF_HARM_RE = anyOf(SELF_HARM);
const HARMFUL_RE = anyOf(HARMFUL);
const HARMFUL_UNLESS_CONTEXT_RE = anyOf(HARMFUL_UNLESS_CONTEXT);
const SAFE_CONTEXT_RE = anyOf(SAFE_CONTEXT);
const OFF_TOPIC_RE = anyOf(OFF_TOPIC);
const OFF_TOPIC_WHOLE_RE = new RegExp(`^${OFF_TOPIC_WHOLE}(?: ${OFF_TOPIC_WHOLE})*$`, 'u');
const QUESTION_START_RE = new RegExp(`^(?:${QUESTION_START.join('|')})(?![\\p{L}\\p{N}])`, 'u');
const GOAL_INTENT_RE = anyOf(GOAL_INTENT);
const BIG_OUTCOME_RE = anyOf(BIG_OUTCOME);
const ALWAYS_UNREALISTIC_RE = anyOf(ALWAYS_UNREALISTIC);
const QUESTION_MARK_RE = /[?¿？؟]/u;
const SPAN_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:en|in|within|dentro de|durante|per|por|each|cada|a la)\s+(?:${NUMBER}\s+)?${UNIT}|(${Object.keys(NAMED_SPANS).join('|')}))(?![\p{L}\p{N}])`,
  'gu',
);
const WEIGHT_RE = new RegExp(
  String.raw`(?:perder|bajar|adelgazar|ganar|subir|lose|drop|shed|gain|put on)\D{0,20}?${NUMBER}\s*(kg|kgs|kilos?|kilogramos?|lbs?|libras?|pounds?)(?![\p{L}])`,
  'u',
);
const LANGUAGES_RE = new RegExp(String.raw`${NUMBER}\s+(?:idiomas|lenguas|languages)`, 'u');

/** Lower-case, accents stripped, curly apostrophes straightened, whitespace collapsed. */
function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/’/gu, "'")
    .replace(/\s+/gu, ' ')
    .trim();
}

function toNumber(token: string | undefined, fallback: number): number {
  if (token === undefined) return fallback;
  return NUMBER_WORDS[token] ?? Number(token.replace(',', '.'));
}

/** The shortest timeframe mentioned, in days; Infinity when none. */
function shortestSpanDays(text: string): number {
  let days = Infinity;
  for (const m of text.matchAll(SPAN_RE)) {
    const span =
      m[3] !== undefined
        ? (NAMED_SPANS[m[3]] ?? Infinity)
        : toNumber(m[1], 1) * (UNIT_DAYS[m[2] ?? ''] ?? Infinity);
    days = Math.min(days, span);
  }
  return days;
}

function isUnrealistic(text: string): boolean {
  if (ALWAYS_UNREALISTIC_RE.test(text)) return true;
  const days = shortestSpanDays(text);
  if (BIG_OUTCOME_RE.test(text) && days <= 31) return true;

  const weight = WEIGHT_RE.exec(text);
  if (weight !== null && Number.isFinite(days)) {
    const unit = weight[2] ?? '';
    const kg = toNumber(weight[1], 0) / (/^(?:lb|libra|pound)/u.test(unit) ? 2.2 : 1);
    if (kg / Math.max(days / 7, 1 / 7) > MAX_KG_PER_WEEK) return true;
  }

  const languages = LANGUAGES_RE.exec(text);
  const count = toNumber(languages?.[1], 0);
  return (count >= 2 && days <= 31) || (count >= 4 && days <= 365);
}

function isHarmful(text: string): boolean {
  return (
    SELF_HARM_RE.test(text) ||
    HARMFUL_RE.test(text) ||
    (HARMFUL_UNLESS_CONTEXT_RE.test(text) && !SAFE_CONTEXT_RE.test(text))
  );
}

function isVague(text: string): boolean {
  const words = text.match(/\p{L}+/gu) ?? [];
  return words.every((w) => FILLER.has(w) || GENERIC.has(w));
}

export function classifyGoal(goal: string): GoalClass {
  const text = normalize(goal);
  if (isHarmful(text)) return 'harmful';
  const letters = (text.match(/\p{L}+/gu) ?? []).join(' ');
  if (OFF_TOPIC_RE.test(text) || OFF_TOPIC_WHOLE_RE.test(letters)) return 'off_topic';
  if (isVague(text)) return 'vague';
  const asks =
    QUESTION_MARK_RE.test(goal) ||
    QUESTION_START_RE.test(goal.normalize('NFC').toLowerCase().replace(/^[^\p{L}]+/u, ''));
  if (asks && !GOAL_INTENT_RE.test(text)) return 'off_topic';
  if (isUnrealistic(text)) return 'unrealistic';
  return 'clear';
}

/** The user's goal, safe to quote: sanitized, then cut at a word boundary with an ellipsis. */
function quotableGoal(goal: string, ellipsis: string): string {
  const clean = sanitizeSummaryText(goal);
  if (clean.length <= GOAL_QUOTE_MAX) return clean;
  const cut = truncateAtCodePoint(clean, GOAL_QUOTE_MAX - ellipsis.length);
  const space = cut.lastIndexOf(' ');
  return (space >= GOAL_QUOTE_MAX / 2 ? cut.slice(0, space) : cut).trimEnd() + ellipsis;
}

const numbered = (steps: readonly string[]): string[] => steps.map((s, i) => `${i + 1}. ${s}`);
const open = (opening: Opening, name: string): string =>
  name === '' ? opening.plain : opening.named(name);

export function offlineSummary(input: SummaryInput): string {
  const copy = SUMMARY_COPY[input.locale === 'en' ? 'en' : 'es'];
  const name = summaryName(input.name);
  const kind = classifyGoal(input.goal);
  const goal = quotableGoal(input.goal, copy.ellipsis);

  // Fallbacks guard against untyped callers passing an unknown style or main use.
  let opening = open(copy.opening[input.style] ?? copy.opening['1'], name);
  const act = copy.useStep.act[input.mainUse] ?? copy.useStep.act.C;
  const explore = copy.useStep.explore[input.mainUse] ?? copy.useStep.explore.C;
  let restated: string;
  let steps: readonly string[];
  switch (kind) {
    case 'harmful': {
      // The harmful goal is never echoed back, and the tone ignores the chosen style.
      const selfHarm = SELF_HARM_RE.test(normalize(input.goal));
      opening = open(selfHarm ? copy.selfHarmOpening : copy.harmfulOpening, name);
      restated = selfHarm ? copy.goal.selfHarm : copy.goal.harmful;
      steps = selfHarm ? copy.steps.selfHarm : copy.steps.harmful;
      break;
    }
    case 'vague':
      restated = goal === '' ? copy.goal.vagueEmpty : copy.goal.vague(goal);
      steps = [...copy.steps.vague, explore];
      break;
    case 'off_topic':
      restated = copy.goal.offTopic;
      steps = [...copy.steps.offTopic, explore];
      break;
    case 'unrealistic':
      restated = copy.goal.unrealistic(goal);
      steps = [...copy.steps.unrealistic, act];
      break;
    case 'clear':
      restated = copy.goal.clear(goal);
      steps = [...copy.steps.clear, act];
      break;
  }
  return [opening, restated, copy.stepsIntro, ...numbered(steps)].join('\n');
}
