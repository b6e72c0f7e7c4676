/**
 * General rules found by the blind corpus (test/corpus/fitness.blind.jsonl): each is how people
 * write, tested with phrasings other than the corpus's own.
 */
import { describe, expect, it } from 'vitest';
import { extractForState } from '../src/flows/fitness/agents/offline/extract.js';
import { isDictionaryWord } from '../src/language/dictionary.js';
import { spanishToCues } from '../src/language/spanish.js';

type State = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

const offered = (state: State, say: string): unknown => {
  const result = extractForState(state, say);
  return result.status === 'none' ? 'none' : result.data;
};
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

  it('when equipment has one plain slip, then it is stored corrected (vocabulary values are canonical)', () => {
    expect(extractForState(3, 'a bench and dumbells')).toEqual({
      status: 'ok',
      data: { equipment: ['bench', 'dumbbells'], injuries: [], limitations: [] },
    });
  });
});

describe('clear answers the blind corpus found missed', () => {
  it('when neither end of the scale is the level, then it is intermediate', () => {
    expect(saved(1, "definitely not advanced, but I'm not a beginner")).toEqual({ fitness_level: 'intermediate' });
    expect(saved(1, 'no soy avanzado pero tampoco principiante')).toEqual({ fitness_level: 'intermediate' });
    expect(extractForState(1, 'not a beginner').status).toBe('none');
  });

  it('when the remaining macro is said to take the rest, then it is 100 minus the others', () => {
    expect(saved(5, '1900 kcal, 25% protein, 50% carbs, fat the rest')).toEqual({
      daily_calorie_target: 1900,
      protein_percentage: 25,
      carbs_percentage: 50,
      fats_percentage: 25,
    });
    expect(saved(5, '2000 kcal c40 p35 f25')).toEqual({
      daily_calorie_target: 2000,
      protein_percentage: 35,
      carbs_percentage: 40,
      fats_percentage: 25,
    });
  });

  it('when Spanish days are cut to a letter or three letters, then they are read', () => {
    const days = (say: string): unknown => {
      const result = extractForState(7, say);
      return result.status === 'none' ? 'none' : (result.data.workouts as Array<{ day_of_week: number }>).map((w) => w.day_of_week);
    };
    expect(days('M y J a las 19:00')).toEqual([1, 3]);
    expect(days('mar jue sáb 7:30')).toEqual([1, 3, 5]);
  });

  it('when a misspelt word keeps its first letter and ending, then two slips in the middle are corrected, to confirm', () => {
    const result = extractForState(7, 'twsday and saturday at 18:00');
    expect(result.status).toBe('unsure');
    expect(result.status !== 'none' && result.data.workouts).toEqual([
      { day_of_week: 1, scheduled_time: '18:00' },
      { day_of_week: 5, scheduled_time: '18:00' },
    ]);
  });

  it('when "and half" follows an amount, then it adds a half', () => {
    expect(saved(8, 'three and half liters, every 2 hours')).toEqual({ daily_water_target_ml: 3500, reminder_frequency_minutes: 120 });
  });

  it('when a Spanish answer declines reminders with "no quiero que me avises", then reminders are off', () => {
    expect(offered(8, 'un litro y medio, no quiero que me avises')).toEqual({ daily_water_target_ml: 1500, reminders_enabled: false });
  });

  it('when laughter follows an item, then the item ends there', () => {
    expect(offered(4, 'vegan, allergic to sesame haha')).toEqual({
      diet_type: 'vegan',
      allergies: ['sesame'],
      intolerances: [],
      dislikes: [],
    });
  });

  it('when a Spanish condition is named, then it is a limitation saved as written', () => {
    expect(saved(3, 'sin material, tengo diabetes')).toEqual({ equipment: [], injuries: [], limitations: ['diabetes'] });
    expect(saved(3, 'mancuernas, soy asmático')).toEqual({ equipment: ['dumbbells'], injuries: [], limitations: ['asmático'] });
  });

  it('when "vit" is short for vitamin, then the vitamin is saved by its name', () => {
    expect(saved(9, 'i take vit d')).toEqual({ interested_in_supplements: true, current_supplements: ['vitamin D'] });
  });
});
