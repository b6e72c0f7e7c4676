/** Deadlines as AbortSignals, so the same signal that times a call out also cancels its request. */

/** Thrown by `withDeadline` when the time is up; named so callers can tell it from an error. */
export class LlmTimeoutError extends Error {
  override name = 'LlmTimeoutError';
}

/** Rejects once the signal fires, so work that ignores an abort still cannot hold its caller. */
export function untilAborted(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let onAbort: () => void = () => undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new LlmTimeoutError('aborted'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * Runs `work` with a signal that aborts after `ms`, and settles no later than that: with
 * `LlmTimeoutError` when the time ran out, whatever `work` does with the signal.
 */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new LlmTimeoutError(`timed out after ${ms} ms`)), ms);
  const stop = untilAborted(controller.signal);
  try {
    return await Promise.race([work(controller.signal), stop.promise]);
  } catch (err) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
    stop.dispose();
  }
}
