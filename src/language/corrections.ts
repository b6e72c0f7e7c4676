/**
 * Self-corrections in the middle of an answer: "30/40/30 no wait 35/35/30", "dinner at 7pm wait
 * no 8pm", "vegan, no wait vegetarian", "desayuno a las 7, no espera, a las 7 y media". The answer
 * is rewritten as the user meant it: what follows the marker replaces the value it corrects. The
 * caller still confirms the result, since a correction is a guess about what was replaced.
 */

/** "no wait", "wait, no", "actually no", "no espera", "bueno no", "mejor dicho" (and an "actually"/"mejor" after it). */
const MARKER =
  /(?:^|[\s,.;:!…-]+)(?:no,? wait|wait,? no|actually,? no|no,? espera|espera,? no|bueno,? no|no,? perd[oó]n|perd[oó]n,? no|mejor dicho)(?:[\s,]+(?:actually|i mean|make it|rather|mejor|digo))?(?![\p{L}\p{N}])[\s,.;:!…-]*/iu;

/** A figure as typed: "7pm", "35/35/30", "12:30", "2.5 l", "40%". */
const FIGURE = /\d+(?:[.,:/]\d+)*(?:\s?(?:am|pm|h|hs|%|kcal|cal|kg|lbs?|l|ml|litres?|liters?|litros?))?(?![\p{L}\p{N}])/giu;

const CLAUSE_END = /[,.;:!?…]/u;

function lastFigure(text: string): { start: number; end: number } | undefined {
  let last: { start: number; end: number } | undefined;
  for (const m of text.matchAll(FIGURE)) last = { start: m.index, end: m.index + m[0].length };
  return last;
}

function lastWord(text: string, word: string): number {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  let at = -1;
  for (const m of text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'))) at = m.index;
  return at;
}

/** The answer with its self-correction applied, or undefined when it does not correct itself. */
export function applySelfCorrection(message: string): string | undefined {
  const marker = MARKER.exec(message);
  if (marker === null) return undefined;
  const before = message.slice(0, marker.index);
  const after = message.slice(marker.index + marker[0].length).trim();
  if (before.trim() === '' || after === '') return undefined;
  // A figure replaces the last figure before it: "dinner at 7pm wait no 8pm".
  if (/^\d/u.test(after)) {
    const figure = lastFigure(before);
    if (figure !== undefined) return `${before.slice(0, figure.start)}${after}${before.slice(figure.end)}`.trim();
  }
  // A repeated lead word replaces from its last use: "a las 7, no espera, a las 7 y media".
  const first = /^[\p{L}]+/u.exec(after)?.[0];
  if (first !== undefined) {
    const at = lastWord(before, first);
    if (at >= 0) return `${before.slice(0, at)}${after}`.trim();
  }
  // Otherwise it replaces the last clause: "vegan, no wait vegetarian".
  const kept = before.replace(/[\s,.;:!?…-]+$/u, '');
  let cut = -1;
  for (let k = kept.length - 1; k >= 0; k--) {
    if (CLAUSE_END.test(kept.charAt(k))) {
      cut = k;
      break;
    }
  }
  return `${kept.slice(0, cut + 1)} ${after}`.trim();
}

const RELATIVES = String.raw`(?:brother|sister|daughter|son|wife|husband|gf|bf|girlfriend|boyfriend|partner|mom|mum|mother|dad|father|friend|flatmate|roommate|hermano|hermana|hija|hijo|mujer|marido|esposa|esposo|novia|novio|pareja|madre|padre|mam[aá]|pap[aá]|amigo|amiga|compa[ñn]ero|compa[ñn]era)`;

/**
 * "my brother has a bad knee but I'm fine", "mi novio toma proteína, yo no quiero nada": a
 * clause about someone else, followed by the user's own answer ("but I...", "pero yo...", ", yo...").
 */
const OTHERS_CLAUSE = new RegExp(
  String.raw`(?<=^|[,.;!]\s*|\s)(?:my|mi|mis)\s+${RELATIVES}(?![\p{L}])[^,.;!]*?(?:[,.;!]?\s*(?:but|pero)\s+|[,.;!]\s*(?=(?:i|i'm|im|yo)(?![\p{L}])))`,
  'iu',
);

/** The answer without a clause about someone else that the user then answers for themselves, or undefined. */
export function withoutOthersClause(message: string): string | undefined {
  const match = OTHERS_CLAUSE.exec(message);
  if (match === null) return undefined;
  const rest = `${message.slice(0, match.index)}${message.slice(match.index + match[0].length)}`.trim();
  return /^(?:i|i'm|im|yo)(?![\p{L}])|[,.;!]\s*(?:i|i'm|im|yo)(?![\p{L}])/iu.test(message.slice(match.index + match[0].length).trim()) &&
    rest !== ''
    ? rest
    : undefined;
}
