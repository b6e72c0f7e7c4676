/**
 * Load generation (autocannon, in the harness process) and the small HTTP helpers used to prepare
 * users. Latencies are taken from every response (sub-millisecond resolution) rather than from
 * autocannon's histogram, which rounds to whole milliseconds.
 */
import autocannon from 'autocannon';

export interface Req {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Produces the next request; called once per request, so it can rotate users and vary bodies. */
export type RequestMaker = () => Req;

export interface LoadResult {
  /** Milliseconds, over 2xx responses. */
  p50: number;
  p99: number;
  /** Responses per second actually received. */
  rps: number;
  ok: number;
  /** Non-2xx responses plus connection errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

interface Collector {
  latencies: number[];
  statuses: Record<string, number>;
  socketErrors: number;
}

function newCollector(): Collector {
  return { latencies: [], statuses: {}, socketErrors: 0 };
}

/** One autocannon instance; resolves with its answers per second over its own run time. */
function runOne(
  baseUrl: string,
  make: RequestMaker,
  opts: { connections: number; seconds: number; rate?: number; amount?: number },
  into: Collector,
): Promise<number> {
  let answers = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: opts.connections,
        duration: opts.seconds,
        ...(opts.rate ? { overallRate: opts.rate } : {}),
        ...(opts.amount ? { amount: opts.amount } : {}),
        timeout: 10,
        requests: [
          {
            setupRequest: (request) => {
              const r = make();
              return {
                ...request,
                method: r.method,
                path: r.path,
                headers: { ...r.headers, ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}) },
                body: r.body ?? '',
              };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(answers / result.duration)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      answers += 1;
      into.statuses[statusCode] = (into.statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) into.latencies.push(responseTime);
    });
    instance.on('reqError', () => {
      into.socketErrors += 1;
    });
  });
}

function summarize(c: Collector, rps: number, seconds: number): LoadResult {
  const sorted = c.latencies.sort((a, b) => a - b);
  const total = Object.values(c.statuses).reduce((a, b) => a + b, 0);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    rps,
    ok: sorted.length,
    errors: total - sorted.length + c.socketErrors,
    statuses: c.statuses,
    seconds,
  };
}

/**
 * A fixed offered rate. autocannon's `overallRate` gives each connection a budget per second that
 * it spends as a closed-loop burst at the start of every second, so a single instance offers
 * "rate" as a burst at saturation followed by silence. To offer the rate spread over the second,
 * the rate is split across `slices` single-connection autocannon instances whose seconds start
 * 1000/slices ms apart (slices = 1 is plain autocannon).
 */
export async function fixedRate(baseUrl: string, make: RequestMaker, rate: number, seconds: number, slices = 20): Promise<LoadResult> {
  const c = newCollector();
  const n = Math.max(1, Math.min(slices, rate));
  const runs: Promise<number>[] = [];
  for (let i = 0; i < n; i++) {
    const share = Math.floor(rate / n) + (i < rate % n ? 1 : 0);
    runs.push(runOne(baseUrl, make, { connections: n === 1 ? Math.min(20, rate) : 1, seconds, rate: share }, c));
    if (i < n - 1) await new Promise((r) => setTimeout(r, 1000 / n));
  }
  // Each slice's answers over its own run time: the staggered starts do not count as idle time.
  const rates = await Promise.all(runs);
  return summarize(
    c,
    rates.reduce((a, b) => a + b, 0),
    seconds,
  );
}

/** No rate cap: as many requests as `connections` keep-alive connections can get answered. */
export async function saturated(baseUrl: string, make: RequestMaker, seconds: number, connections = 32): Promise<LoadResult> {
  const c = newCollector();
  const rps = await runOne(baseUrl, make, { connections, seconds }, c);
  return summarize(c, rps, seconds);
}

/**
 * Exactly `amount` requests with `connections` in flight, however long they take: a warm-up that
 * reaches every user of a rotation (per-process caches such as the user lookup), on any machine.
 */
export async function requests(baseUrl: string, make: RequestMaker, amount: number, connections = 32): Promise<LoadResult> {
  const c = newCollector();
  const began = performance.now();
  const rps = await runOne(baseUrl, make, { connections, seconds: 0, amount }, c);
  return summarize(c, rps, (performance.now() - began) / 1000);
}

/**
 * Saturated load on several instances of the service at once (one database behind them): the
 * connections are shared out between the instances, one autocannon run each, all running
 * together; their answers are summed and their latencies pooled. `perInstance` keeps each
 * instance's own share.
 */
export async function saturatedAcross(
  baseUrls: readonly string[],
  make: RequestMaker,
  seconds: number,
  connections = 32,
): Promise<{ result: LoadResult; perInstance: LoadResult[] }> {
  const collectors = baseUrls.map(() => newCollector());
  const rates = await Promise.all(
    baseUrls.map((url, i) => {
      const share = Math.floor(connections / baseUrls.length) + (i < connections % baseUrls.length ? 1 : 0);
      return runOne(url, make, { connections: Math.max(1, share), seconds }, collectors[i] as Collector);
    }),
  );
  const all = newCollector();
  for (const c of collectors) {
    all.latencies = all.latencies.concat(c.latencies);
    all.socketErrors += c.socketErrors;
    for (const [code, n] of Object.entries(c.statuses)) all.statuses[code] = (all.statuses[code] ?? 0) + n;
  }
  const perInstance = collectors.map((c, i) => summarize({ ...c, latencies: [...c.latencies] }, rates[i] ?? 0, seconds));
  return {
    result: summarize(
      all,
      rates.reduce((a, b) => a + b, 0),
      seconds,
    ),
    perInstance,
  };
}

// ---- preparing users through the API ---------------------------------------------------------

/** Runs `fn` over `items` with at most `limit` in flight; rejects on the first failure. */
export async function boundedAll<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface Answer {
  status: number;
  body: unknown;
  ms: number;
}

export async function call(baseUrl: string, req: Req): Promise<Answer> {
  const began = performance.now();
  const res = await fetch(`${baseUrl}${req.path}`, {
    method: req.method,
    headers: { ...req.headers, ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: req.body,
  });
  const text = await res.text();
  const ms = performance.now() - began;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, ms };
}

/** Like call(), but a non-2xx answer is an error naming the request. */
export async function must(baseUrl: string, req: Req): Promise<Answer> {
  const a = await call(baseUrl, req);
  if (a.status < 200 || a.status >= 300) {
    throw new Error(`${req.method} ${req.path} ${req.body ?? ''} -> ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
  }
  return a;
}
