/**
 * A scripted stand-in for the Anthropic Messages API, on loopback only, so the real SDK can be
 * exercised end to end (auth headers, JSON shapes, error mapping, timeouts) without a network.
 *
 *   const fake = await startFakeAnthropic();
 *   new Anthropic({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 });
 *   fake.enqueue({ kind: 'text', text: 'Hola' });
 *   fake.enqueue({ kind: 'tool_use', name: 'save_goal', input: { goal: 'x' } });
 *   ... fake.requests[0].body.messages ...
 *   await fake.close();
 *
 * Each request takes the next queued reply; when the queue is empty, `fake.handler` answers;
 * when neither is set, the fake answers 500 saying nothing was scripted, so a missing script
 * fails loudly instead of hanging.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageCreateParamsBase, StopReason } from '@anthropic-ai/sdk/resources/messages';

/**
 * A content block of a scripted answer. Text and tool_use blocks get the fields the real API
 * always sends (`citations`, `id`, `caller`) filled in; any other block type passes through as is.
 */
export type FakeContentBlock =
  | { type: 'text'; text: string; citations?: unknown[] | null }
  | { type: 'tool_use'; name: string; input: unknown; id?: string }
  | { type: string; [field: string]: unknown };

export type FakeReply =
  | {
      kind: 'message';
      content: FakeContentBlock[];
      /** Defaults to 'tool_use' when a tool_use block is present, else 'end_turn'. */
      stop_reason?: StopReason;
      usage?: { input_tokens?: number; output_tokens?: number };
    }
  | { kind: 'text'; text: string; stop_reason?: StopReason }
  | { kind: 'tool_use'; name: string; input: unknown; id?: string }
  /** `body` replaces the default Anthropic error JSON (an object is sent as JSON, a string raw). */
  | { kind: 'status'; status: number; body?: unknown; message?: string }
  /** Never answers; the response stays open until the client disconnects or the fake closes. */
  | { kind: 'hang' }
  /** Any body with any content type and status, e.g. an HTML error page with status 200. */
  | { kind: 'raw'; status?: number; contentType: string; body: string }
  /** Answers `then` after `ms` milliseconds (a slow model); nothing is sent if the client leaves. */
  | { kind: 'delay'; ms: number; then: FakeReply }
  /** Answers `then` once `until` resolves, so a test decides when a call in flight finishes. */
  | { kind: 'gate'; until: Promise<void>; then: FakeReply };

/** The Messages request as the SDK serialized it: a JSON object, fields not validated. */
export type RecordedBody = Partial<MessageCreateParamsBase> & Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/messages`. */
  path: string;
  /** Lower-cased header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: RecordedBody;
  rawBody: string;
}

export type FakeHandler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeAnthropic {
  /** Pass as the SDK's `baseURL`. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Answers requests once the queue is empty. */
  handler: FakeHandler | null;
  enqueue(...replies: FakeReply[]): void;
  /** How many `hang` responses are still open (0 once every client has disconnected). */
  readonly openHangs: number;
  /** Resolves when no `hang` response is open: proves a timed-out client really aborted. */
  hangsClosed(): Promise<void>;
  /** Resolves once at least `n` requests have arrived. */
  waitForRequests(n: number): Promise<void>;
  /** Destroys every socket at once; hanging requests end with a connection reset. */
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorJson(status: number, message: string, requestId: string): unknown {
  return {
    type: 'error',
    error: { type: ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message },
    request_id: requestId,
  };
}

/** Replies a broken or hostile API could send, as [label, reply] pairs. */
export const MALFORMED: Array<[string, FakeReply]> = [
  ['an HTML error page with status 200', { kind: 'raw', contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' }],
  ['HTML labelled as JSON', { kind: 'raw', contentType: 'application/json', body: '<html>oops</html>' }],
  ['a JSON body of the wrong shape', { kind: 'raw', contentType: 'application/json', body: JSON.stringify({ hello: 'world' }) }],
  [
    'content: null',
    {
      kind: 'raw',
      contentType: 'application/json',
      body: JSON.stringify({ id: 'm', type: 'message', role: 'assistant', content: null, stop_reason: 'end_turn' }),
    },
  ],
  ['text with a NUL character', { kind: 'text', text: 'Hello\u0000there' }],
  ['text with an unpaired surrogate', { kind: 'text', text: 'Hello \ud800 there' }],
  ['a huge reply', { kind: 'text', text: 'word '.repeat(400_000) }],
  ['a tool input holding a NUL', { kind: 'tool_use', name: 'save', input: { name: 'A\u0000B' } }],
];

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let hangWaiters: Array<() => void> = [];
  let counter = 0;
  const handler: { current: FakeHandler | null } = { current: null };
  const requestWaiters = new Set<{ n: number; resolve: () => void }>();

  const releaseHang = (res: ServerResponse): void => {
    if (!hanging.delete(res) || hanging.size > 0) return;
    const waiters = hangWaiters;
    hangWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const send = (res: ServerResponse, status: number, body: unknown, requestId: string): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'content-length': Buffer.byteLength(text),
      'request-id': requestId,
    });
    res.end(text);
  };

  const messageBody = (reply: Extract<FakeReply, { kind: 'message' }>, recorded: RecordedRequest, n: number): unknown => {
    let toolIds = 0;
    const content = reply.content.map((block): unknown => {
      if (block.type === 'text') return { citations: null, ...block };
      if (block.type === 'tool_use') {
        toolIds += 1;
        return { id: `toolu_fake_${n}_${toolIds}`, caller: { type: 'direct' }, ...block };
      }
      return block;
    });
    const hasToolUse = reply.content.some((b) => b.type === 'tool_use');
    return {
      id: `msg_fake_${n}`,
      type: 'message',
      role: 'assistant',
      model: typeof recorded.body.model === 'string' ? recorded.body.model : 'fake-model',
      content,
      container: null,
      diagnostics: null,
      stop_details: null,
      stop_reason: reply.stop_reason ?? (hasToolUse ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      usage: {
        input_tokens: reply.usage?.input_tokens ?? 10,
        output_tokens: reply.usage?.output_tokens ?? 10,
        cache_creation: null,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        inference_geo: null,
        output_tokens_details: null,
        server_tool_use: null,
        service_tier: 'standard',
        speed: null,
      },
    };
  };

  const toMessage = (reply: FakeReply): FakeReply => {
    if (reply.kind === 'text') {
      return { kind: 'message', content: [{ type: 'text', text: reply.text }], stop_reason: reply.stop_reason };
    }
    if (reply.kind === 'tool_use') {
      const id = reply.id === undefined ? {} : { id: reply.id };
      return { kind: 'message', content: [{ type: 'tool_use', name: reply.name, input: reply.input, ...id }] };
    }
    return reply;
  };

  const answer = (res: ServerResponse, reply: FakeReply, recorded: RecordedRequest, n: number): void => {
    const requestId = `req_fake_${n}`;
    const normalized = toMessage(reply);
    switch (normalized.kind) {
      case 'message':
        send(res, 200, messageBody(normalized, recorded, n), requestId);
        return;
      case 'status':
        send(
          res,
          normalized.status,
          normalized.body ?? errorJson(normalized.status, normalized.message ?? 'Scripted error from the fake Anthropic server', requestId),
          requestId,
        );
        return;
      case 'hang':
        hanging.add(res);
        res.on('close', () => releaseHang(res));
        return;
      case 'raw':
        res.writeHead(normalized.status ?? 200, {
          'content-type': normalized.contentType,
          'content-length': Buffer.byteLength(normalized.body),
          'request-id': requestId,
        });
        res.end(normalized.body);
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          if (!res.destroyed) answer(res, normalized.then, recorded, n);
        }, normalized.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'gate':
        void normalized.until.then(() => {
          if (!res.destroyed) answer(res, normalized.then, recorded, n);
        });
        return;
      default:
        return;
    }
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    counter += 1;
    const n = counter;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const rawBody = Buffer.concat(chunks).toString('utf8');

    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
    }

    let parsed: unknown;
    let parseError: string | null = null;
    try {
      parsed = rawBody === '' ? {} : JSON.parse(rawBody);
    } catch (err) {
      parseError = err instanceof Error ? err.message : String(err);
    }
    const body: RecordedBody = isObject(parsed) ? parsed : {};
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers, body, rawBody };
    requests.push(recorded);
    for (const waiter of [...requestWaiters]) {
      if (requests.length >= waiter.n) {
        requestWaiters.delete(waiter);
        waiter.resolve();
      }
    }

    const requestId = `req_fake_${n}`;
    if (parseError !== null || !isObject(parsed)) {
      send(
        res,
        400,
        errorJson(400, `Fake Anthropic: request body is not a JSON object (${parseError ?? typeof parsed})`, requestId),
        requestId,
      );
      return;
    }
    if (body.stream === true) {
      send(res, 400, errorJson(400, 'Fake Anthropic: streaming is not supported; call without stream', requestId), requestId);
      return;
    }

    let reply = queue.shift();
    if (reply === undefined && handler.current !== null) reply = await handler.current(recorded);
    if (reply === undefined) {
      send(
        res,
        500,
        errorJson(
          500,
          `Fake Anthropic: nothing scripted for request #${n} (${recorded.method} ${recorded.path}); enqueue a reply or set fake.handler`,
          requestId,
        ),
        requestId,
      );
      return;
    }
    answer(res, reply, recorded, n);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      const requestId = `req_fake_${counter}`;
      if (!res.headersSent) {
        send(
          res,
          500,
          errorJson(500, `Fake Anthropic: handler threw: ${err instanceof Error ? err.message : String(err)}`, requestId),
          requestId,
        );
      } else {
        res.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    get handler() {
      return handler.current;
    },
    set handler(fn: FakeHandler | null) {
      handler.current = fn;
    },
    enqueue(...replies: FakeReply[]) {
      queue.push(...replies);
    },
    get openHangs() {
      return hanging.size;
    },
    waitForRequests(n: number) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise<void>((resolve) => requestWaiters.add({ n, resolve }));
    },
    hangsClosed() {
      if (hanging.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => hangWaiters.push(resolve));
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block: unknown) => {
      if (!isObject(block)) return '';
      if (block.type === 'text' && typeof block.text === 'string') return block.text;
      if (block.type === 'tool_result') return textOf(block.content);
      return '';
    })
    .filter((t) => t !== '')
    .join('\n');
}

/** The request's system prompt as one string ('' when absent). */
export function systemText(req: RecordedRequest): string {
  return textOf(req.body.system);
}

/** All text the request sent in `user` turns (including tool_result text), joined by newlines. */
export function userText(req: RecordedRequest): string {
  const messages: unknown = req.body.messages;
  if (!Array.isArray(messages)) return '';
  return messages
    .filter((m: unknown): m is Record<string, unknown> => isObject(m) && m.role === 'user')
    .map((m) => textOf(m.content))
    .filter((t) => t !== '')
    .join('\n');
}

/** The API key the SDK sent, from `x-api-key` or `authorization: Bearer ...`. */
export function sentApiKey(req: RecordedRequest): string | undefined {
  const direct = req.headers['x-api-key'];
  if (direct !== undefined) return direct;
  const auth = req.headers['authorization'];
  const match = auth === undefined ? null : /^Bearer\s+(.+)$/i.exec(auth);
  return match?.[1];
}
