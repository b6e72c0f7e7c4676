/**
 * The language toolkit's numbers (src/language/numbers.ts) and the units the extractors read
 * with them, in English and in Spanish (which reaches the same parsers through spanishToCues).
 */
import { describe, expect, it } from 'vitest';
import { extractForState } from '../src/flows/fitness/agents/offline/extract.js';
import { findNumbers, readNumberAt } from '../src/language/numbers.js';
import { spanishToCues } from '../src/language/spanish.js';
import { analyze } from '../src/language/text.js';

const numbers = (text: string): number[] => findNumbers(analyze(text).tokens).map((n) => n.value);

describe('numbers in English', () => {
  it.each([
    ['2,000', 2000],
    ['2.5', 2.5],
    ['2k', 2000],
    ['2.2k', 2200],
    ['two thousand five hundred', 2500],
    ['forty-five', 45],
    ['one hundred and twenty', 120],
    ['two and a half', 2.5],
    ['two point five', 2.5],
    ['half', 0.5],
  ])('when %j is read, then it is the number %d', (said, value) => {
    expect(numbers(said)).toEqual([value]);
  });

  it('when a number is followed by k and more letters, then the k is a unit, not thousands', () => {
    // "2km" is two kilometres; "2k" alone is two thousand.
    expect(numbers('2km')).toEqual([2]);
    expect(numbers('2k steps')).toEqual([2000]);
  });

  it('when a sentence holds several numbers, then each is found once, in order, with where it ends', () => {
    const text = analyze('lunch at 1, dinner at seven thirty and two and a half litres');
    expect(findNumbers(text.tokens).map((n) => n.value)).toEqual([1, 7, 30, 2.5]);
    const spelled = readNumberAt(
      text.tokens,
      text.tokens.findIndex((t) => t.text === 'two'),
    );
    expect(spelled).toMatchObject({ value: 2.5, fromWords: true });
    expect(text.tokens[spelled?.end ?? 0]?.text).toBe('litres');
  });

  it('when words are not numbers, then nothing is read', () => {
    expect(numbers('a dozen eggs and a couple of bananas')).toEqual([]);
    expect(numbers('someone once said')).toEqual([]);
  });
});

describe('numbers in Spanish', () => {
  it.each([
    ['dos mil quinientos', 2500],
    ['doscientos', 200],
    ['veinticinco', 25],
    ['veintitrés', 23],
    ['cuarenta y cinco', 45],
    ['noventa y nueve', 99],
    ['2,5', 2.5],
    ['litro y medio', 1.5],
  ])('when %j is read, then it is the number %d', (said, value) => {
    expect(numbers(spanishToCues(said))).toEqual([value]);
  });

  it('when a Spanish thousands separator is a comma, then three digits after it stay thousands', () => {
    expect(numbers(spanishToCues('2,000 calorías'))).toEqual([2000]);
    expect(numbers(spanishToCues('1,75 litros'))).toEqual([1.75]);
  });
});

describe('units read by the extractors', () => {
  const water = (said: string): unknown => {
    const result = extractForState(8, `${said}, no reminders`);
    return result.status === 'none' ? null : result.data.daily_water_target_ml;
  };

  it.each([
    ['3 litres', 3000],
    ['3 l', 3000],
    ['2500 ml', 2500],
    ['64 oz', 1893],
    ['half a gallon', 1893],
    ['1 gallon', 3785],
    ['dos litros', 2000],
    ['litro y medio', 1500],
    ['2,5 litros', 2500],
  ])('when the water target is %j, then it is stored as %d ml', (said, ml) => {
    expect(water(said)).toBe(ml);
  });

  it('when the water comes in cups or glasses of no stated size, then no amount is guessed', () => {
    expect(water('about 6 cups')).toBeNull();
    expect(water('unos 8 vasos')).toBeNull();
  });

  it.each([
    ['no injuries, want to get to 80 kg', 80],
    ['no injuries, goal 176 lbs', 79.8],
    ['no injuries, target 12 stone', 76.2],
    ['sin lesiones, quiero llegar a 70 kilos', 70],
  ])('when the target weight is said as %j, then it is %d kg', (said, kg) => {
    expect(extractForState(3, said)).toMatchObject({ status: 'ok', data: { target_weight_kg: kg } });
  });

  it.each([
    ['2.2k kcal, 30/40/30', 2200],
    ['2,000 calories 30/40/30', 2000],
    ['two thousand kcal 30/40/30', 2000],
    ['dos mil calorías, 30/40/30', 2000],
  ])('when the calorie target is said as %j, then it is %d', (said, kcal) => {
    expect(extractForState(5, said)).toMatchObject({ status: 'ok', data: { daily_calorie_target: kcal, protein_percentage: 30 } });
  });
});
