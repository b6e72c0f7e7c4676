import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCorpus, score } from '../src/flows/fitness/agents/offline/evaluate.js';

describe('fitness corpus', () => {
  /**
   * Every labelled set and the share each language must reach. The blind sets were written by
   * someone who never read the extractor (SPEC 13: an independent set judges the result); the
   * second one in chat style (slang, run-ons, corrections).
   */
  const SETS: ReadonlyArray<{ file: string; floors: Readonly<Partial<Record<'all' | 'en' | 'es', number>>> }> = [
    { file: 'en', floors: { all: 0.95 } },
    { file: 'es', floors: { all: 0.9 } },
    { file: 'heldout', floors: { all: 0.95 } },
    { file: 'blind', floors: { en: 0.96, es: 0.97 } },
    { file: 'blind2', floors: { en: 0.95, es: 0.95 } },
  ];
  const read = (file: string) => parseCorpus(readFileSync(`test/corpus/fitness.${file}.jsonl`, 'utf8'));

  for (const { file, floors } of SETS) {
    it(`when the ${file} set is read, then nothing is saved wrongly without asking`, () => {
      const { failures } = score(read(file));
      expect(failures.filter((f) => f.outcome === 'silent_wrong').map((f) => `[${f.s}] ${f.t}`)).toEqual([]);
    });

    for (const [part, floor] of Object.entries(floors)) {
      it(`when the ${file} set (${part}) is read, then at least ${floor * 100}% is understood and under a third confirmed`, () => {
        const { total } = score(read(file).filter((c) => part === 'all' || c.lang === part));
        expect(total.understood / total.cases).toBeGreaterThanOrEqual(floor);
        expect(total.confirmations / total.understoodWithData).toBeLessThan(1 / 3);
      });
    }
  }

  it('when the corpus is counted, then it holds at least 300 answers, 120 of them Spanish, in every state', () => {
    const en = read('en');
    const es = read('es');
    expect(en.length + es.length).toBeGreaterThanOrEqual(300);
    expect(es.length).toBeGreaterThanOrEqual(120);
    for (const set of [en, es]) expect(new Set(set.map((c) => c.s))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
});
