/** The single guardrail every guided-flow summary passes, whether from the LLM or offline. */
import type { SummaryInput } from '../../../../machines/guided/types.js';

export const SUMMARY_MAX_CHARS = 1200;
/** Same bound as extractName, so a longer stored name cannot push a summary over the limit. */
export const SUMMARY_NAME_MAX_CHARS = 100;

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

export type SummaryValidation = { ok: true } | { ok: false; reason: SummaryRejection };
export type SummaryRejection =
  | 'empty'
  | 'too_long'
  | 'has_question'
  | 'free_chat'
  | 'missing_name'
  | 'step_count';

export function validateSummary(text: string, input: SummaryInput): SummaryValidation {
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
  return { ok: true };
}
