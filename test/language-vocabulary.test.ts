/**
 * The language toolkit's fuzzy vocabulary (src/language/vocabulary.ts, vocabulary() in text.ts):
 * which words of an answer a reader accounts for, and which unknown words are typos of known
 * ones, in English and Spanish.
 */
import { describe, expect, it } from 'vitest';
import { correctTypos, slips, unaccounted } from '../src/language/vocabulary.js';
import { analyze, findPhrases, phraseSet, vocabulary } from '../src/language/text.js';

/** A small reader: allergy and diet words, as a state's tables would give them. */
const KNOWN = vocabulary(phraseSet(['allergic', 'allergies', 'vegetarian', 'pescatarian', 'intolerant', 'weekends']), new Set(['dairy']));

describe('slips of the fingers', () => {
  it.each([
    ['weight', 'weight', 0],
    ['alergic', 'allergic', 1],
    ['begginer', 'beginner', 2],
    ['wieght', 'weight', 1],
    ['muscel', 'muscle', 1],
    ['pescatarain', 'pescatarian', 1],
    ['adelgasar', 'adelgazar', 1],
    ['vegitarian', 'vegetarian', 1],
    ['wensday', 'wednesday', 2],
    ['wrist', 'first', 2],
  ])('when %j is compared with %j, then it is %d slips (a swap of neighbours is one)', (a, b, n) => {
    expect(slips(a, b)).toBe(n);
    expect(slips(b, a)).toBe(n);
  });
});

describe('vocabulary', () => {
  it('when tables and word sets are joined, then every word of every phrase is known once, and those of one word stand alone', () => {
    const words = vocabulary(phraseSet(['pull-up bar', 'bench']), new Set(['mat', 'bench']));
    expect([...words].sort()).toEqual(['bar', 'bench', 'mat', 'pull', 'up']);
    expect([...words.standalone].sort()).toEqual(['bench', 'mat']);
    // Joined again, a vocabulary keeps which of its words stand alone.
    expect([...vocabulary(words, phraseSet(['bar'])).standalone].sort()).toEqual(['bar', 'bench', 'mat']);
  });
});

describe('words an answer leaves unaccounted for', () => {
  it('when words are known, fillers, numbers or negators, then only the others are left, once each', () => {
    expect(unaccounted(analyze("i'm vegetarian and allergic to 2 kiwis, not dairy, kiwis"), {}, KNOWN)).toEqual(['kiwis']);
    expect(unaccounted(analyze('honestly just vegetarian lol'), {}, KNOWN)).toEqual([]);
    expect(unaccounted(analyze('soy vegetariana, no tengo alergias'), {}, KNOWN)).toEqual(['vegetariana', 'alergias']);
  });

  it('when a word ends up in a saved value, then it is accounted for', () => {
    expect(unaccounted(analyze('allergic to peanuts'), { allergies: ['peanuts'] }, KNOWN)).toEqual([]);
  });

  it('when a saved word is a typo of a word the reader knows, then it is left over, to be confirmed', () => {
    // "no allergys" read as a food called "allergys" would be a misreading.
    expect(unaccounted(analyze('vegetarian, no allergys'), { dislikes: ['allergys'] }, KNOWN)).toEqual(['allergys']);
  });

  it('when a word is known only inside a longer phrase, then it counts only where such a phrase was read', () => {
    const goals = vocabulary(phraseSet(['get strong', 'lose weight']));
    const table = phraseSet(['get strong', 'lose weight']);
    const said = analyze('lose weight and be more strong');
    findPhrases(said, table);
    expect(unaccounted(said, {}, goals)).toEqual(['strong']);
    const clear = analyze('lose weight and get strong');
    findPhrases(clear, table);
    expect(unaccounted(clear, {}, goals)).toEqual([]);
  });

  it('when a word only another reader knows is said, then this reader leaves it over', () => {
    const meals = vocabulary(phraseSet(['breakfast', 'lunch']));
    expect(unaccounted(analyze('breakfast at 7 on weekends'), {}, meals)).toEqual(['weekends']);
  });
});

describe('typo correction', () => {
  it('when an unknown word is one slip from a known word, then it is corrected with confidence', () => {
    expect(correctTypos('vegetarian, alergic to nuts', ['alergic'], KNOWN)).toEqual({
      text: 'vegetarian, allergic to nuts',
      corrections: [{ from: 'alergic', to: 'allergic', slips: 1, confident: true }],
    });
  });

  it('when the slip is a swap or a long word needs two, then it is corrected but not with confidence', () => {
    expect(correctTypos('pescatarain', ['pescatarain'], KNOWN).corrections).toEqual([
      { from: 'pescatarain', to: 'pescatarian', slips: 1, confident: false },
    ]);
    expect(correctTypos('vegetaryann', ['vegetaryann'], KNOWN).corrections).toEqual([
      { from: 'vegetaryann', to: 'vegetarian', slips: 2, confident: false },
    ]);
  });

  it('when a word is short or too far from any known word, then it is left as it is', () => {
    // Below five letters a slip is as likely another word; "planet" is two slips from every known word.
    expect(correctTypos('no fsh', ['fsh'], KNOWN).corrections).toEqual([]);
    expect(correctTypos('planet fitness', ['planet'], KNOWN).corrections).toEqual([]);
  });

  it('when the known words are another reader\u2019s, then the typo is not corrected toward them', () => {
    const equipment = vocabulary(phraseSet(['dumbbells', 'bench']));
    expect(correctTypos('alergic', ['alergic'], equipment).corrections).toEqual([]);
  });

  it('when a typo appears twice, then both are replaced, and only as whole words', () => {
    expect(correctTypos('alergic, very alergic; alergical', ['alergic'], KNOWN).text).toBe('allergic, very allergic; alergical');
  });
});
