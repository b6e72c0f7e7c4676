/**
 * The language toolkit's lists and negation (src/language/lists.ts, negation.ts, cues.ts), in
 * English and in Spanish (read through spanishToCues).
 */
import { describe, expect, it } from 'vitest';
import { HEDGES, OTHER_PEOPLE, PAST_MARKERS, hasPhrase, negatedBefore } from '../src/language/cues.js';
import { spanText, splitItems, trimSpan, unique } from '../src/language/lists.js';
import { mentionsNotices, negationsFirst, optsOut } from '../src/language/negation.js';
import { spanishToCues } from '../src/language/spanish.js';
import { analyze, clauses, textOf } from '../src/language/text.js';

const items = (said: string): string[] => {
  const text = analyze(said);
  return splitItems(text, { start: 0, end: text.tokens.length }).map((span) => spanText(text, span));
};

describe('lists', () => {
  it.each([
    ['peanuts, shellfish and soy', ['peanuts', 'shellfish', 'soy']],
    ['creatine & vitamin D', ['creatine', 'vitamin d']],
    ['dumbbells / bench + mat', ['dumbbells', 'bench', 'mat']],
    ['fish oil as well as zinc', ['fish oil', 'zinc']],
    ['pull-up bar, kettlebell', ['pull-up bar', 'kettlebell']],
    ['eggs or milk nor cheese', ['eggs', 'milk', 'cheese']],
  ])('when %j is split, then every item is kept in order: %j', (said, expected) => {
    expect(items(said)).toEqual(expected);
  });

  it('when a Spanish list is split, then its "y"/"ni" join items and the nouns stay as written', () => {
    expect(items(spanishToCues('marisco, frutos secos y soja'))).toEqual(['marisco', 'frutos secos', 'soja']);
    expect(items(spanishToCues('ni gluten ni lactosa'))).toEqual(['gluten', 'lactosa']);
  });

  it('when a span is trimmed, then only the filler words at its ends go', () => {
    const text = analyze('a the peanut butter please');
    const span = trimSpan(text, { start: 0, end: text.tokens.length }, new Set(['a', 'the']), new Set(['please']));
    expect(spanText(text, span)).toBe('peanut butter');
  });

  it('when items repeat or are empty, then unique keeps the first of each, in order', () => {
    expect(unique(['soy', 'nuts', 'soy', '', 'eggs'])).toEqual(['soy', 'nuts', 'eggs']);
  });

  it('when a sentence has commas and a "but", then its clauses are cut there', () => {
    const text = analyze('I used to be advanced, but now beginner; honestly');
    expect(clauses(text).map((c) => textOf(text, c.start, c.end))).toEqual(['i used to be advanced', 'now beginner', 'honestly']);
  });
});

describe('negation said after the thing', () => {
  it.each([
    ['fat loss is not my thing, I want to get bigger', 'not fat loss, I want to get bigger'],
    ["cardio isn't really for me", 'not cardio'],
    ['muscle is a priority, fat loss is not', 'muscle is a priority, not fat loss'],
    ['bulking is not a priority', 'not bulking'],
  ])('when %j is read, then the negation comes first: %j', (said, expected) => {
    expect(negationsFirst(said)).toBe(expected);
  });

  it.each([['fat loss is my goal'], ['running is important to me'], ['cardio is for me'], ['building muscle is what i want']])(
    'when %j says what the user wants, then it is not turned into a negation',
    (said) => {
      expect(negationsFirst(said)).toBe(said);
    },
  );

  it('when Spanish says it after the thing or before it, then both arrive as a negation', () => {
    expect(negationsFirst(spanishToCues('perder grasa no es lo mío, quiero ganar masa muscular'))).toMatch(/^not lose weight, /);
    expect(spanishToCues('no me interesa adelgazar')).toBe("don't want lose weight");
  });
});

describe('opting out of reminders and notifications', () => {
  it.each([
    ['please no notifications', true],
    ["don't bother me with alerts", true],
    ['reminders off', true],
    ['no reminders needed', true],
    ["i'll remember on my own", true],
    ['remind me every hour', false],
    ['notifications are fine', false],
    ['no me avises', true],
    ['sin notificaciones, gracias', true],
    ['nada de recordatorios', true],
    ['avísame cada hora', false],
  ])('when the user says %j, then opting out is %s', (said, out) => {
    expect(optsOut(spanishToCues(said))).toBe(out);
  });

  it('when notices are mentioned at all, then that is seen, so a mention is never ignored', () => {
    expect(mentionsNotices('ping me before lunch')).toBe(true);
    expect(mentionsNotices(spanishToCues('recuérdamelo por la mañana'))).toBe(true);
    expect(mentionsNotices('breakfast at 8')).toBe(false);
  });
});

describe('negation before a word', () => {
  const at = (said: string, word: string, withinConjunct = false): boolean => {
    const text = analyze(said);
    const index = text.tokens.findIndex((t) => t.text === word);
    return negatedBefore(text, { start: 0, end: text.tokens.length }, index, 4, withinConjunct);
  };

  it('when a "no" comes a few words before, then the word is negated', () => {
    expect(at('no peanuts', 'peanuts')).toBe(true);
    expect(at("i don't eat pork", 'pork')).toBe(true);
    expect(at('i eat pork', 'pork')).toBe(false);
  });

  it('when the "no" is further back than the window, then it does not reach', () => {
    expect(at('no thanks, well i think i would like creatine', 'creatine')).toBe(false);
  });

  it('when a new statement starts with "and", then within its conjunct the earlier "no" does not reach it', () => {
    expect(at('no meat and allergic to soy', 'allergic')).toBe(true);
    expect(at('no meat and allergic to soy', 'allergic', true)).toBe(false);
    // "or" does not start a new statement: one "no" covers both.
    expect(at('not allergic or intolerant', 'intolerant', true)).toBe(true);
    expect(at(spanishToCues('sin carne y alérgica a la soja'), 'allergic', true)).toBe(false);
  });
});

describe('cue phrases', () => {
  it('when someone else is the subject, then it is seen in both languages', () => {
    expect(hasPhrase(analyze('my son is allergic to peanuts'), OTHER_PEOPLE)).toBe(true);
    expect(hasPhrase(analyze('she takes iron'), OTHER_PEOPLE)).toBe(true);
    expect(hasPhrase(analyze('mi hija es alérgica al marisco'), OTHER_PEOPLE)).toBe(true);
    expect(hasPhrase(analyze("i'm allergic to peanuts"), OTHER_PEOPLE)).toBe(false);
  });

  it('when the user doubts or speaks of the past, then the cue is found', () => {
    expect(hasPhrase(analyze("i'm not sure, maybe intermediate"), HEDGES)).toBe(true);
    expect(hasPhrase(analyze('intermediate, i think'), HEDGES)).toBe(false);
    expect(hasPhrase(analyze('i used to take creatine'), PAST_MARKERS)).toBe(true);
    expect(hasPhrase(analyze(spanishToCues('no sé, quizás intermedio')), HEDGES)).toBe(true);
    expect(hasPhrase(analyze(spanishToCues('tal vez principiante')), HEDGES)).toBe(true);
    expect(hasPhrase(analyze(spanishToCues('soy principiante')), HEDGES)).toBe(false);
  });
});
