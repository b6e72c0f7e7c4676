/** The single guardrail every guided-flow summary passes, whether from the LLM or offline. */
import type { SummaryInput } from '../../../../machines/guided/types.js';
import { tokenize } from '../../../language/stem.js';
import { classify, type GoalClassification } from './classify.js';

export const SUMMARY_MAX_CHARS = 1200;
/** Same bound as extractName, so a longer stored name cannot push a summary over the limit. */
const SUMMARY_NAME_MAX_CHARS = 100;

const QUESTION_MARKS = /[?¿？؟]/gu;
const QUESTION_MARK = /[?¿？؟]/u;

/** Phrases that would reopen the conversation as free chat; the onboarding is not a chat. */
const FREE_CHAT_SOURCES = [
  String.raw`preg[uú]ntame\s+(?:lo\s+que\s+(?:quieras|necesites)|cualquier\s+cosa)`,
  String.raw`puedes\s+preguntarme`,
  String.raw`no\s+dudes\s+en\s+(?:preguntar|escribirme|consultarme)`,
  String.raw`(?:hablemos|charlemos|conversemos)\s+(?:de\s+lo\s+que\s+quieras|de\s+cualquier\s+cosa|libremente)`,
  String.raw`estoy\s+aqu[ií]\s+para\s+(?:lo\s+que\s+necesites|charlar|hablar)`,
  String.raw`en\s+qu[eé]\s+m[aá]s\s+puedo\s+ayudar`,
  String.raw`ask\s+me\s+(?:anything|whatever)`,
  String.raw`feel\s+free\s+to\s+(?:ask|chat|reach\s+out)`,
  String.raw`let['’]?s\s+(?:chat|talk\s+about\s+anything)`,
  String.raw`anything\s+else\s+(?:i\s+can|you['’]d\s+like)`,
  String.raw`(?:happy|glad)\s+to\s+chat`,
  String.raw`i['’]?m\s+here\s+(?:to\s+chat|for\s+anything)`,
];
const FREE_CHAT = new RegExp(FREE_CHAT_SOURCES.join('|'), 'iu');
const FREE_CHAT_ALL = new RegExp(FREE_CHAT_SOURCES.join('|'), 'giu');

/**
 * Makes user text safe to embed in a summary: drops question marks and free-chat phrases and
 * collapses all whitespace (so user text can never start a line and fake a numbered step).
 * Both the offline summary and the validator go through this, so they always agree.
 */
export function sanitizeSummaryText(text: string): string {
  let out = text.replace(QUESTION_MARKS, '').replace(/\s+/gu, ' ').trim();
  // Removing one phrase can join its neighbours into another, so repeat until stable.
  for (;;) {
    const next = out.replace(FREE_CHAT_ALL, ' ').replace(/\s+/gu, ' ').trim();
    if (next === out) return out;
    out = next;
  }
}

/** The longest prefix of `text` within `max` UTF-16 units that does not split a code point. */
export function truncateAtCodePoint(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** The name exactly as a summary must contain it: sanitized and bounded at a code point. */
export function summaryName(name: string): string {
  return truncateAtCodePoint(sanitizeSummaryText(name), SUMMARY_NAME_MAX_CHARS).trimEnd();
}

const STEP_LINE = /^\s*(\d+)[.)](?:\s+(\S.*))?\s*$/u;

/** Numbers of the lines that look like numbered steps ("1. ..." or "1) ..."). */
function stepNumbers(text: string): { numbers: number[]; hasEmptyStep: boolean } {
  const numbers: number[] = [];
  let hasEmptyStep = false;
  for (const line of text.split(/\r\n|[\n\r\u2028\u2029]/u)) {
    const match = STEP_LINE.exec(line);
    if (match === null) continue;
    numbers.push(Number(match[1]));
    if (match[2] === undefined) hasEmptyStep = true;
  }
  return { numbers, hasEmptyStep };
}

type SummaryValidation = { ok: true } | { ok: false; reason: SummaryRejection };
type SummaryRejection = 'empty' | 'too_long' | 'has_question' | 'free_chat' | 'missing_name' | 'step_count' | ContentRejection;

/**
 * Form first (the contract's rules), then content: the text must agree with the goal's
 * classification, which callers that already have it can pass in.
 */
export function validateSummary(text: string, input: SummaryInput, classification?: GoalClassification): SummaryValidation {
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  if (text.length > SUMMARY_MAX_CHARS) return { ok: false, reason: 'too_long' };
  if (QUESTION_MARK.test(text)) return { ok: false, reason: 'has_question' };
  if (FREE_CHAT.test(text.replace(/\s+/gu, ' '))) return { ok: false, reason: 'free_chat' };
  if (!text.includes(summaryName(input.name))) return { ok: false, reason: 'missing_name' };

  const { numbers, hasEmptyStep } = stepNumbers(text);
  const consecutive = numbers.every((n, i) => n === i + 1);
  if (hasEmptyStep || !consecutive || numbers.length < 2 || numbers.length > 3) {
    return { ok: false, reason: 'step_count' };
  }
  return validateContent(text, classification ?? classify(input.goal), input.goal);
}

// ---------------------------------------------------------------------------------------------
// Content: the summary must agree with how the goal was classified.

type ContentRejection =
  | 'harmful_not_redirected'
  | 'harmful_step'
  | 'self_harm_without_support'
  | 'distress_without_care'
  | 'distress_upbeat'
  | 'unrealistic_promise'
  | 'unrealistic_not_reframed'
  | 'vague_not_flagged'
  | 'off_topic_not_defined'
  | 'clear_refused'
  | 'goal_not_restated';

const REDIRECT =
  /mereces apoyo|deserve support|cuidarte|look after yourself|no puedo (?:apoyar|ayudar)|no voy a (?:apoyar|ayudar)|en su lugar|en lugar de|te propongo|objetivo (?:seguro|legal|sano)|alternativa|de forma segura|sin hacer dano|respet|can['’]?t (?:support|help)|cannot (?:support|help)|won['’]?t (?:support|help)|instead|safe(?:r)? (?:goal|alternative|way)|\blegal\b|without hurting|respect/u;
const SUPPORT =
  /apoyo|ayuda|profesional|emergencia|linea|medic|psicolog|confianza|support|help|professional|emergency|crisis|\bline\b|doctor|therapist|trust/u;
const CARE =
  /siento (?:que|mucho)|lamento|entiendo|cuidarte|cuida(?:te|r de ti)|con calma|a tu ritmo|importa|apoyo|dificil|sorry|understand|look after|take care|gentle|at your pace|matters|support|hard time|tough|difficult|be kind/u;
const UPBEAT =
  /[!¡]|genial|increible|fantastic|awesome|amazing|\bcrush|vamos a por|let['’]?s go|you['’]?ve got this|a tope|brutal|superemocionante/u;
const PROMISE =
  /(?:conseguiras|lograras|alcanzaras|perderas|hablaras|te haras rico)|garantiz|seguro que lo|sin duda lo|te prometo|you will (?:be|get|reach|achieve|lose|become|speak|make)|you['’]ll (?:be|get|reach|achieve|lose|become|speak|make)|guarantee|definitely|for sure|i promise|100 ?%/u;
const REFRAME =
  /realista|alcanzable|plazo|poco a poco|gradual|sostenible|meses|progresiv|hito|realistic|achievable|timeline|gradually|sustainable|months|step by step|milestone/u;
const NOT_CLEAR =
  /no (?:esta|es) (?:del todo )?claro|todavia|aun no|concret|defin|not (?:yet )?clear|\byet\b|unclear|pin (?:it )?down|figure out|narrow|specific|decide/u;
const DEFINE = /defin|objetivo|meta\b|goal|decide|elige|choose|que quieres|what you want/u;
const REFUSAL = /no puedo apoyar|no voy a apoyar|can['’]?t support|cannot support|won['’]?t support/u;

const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const stepTexts = (text: string): string[] =>
  text
    .split(/\r\n|[\n\r\u2028\u2029]/u)
    .map((line) => STEP_LINE.exec(line)?.[2] ?? null)
    .filter((s): s is string => s !== null);

/** Words of the goal that carry its meaning; one of them (or its stem) must come back in a clear summary. */
function contentStems(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.word.length >= 4 && !/^\d/u.test(t.word))
    .map((t) => t.es.slice(0, 5));
}

function validateContent(text: string, c: GoalClassification, goal: string): { ok: true } | { ok: false; reason: ContentRejection } {
  const folded = fold(text);
  const steps = stepTexts(text);
  switch (c.kind) {
    case 'harmful': {
      if (!REDIRECT.test(folded)) return { ok: false, reason: 'harmful_not_redirected' };
      if (steps.some((s) => classify(s).kind === 'harmful')) return { ok: false, reason: 'harmful_step' };
      if ((c.harm === 'self_harm' || c.harm === 'starving') && !SUPPORT.test(folded)) {
        return { ok: false, reason: 'self_harm_without_support' };
      }
      return { ok: true };
    }
    case 'distressed':
      if (!CARE.test(folded)) return { ok: false, reason: 'distress_without_care' };
      if (UPBEAT.test(folded)) return { ok: false, reason: 'distress_upbeat' };
      return { ok: true };
    case 'unrealistic':
      if (PROMISE.test(folded)) return { ok: false, reason: 'unrealistic_promise' };
      if (!REFRAME.test(folded)) return { ok: false, reason: 'unrealistic_not_reframed' };
      return { ok: true };
    case 'vague':
      return NOT_CLEAR.test(folded) ? { ok: true } : { ok: false, reason: 'vague_not_flagged' };
    case 'off_topic':
      return DEFINE.test(fold(steps[0] ?? '')) ? { ok: true } : { ok: false, reason: 'off_topic_not_defined' };
    case 'clear': {
      if (REFUSAL.test(folded)) return { ok: false, reason: 'clear_refused' };
      const wanted = contentStems(goal);
      if (wanted.length === 0) return { ok: true };
      const said = new Set(contentStems(text));
      return wanted.some((s) => said.has(s)) ? { ok: true } : { ok: false, reason: 'goal_not_restated' };
    }
  }
}
