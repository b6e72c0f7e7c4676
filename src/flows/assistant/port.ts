import type { FastifyBaseLogger } from 'fastify';
import type { ChatMessage } from '../fitness/chat-store.js';
import type { CallContext, Failure, SaveSuccess } from '../fitness/service.js';

/** What the general agent knows about the user: their account and every saved onboarding state. */
export interface UserProfile {
  full_name: string | null;
  age: number | null;
  gender: string | null;
  height_cm: number | null;
  weight_kg: number | null;
  step_data: Record<string, unknown>;
}

export interface GeneralInput {
  userId: string;
  message: string;
  profile: UserProfile;
  /** The conversation so far, oldest first; assistant messages carry the agent's meta. */
  history: ChatMessage[];
  locale?: 'es' | 'en' | undefined;
  requestId: string;
  log: FastifyBaseLogger;
}

export interface GeneralReply {
  text: string;
  /** Stored with the assistant message (e.g. a change waiting for the user's yes); never shown. */
  meta?: Record<string, unknown> | null;
}

/** The post-onboarding assistant: only `general` answers once the fitness onboarding is complete. */
export interface GeneralAgent {
  reply(input: GeneralInput, signal?: AbortSignal): Promise<GeneralReply>;
}

/** The one way a profile changes: the step endpoint's service function. */
export interface ProfileWriter {
  saveStep(userId: string, step: unknown, data: unknown, ctx: CallContext): Promise<SaveSuccess | Failure>;
}

/** A change proposed to the user and kept until they say yes or no. */
export interface PendingChange {
  step: number;
  data: Record<string, unknown>;
  description: string;
}

export function pendingOf(history: readonly ChatMessage[]): PendingChange | null {
  const last = history[history.length - 1];
  if (!last || last.role !== 'assistant') return null;
  const p = last.meta?.pending as PendingChange | undefined;
  return p && typeof p.step === 'number' && typeof p.data === 'object' && p.data !== null ? p : null;
}
