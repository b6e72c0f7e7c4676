/** Scores the goal classifier, the offline summary and the name reader against labelled answers. Pure. */
import { nameFromAnswer } from '../../../../machines/guided/extract-name.js';
import type { Locale } from '../../../../machines/guided/types.js';
import { classify, type Domain, type GoalKind } from './classify.js';
import { offlineSummaryFor } from './offline.js';
import { validateSummary } from './validate.js';

export interface GoalCase {
  text: string;
  lang: Locale;
  kind: GoalKind;
  domain?: Domain;
}
export interface NameCase {
  text: string;
  name: string | null;
}
interface GoalResult {
  case: GoalCase;
  ok: boolean;
  got: { kind: GoalKind; domain: Domain };
  /** Why the offline summary failed its own validator, if it did. */
  summaryProblem?: string;
}

export function evaluateGoal(c: GoalCase): GoalResult {
  const got = classify(c.text);
  const input = { name: 'Alex', goal: c.text, mainUse: 'A' as const, style: '3' as const, locale: c.lang };
  const verdict = validateSummary(offlineSummaryFor(input, got), input, got);
  const labelled = got.kind === c.kind && (c.domain === undefined || got.domain === c.domain);
  const result: GoalResult = { case: c, ok: labelled && verdict.ok, got: { kind: got.kind, domain: got.domain } };
  return verdict.ok ? result : { ...result, summaryProblem: verdict.reason };
}

export function evaluateName(c: NameCase): { case: NameCase; ok: boolean; got: string | null } {
  const got = nameFromAnswer(c.text);
  const present = got === null || c.text.toLowerCase().includes(got.toLowerCase());
  return { case: c, ok: got === c.name && present, got };
}

interface Tally {
  total: number;
  correct: number;
}
/** Correct answers per "kind/lang" key. */
export function tallyByKind(results: readonly GoalResult[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const r of results) {
    const key = `${r.case.kind}/${r.case.lang}`;
    const t = out.get(key) ?? { total: 0, correct: 0 };
    t.total++;
    if (r.ok) t.correct++;
    out.set(key, t);
  }
  return out;
}
