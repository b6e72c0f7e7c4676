/** Text normalisation shared by the language tools: accents folded, case lowered, words split. Pure. */

/** Lower case, accents and other combining marks removed, curly quotes straightened, spaces collapsed. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/gu, "'")
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * The words of a folded text. Inner apostrophes are dropped ("don't" -> "dont", "i'm" -> "im") so
 * word lists need one spelling; digits stay attached to letters ("5k", "10km").
 */
export function words(text: string): string[] {
  return (
    fold(text)
      .replace(/(\p{L})'(\p{L})/gu, '$1$2')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * A rough sound-alike key for Spanish spelling slips: b/v, a silent h, ll/y, z/c before e-i and
 * qu/k/c sound the same to many writers ("bengarme", "umillar", "aser"), so they compare equal.
 */
export function soundKey(word: string): string {
  return word
    .replace(/(?<!c)h/gu, '')
    .replace(/v/gu, 'b')
    .replace(/ll/gu, 'y')
    .replace(/z/gu, 's')
    .replace(/c([ei])/gu, 's$1')
    .replace(/qu([ei])/gu, 'k$1')
    .replace(/c/gu, 'k')
    .replace(/(.)\1+/gu, '$1');
}
