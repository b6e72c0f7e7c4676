/** Pulls the user's name out of a free-text answer. Pure: no I/O. */

export const NAME_MAX_CHARS = 100;
const MAX_NAME_WORDS = 4;

// Letters and combining marks, with inner hyphens/apostrophes (Jean-Luc, O'Brien).
const WORD = String.raw`[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*`;
const WORD_AT = new RegExp(WORD, 'uy');
const NEXT_WORD_AT = new RegExp(String.raw`[ \t]+(${WORD})`, 'uy');
const ANY_WORD = new RegExp(WORD, 'gu');

// The lookbehind stands in for \b, which only knows ASCII letters.
const INTRO = new RegExp(
  String.raw`(?<![\p{L}\p{M}])(?:me\s+llamo|mi\s+nombre\s+es|ll[aá]mame|my\s+name\s+is|my\s+name['’]s|call\s+me|soy|i['’]m|i\s+am)[\s:,]+`,
  'giu',
);

// Words that end a name or can never start one; written without accents.
const STOPWORDS = new Set([
  'y', 'e', 'o', 'u', 'pero', 'que', 'de', 'del', 'la', 'el', 'los', 'las', 'un', 'una', 'en',
  'con', 'por', 'para', 'a', 'al', 'mi', 'me', 'yo', 'soy', 'llamo', 'llamame', 'nombre', 'es',
  'tengo', 'vivo', 'quiero', 'estoy', 'hola', 'buenas', 'buenos', 'dias', 'tardes', 'noches',
  'gracias', 'aunque', 'tambien', 'muy', 'no', 'si', 'todo', 'mundo', 'dice', 'dicen',
  'and', 'but', 'or', 'of', 'the', 'an', 'from', 'in', 'with', 'my', 'name', 'is', 'i', 'im',
  'am', 'call', 'hi', 'hello', 'hey', 'thanks', 'thank', 'you', 'not', 'so', 'also', 'too',
  'just', 'here', 'to', 'want', 'have', 'live', 'nice', 'meet', 'ok', 'okay', 'yes',
]);

const isStopword = (word: string): boolean =>
  STOPWORDS.has(word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());

type LetterCase = 'upper' | 'lower' | 'none';
const caseOf = (word: string): LetterCase =>
  /^\p{Lu}/u.test(word) ? 'upper' : /^\p{Ll}/u.test(word) ? 'lower' : 'none';

/** Cuts at a code point so the result stays a well-formed substring. */
function bound(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/**
 * Reads a name starting at `start`: the first word plus following words of the same letter
 * case ("María José", "juan carlos"), stopping at punctuation or a stopword.
 */
function readName(text: string, start: number): string | null {
  WORD_AT.lastIndex = start;
  const first = WORD_AT.exec(text)?.[0];
  if (first === undefined || isStopword(first)) return null;
  if (first.length >= NAME_MAX_CHARS) return bound(first, NAME_MAX_CHARS);

  let end = start + first.length;
  for (let words = 1; words < MAX_NAME_WORDS; words++) {
    NEXT_WORD_AT.lastIndex = end;
    const next = NEXT_WORD_AT.exec(text);
    const word = next?.[1];
    if (next === null || word === undefined) break;
    if (isStopword(word) || caseOf(word) !== caseOf(first)) break;
    if (next.index + next[0].length - start > NAME_MAX_CHARS) break;
    end = next.index + next[0].length;
  }
  return text.slice(start, end);
}

/**
 * The name in phrases like "Me llamo Marta", "Soy Ana", "My name is John", "I'm Bob", or a bare
 * "Marta". The result is always a substring of `text` (case untouched, at most 100 characters,
 * never containing `?` or `¿`); null when nothing name-like is present.
 */
export function extractName(text: string): string | null {
  for (const intro of text.matchAll(INTRO)) {
    const name = readName(text, intro.index + intro[0].length);
    if (name !== null) return name;
  }

  const words = [...text.matchAll(ANY_WORD)].filter((m) => !isStopword(m[0]));
  const pick = words.find((m) => caseOf(m[0]) === 'upper') ?? words[0];
  return pick === undefined ? null : readName(text, pick.index);
}
