/**
 * The LLM layer's ports: what flow code may ask of a language model, independent of the vendor.
 * Flow policy (prompts, guardrails, offline fallbacks) stays with the flows; these ports only
 * carry text in and validated text (or a named failure) out. A port never throws for a model
 * problem: every failure comes back as an `LlmFailure`, so the caller's fallback always runs.
 */

/** The slice of a pino/Fastify logger the LLM code needs. */
export interface LogSink {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * Why a model answer was not used:
 * - `llm_timeout`: the call or the whole turn ran out of time;
 * - `llm_error`: transport or HTTP error from the API;
 * - `llm_invalid`: the API answered, but not with a usable message (wrong content type or shape,
 *   text PostgreSQL cannot store, text or tool input over the bounds);
 * - `llm_busy`: this instance is already running as many calls as it allows;
 * - `llm_user_busy`: this user already has an LLM-backed turn in flight.
 */
export type LlmFailureReason = 'llm_timeout' | 'llm_error' | 'llm_invalid' | 'llm_busy' | 'llm_user_busy';

export interface LlmFailure {
  ok: false;
  reason: LlmFailureReason;
  /** A short, key-free description for the log; never the user's words. */
  detail: string;
  /** HTTP status when the API answered with an error status. */
  status?: number;
}

/** An `LlmFailure` as an exception, for ports whose callers expect a rejection. */
export class LlmFailureError extends Error {
  override name = 'LlmFailureError';
  constructor(
    readonly reason: LlmFailureReason,
    detail: string,
    readonly status?: number,
  ) {
    super(detail);
  }
}

export interface ChatTurnMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** A function tool the model may call; `input_schema` is a JSON Schema object. */
export interface ToolSpec {
  name: string;
  description: string;
  input_schema: { type: 'object'; [k: string]: unknown };
}

/** What a tool call returns to the model: any JSON value, flagged when it is an error. */
export interface ToolCallResult {
  content: unknown;
  isError: boolean;
}

export interface ToolCallRecord {
  name: string;
  input: Record<string, unknown>;
  result: ToolCallResult;
}

export interface ChatRequest {
  /** The whole system prompt (persona, rules, the user's profile when the flow wants it there). */
  system: string;
  /** Sampling temperature 0-1; the vendor's default when absent. */
  temperature?: number;
  /** The conversation so far, oldest first; consecutive messages of one role are merged. */
  history: readonly ChatTurnMessage[];
  /** The user's message of this turn (not repeated when history already ends with it). */
  message: string;
  tools?: readonly ToolSpec[];
  /** Runs one tool call; required when tools are given. */
  callTool?: (name: string, input: Record<string, unknown>) => Promise<ToolCallResult>;
  /** How many rounds of tool calls the turn may run before it stops; default 4. */
  maxToolRounds?: number;
  /** Upper bound on the answer's tokens; the adapter's default when absent. */
  maxTokens?: number;
  /**
   * Who the turn is for. With a key, a second turn for the same key while one is in flight
   * fails at once with `llm_user_busy` instead of running two model conversations at once.
   */
  userKey?: string;
  /** The caller's own cancellation (e.g. the client went away). */
  signal?: AbortSignal;
  /** Receives one line per model answer (stop reason, tool names, token counts). */
  log?: LogSink;
}

export type ChatOutcome =
  | { ok: true; kind: 'answer'; text: string; toolCalls: ToolCallRecord[]; rounds: number }
  /** The model still wanted tools after `maxToolRounds` rounds; the calls made are listed. */
  | { ok: true; kind: 'max_tool_rounds'; toolCalls: ToolCallRecord[]; rounds: number }
  | (LlmFailure & { toolCalls: ToolCallRecord[]; rounds: number });

/**
 * One conversational turn with a model: system prompt, temperature, history and message in,
 * text out, with optional tool use. The ports below are this shape; they are named apart so
 * each use can get its own adapter or bound without touching the others.
 */
export interface ChatModel {
  chat(request: ChatRequest): Promise<ChatOutcome>;
}

/** The guided flow's closing summary: system prompt and the user's data in, text out, no tools. */
export type SummaryModel = ChatModel;
/** The fitness onboarding specialists: tool use over the state's save tools. */
export type OnboardingAgentModel = ChatModel;
/** The post-onboarding general agent: the profile in the system prompt, tools that change it. */
export type GeneralAgentModel = ChatModel;
/** The companion chat: the persona's system prompt and temperature, the conversation, text out. */
export type CompanionChatModel = ChatModel;
