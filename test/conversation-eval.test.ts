import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCorpus, score } from '../src/flows/fitness/agents/offline/evaluate.js';

const load = (language: 'en' | 'es') => parseCorpus(readFileSync(`test/corpus/fitness.${language}.jsonl`, 'utf8'));

describe('fitness corpus', () => {
  for (const [language, floor] of [
    ['en', 0.95],
    ['es', 0.9],
  ] as const) {
    it(`when the ${language} corpus is read, then nothing is saved wrongly without asking`, () => {
      const { failures } = score(load(language));
      expect(failures.filter((f) => f.outcome === 'silent_wrong').map((f) => `[${f.s}] ${f.t}`)).toEqual([]);
    });

    it(`when the ${language} corpus is read, then at least ${floor * 100}% is understood and under a third confirmed`, () => {
      const { total } = score(load(language));
      expect(total.understood / total.cases).toBeGreaterThanOrEqual(floor);
      expect(total.confirmations / total.understoodWithData).toBeLessThan(1 / 3);
    });
  }

  // Written by someone who never read the extractor (SPEC 13: an independent set judges the result).
  const blind = parseCorpus(readFileSync('test/corpus/fitness.blind.jsonl', 'utf8')) as Array<
    ReturnType<typeof parseCorpus>[number] & { lang: string }
  >;
  it('when the blind corpus is read, then nothing is saved wrongly without asking', () => {
    const { failures } = score(blind);
    expect(failures.filter((f) => f.outcome === 'silent_wrong').map((f) => `[${f.s}] ${f.t}`)).toEqual([]);
  });
  for (const [language, floor] of [
    ['en', 0.96],
    ['es', 0.97],
  ] as const) {
    it(`when the blind ${language} answers are read, then at least ${floor * 100}% is understood and under a third confirmed`, () => {
      const { total } = score(blind.filter((c) => c.lang === language));
      expect(total.understood / total.cases).toBeGreaterThanOrEqual(floor);
      expect(total.confirmations / total.understoodWithData).toBeLessThan(1 / 3);
    });
  }

  // A second blind set, written the same way a day later, in chat style (slang, run-ons, corrections).
  const blind2 = parseCorpus(readFileSync('test/corpus/fitness.blind2.jsonl', 'utf8')) as Array<
    ReturnType<typeof parseCorpus>[number] & { lang: string }
  >;
  it('when the second blind corpus is read, then nothing is saved wrongly without asking', () => {
    const { failures } = score(blind2);
    expect(failures.filter((f) => f.outcome === 'silent_wrong').map((f) => `[${f.s}] ${f.t}`)).toEqual([]);
  });
  for (const [language, floor] of [
    ['en', 0.95],
    ['es', 0.95],
  ] as const) {
    it(`when the second blind ${language} answers are read, then at least ${floor * 100}% is understood and under a third confirmed`, () => {
      const { total } = score(blind2.filter((c) => c.lang === language));
      expect(total.understood / total.cases).toBeGreaterThanOrEqual(floor);
      expect(total.confirmations / total.understoodWithData).toBeLessThan(1 / 3);
    });
  }

  it('when the corpus is counted, then it holds at least 300 answers, 120 of them Spanish, in every state', () => {
    const en = load('en');
    const es = load('es');
    expect(en.length + es.length).toBeGreaterThanOrEqual(300);
    expect(es.length).toBeGreaterThanOrEqual(120);
    for (const set of [en, es]) expect(new Set(set.map((c) => c.s))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
});
