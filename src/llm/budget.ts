/**
 * The per-instance LLM budget. Two bounds keep a burst of chat traffic from piling up calls
 * that would all time out together:
 * - at most `maxConcurrency` model calls run at once; a call beyond it waits up to `queueWaitMs`
 *   for a slot and otherwise fails with `llm_busy` (the caller answers offline);
 * - at most one LLM-backed turn per user key; a second one while the first runs fails at once
 *   with `llm_user_busy` (answered offline too), so a double send never runs two model
 *   conversations that race to save the same state.
 * Both are per process; across instances the state version check keeps writes consistent.
 */

interface LlmBudgetOptions {
  maxConcurrency: number;
  queueWaitMs: number;
}

interface LlmBudgetStats {
  inFlight: number;
  waiting: number;
  /** Calls that got a slot. */
  calls: number;
  /** Calls refused because no slot freed up in time. */
  busy: number;
  /** Turns refused because the same user had one in flight. */
  userBusy: number;
}

type Release = () => void;

export class LlmBudget {
  private inFlight = 0;
  private readonly waiters: Array<(release: Release | null) => void> = [];
  private readonly turns = new Set<string>();
  private readonly counts = { calls: 0, busy: 0, userBusy: 0 };

  constructor(private readonly opts: LlmBudgetOptions) {}

  /** A slot for one model call, or null when none freed up within the wait (or the signal fired). */
  acquireCall(signal?: AbortSignal): Promise<Release | null> {
    if (signal?.aborted) return Promise.resolve(null);
    if (this.inFlight < this.opts.maxConcurrency) return Promise.resolve(this.grant());
    if (this.opts.queueWaitMs <= 0) return Promise.resolve(this.refuse());
    return new Promise((resolve) => {
      const done = (release: Release | null): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(release);
      };
      const giveUp = (): void => {
        const at = this.waiters.indexOf(done);
        if (at >= 0) this.waiters.splice(at, 1);
        done(this.refuse());
      };
      const onAbort = (): void => giveUp();
      const timer = setTimeout(giveUp, this.opts.queueWaitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(done);
    });
  }

  /** Marks a turn of `key` as running, or null when one is already running. */
  beginTurn(key: string): Release | null {
    if (this.turns.has(key)) {
      this.counts.userBusy += 1;
      return null;
    }
    this.turns.add(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.turns.delete(key);
    };
  }

  stats(): LlmBudgetStats {
    return { inFlight: this.inFlight, waiting: this.waiters.length, ...this.counts };
  }

  private grant(): Release {
    this.inFlight += 1;
    this.counts.calls += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      const next = this.waiters.shift();
      if (next !== undefined) next(this.grant());
    };
  }

  private refuse(): null {
    this.counts.busy += 1;
    return null;
  }
}
