import type { Locale } from '../../../machines/guided/types.js';
import type { Avatar } from '../../agents/registry.js';
import type { GuidedKnowledge } from './store.js';

export interface CompanionTurn {
  agent: Avatar;
  locale: Locale;
  message: string;
  /** The conversation so far, oldest first (without this turn's message). */
  history: ReadonlyArray<{ role: 'user' | 'assistant'; content: string }>;
  known: GuidedKnowledge;
}

export interface CompanionReply {
  text: string;
  source: 'offline' | 'llm';
}

/** Writes the avatar's answer to one message. */
export interface CompanionResponder {
  reply(turn: CompanionTurn, signal?: AbortSignal): Promise<CompanionReply>;
}
