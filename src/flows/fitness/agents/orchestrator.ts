import type { FastifyBaseLogger } from 'fastify';
import { agentForState, type SpecializedAgent, type StateNumber } from '../../../../machines/fitness/states.js';
import { workingStep } from '../../../../machines/fitness/machine.js';
import { storedAs, type StoredMachine } from '../../../engine/machine.js';
import { runTurn, type TurnStep } from '../../../engine/turn.js';
import type { ChatMessage } from '../chat-store.js';
import type { Progress } from '../progress.js';
import { contextOf, progressOfContext, type CallContext, type Failure, type FitnessService } from '../service.js';
import type { FitnessRow, FitnessStore } from '../store.js';
import type { AgentUi, OnboardingAgent } from './agent.js';
import { StagedTools } from './tools.js';
import { FITNESS_DEFAULT_LOCALE, negotiateLocale } from '../../../language/locale.js';
import { looksSpanish } from '../../../language/spanish.js';
import type { Locale } from '../messages.js';

interface OnboardingChatResponse {
  response: string;
  agent_type: SpecializedAgent;
  state_updated: boolean;
  new_state: StateNumber | null;
  is_complete: boolean;
  progress: Progress;
  ui: AgentUi | null;
}

type OnboardingChatFailure = Failure | { ok: false; code: 'ONBOARDING_COMPLETED'; message: string };

/**
 * The language of a turn (docs/behaviour/conversation.md, "Languages"): what the request states,
 * then the language the conversation remembers (its latest reply's), then the language of the
 * message itself, then English.
 */
function turnLocale(stated: Locale | null | undefined, history: readonly ChatMessage[], message: string): Locale {
  if (stated) return stated;
  const replies = history.filter((m) => m.role === 'assistant' && m.meta !== null);
  const remembered = replies[replies.length - 1]?.meta?.locale;
  return negotiateLocale({ stored: remembered, fallback: looksSpanish(message) ? 'es' : FITNESS_DEFAULT_LOCALE });
}

/** How many earlier messages an agent sees. */
const HISTORY_WINDOW = 30;

interface ChatTurnContext {
  requestId: string;
  log: FastifyBaseLogger;
  /** The language the request states (body `locale`, then Accept-Language), or null to let the conversation decide. */
  locale?: Locale | null | undefined;
  /** The request's Idempotency-Key: its response is stored in the same statement as the turn. */
  idempotencyKey?: string | undefined;
}

/** Every result names the language the turn answered in, so its refusals speak it too. */
type ChatTurnResult = ({ ok: true; body: OnboardingChatResponse; wroteIdempotent: boolean } | OnboardingChatFailure) & { locale: Locale };

/**
 * Routes each onboarding message to the agent of the user's current state and lets it collect
 * data through its tools. One read (state and recent history), the agent's saves staged on the
 * in-memory machine (saving the last state with all nine saved completes the onboarding), then
 * one atomic write of state, event rows, both messages, agent history, the offline dialogue and the
 * idempotent response.
 */
export class OnboardingOrchestrator {
  constructor(
    private readonly fitness: FitnessService,
    private readonly store: FitnessStore,
    private readonly agent: OnboardingAgent,
  ) {}

  /** The onboarding conversation, oldest first (the latest `limit` messages). */
  async history(userId: string, limit: number): Promise<ChatMessage[]> {
    return (await this.store.loadWithHistory(userId, 'onboarding', limit)).history;
  }

  turn(userId: string, message: string, claimedState: number, ctx: ChatTurnContext): Promise<ChatTurnResult> {
    type Read = { row: FitnessRow | null; dialogue: StoredMachine | null; history: ChatMessage[] };
    return runTurn<Read, ChatTurnResult>({
      metric: { flow: 'fitness', event: 'CHAT' },
      read: async () => {
        const { row, dialogue, history } = await this.store.loadWithHistory(userId, 'onboarding', HISTORY_WINDOW);
        return { row: this.fitness.live(row), dialogue, history };
      },
      stateOf: ({ row }) => (row ? `${row.is_complete ? 'completed' : workingStep(row.current_step)}` : 'deleted'),
      decide: (read) => this.decide(userId, message, claimedState, ctx, read),
      retrying: (reason, attempt) => ctx.log.info({ flow: 'fitness', attempt, reason }, 'onboarding chat: concurrent update, retrying'),
      conflict: () => ({
        ok: false,
        code: 'CONFLICT',
        message: 'Another request changed this onboarding at the same time; retry',
        locale: ctx.locale ?? FITNESS_DEFAULT_LOCALE,
      }),
    });
  }

  private async decide(
    userId: string,
    message: string,
    claimedState: number,
    ctx: ChatTurnContext,
    { row, dialogue, history }: { row: FitnessRow | null; dialogue: StoredMachine | null; history: ChatMessage[] },
  ): Promise<TurnStep<ChatTurnResult>> {
    const locale = turnLocale(ctx.locale, history, message);
    if (!row)
      return { kind: 'answer', result: { ok: false, code: 'NOT_FOUND', message: 'No onboarding state exists for this user', locale } };
    if (row.is_complete) {
      return {
        kind: 'answer',
        result: { ok: false, code: 'ONBOARDING_COMPLETED', message: 'Onboarding is already completed; use /api/v1/chat', locale },
      };
    }
    const state = workingStep(row.current_step);
    if (claimedState !== state) {
      return {
        kind: 'answer',
        result: {
          ok: false,
          code: 'STATE_MISMATCH',
          message: `The onboarding is at state ${state}, not ${claimedState}`,
          current_state: state,
          locale,
        },
      };
    }
    const agent = agentForState(state);
    // Each layer binds only its own fields (pino would repeat a key bound twice).
    const route = { flow: 'fitness', state, agent, locale };
    const log = ctx.log;
    log.info(route, 'onboarding chat: routed to agent');

    const before = contextOf(row);
    const tools = new StagedTools(agent, before, { requestId: ctx.requestId, log });
    const callContext: CallContext = { requestId: ctx.requestId, log };
    const reply = await this.agent.reply({
      userId,
      state,
      agent,
      message,
      locale,
      history,
      dialogue,
      ctx: callContext,
      // Read by an agent that hands them to a model; the offline agent calls its tools directly.
      get tools() {
        return tools.offered();
      },
      callTool: (name, input) => tools.call(name, input),
    });

    const after = tools.context;
    // The agent's dialogue is stored with the row; one that keeps none clears what an earlier reply left.
    const nextDialogue = reply.dialogue ?? null;
    const dialogueChanged = !storedAs(dialogue, nextDialogue);
    const progress = progressOfContext(after, locale);
    const isComplete = after.is_complete;
    const moved = after.current_step !== before.current_step || isComplete;
    const body: OnboardingChatResponse = {
      response: reply.response,
      agent_type: agent,
      state_updated: tools.savedStates.length > 0,
      // A turn that completes answers with the state it just saved, so a client moving its
      // progress on new_state reaches the end.
      new_state: isComplete ? 9 : moved ? progress.current_state : null,
      is_complete: isComplete,
      progress,
      ui: reply.ui,
    };
    return {
      kind: 'write',
      result: { ok: true, body, wroteIdempotent: ctx.idempotencyKey !== undefined, locale },
      write: async () => {
        const written = await this.store.write({
          userId,
          expectedVersion: row.version,
          saves: [...tools.saves].map(([step, data]) => ({ step, data })),
          changesState: tools.saves.size > 0 || dialogueChanged,
          dialogue: dialogueChanged ? nextDialogue : undefined,
          currentStep: after.current_step,
          isComplete,
          agent: tools.changedStates.length > 0 ? { agent, states: tools.changedStates } : undefined,
          events: tools.events,
          rejections: tools.rejections.map((r) => ({ ...r, agent })),
          // A user has one onboarding conversation; its id is the user's own.
          messages: {
            channel: 'onboarding',
            conversationId: userId,
            items: [
              { role: 'user', content: message, agentType: agent, state },
              // The conversation remembers its language with each reply (conversation.md, "Languages").
              { role: 'assistant', content: reply.response, agentType: agent, state, meta: { ...reply.meta, locale } },
            ],
          },
          idempotency: ctx.idempotencyKey ? { key: ctx.idempotencyKey, status: 200, body } : undefined,
        });
        if (written) {
          for (const r of tools.rejections) this.fitness.countRejected(r.state);
          log.info(
            { ...route, stateUpdated: body.state_updated, newState: progress.current_state, isComplete },
            'onboarding chat: turn done',
          );
        }
        return written;
      },
    };
  }
}
