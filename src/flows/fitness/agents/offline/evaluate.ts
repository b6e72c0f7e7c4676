/**
 * Scores the offline extractor against a labelled corpus. Each case is one answer given in one
 * state with either the exact data that must be saved or "ask" (the agent must ask or confirm
 * before saving anything). Outcomes:
 * - understood: saved or confirmed exactly the expected data; for "ask", asked or confirmed.
 * - silent wrong save: saved without asking data that differs from the expected (or saved when it
 *   had to ask). The one outcome that must never happen.
 * - confirmed wrong: confirmed data that differs (the user can still correct it).
 * Data the state's schema refuses counts as asked (the tool refuses it and the agent asks again,
 * naming the rule), never as saved.
 */
import { isDeepStrictEqual } from 'node:util';
import { isStateNumber, type StateNumber } from '../../../../../machines/fitness/states.js';
import { validateStep } from '../../schemas.js';
import { extractForState } from './extract.js';

interface CorpusCase {
  readonly s: number;
  readonly t: string;
  readonly e: Record<string, unknown> | 'ask';
  /** The answer's language, in sets that mix both. */
  readonly lang?: 'en' | 'es';
}

type Outcome = 'saved' | 'confirmed' | 'asked' | 'silent_wrong' | 'confirmed_wrong' | 'missed';

/**
 * Lists of words compare without case or order; goals, meals and workouts keep their order. An
 * empty list and an optional list left out say the same ("no supplements"), so they compare equal.
 */
function canonical(state: StateNumber, data: unknown): unknown {
  const valid = validateStep(state, data);
  if (!valid.ok) return { invalid: valid.message };
  return JSON.parse(JSON.stringify(valid.data), (_key, value: unknown) => {
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      return value.length === 0 ? undefined : value.map((item: string) => item.toLowerCase().replace(/[-\s]+/g, ' ')).sort();
    }
    return value;
  });
}

function outcomeOf(item: CorpusCase): Outcome {
  if (!isStateNumber(item.s)) throw new Error(`case with unknown state ${item.s}: ${item.t}`);
  const state = item.s;
  const got = extractForState(state, item.t);
  // What the agent reads goes through the state's schema before anything is saved or confirmed:
  // data it refuses is never stored; the user is told the rule and asked again.
  const refused = got.status !== 'none' && !validateStep(state, got.data).ok;
  if (item.e === 'ask') {
    if (refused) return 'asked';
    if (got.status === 'ok') return 'silent_wrong';
    return got.status === 'none' ? 'asked' : 'confirmed';
  }
  if (got.status === 'none' || refused) return 'missed';
  const right = isDeepStrictEqual(canonical(state, got.data), canonical(state, item.e));
  if (got.status === 'ok') return right ? 'saved' : 'silent_wrong';
  return right ? 'confirmed' : 'confirmed_wrong';
}

export interface Score {
  cases: number;
  understood: number;
  silentWrong: number;
  confirmedWrong: number;
  /** Confirmations among the understood answers that carry data. */
  confirmations: number;
  understoodWithData: number;
}

const empty = (): Score => ({ cases: 0, understood: 0, silentWrong: 0, confirmedWrong: 0, confirmations: 0, understoodWithData: 0 });

export function score(cases: readonly CorpusCase[]): {
  total: Score;
  byState: Map<number, Score>;
  failures: Array<CorpusCase & { outcome: Outcome }>;
} {
  const total = empty();
  const byState = new Map<number, Score>();
  const failures: Array<CorpusCase & { outcome: Outcome }> = [];
  for (const item of cases) {
    const outcome = outcomeOf(item);
    const row = byState.get(item.s) ?? empty();
    byState.set(item.s, row);
    for (const target of [total, row]) {
      target.cases++;
      const understood = outcome === 'saved' || outcome === 'confirmed' || outcome === 'asked';
      if (understood) target.understood++;
      if (outcome === 'silent_wrong') target.silentWrong++;
      if (outcome === 'confirmed_wrong') target.confirmedWrong++;
      if (item.e !== 'ask' && understood) {
        target.understoodWithData++;
        if (outcome === 'confirmed') target.confirmations++;
      }
    }
    if (outcome !== 'saved' && outcome !== 'confirmed' && outcome !== 'asked') failures.push({ ...item, outcome });
  }
  return { total, byState, failures };
}

export function parseCorpus(text: string): CorpusCase[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusCase);
}
