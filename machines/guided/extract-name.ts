/** Pulls the user's name out of a free-text answer. Pure: no I/O. */

export const NAME_MAX_CHARS = 100;
const MAX_NAME_WORDS = 4;

// Letters and combining marks, with inner hyphens/apostrophes (Jean-Luc, O'Brien).
const WORD = String.raw`[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*`;
const WORD_AT = new RegExp(WORD, 'uy');
const NEXT_WORD_AT = new RegExp(String.raw`[ \t]+(${WORD})`, 'uy');
const ANY_WORD = new RegExp(WORD, 'gu');

// The lookbehind stands in for \b, which only knows ASCII letters. "soy" / "I'm" are weak: they
// also introduce where people are from or how they feel ("soy de Sevilla", "I'm fine").
// "me dicen" / "me dice" introduce a nickname: the name when it is the only one given, but a name
// given before it wins ("Me llamo Juan, pero todo el mundo me dice Juanki" -> Juan).
const INTRO = new RegExp(
  String.raw`(?<![\p{L}\p{M}])(?:(me\s+llamo|mi\s+nombre\s+es|ll[aá]mame|(?:my\s+|the\s+)?name\s+is|(?:my\s+|the\s+)?name['’]s|call\s+me|aqu[ií]|this\s+is|it['’]?s)|(soy|i['’]m|im|i\s+am)|(me\s+dicen|me\s+dice))[\s:,]+`,
  'giu',
);

/** A refusal to give a name is an answer, but not a name. */
const REFUSAL =
  /\bno\s+(?:te\s+)?(?:lo\s+)?(?:quiero|voy\s+a|puedo)\s+(?:decir|dar)|prefiero\s+no|no\s+quiero\s+dar|paso\s+de|no\s+te\s+(?:importa|incumbe)|rather\s+not|prefer\s+not|(?:do\s*n[o']?t|don['’]t)\s+want\s+to\s+(?:say|tell|share|give)|not\s+telling|none\s+of\s+your|no\s+comment|an[oó]nim|anonymous|es\s+secreto|it['’]?s\s+a\s+secret/iu;

/**
 * Common words that are not names: greetings, how people feel, where they are from, what they
 * do. Written folded (lower case, no accents).
 */
const NOT_NAMES = new Set([
  'hola',
  'hello',
  'hi',
  'hey',
  'holi',
  'buenas',
  'que',
  'tal',
  'q',
  'bien',
  'mal',
  'regular',
  'fine',
  'good',
  'great',
  'ok',
  'okay',
  'well',
  'gracias',
  'thanks',
  'cansado',
  'cansada',
  'tired',
  'aqui',
  'here',
  'nuevo',
  'nueva',
  'new',
  'estudiante',
  'student',
  'profesor',
  'profesora',
  'teacher',
  'de',
  'from',
  'desde',
  'alguien',
  'nobody',
  'nadie',
  'anonimo',
  'anonima',
  'tu',
  'you',
  'sure',
  'si',
  'yes',
  'vale',
  'bueno',
  'buena',
  'pues',
  'nada',
  'nothing',
  'happy',
  'feliz',
  'sad',
  'triste',
  'bored',
  'aburrido',
  'aburrida',
  'listo',
  'lista',
  'ready',
  'hungry',
  'sleepy',
  'busy',
  'ocupado',
  'ocupada',
  'contento',
  'contenta',
  'sorry',
  'perdon',
  'hmm',
  'jaja',
  'jajaja',
  'jeje',
  'jejeje',
  'jiji',
  'haha',
  'hahaha',
  'jsjs',
  'lmao',
  'lol',
  'xd',
  'genial',
  'fenomenal',
  'estupendo',
  'estupenda',
  'fatal',
  'asi',
  'so',
  'tranquilo',
  'tranquila',
  'agobiado',
  'agobiada',
  'estresado',
  'estresada',
  'doing',
  'going',
  'good',
  'alright',
  'ahi',
  'vamos',
  'como',
  'estas',
  'how',
  'are',
  'what',
  'whats',
  'why',
  'porque',
  'por',
  'para',
  'quieres',
  'saber',
  'know',
  'nombre',
  'name',
  'your',
  'tuyo',
  'mio',
  'trabajo',
  'work',
  'working',
  'ingeniero',
  'ingeniera',
  'medico',
  'medica',
  'doctor',
  'enfermero',
  'enfermera',
  'madre',
  'padre',
  'mother',
  'father',
  'mom',
  'dad',
  'bot',
  'robot',
  'humano',
  'human',
  'persona',
  'person',
  'usuario',
  'usuaria',
  'user',
  'just',
  'a',
  'an',
  'the',
  'un',
  'una',
  'el',
  'la',
  'en',
  'casa',
  'home',
  'spain',
  'espana',
  'espanol',
  'espanola',
  'spanish',
  'english',
  'ingles',
  'inglesa',
  'morning',
  'afternoon',
  'evening',
  'night',
  'dias',
  'tardes',
  'noches',
  'muy',
  'very',
  'really',
  'bastante',
  'pretty',
  'not',
  'no',
  'nope',
  'yeah',
  'yep',
  'sip',
  'claro',
  'of',
  'course',
  'igualmente',
  'encantado',
  'encantada',
  'pleased',
  'nice',
  'meet',
  'you',
  'bro',
  'tio',
  'tia',
  'guapo',
  'guapa',
  'quien',
  'who',
  'prefiero',
  'decir',
  'decirlo',
  'say',
  'secret',
  'secreto',
  'ninguno',
  'none',
  'anyone',
  'someone',
  'cualquiera',
  'whatever',
  'idk',
  'dunno',
  'sevilla',
  'madrid',
  'mmm',
  'mm',
  'eh',
  'em',
  'um',
  'uh',
  'anos',
  'years',
  'old',
  'vale',
  'okey',
  'pos',
  'weno',
  'buenos',
  'profe',
  'maybe',
  'quizas',
  'its',
  'programador',
  'programadora',
  'developer',
  'camarero',
  'camarera',
  'abogado',
  'abogada',
  // One-word questions and reactions ("¿cuál?", "where?", "¿perdona?").
  'cual',
  'donde',
  'cuando',
  'cuanto',
  'where',
  'when',
  'which',
  'huh',
  'perdona',
  'perdone',
  'pardon',
  'serio',
  'seriously',
  'neta',
  // "no sé", "ni idea", "no idea": not knowing is not a name.
  'se',
  'ni',
  'idea',
]);
const PLACE_WORDS = new Set(['de', 'del', 'en', 'from', 'in', 'at', 'desde', 'to', 'a']);
const fold = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
/** Letters stretched for effect ("hiii", "holaaa", "heyyy") read as the word itself. */
const unstretched = (w: string): string[] => [w, w.replace(/(\p{L})\1{2,}/gu, '$1'), w.replace(/(\p{L})\1{2,}/gu, '$1$1')];
const isNotName = (word: string): boolean => {
  const w = fold(word);
  if (w.length <= 12 && unstretched(w).some((form) => NOT_NAMES.has(form))) return true;
  // Lower-case past participles and adjectives of state: "cansada", "agobiado", "perdida".
  return NOT_NAMES.has(w) || (word === w && /(?:ado|ada|ido|ida)$/u.test(w) && w.length > 5);
};

/** One of the listed words that are never names ("jaja", "bien", "lol"), without the participle rule. */
const isListedNotName = (word: string): boolean => {
  const w = fold(word);
  return NOT_NAMES.has(w) || (w.length <= 12 && unstretched(w).some((form) => NOT_NAMES.has(form)));
};

// Words that end a name or can never start one; written without accents.
const STOPWORDS = new Set([
  'y',
  'e',
  'o',
  'u',
  'pero',
  'que',
  'de',
  'del',
  'la',
  'el',
  'los',
  'las',
  'un',
  'una',
  'en',
  'con',
  'por',
  'para',
  'a',
  'al',
  'mi',
  'me',
  'yo',
  'soy',
  'llamo',
  'llamame',
  'nombre',
  'es',
  'tengo',
  'vivo',
  'quiero',
  'estoy',
  'hola',
  'buenas',
  'buenos',
  'dias',
  'tardes',
  'noches',
  'gracias',
  'aunque',
  'tambien',
  'muy',
  'no',
  'si',
  'todo',
  'mundo',
  'dice',
  'dicen',
  'and',
  'but',
  'or',
  'of',
  'the',
  'an',
  'from',
  'in',
  'with',
  'my',
  'name',
  'is',
  'i',
  'im',
  'am',
  'call',
  'hi',
  'hello',
  'hey',
  'thanks',
  'thank',
  'you',
  'not',
  'so',
  'also',
  'too',
  'just',
  'here',
  'to',
  'want',
  'have',
  'live',
  'nice',
  'meet',
  'ok',
  'okay',
  'yes',
]);

const isStopword = (word: string): boolean => STOPWORDS.has(word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());

type LetterCase = 'upper' | 'lower' | 'none';
const caseOf = (word: string): LetterCase => (/^\p{Lu}/u.test(word) ? 'upper' : /^\p{Ll}/u.test(word) ? 'lower' : 'none');

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
 * The second part of a compound name joined by "del" / "de la" / "de los" ("María del Carmen",
 * "José de Jesús", "María de los Ángeles"). Only these: after a bare "de" a place is likelier
 * ("soy Ana de Sevilla"). Written folded.
 */
const COMPOUND_NAME_ENDS = new Set([
  'carmen',
  'mar',
  'pilar',
  'rosario',
  'rocio',
  'sol',
  'luz',
  'cruz',
  'jesus',
  'angeles',
  'mercedes',
  'dolores',
  'lourdes',
  'fatima',
  'guadalupe',
  'consuelo',
  'socorro',
  'remedios',
  'nieves',
  'valle',
  'monte',
  'castillo',
]);
const PARTICLE_AT = /[ \t]+(del|de(?:[ \t]+(?:la|los|las))?)[ \t]+([\p{L}\p{M}]+)/iuy;

/** The end of "del Carmen" / "de los Ángeles" after a first name, when it is one of those names. */
function compoundEnd(text: string, at: number): number | null {
  PARTICLE_AT.lastIndex = at;
  const m = PARTICLE_AT.exec(text);
  return m !== null && m[2] !== undefined && COMPOUND_NAME_ENDS.has(fold(m[2])) ? at + m[0].length : null;
}

/**
 * Reads a name starting at `start`: the first word plus following words of the same letter
 * case ("María José", "juan carlos"), stopping at punctuation or a stopword; a compound ending
 * such as "del Carmen" is part of it.
 */
function readName(text: string, start: number): string | null {
  WORD_AT.lastIndex = start;
  const first = WORD_AT.exec(text)?.[0];
  if (first === undefined || isStopword(first)) return null;
  if (first.length >= NAME_MAX_CHARS) return bound(first, NAME_MAX_CHARS);

  let end = start + first.length;
  for (let words = 1; words < MAX_NAME_WORDS; words++) {
    const compound = compoundEnd(text, end);
    if (compound !== null && compound - start <= NAME_MAX_CHARS) {
      end = compound;
      continue;
    }
    NEXT_WORD_AT.lastIndex = end;
    const next = NEXT_WORD_AT.exec(text);
    const word = next?.[1];
    if (next === null || word === undefined) break;
    // "soy marta jaja", "ana bien": a laugh or a word that is never a name ends the name.
    if (isStopword(word) || isListedNotName(word) || caseOf(word) !== caseOf(first)) break;
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
  if (REFUSAL.test(text)) return null;
  let weak: string | null = null;
  let weakSeen = false;
  let nickname: string | null = null;
  for (const intro of text.matchAll(INTRO)) {
    const name = readName(text, intro.index + intro[0].length);
    const usable = name !== null && !isNotName(name.split(/\s/u)[0] ?? name);
    if (intro[1] !== undefined && usable) return name;
    if (intro[2] !== undefined) {
      weakSeen = true;
      if (usable && weak === null) weak = name;
    }
    if (intro[3] !== undefined && usable && nickname === null) nickname = name;
  }
  if (weak !== null) return weak;
  if (nickname !== null) return nickname;
  // "soy de Sevilla", "I'm fine": the user said something about themselves, not their name.
  if (weakSeen) return null;

  const all = [...text.matchAll(ANY_WORD)];
  // A word after "de", "en", "from"... is a place ("vivo en Bilbao"), not a name.
  const afterPlaceWord = (i: number): boolean => i > 0 && PLACE_WORDS.has(fold(all[i - 1]?.[0] ?? ''));
  const words = all.filter((m, i) => !isStopword(m[0]) && !isNotName(m[0]) && !afterPlaceWord(i));
  const upper = words.find((m) => caseOf(m[0]) === 'upper');
  if (upper !== undefined) return readName(text, upper.index);
  // A lower-case answer is a name only when it is short ("lucas", "hola, soy ana", "ana belén"),
  // not a question of several words ("¿cómo te llamas?") or a sentence about something else. A
  // single word stays a name whatever punctuation surrounds it ("¿marta?", as "¿Marta?").
  const first = words[0];
  if (first === undefined || (/[?¿]/u.test(text) && all.length > 1) || all.length > 4) return null;
  return readName(text, first.index);
}

/** Particles inside a compound name stay lower case: "María del Carmen". */
const PARTICLES = new Set(['del', 'de', 'la', 'los', 'las']);

/** The name written as a name: "lucas" -> "Lucas", "ana belén" -> "Ana Belén", "JOHN" -> "John", "o'brien" -> "O'Brien". */
function formatName(name: string): string {
  return name.replace(/[\p{L}\p{M}]+/gu, (part, offset: number) => {
    if (offset > 0 && PARTICLES.has(part.toLowerCase())) return part.toLowerCase();
    if (part !== part.toLowerCase() && !(part === part.toUpperCase() && part.length > 1)) return part;
    const out = part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
    // A letter whose capital is longer ("ß" -> "SS") would break the name's length bound.
    return out.length === part.length ? out : part;
  });
}

/** The name to use from an answer, written as a name; null when the answer holds no name. */
export function nameFromAnswer(text: string): string | null {
  const name = extractName(text);
  return name === null ? null : formatName(name);
}
