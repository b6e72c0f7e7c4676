/**
 * Pairs names (meals, days) with times in the order people write them: "breakfast 8:00, lunch
 * 13:00" (name first), "8am breakfast" (time first), "breakfast and lunch at 8 and 12"
 * (respectively), "Mon, Wed and Fri at 7am" (one time shared by several names). When every
 * comma-separated piece holds both a name and a time, each piece is paired on its own, so
 * styles may mix: "breakfast at 8:30, 4pm snack".
 */
import { splitSpans, spanOf, type Analyzed, type Span } from './text.js';

export type Mention<N, T> =
  | { readonly kind: 'name'; readonly index: number; readonly value: N }
  | { readonly kind: 'time'; readonly index: number; readonly value: T };

const PIECE_PUNCT: ReadonlySet<string> = new Set([',', ';', '.', '!', '?']);

interface Paired<N, T> {
  readonly pairs: Array<{ readonly name: N; readonly time: T }>;
  readonly unpairedNames: N[];
  readonly unpairedTimes: T[];
  /** True when one time was given to several names. */
  readonly sharedTime: boolean;
}

interface Run<N, T> {
  readonly kind: 'name' | 'time';
  readonly names: N[];
  readonly times: T[];
}

function runsOf<N, T>(mentions: ReadonlyArray<Mention<N, T>>): Run<N, T>[] {
  const runs: Run<N, T>[] = [];
  for (const mention of [...mentions].sort((a, b) => a.index - b.index)) {
    let last = runs[runs.length - 1];
    if (last === undefined || last.kind !== mention.kind) {
      last = { kind: mention.kind, names: [], times: [] };
      runs.push(last);
    }
    if (mention.kind === 'name') last.names.push(mention.value);
    else last.times.push(mention.value);
  }
  return runs;
}

interface PairOptions {
  /**
   * Whether one time may serve several names. Days share a time ("Mon and Wed at 7am"); meals
   * do not, so "lunch, dinner at 7" gives dinner the time and leaves lunch without one.
   */
  readonly shareTimes: boolean;
}

export function pairMentions<N, T>(text: Analyzed, mentions: ReadonlyArray<Mention<N, T>>, options: PairOptions): Paired<N, T> {
  const pieces = splitSpans(text, { punct: PIECE_PUNCT });
  const byPiece = new Map<Span, Array<Mention<N, T>>>();
  for (const mention of mentions) {
    const piece = spanOf(pieces, mention.index);
    if (piece === undefined) return pairRuns(mentions, options);
    byPiece.set(piece, [...(byPiece.get(piece) ?? []), mention]);
  }
  const groups = [...byPiece.values()];
  const selfContained = groups.every(
    (group) => group.some((mention) => mention.kind === 'name') && group.some((mention) => mention.kind === 'time'),
  );
  if (!selfContained || groups.length < 2) return pairRuns(mentions, options);
  const parts = groups.map((group) => pairRuns(group, options));
  return {
    pairs: parts.flatMap((part) => part.pairs),
    unpairedNames: parts.flatMap((part) => part.unpairedNames),
    unpairedTimes: parts.flatMap((part) => part.unpairedTimes),
    sharedTime: parts.some((part) => part.sharedTime),
  };
}

function pairRuns<N, T>(mentions: ReadonlyArray<Mention<N, T>>, options: PairOptions): Paired<N, T> {
  const result: Paired<N, T> = { pairs: [], unpairedNames: [], unpairedTimes: [], sharedTime: false };
  let sharedTime = false;
  const runs = runsOf(mentions);
  for (let r = 0; r < runs.length; r += 2) {
    const lead = runs[r];
    const follow = runs[r + 1];
    if (lead === undefined) break;
    const names = lead.kind === 'name' ? lead.names : (follow?.names ?? []);
    const times = lead.kind === 'time' ? lead.times : (follow?.times ?? []);
    const [onlyName] = names;
    const [onlyTime] = times;
    if (names.length === 0 || times.length === 0) {
      result.unpairedNames.push(...names);
      result.unpairedTimes.push(...times);
    } else if (names.length === times.length) {
      names.forEach((name, k) => {
        const time = times[k];
        if (time !== undefined) result.pairs.push({ name, time });
      });
    } else if (names.length === 1 && onlyName !== undefined) {
      for (const time of times) result.pairs.push({ name: onlyName, time });
    } else if (times.length === 1 && onlyTime !== undefined && options.shareTimes) {
      for (const name of names) result.pairs.push({ name, time: onlyTime });
      sharedTime = names.length > 1;
    } else {
      // Counts differ: the names nearest the times take them ("lunch, dinner at 7").
      const common = Math.min(names.length, times.length);
      const nameOffset = lead.kind === 'name' ? names.length - common : 0;
      const timeOffset = lead.kind === 'time' ? times.length - common : 0;
      for (let k = 0; k < common; k++) {
        const name = names[nameOffset + k];
        const time = times[timeOffset + k];
        if (name !== undefined && time !== undefined) result.pairs.push({ name, time });
      }
      result.unpairedNames.push(...names.slice(0, nameOffset), ...names.slice(nameOffset + common));
      result.unpairedTimes.push(...times.slice(0, timeOffset), ...times.slice(timeOffset + common));
    }
  }
  return { ...result, sharedTime };
}
