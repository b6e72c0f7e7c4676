/**
 * The one Anthropic client of the service and the one policy for a Messages call: a deadline
 * enforced by an AbortSignal (the SDK's own timeout is only a second line), the SDK's retries
 * bounded by the same deadline, a slot from the instance's budget, and validation of everything
 * that comes back. Whatever goes wrong surfaces as an `LlmFailure`, never as an exception, so a
 * flow's offline fallback always gets the turn.
 */
import Anthropic, { APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { LlmBudget } from './budget.js';
import { untilAborted } from './deadline.js';
import type { LlmFailure } from './ports.js';
import { recordLlmCall } from '../observability/metrics.js';
import { DEFAULT_MAX_TEXT_CHARS, unstorableInValue, unstorableText } from './text.js';

interface AnthropicClientOptions {
  apiKey: string;
  baseURL?: string;
  /** Retries of a failed call (429, 5xx, connection errors), always within the call's deadline. */
  maxRetries: number;
  /** The SDK's own per-request timeout; the caller's abort signal usually fires first. */
  timeoutMs: number;
}

/** The single place an Anthropic SDK client is built. */
export function createAnthropicClient(opts: AnthropicClientOptions): Anthropic {
  return new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: opts.maxRetries, timeout: opts.timeoutMs });
}

export type ValidBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** A Messages answer that passed every check; the only shape the rest of the layer sees. */
interface ValidMessage {
  stopReason: string | null;
  blocks: ValidBlock[];
  usage: { input_tokens: number; output_tokens: number } | null;
}

export interface CallPolicy {
  client: Anthropic;
  apiKey: string;
  /** The adapter's name in metrics. */
  adapter: string;
  budget: LlmBudget;
  /** Characters of text one answer may carry. */
  maxTextChars?: number;
}

interface CallBounds {
  /** This call's own bound (LLM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Aborts when the whole turn runs out of time; a call never outlives it. */
  turn: AbortSignal;
  /** The caller's cancellation, if any. */
  caller?: AbortSignal;
}

const MAX_TOOL_INPUT_CHARS = 16_000;
const MAX_BLOCKS = 32;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const invalid = (detail: string): LlmFailure => ({ ok: false, reason: 'llm_invalid', detail });

/** Checks an answer's shape and text; the SDK's types describe the API, not what arrived. */
function validateMessage(data: unknown, contentType: string | null, maxTextChars: number): ValidMessage | LlmFailure {
  const media = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (media !== 'application/json' && !media.endsWith('+json')) return invalid(`content-type ${media.slice(0, 60) || 'missing'}`);
  if (!isRecord(data)) return invalid(`body is ${data === null ? 'null' : typeof data}`);
  if (data.type !== 'message' || data.role !== 'assistant') return invalid('body is not an assistant message');
  if (!Array.isArray(data.content)) return invalid(`content is ${data.content === null ? 'null' : typeof data.content}`);
  if (data.content.length > MAX_BLOCKS) return invalid(`content has ${data.content.length} blocks`);
  const stopReason = data.stop_reason;
  if (stopReason !== null && typeof stopReason !== 'string') return invalid('stop_reason is not a string');
  if (stopReason === 'max_tokens' || stopReason === 'refusal') return invalid(`stop_reason ${stopReason}`);

  const blocks: ValidBlock[] = [];
  let textChars = 0;
  for (const block of data.content) {
    if (!isRecord(block)) return invalid('a content block is not an object');
    if (block.type === 'text') {
      if (typeof block.text !== 'string') return invalid('a text block has no text');
      const bad = unstorableText(block.text);
      if (bad !== null) return invalid(`text holds ${bad}`);
      textChars += block.text.length;
      if (textChars > maxTextChars) return invalid(`text longer than ${maxTextChars} characters`);
      blocks.push({ type: 'text', text: block.text });
    } else if (block.type === 'tool_use') {
      const { id, name, input } = block;
      if (typeof id !== 'string' || id === '' || id.length > 200) return invalid('a tool_use block has no id');
      if (typeof name !== 'string' || name === '' || name.length > 200) return invalid('a tool_use block has no name');
      if (!isRecord(input)) return invalid('a tool_use input is not an object');
      if (JSON.stringify(input).length > MAX_TOOL_INPUT_CHARS) return invalid('a tool_use input is too large');
      const bad = unstorableInValue(input);
      if (bad !== null) return invalid(`a tool_use input holds ${bad}`);
      blocks.push({ type: 'tool_use', id, name, input });
    } else {
      return invalid(`unexpected block type ${String(block.type).slice(0, 40)}`);
    }
  }
  const usage =
    isRecord(data.usage) && typeof data.usage.input_tokens === 'number' && typeof data.usage.output_tokens === 'number'
      ? { input_tokens: data.usage.input_tokens, output_tokens: data.usage.output_tokens }
      : null;
  return { stopReason, blocks, usage };
}

/** One Messages call under the policy: budget slot, deadline, bounded retries, validation. */
export async function callMessages(
  policy: CallPolicy,
  params: MessageCreateParamsNonStreaming,
  bounds: CallBounds,
): Promise<{ ok: true; message: ValidMessage } | LlmFailure> {
  const describe = (err: unknown): string => {
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    // Redact before cutting, so a cut cannot leave part of the key behind.
    return (policy.apiKey === '' ? text : text.split(policy.apiKey).join('[redacted]')).slice(0, 300);
  };
  if (bounds.turn.aborted) return { ok: false, reason: 'llm_timeout', detail: 'turn deadline passed before the call' };

  const callDeadline = AbortSignal.timeout(bounds.timeoutMs);
  const signal = AbortSignal.any([bounds.turn, callDeadline, ...(bounds.caller ? [bounds.caller] : [])]);
  const release = await policy.budget.acquireCall(signal);
  if (release === null) {
    if (bounds.turn.aborted || callDeadline.aborted)
      return { ok: false, reason: 'llm_timeout', detail: 'deadline passed waiting for a call slot' };
    return { ok: false, reason: 'llm_busy', detail: 'no LLM call slot free on this instance' };
  }
  const stop = untilAborted(signal);
  const started = performance.now();
  const finish = <T extends { ok: true; message: ValidMessage } | LlmFailure>(result: T): T => {
    const outcome = result.ok ? 'ok' : result.reason === 'llm_timeout' ? 'timeout' : result.reason === 'llm_invalid' ? 'invalid' : 'error';
    const usage = result.ok ? result.message.usage : null;
    recordLlmCall(policy.adapter, {
      outcome,
      seconds: (performance.now() - started) / 1000,
      ...(usage ? { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } : {}),
    });
    return result;
  };
  try {
    const { data, response } = await Promise.race([
      policy.client.messages.create(params, { signal, timeout: bounds.timeoutMs }).withResponse(),
      stop.promise,
    ]);
    const checked = validateMessage(data, response.headers.get('content-type'), policy.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS);
    return finish('ok' in checked ? checked : { ok: true as const, message: checked });
  } catch (err) {
    const timedOut = bounds.turn.aborted || callDeadline.aborted || err instanceof APIConnectionTimeoutError;
    if (timedOut) return finish({ ok: false as const, reason: 'llm_timeout' as const, detail: describe(err) });
    // A body that claims to be JSON and is not (an HTML error page, a cut-off answer).
    if (err instanceof SyntaxError) return finish({ ok: false as const, reason: 'llm_invalid' as const, detail: describe(err) });
    const status = err instanceof APIError && typeof err.status === 'number' ? { status: err.status } : {};
    return finish({ ok: false as const, reason: 'llm_error' as const, detail: describe(err), ...status });
  } finally {
    stop.dispose();
    release();
  }
}
