/**
 * The offline companion: deterministic replies in the avatar's voice (from the registry) that
 * answer what was asked from what the service knows (the guided goal and summary), follow the
 * avatar's limits, and never offer to do anything the service cannot do (it only talks).
 */
import type { Locale } from '../../../machines/guided/types.js';
import type { Avatar } from '../../agents/registry.js';
import type { CompanionReply, CompanionResponder, CompanionTurn } from './port.js';
import { detectsRisk, fold, HUMAN_HELP } from './risk.js';

type Intent =
  'risk' | 'distress' | 'medical' | 'action' | 'avatar' | 'identity' | 'goal' | 'steps' | 'thanks' | 'greeting' | 'factual' | 'other';

const INTENTS: ReadonlyArray<[Exclude<Intent, 'risk' | 'other'>, RegExp]> = [
  [
    'distress',
    /\b(triste|agobiad\w*|ansios\w*|ansiedad|estresad\w*|estres|deprimid\w*|solo|sola|fatal|mal dia|no puedo mas|sad|low|down|anxious|anxiety|stressed|overwhelmed|depressed|lonely|awful|terrible day|can'?t cope)\b/,
  ],
  [
    'medical',
    /\b(diagnos\w*|medicament\w*|medicin\w*|pastillas?|dosis|receta|sintomas?|tengo depresion|medication|pills?|dose|prescri\w*|symptoms?|am i depressed|do i have)\b/,
  ],
  [
    'action',
    /\b(recuerdame|recordatorio|avisame|alarma|reserva\w*|agenda\w*|llama\w*|envia\w*|manda\w*|publica\w*|compra\w*|paga\w*|remind me|reminder|set an alarm|book|schedule|call|send|email|post (this|it|for me)|publish|buy|pay|order)\b/,
  ],
  [
    'avatar',
    /\b(cambiar? (de )?(avatar|acompanante|estilo)|otro avatar|change (my |the )?(avatar|companion|style)|another avatar|switch avatar)\b/,
  ],
  [
    'identity',
    /\b(quien eres|que eres|como te llamas|que puedes hacer|en que me (puedes )?ayudar|who are you|what are you|your name|what can you do|how can you help)\b/,
  ],
  [
    'goal',
    /\b(mi objetivo|mi meta|que te dije|que quiero conseguir|recuerdas|my goal|my aim|what did i (say|tell you)|remember what|what i want)\b/,
  ],
  [
    'steps',
    /\b(por donde empiezo|que hago|que deberia|siguiente paso|proximo paso|pasos|plan|ayudame a empezar|where do i start|what should i do|next step|steps|plan|help me start|how do i start|get started)\b/,
  ],
  ['thanks', /\b(gracias|muchas gracias|thanks|thank you|thx)\b/],
  ['greeting', /^(hola|buenas|buenos dias|buenas tardes|buenas noches|hey|hi|hello|good (morning|afternoon|evening))\b/],
  ['factual', /^(que es|que son|cuant[oa]s?|cuando|donde|por que|what is|what are|how many|how much|when|where|why|who (is|was))\b/],
];

function classify(message: string): Intent {
  if (detectsRisk(message)) return 'risk';
  const t = fold(message)
    .replace(/[¿?¡!.,;:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [intent, pattern] of INTENTS) if (pattern.test(t)) return intent;
  return 'other';
}

/** The numbered steps of the stored summary ("1. ...") without their numbers. */
function summarySteps(summary: string | null): string[] {
  if (!summary) return [];
  return summary
    .split('\n')
    .map((l) => /^\s*\d+[.)]\s+(.+)$/.exec(l)?.[1]?.trim())
    .filter((s): s is string => Boolean(s));
}

const quote = (locale: Locale, s: string): string => (locale === 'es' ? `«${s}»` : `“${s}”`);

function body(intent: Intent, turn: CompanionTurn): string {
  const { locale, agent, known } = turn;
  const es = locale === 'es';
  const steps = summarySteps(known.summary);
  const goal = known.goal;
  const noGoal = es
    ? 'Todavía no me has contado tu objetivo: si completas el onboarding guiado, lo tendré en cuenta aquí.'
    : "You haven't told me your goal yet: if you complete the guided onboarding, I'll keep it in mind here.";
  switch (intent) {
    case 'risk':
      return HUMAN_HELP[locale];
    case 'distress':
      return es
        ? 'Siento que estés pasando por esto. Prueba algo pequeño ahora: respira despacio un minuto o escribe en una frase qué es lo que más te pesa. Si el malestar sigue, hablar con alguien de confianza o con un profesional puede ayudarte de verdad.'
        : "I'm sorry you're going through this. Try something small right now: breathe slowly for a minute, or write in one sentence what weighs on you most. If it keeps hurting, talking to someone you trust or to a professional can really help.";
    case 'medical':
      return es
        ? 'No puedo diagnosticar ni recomendar medicación; eso le corresponde a un profesional de la salud, que es quien debe valorarlo. Sí puedo ayudarte a preparar lo que quieres contarle.'
        : "I can't diagnose or recommend medication; that is for a health professional to assess. I can help you prepare what you want to tell them.";
    case 'action':
      return es
        ? 'Eso no lo puedo hacer desde aquí: solo puedo conversar contigo. Lo que sí puedo es ayudarte a planificarlo para que lo hagas tú.'
        : "I can't do that from here: I can only talk with you. What I can do is help you plan it so you can do it yourself.";
    case 'avatar':
      return es ? 'Puedes cambiar de avatar cuando quieras en Ajustes.' : 'You can change your avatar at any time in Settings.';
    case 'identity':
      return es
        ? `Soy ${agent.persona.es} Puedo conversar contigo y ayudarte a pensar en tu objetivo, pero no puedo hacer acciones por ti fuera de esta conversación. ${agent.limits.es.join(' ')}`
        : `I'm ${agent.persona.en} I can talk with you and help you think about your goal, but I can't take actions for you outside this conversation. ${agent.limits.en.join(' ')}`;
    case 'goal':
      if (!goal) return noGoal;
      return es ? `Me dijiste que tu objetivo es ${quote(locale, goal)}.` : `You told me your goal is ${quote(locale, goal)}.`;
    case 'steps':
      if (steps.length > 0) {
        return es
          ? `Según tu resumen, el primer paso es: ${steps[0]}${steps[1] ? ` Después: ${steps[1]}` : ''}`
          : `From your summary, the first step is: ${steps[0]}${steps[1] ? ` Then: ${steps[1]}` : ''}`;
      }
      return goal
        ? es
          ? `Para ${quote(locale, goal)}, empieza por concretar qué quieres lograr esta semana y reserva un rato fijo para ello.`
          : `For ${quote(locale, goal)}, start by pinning down what you want to achieve this week and set a fixed time for it.`
        : noGoal;
    case 'thanks':
      return es ? 'De nada, es un gusto acompañarte.' : "You're welcome, it's a pleasure to keep you company.";
    case 'greeting': {
      const name = known.name ? (es ? `, ${known.name}` : `, ${known.name}`) : '';
      const g = es ? `Hola${name}. Soy ${agent.name}.` : `Hi${name}. I'm ${agent.name}.`;
      const about = goal
        ? es
          ? ` Tengo presente tu objetivo: ${quote(locale, goal)}.`
          : ` I have your goal in mind: ${quote(locale, goal)}.`
        : '';
      return g + about;
    }
    case 'factual':
      return es
        ? 'No tengo datos fiables sobre eso aquí, así que no voy a inventarlo. Una fuente de confianza te dará la respuesta correcta.'
        : "I don't have reliable data on that here, so I won't make it up. A trusted source will give you the right answer.";
    case 'other':
      return goal
        ? es
          ? `Te leo. ¿Cómo se relaciona esto con tu objetivo, ${quote(locale, goal)}?`
          : `I hear you. How does this relate to your goal, ${quote(locale, goal)}?`
        : es
          ? 'Te leo. Cuéntame un poco más para poder ayudarte.'
          : 'I hear you. Tell me a little more so I can help.';
  }
}

const SERIOUS: ReadonlySet<Intent> = new Set(['risk', 'distress', 'medical']);

/** The whole reply: the avatar's opener, the answer, and its sign-off only when the moment is light. */
export function offlineReply(turn: CompanionTurn): string {
  const intent = classify(turn.message);
  const voice = (turn.agent as Avatar).voice[turn.locale];
  const serious = SERIOUS.has(intent);
  const parts = [serious ? voice.open_serious : voice.open, body(intent, turn)];
  if (!serious && intent !== 'factual' && intent !== 'action') parts.push(voice.close);
  return parts.join(' ');
}

export const offlineCompanion: CompanionResponder = {
  async reply(turn): Promise<CompanionReply> {
    return { text: offlineReply(turn), source: 'offline' };
  },
};
