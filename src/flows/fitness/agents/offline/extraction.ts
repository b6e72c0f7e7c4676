/** The result shape every per-state extractor returns (see extract.ts for the rules). */

export type Extraction =
  | { status: 'ok'; data: Record<string, unknown> }
  | { status: 'unsure'; data: Record<string, unknown>; reason: string }
  | { status: 'none'; missing: string[] };

/** 'ok' when nothing was guessed, otherwise 'unsure' with every guess named. */
export function settled(data: Record<string, unknown>, guesses: readonly string[]): Extraction {
  const reasons = [...new Set(guesses)];
  return reasons.length === 0 ? { status: 'ok', data } : { status: 'unsure', data, reason: reasons.join('; ') };
}

export function nothing(missing: readonly string[]): Extraction {
  return { status: 'none', missing: [...missing] };
}
