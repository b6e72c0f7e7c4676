/**
 * Restates the user's goal in the summary's own words: the lead-in ("quiero", "I want to") is
 * dropped, the person is turned round ("mi" -> "tu", "my" -> "your") and stray punctuation and
 * emoji are cleaned, so the summary never pastes the answer back verbatim. Pure.
 */
import type { Locale } from '../../../../machines/guided/types.js';
import { EN_GOAL_VERBS } from './classify.js';
import { sanitizeSummaryText, truncateAtCodePoint } from './validate.js';

/** Longest stretch of the user's words kept; keeps the whole summary well under 900 chars. */
const GOAL_MAX = 160;

const ES_LEAD =
  /^(?:(?:pues|bueno|vale|hola|mmm+|eh|em|a ver|la verdad|sinceramente)[\s,.:;!-]+)*(?:yo\s+)?(?:(?:mi|el)\s+(?:objetivo|meta|prop[oó]sito|sue[nñ]o)(?:\s+principal)?(?:\s+(?:es|ser[ií]a|ahora\s+mismo\s+es|ahora\s+es))?|(?:lo\s+que\s+)?(?:quiero|quisiera|me\s+gustar[ií]a|necesito|pretendo|me\s+propongo|planeo|voy\s+a|intento|ojal[aá]\s+pudiera|ojal[aá]|mi\s+idea\s+es)(?:\s+es)?)[\s:,-]*/iu;
const EN_LEAD =
  /^(?:(?:so|well|hi|hey|um+|uh+|ok|okay|honestly)[\s,.:;!-]+)*(?:(?:my\s+(?:main\s+)?(?:goal|aim|dream|plan)(?:\s+(?:is|would\s+be|right\s+now\s+is))?(?:\s+to)?)|(?:i\s*(?:'d|would)\s+(?:really\s+)?(?:like|love)\s+to)|(?:i\s+(?:really\s+)?(?:want|wanna|need|plan|hope|aim|wish|am\s+going|['’]m\s+going|am\s+trying|['’]m\s+trying)(?:\s+to)?)|(?:im\s+(?:going|trying)\s+to)|(?:goal\s*:))[\s:,-]*/iu;

const ES_SWAP: Record<string, string> = {
  mi: 'tu',
  mis: 'tus',
  me: 'te',
  yo: 'tú',
  conmigo: 'contigo',
  mío: 'tuyo',
  mía: 'tuya',
  estoy: 'estás',
  tengo: 'tienes',
  soy: 'eres',
  puedo: 'puedes',
  quiero: 'quieres',
  necesito: 'necesitas',
  voy: 'vas',
  hago: 'haces',
  siento: 'sientes',
  sé: 'sabes',
  consigo: 'consigues',
  nuestro: 'vuestro',
  nuestra: 'vuestra',
};
const EN_SWAP: Record<string, string> = {
  my: 'your',
  me: 'you',
  myself: 'yourself',
  i: 'you',
  mine: 'yours',
  "i'm": "you're",
  im: "you're",
  "i've": "you've",
  "i'll": "you'll",
  "i'd": "you'd",
  am: 'are',
  our: 'your',
  ours: 'yours',
  we: 'you',
};
const MORE_LESS = /^(?:more|less|fewer|better|a\s+better|mas|más|menos|mejor)\b/iu;

/** Applies a word-for-word swap, keeping the words the table does not know. */
function swapPerson(text: string, table: Record<string, string>): string {
  return text.replace(/[\p{L}'’]+/gu, (w) => {
    const key = w.toLowerCase().replace('’', "'");
    const swapped = table[key];
    if (swapped === undefined) return w;
    return w === w.toUpperCase() && w.length > 1 ? swapped.toUpperCase() : swapped;
  });
}

/** Spanish infinitives with "me" attached become "te": "sacarme" -> "sacarte". */
const swapSpanishClitics = (text: string): string => text.replace(/(?<=\p{L}{2,}(?:ar|er|ir|ár|ér|ír))me(?=\p{L}{0,2}(?![\p{L}]))/gu, 'te');

function clean(goal: string): string {
  // A question tacked on after the goal ("..., ¿me ayudas?") is not part of the goal.
  const withoutTag = goal.replace(/(?<=\p{L}.*)[,;.]?\s*¿[^¿?]*\?\s*$/u, '');
  return sanitizeSummaryText(withoutTag)
    .replace(/[^\p{L}\p{N}\p{M}\s.,;:'’%€$/&+()-]/gu, ' ')
    .replace(/([.,;:!])(?:\s*[.,;:!])+/gu, '$1')
    .replace(/\(\s*\)/gu, ' ')
    .replace(/\s+([.,;:])/gu, '$1')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[\s.,;:'’-]+|[\s.,;:'’-]+$/gu, '');
}

function bounded(text: string): string {
  if (text.length <= GOAL_MAX) return text;
  const cut = truncateAtCodePoint(text, GOAL_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return (space >= GOAL_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/u, '') + '…';
}

const lowerFirst = (text: string): string => {
  const first = text.split(/\s/u)[0] ?? '';
  // An all-capitals first word (an acronym, or shouting) is left as it is.
  return first.length > 1 && first === first.toUpperCase() ? text : text.charAt(0).toLowerCase() + text.slice(1);
};

const ES_WISH = /(?:^|[\s,.;])((?:quiero|quisiera|me\s+gustar[ií]a|necesito|mi\s+objetivo|mi\s+meta)\b.*)$/iu;
const EN_WISH =
  /(?:^|[\s,.;])((?:i\s+(?:(?:really|just|only|actually|still)\s+)?(?:want|wanna|need|would\s+like|'d\s+like|’d\s+like|hope)|i'd\s+like|my\s+goal)\b.*)$/iu;

/** The part of an answer that states a wish ("estoy agobiado, quiero aprobar" -> "quiero aprobar"), or ''. */
export function wishClause(goal: string, locale: Locale): string {
  const match = (locale === 'es' ? ES_WISH : EN_WISH).exec(sanitizeSummaryText(goal));
  return match?.[1] ?? '';
}

/** One sentence restating the goal, or '' when nothing worth restating is left. */
export function restateGoal(goal: string, locale: Locale): string {
  let body = clean(goal);
  if (body === '') return '';
  const lead = locale === 'es' ? ES_LEAD : EN_LEAD;
  const stripped = body.replace(lead, '');
  const hadLead = stripped !== body;
  body = stripped.replace(/^to\s+/iu, '').trim();
  if (!/[\p{L}\p{N}]/u.test(body)) return '';
  body = bounded(lowerFirst(body));

  if (locale === 'es') {
    body = swapPerson(swapSpanishClitics(body), ES_SWAP);
    const first = body.split(/[\s,]/u)[0]?.toLowerCase() ?? '';
    const verb = /(?:ar|er|ir|ár|ér|ír)(?:te|se|le|la|lo|les|las|los)?$/u.test(first);
    if (hadLead && /^(?:que|ser|estar|tener|poder)\b/u.test(body)) return `Quieres ${body}.`;
    if (verb || hadLead) return `Quieres ${body}.`;
    if (MORE_LESS.test(body)) return `Buscas ${body}.`;
    return `Tu objetivo gira en torno a ${body}.`;
  }
  body = swapPerson(body, EN_SWAP);
  const first = body.split(/[\s,]/u)[0]?.toLowerCase() ?? '';
  if (EN_GOAL_VERBS.has(first) || (hadLead && !MORE_LESS.test(body))) return `You want to ${body}.`;
  if (MORE_LESS.test(body)) return `You want ${body}.`;
  return `Your goal is about ${body}.`;
}
