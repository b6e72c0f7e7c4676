import { isRetryableConflict } from '../db/index.js';
import { recordTurn } from '../observability/metrics.js';

/** What one attempt of a turn decided, from the state it read. */
export type TurnStep<R> =
  /** Answered without writing: a refusal, a read, or a change that changes nothing. */
  | { kind: 'answer'; result: R }
  /** Writes everything the turn produced at once; false when another request changed the row first. */
  | { kind: 'write'; write: () => Promise<boolean>; result: R };

interface TurnProtocol<Row, R> {
  /** The turn's single read of its state (one round trip). */
  read(): Promise<Row>;
  /** The state the row is in: a retry runs only if the row is still in the state first read. */
  stateOf(row: Row): string;
  /** Applies the event to the state read (pure where the machine is synchronous) and says what to write. */
  decide(row: Row): Promise<TurnStep<R>>;
  /**
   * The answer when the turn lost: the row moved to another state under it, or its write lost
   * twice. `latest` is the last row read.
   */
  conflict(latest: Row): Promise<R> | R;
  /** Told before each retry, for the logs. */
  retrying?(reason: 'version' | 'serialization', attempt: number): void;
  /** Labels of the turn counter (`onboarding_turns_total`), counted once per written turn. */
  metric?: { flow: string; event: string };
}

/**
 * The one turn protocol of every flow: read the state once, decide, write state + event rows +
 * messages + idempotent response in one atomic statement, render.
 *
 * A version conflict (another request wrote first) is retried once, and only in the state the
 * request was aimed at: an answer meant for one question must never be taken as the answer to the
 * next. A serialization failure or deadlock is retried once too, since the write was rolled back
 * whole; a second one is reported as the error it is.
 */
export async function runTurn<Row, R>(p: TurnProtocol<Row, R>): Promise<R> {
  let aimedAt: string | null = null;
  let versionRetryLeft = true;
  let errorRetryLeft = true;
  for (let attempt = 0; ; attempt++) {
    let row: Row;
    try {
      row = await p.read();
      const state = p.stateOf(row);
      if (aimedAt !== null && state !== aimedAt) return await p.conflict(row);
      aimedAt = state;
      const step = await p.decide(row);
      if (step.kind === 'answer') return step.result;
      if (await step.write()) {
        if (p.metric) recordTurn(p.metric.flow, state, p.metric.event);
        return step.result;
      }
    } catch (err) {
      if (!errorRetryLeft || !isRetryableConflict(err)) throw err;
      errorRetryLeft = false;
      p.retrying?.('serialization', attempt);
      continue;
    }
    if (!versionRetryLeft) return await p.conflict(row);
    versionRetryLeft = false;
    p.retrying?.('version', attempt);
  }
}
