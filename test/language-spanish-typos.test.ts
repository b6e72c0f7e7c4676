/**
 * Spanish typos (src/language/spanish.ts, patterns.ts, vocabulary.ts; extract.ts): a slip in a
 * Spanish word is corrected toward the Spanish words the current state's rules read, as English
 * slips are corrected toward the state's own tables, with the same safety: a guess is confirmed,
 * two equally near words of different meanings leave the word alone, short words need an exact
 * match, and a plainly English answer is not read as Spanish.
 */
import { describe, expect, it } from 'vitest';
import { extractForState } from '../src/flows/fitness/agents/offline/extract.js';
import { wordsOfPattern } from '../src/language/patterns.js';
import { spanishMeaning, spanishVocabulary } from '../src/language/spanish.js';
import { correct } from '../src/language/vocabulary.js';

describe('the words a rule pattern reads', () => {
  it('when a pattern has alternatives, optional parts and letter classes, then every whole word is listed', () => {
    expect([...wordsOfPattern('(?:ganar|coger) (?:algo de )?(?:masa(?: muscular)?|fuerza)')].sort()).toEqual(
      ['algo', 'coger', 'de', 'fuerza', 'ganar', 'masa', 'muscular'].sort(),
    );
    expect([...wordsOfPattern('vegetarian[oa]|s[áa]bados?')].sort()).toEqual([
      'sabado',
      'sabados',
      'sábado',
      'sábados',
      'vegetariana',
      'vegetariano',
    ]);
  });

  it('when a pattern has lookarounds or digits, then they add no words', () => {
    expect([...wordsOfPattern('proteínas?(?! en polvo)')].sort()).toEqual(['proteína', 'proteínas']);
    expect([...wordsOfPattern('(?<=\\d) mil')]).toEqual(['mil']);
    expect([...wordsOfPattern('a las (\\d{1,2}|una) y media')].sort()).toEqual(['a', 'las', 'media', 'una', 'y']);
  });
});

describe('the Spanish vocabulary of a state', () => {
  it('when the rules of a topic are read, then their words are known there and not in other topics', () => {
    expect(spanishVocabulary('goals').has('adelgazar')).toBe(true);
    expect(spanishVocabulary('meals').has('desayuno')).toBe(true);
    expect(spanishVocabulary('constraints').has('mancuernas')).toBe(true);
    expect(spanishVocabulary('meals').has('adelgazar')).toBe(false);
    expect(spanishVocabulary('constraints').has('desayuno')).toBe(false);
  });

  it('when two forms of a word translate alike, then they mean the same', () => {
    expect(spanishMeaning('vegetariana')).toBe(spanishMeaning('vegetariano'));
    expect(spanishMeaning('lunes')).not.toBe(spanishMeaning('martes'));
  });
});

describe('correcting toward words with meanings', () => {
  const known = new Set(['vegetariano', 'vegetariana', 'lunes', 'jueves', 'vegano', 'vegana']);
  const meaning = (word: string): string => spanishMeaning(word);

  it('when the nearest words mean the same, then the typo is corrected', () => {
    expect(correct('vegetarian', known, meaning)).toMatchObject({ to: expect.stringMatching(/^vegetarian[oa]$/), confident: true });
  });

  it('when the nearest words mean different things, then the word is left alone', () => {
    // "marzes" is one slip from "martes" and one from "marzos", which mean different things.
    const days = new Set(['martes', 'marzos', 'jueves']);
    expect(correct('marzes', days, (word) => (word === 'marzos' ? 'march' : spanishMeaning(word)))).toBeNull();
  });

  it('when a word is short, then only an exact match counts', () => {
    expect(correct('vgan', known, meaning)).toBeNull();
  });
});

describe('Spanish answers with typos', () => {
  it.each([
    [2, 'adelgasar', { goals: [{ goal_type: 'fat_loss', priority: 1 }] }],
    [3, 'tengo mancuernass en casa, sin lesiones', { equipment: ['dumbbells'], injuries: [], limitations: [] }],
    [4, 'vejetariano, sin alergias', { diet_type: 'vegetarian', allergies: [], intolerances: [], dislikes: [] }],
    [
      6,
      'desayno a las 8 y ceno a las 9',
      {
        meals: [
          { meal_name: 'breakfast', scheduled_time: '08:00' },
          { meal_name: 'dinner', scheduled_time: '21:00' },
        ],
      },
    ],
    [
      7,
      'martes y juves a las 18:00',
      {
        workouts: [
          { day_of_week: 1, scheduled_time: '18:00' },
          { day_of_week: 3, scheduled_time: '18:00' },
        ],
      },
    ],
    [9, 'tomo creatna', { interested_in_supplements: true, current_supplements: ['creatine'] }],
  ] as const)('when state %i reads %j (one plain slip), then it is saved as the right word', (state, said, data) => {
    expect(extractForState(state, said)).toEqual({ status: 'ok', data });
  });

  it.each([
    [1, 'soy principainte', { fitness_level: 'beginner' }],
    [2, 'ganar masa muscualr', { goals: [{ goal_type: 'muscle_gain', priority: 1 }] }],
    [6, 'merineda a las 18:00', { meals: [{ meal_name: 'snack', scheduled_time: '18:00' }] }],
  ] as const)('when state %i reads %j (a swap), then the guess is confirmed first', (state, said, data) => {
    const result = extractForState(state, said);
    expect(result).toMatchObject({ status: 'unsure', data });
  });

  it('when a Spanish saved word is a slip of a word the state reads, then it is not saved as said', () => {
    const result = extractForState(4, 'ninguna dieta, sin alergais');
    expect(result.status).toBe('unsure');
    expect(result).toMatchObject({ data: { dislikes: [] } });
  });

  it('when a typo is near a word only another state reads, then it is not corrected toward it', () => {
    // "desayno" is a meal word: in the equipment state it explains nothing.
    expect(extractForState(3, 'mancuernas, desayno')).toMatchObject({ status: 'unsure' });
  });

  it('when a short word is misspelt, then it is not guessed', () => {
    expect(extractForState(6, 'cna a las 21').status).not.toBe('ok');
  });

  it('when the answer is plainly English, then an English food is not read as a Spanish typo', () => {
    expect(extractForState(4, 'keto, lactose intolerant')).toEqual({
      status: 'ok',
      data: { diet_type: 'keto', allergies: [], intolerances: ['lactose'], dislikes: [] },
    });
    // A misspelt English answer may still be corrected toward Spanish, but only as a guess to confirm.
    expect(extractForState(4, 'keto, lactose intlerant').status).toBe('unsure');
  });
});
