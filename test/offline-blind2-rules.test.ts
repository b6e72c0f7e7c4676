/**
 * General rules found by the second blind corpora (test/corpus/*.blind2.*): each is tested with
 * phrasings other than the corpus's own.
 */
import { describe, expect, it } from 'vitest';
import { extractForState } from '../src/flows/fitness/agents/offline/extract.js';
import { classify } from '../src/flows/guided/summary/classify.js';
import { nameFromAnswer } from '../machines/guided/extract-name.js';

describe('rules found by the second blind corpus', () => {
  it('when an answer corrects itself mid-way, then the corrected value is offered for confirmation, never saved outright', () => {
    const offered = (state: 2 | 4 | 5 | 6 | 8, say: string): unknown => {
      const result = extractForState(state, say);
      return result.status === 'none' ? 'none' : { status: result.status, data: result.data };
    };
    expect(offered(5, '1800 kcal, 40/30/30 wait no 30/40/30')).toEqual({
      status: 'unsure',
      data: { daily_calorie_target: 1800, protein_percentage: 30, carbs_percentage: 40, fats_percentage: 30 },
    });
    expect(offered(6, 'breakfast at 8am, dinner at 6pm no wait 9pm')).toEqual({
      status: 'unsure',
      data: {
        meals: [
          { meal_name: 'breakfast', scheduled_time: '08:00' },
          { meal_name: 'dinner', scheduled_time: '21:00' },
        ],
      },
    });
    expect(offered(4, 'keto, no wait paleo')).toMatchObject({ status: 'unsure', data: { diet_type: 'paleo' } });
    expect(offered(2, 'ganar músculo, bueno no, perder grasa')).toMatchObject({
      status: 'unsure',
      data: { goals: [{ goal_type: 'fat_loss' }] },
    });
  });

  it('when a clause is about someone else and the user then answers for themselves, then only their own part is offered', () => {
    expect(extractForState(4, 'my boyfriend is keto but i eat anything')).toMatchObject({
      status: 'unsure',
      data: { diet_type: 'omnivore' },
    });
    expect(extractForState(9, 'mi hermana toma creatina, yo nada')).toMatchObject({
      status: 'unsure',
      data: { interested_in_supplements: false },
    });
    expect(extractForState(3, 'kettlebell. my dad has a bad hip but im fine')).toMatchObject({
      status: 'unsure',
      data: { equipment: ['kettlebell'], injuries: [] },
    });
  });

  it('when the goal is gym slang for size ("volumen", "ponerme mamado"), then it is muscle gain; "perder volumen" is not', () => {
    expect(extractForState(2, 'fase de volumen')).toMatchObject({ data: { goals: [{ goal_type: 'muscle_gain' }] } });
    expect(extractForState(2, 'ponerme mamadísima')).toMatchObject({ data: { goals: [{ goal_type: 'muscle_gain' }] } });
    expect(extractForState(2, 'perder volumen de cintura')).not.toMatchObject({ data: { goals: [{ goal_type: 'muscle_gain' }] } });
  });

  it('when the user has not trained for a long time, then beginner is offered for confirmation', () => {
    expect(extractForState(1, "haven't exercised in about ten years")).toEqual({
      status: 'unsure',
      data: { fitness_level: 'beginner' },
      reason: 'the level was read from a description',
    });
  });

  it('when notifications are refused with "don\'t send", then they are turned off', () => {
    expect(extractForState(7, 'monday and friday at 7am, never send me any reminders')).toMatchObject({
      data: {
        workouts: [
          { day_of_week: 0, scheduled_time: '07:00', enable_notifications: false },
          { day_of_week: 4, scheduled_time: '07:00', enable_notifications: false },
        ],
      },
    });
  });

  it('when the user trains at a commercial or public gym, then "full gym" is offered for confirmation', () => {
    expect(extractForState(3, 'public gym, no injuries')).toMatchObject({
      status: 'unsure',
      data: { equipment: ['full gym'], injuries: [] },
    });
  });

  it('when a Spanish omnivore names an exception ("menos", "excepto", "salvo"), then it is a dislike', () => {
    expect(extractForState(4, 'como de todo, menos las lentejas')).toMatchObject({
      data: { diet_type: 'omnivore', dislikes: ['lentejas'] },
    });
    expect(extractForState(4, 'vegano, salvo las setas')).toMatchObject({ data: { diet_type: 'vegan', dislikes: ['setas'] } });
  });

  it('when a Spanish amount starts with "mil" (no number before it), then it is one thousand', () => {
    expect(extractForState(5, 'mil novecientas, 30 proteína 45 hidratos 25 grasas')).toMatchObject({
      data: { daily_calorie_target: 1900, protein_percentage: 30, carbs_percentage: 45, fats_percentage: 25 },
    });
  });

  it('when "como" follows a Spanish meal before a time, then it means "around"', () => {
    expect(extractForState(6, 'ceno como a las 9 de la noche')).toMatchObject({
      data: { meals: [{ meal_name: 'dinner', scheduled_time: '21:00' }] },
    });
  });

  it('when the equipment is only "weights" / "pesas", then it is confirmed, since it does not say which', () => {
    expect(extractForState(3, 'some weights and a bench').status).toBe('unsure');
    expect(extractForState(3, 'pesas y una esterilla').status).toBe('unsure');
    expect(extractForState(3, 'free weights and a bench, no injuries').status).not.toBe('none');
  });

  it('when someone is to be "taught a lesson" or given what they deserve, then the goal is harmful', () => {
    expect(classify('teach my neighbour a lesson he will never forget').kind).toBe('harmful');
    expect(classify('dale su merecido a mi compañero de piso').kind).toBe('harmful');
    expect(classify('darles su merecido a los de mi clase').kind).toBe('harmful');
    expect(classify('teach my class a lesson on fractions').kind).not.toBe('harmful');
  });

  it('when the goal is selling things nicked or pinched from work, then it is harmful', () => {
    expect(classify('sell the tools i pinch from the warehouse, stuff i nick from work').kind).toBe('harmful');
    expect(classify('make money off things we pinched').kind).toBe('harmful');
  });

  it("when the answer is small talk about last night's game, then it is off topic", () => {
    expect(classify('did u watch the match yesterday').kind).toBe('off_topic');
    expect(classify('viste el partido del domingo?').kind).toBe('off_topic');
  });

  it('when a laugh follows the name, then it is not part of the name', () => {
    expect(nameFromAnswer('me llamo pablo jajaja')).toBe('Pablo');
    expect(nameFromAnswer('emma haha')).toBe('Emma');
    expect(nameFromAnswer('ana belén')).toBe('Ana Belén');
  });
});
