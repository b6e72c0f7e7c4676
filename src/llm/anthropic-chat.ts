/**
 * The Anthropic adapter of the chat ports (summary, onboarding agents, general agent, companion):
 * one conversational turn with optional tool use, bounded three ways. Each call is bounded by
 * the call timeout (LLM_TIMEOUT_MS); the whole turn, tool rounds and tool execution included,
 * by the turn timeout (LLM_TURN_TIMEOUT_MS): once it passes, no further call starts and the one
 * in flight is aborted; and at most `maxToolRounds` rounds of tool calls run.
 */
import type { ContentBlockParam, MessageParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { createAnthropicClient, callMessages, type CallPolicy, type ValidBlock } from './anthropic-client.js';
import { LlmBudget } from './budget.js';
import { recordLlmFallback } from '../observability/metrics.js';
import type { ChatModel, ChatOutcome, ChatRequest, ChatTurnMessage, LlmFailure, ToolCallRecord } from './ports.js';

export interface AnthropicChatOptions {
  /** The adapter's name in logs and metrics (e.g. `anthropic-summary`); default `anthropic`. */
  adapter?: string;
  apiKey: string;
  model: string;
  baseURL?: string;
  /** Bound of one Messages call (LLM_TIMEOUT_MS). */
  callTimeoutMs: number;
  /** Bound of a whole turn, tool rounds included (LLM_TURN_TIMEOUT_MS); defaults to callTimeoutMs. */
  turnTimeoutMs?: number;
  /** The SDK's retries per call, within the call's deadline; default 0. */
  maxRetries?: number;
  /** Shared by every adapter of one app instance; a private unbounded one when absent. */
  budget?: LlmBudget;
  /** Characters of text one answer may carry; default 8,000. */
  maxTextChars?: number;
  /** Default max_tokens of a call. */
  maxTokens?: number;
}

export const DEFAULT_MAX_TOOL_ROUNDS = 4;
const DEFAULT_MAX_TOKENS = 1024;

/**
 * The conversation for the Messages API: roles alternate (consecutive same-role messages are
 * merged), the first message is the user's, and the turn's message comes last.
 */
export function buildMessages(history: readonly ChatTurnMessage[], message: string): MessageParam[] {
  const turns: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  const push = (role: 'user' | 'assistant', content: string): void => {
    const text = content.trim();
    if (text === '') return;
    const prev = turns[turns.length - 1];
    if (prev !== undefined && prev.role === role) prev.content = `${prev.content}\n\n${text}`;
    else turns.push({ role, content: text });
  };
  for (const m of history) push(m.role, m.content);
  // A caller that already stored this turn's message must not make the model read it twice.
  const last = history[history.length - 1];
  const trimmed = message.trim();
  const alreadyThere = last !== undefined && last.role === 'user' && last.content.trim() === trimmed && trimmed !== '';
  if (!alreadyThere) push('user', trimmed === '' ? '(no message)' : trimmed);
  if (turns[0]?.role === 'assistant') turns.unshift({ role: 'user', content: '(The user opened the conversation.)' });
  return turns.map((t) => ({ role: t.role, content: t.content }));
}

function replay(block: ValidBlock): ContentBlockParam[] {
  if (block.type === 'text') return block.text === '' ? [] : [{ type: 'text', text: block.text }];
  return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
}

export function createAnthropicChatModel(opts: AnthropicChatOptions): ChatModel {
  const policy: CallPolicy = {
    client: createAnthropicClient({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL,
      maxRetries: opts.maxRetries ?? 0,
      timeoutMs: opts.callTimeoutMs,
    }),
    apiKey: opts.apiKey,
    adapter: opts.adapter ?? 'anthropic',
    budget: opts.budget ?? new LlmBudget({ maxConcurrency: Number.MAX_SAFE_INTEGER, queueWaitMs: 0 }),
    ...(opts.maxTextChars === undefined ? {} : { maxTextChars: opts.maxTextChars }),
  };
  const turnTimeoutMs = opts.turnTimeoutMs ?? opts.callTimeoutMs;

  const run = async (request: ChatRequest, turn: AbortSignal): Promise<ChatOutcome> => {
    const maxToolRounds = Math.max(0, Math.floor(request.maxToolRounds ?? DEFAULT_MAX_TOOL_ROUNDS));
    const tools = request.tools?.map((t) => ({ name: t.name, description: t.description, input_schema: t.input_schema })) ?? [];
    const messages = buildMessages(request.history, request.message);
    const toolCalls: ToolCallRecord[] = [];
    const fail = (failure: LlmFailure, rounds: number): ChatOutcome => ({ ...failure, toolCalls, rounds });

    for (let round = 0; ; round++) {
      const outcome = await callMessages(
        policy,
        {
          model: opts.model,
          max_tokens: request.maxTokens ?? opts.maxTokens ?? DEFAULT_MAX_TOKENS,
          system: request.system,
          messages,
          ...(tools.length > 0 ? { tools } : {}),
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        },
        { timeoutMs: opts.callTimeoutMs, turn, ...(request.signal ? { caller: request.signal } : {}) },
      );
      if (!outcome.ok) return fail(outcome, round);
      const { message } = outcome;
      const uses = message.blocks.filter((b): b is Extract<ValidBlock, { type: 'tool_use' }> => b.type === 'tool_use');
      request.log?.info(
        {
          round,
          stop_reason: message.stopReason,
          tools: uses.map((u) => u.name),
          input_tokens: message.usage?.input_tokens ?? null,
          output_tokens: message.usage?.output_tokens ?? null,
        },
        'llm: model answered',
      );
      if (uses.length === 0) {
        const text = message.blocks
          .flatMap((b) => (b.type === 'text' ? [b.text] : []))
          .join('')
          .trim();
        return { ok: true, kind: 'answer', text, toolCalls, rounds: round };
      }
      const callTool = request.callTool;
      if (tools.length === 0 || callTool === undefined) {
        return fail({ ok: false, reason: 'llm_invalid', detail: 'tool_use without tools offered' }, round);
      }
      if (round >= maxToolRounds) return { ok: true, kind: 'max_tool_rounds', toolCalls, rounds: round };

      messages.push({ role: 'assistant', content: message.blocks.flatMap(replay) });
      const results: ToolResultBlockParam[] = [];
      for (const use of uses) {
        // A tool runs to its end once started (it may write); the deadline is checked before the next call.
        const result = await callTool(use.name, use.input);
        toolCalls.push({ name: use.name, input: use.input, result });
        results.push({
          type: 'tool_result',
          tool_use_id: use.id,
          content: JSON.stringify(result.content),
          ...(result.isError ? { is_error: true } : {}),
        });
      }
      messages.push({ role: 'user', content: results });
    }
  };

  return {
    async chat(request) {
      const release = request.userKey === undefined ? () => undefined : policy.budget.beginTurn(request.userKey);
      if (release === null) {
        recordLlmFallback(policy.adapter, 'llm_user_busy');
        return {
          ok: false,
          reason: 'llm_user_busy',
          detail: 'another LLM-backed turn of this user is in flight',
          toolCalls: [],
          rounds: 0,
        };
      }
      try {
        const outcome = await run(request, AbortSignal.timeout(turnTimeoutMs));
        // Every failure hands the turn to the flow's offline fallback: count it here, once.
        if (!outcome.ok) recordLlmFallback(policy.adapter, outcome.reason);
        return outcome;
      } finally {
        release();
      }
    },
  };
}
