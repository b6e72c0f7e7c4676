/**
 * General rules found by the second blind corpora (test/corpus/*.blind2.*): each is tested with
 * phrasings other than the corpus's own.
 */
import { describe, expect, it } from 'vitest';
import { extractForState } from '../src/flows/fitness/agents/offline/extract.js';
import { classify } from '../src/flows/guided/summary/classify.js';
import { nameFromAnswer } from '../machines/guided/extract-name.js';

describe('rules found by the second blind corpus', () => {
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
