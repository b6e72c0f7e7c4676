/**
 * General rules found by the blind corpus (test/corpus/fitness.blind.jsonl): each is how people
 * write, tested with phrasings other than the corpus's own.
 */
import { describe, expect, it } from 'vitest';
import { extractForState } from '../src/flows/fitness/agents/offline/extract.js';
import { isDictionaryWord } from '../src/language/dictionary.js';
import { spanishToCues } from '../src/language/spanish.js';

type State = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

const saved = (state: State, say: string): unknown => {
  const result = extractForState(state, say);
  return result.status === 'ok' ? result.data : result.status;
};

describe('silent misreadings found by the blind corpus', () => {
  it('when a Spanish amount uses a dot or comma before three digits and a unit, then it is thousands', () => {
    expect(spanishToCues('1.800 calorías')).toBe('1800 calories');
    expect(spanishToCues('2.500 kcal')).toBe('2500 kcal');
    expect(spanishToCues('1.500 ml')).toBe('1500 ml');
    expect(spanishToCues('2,5 litros')).toBe('2.5 liters');
    expect(spanishToCues('1.5 litros')).toBe('1.5 liters');
    expect(saved(5, '2.200 kcal: 30% proteína, 40% carbohidratos, 30% grasas')).toEqual({
      daily_calorie_target: 2200,
      protein_percentage: 30,
      carbs_percentage: 40,
      fats_percentage: 30,
    });
  });

  it('when the side comes after the body part, then the injury keeps its side', () => {
    expect(saved(3, 'dumbbells, hurt my shoulder right')).toEqual({
      equipment: ['dumbbells'],
      injuries: ['right shoulder'],
      limitations: [],
    });
  });

  it('when a condition is said with an emphatic "do" or a trailing "though", then those words are not the condition', () => {
    expect(saved(3, 'no equipment, I do have diabetes though')).toEqual({ equipment: [], injuries: [], limitations: ['diabetes'] });
  });

  it('when a real word is a slip away from a vocabulary word, then it is not corrected into it', () => {
    expect(isDictionaryWord('sesión')).toBe(true);
    expect(isDictionaryWord('lesion')).toBe(false);
    const result = extractForState(3, 'máximo 40 minutos por sesión');
    expect(result.status).toBe('unsure');
    expect(JSON.stringify(result)).not.toContain('injury');
  });

  it('when a Spanish supplement puts its adjective after the noun, then it is one supplement', () => {
    expect(saved(9, 'tomo proteína de suero y magnesio')).toEqual({
      interested_in_supplements: true,
      current_supplements: ['whey protein', 'magnesium'],
    });
  });

  it('when two supplement names stand together without a joiner, then they are confirmed, not split silently', () => {
    expect(extractForState(9, 'i take protein whey').status).toBe('unsure');
  });

  it('when equipment is written with a known misspelling, then it is confirmed before saving', () => {
    expect(extractForState(3, 'a bench and dumbells').status).toBe('unsure');
  });
});
