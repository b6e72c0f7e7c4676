import type { SpecializedAgent, StateNumber } from '../../../../machines/fitness/states.js';
import type { StoredMachine } from '../../../engine/machine.js';
import type { ChatMessage } from '../chat-store.js';
import type { CallContext } from '../service.js';
import type { ToolDefinition, ToolResult } from './tools.js';

export interface QuickReply {
  value: string;
  label: string;
}

/** Quick replies the frontend renders as buttons; sending `value` as the message answers. */
export interface AgentUi {
  type: 'buttons';
  options: QuickReply[];
}

/** One onboarding chat turn, as the orchestrator hands it to the state's agent. */
export interface OnboardingTurn {
  userId: string;
  /** The state being worked on (the server's current state). */
  state: StateNumber;
  agent: SpecializedAgent;
  message: string;
  /** The user's language (from the request's `locale` or Accept-Language); the offline agent falls back to the message's own language, then English. */
  locale?: 'en' | 'es';
  /** The onboarding conversation so far, oldest first (recent messages only). */
  history: ChatMessage[];
  /** The offline agent's dialogue as stored with the onboarding row (null before its first reply). */
  dialogue?: StoredMachine | null | undefined;
  ctx: CallContext;
  /**
   * The tools to offer now: this agent's saves the machine accepts in the current state, plus the
   * read-only tool. Absent in older callers: then the agent's own tools (toolsForAgent).
   */
  tools?: ToolDefinition[] | undefined;
  /**
   * Calls one of this agent's tools (others are refused). Saves are validated by the step
   * endpoint's rules and staged on the turn's machine; the turn writes them once at its end.
   */
  callTool(name: string, input: unknown): Promise<ToolResult>;
}

export interface OnboardingReply {
  response: string;
  ui: AgentUi | null;
  /** Stored with the assistant message (which agent answered, how); never shown to the user. */
  meta: Record<string, unknown> | null;
  /** The dialogue to store with the row; absent when the agent keeps none (the stored one is then cleared). */
  dialogue?: StoredMachine | undefined;
}

/** A specialized onboarding agent: offline (deterministic) or Anthropic (tool use). */
export interface OnboardingAgent {
  reply(turn: OnboardingTurn): Promise<OnboardingReply>;
}
