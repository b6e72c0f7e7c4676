/**
 * Reads a reply to "Just to check: ... Is that right?" as yes, no, or neither. Only answers made
 * entirely of yes-words (or no-words) count: "yes, that's right" is a yes, "no, 2500 kcal" is a
 * fresh answer.
 */

type YesNo = 'yes' | 'no' | null;

const YES = [
  'yes',
  'yep',
  'yeah',
  'yea',
  'yup',
  'y',
  'sure',
  'ok',
  'okay',
  'k',
  'correct',
  'right',
  "that's right",
  'thats right',
  'that is right',
  "that's correct",
  'that is correct',
  'exactly',
  'absolutely',
  'definitely',
  'of course',
  'please',
  'confirm',
  'confirmed',
  'looks good',
  'sounds good',
  'perfect',
  'great',
  'sí',
  'si',
  'claro',
  'vale',
  'it is',
  'true',
];

const NO = [
  'no',
  'nope',
  'nah',
  'n',
  'not quite',
  'not really',
  'wrong',
  'incorrect',
  "that's wrong",
  'thats wrong',
  'that is wrong',
  "that's not right",
  'that is not right',
  'not right',
  "it's not",
  'it is not',
  'no way',
  'not correct',
  'false',
];

const toWords = (phrases: readonly string[]): string[][] => phrases.map((phrase) => phrase.split(' '));
const YES_WORDS = toWords(YES);
const NO_WORDS = toWords(NO);

function words(message: string): string[] {
  return message
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(' ')
    .filter((word) => word !== '');
}

/** True when the words are a sequence of the phrases, longest phrase first at each step. */
function madeOf(message: readonly string[], phrases: readonly string[][]): boolean {
  let i = 0;
  while (i < message.length) {
    const at = i;
    const hit = phrases
      .filter((phrase) => phrase.every((word, k) => message[at + k] === word))
      .reduce((longest, phrase) => Math.max(longest, phrase.length), 0);
    if (hit === 0) return false;
    i += hit;
  }
  return message.length > 0;
}

export function yesOrNo(message: string): YesNo {
  const said = words(message);
  if (madeOf(said, YES_WORDS)) return 'yes';
  if (madeOf(said, NO_WORDS)) return 'no';
  return null;
}
