/**
 * The language toolkit's text normalisation, tokens, stems and word lists (src/language/
 * normalize.ts, text.ts, stem.ts) and its look for Spanish (spanish.ts), in both languages.
 */
import { describe, expect, it } from 'vitest';
import { fold, soundKey, words } from '../src/language/normalize.js';
import { looksSpanish, spanishToCues } from '../src/language/spanish.js';
import { inLexicon, lexicon, tokenize } from '../src/language/stem.js';
import { analyze, findPhrases, normalize, phraseTable } from '../src/language/text.js';

describe('normalisation', () => {
  it('when text is folded, then case, accents, curly quotes and runs of spaces are gone', () => {
    expect(fold('  Ána  BELÉN’s  Niño ')).toBe("ana belen's nino");
  });

  it('when words are taken, then inner apostrophes go and digits stay with their letters', () => {
    expect(words("I don't know — 5k y 10km, ¡Hola!")).toEqual(['i', 'dont', 'know', '5k', 'y', '10km', 'hola']);
  });

  it.each([
    ['vengarme', 'bengarme'],
    ['humillar', 'umiyar'],
    ['hacer', 'aser'],
    ['quiero', 'kiero'],
    ['callarla', 'cayarla'],
  ])('when %j and %j sound alike in Spanish, then their sound keys are equal', (a, b) => {
    expect(soundKey(a)).toBe(soundKey(b));
  });

  it('when words sound different, then their keys differ', () => {
    expect(soundKey('correr')).not.toBe(soundKey('comer'));
  });

  it('when a message is normalised for the extractors, then "a.m.", typographic dashes and quotes are plain', () => {
    expect(normalize('Up at 7 a.m. — “early”')).toBe('up at 7 am - "early"');
  });

  it('when a message is tokenised, then numbers keep their value ("2k", "2,000") and apostrophe-less words are mended', () => {
    const tokens = analyze('2k steps, 2,000 kcal, dont').tokens;
    expect(tokens.map((t) => (t.kind === 'num' ? t.value : t.text))).toEqual([2000, 'steps', ',', 2000, 'kcal', ',', "don't"]);
  });

  it('when a phrase table is searched, then the longest phrase wins and joiners inside phrases are ignored', () => {
    const table = phraseTable([
      ['back', 'back'],
      ['lower back', 'lower back'],
      ['pull up bar', 'bar'],
    ]);
    const found = findPhrases(analyze('lower back pain and a pull-up bar'), table);
    expect(found.map((f) => [f.text, f.value])).toEqual([
      ['lower back', 'lower back'],
      ['pull-up bar', 'bar'],
    ]);
  });
});

describe('stems', () => {
  it('when Spanish verbs carry pronouns or endings, then they share a stem', () => {
    const [a, b] = tokenize('desquitarme desquitar');
    expect(a?.es).toBe(b?.es);
    const [c, d] = tokenize('humillarla humillación');
    expect(c?.es.slice(0, 5)).toBe(d?.es.slice(0, 5));
  });

  it('when English words are inflected, then they share an English stem', () => {
    const [a, b, c] = tokenize('humiliating humiliated humiliate');
    expect(new Set([a?.en, b?.en, c?.en]).size).toBe(1);
  });

  it('when a token is made, then it is folded and carries its sound key', () => {
    expect(tokenize('Vengaré')[0]).toMatchObject({ word: 'vengare', sound: soundKey('vengare') });
  });
});

describe('word lists', () => {
  const harm = lexicon(['vengar', 'revenge', 'humill*', '=mata']);
  const has = (word: string): boolean => {
    const [token] = tokenize(word);
    return token !== undefined && inLexicon(token, harm);
  };

  it.each([
    ['vengarme', 'a conjugation with a pronoun'],
    ['vengaré', 'a future tense'],
    ['humillación', 'the prefix'],
    ['umillarla', 'the prefix through the sound key (no h)'],
    ['revenges', 'an English plural'],
    ['revange', 'a one-letter typo of a long word'],
    ['mata', 'an exact-only entry'],
  ])('when %j is looked up, then it is in the list (%s)', (word) => {
    expect(has(word)).toBe(true);
  });

  it.each([['matar'], ['correr'], ['vegan']])('when %j is looked up, then it is not in the list', (word) => {
    expect(has(word)).toBe(false);
  });
});

describe('the look for Spanish', () => {
  it.each([
    ['tomo creatina', true],
    ['mañana a las 9', true],
    ['desayuno a las 8 y ceno a las 9', true],
    ['I take creatine', false],
    ['breakfast at 8, dinner at 9', false],
    ['me and my dumbbells', false],
    // A greeting or a plea for help is the first thing many people write.
    ['hola', true],
    ['buenas!', true],
    ['ayuda', true],
    ['hello', false],
    ['help', false],
  ])('when the message is %j, then it looks Spanish: %s', (said, spanish) => {
    expect(looksSpanish(said)).toBe(spanish);
  });

  it('when an English answer goes through the Spanish cue rules, then it comes out unchanged (lower-cased)', () => {
    for (const said of [
      'Vegan, allergic to soy and peanuts',
      'monday and friday at 7am',
      '2 liters, remind me every hour',
      'no equipment, bad knee',
    ]) {
      expect(spanishToCues(said)).toBe(said.toLowerCase());
    }
  });
});
