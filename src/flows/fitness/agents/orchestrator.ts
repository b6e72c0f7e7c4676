import { FITNESS_STATES, agentForState, type SpecializedAgent, type StateNumber } from '../../../../machines/fitness/states.js';
import { workingStep } from '../../../../machines/fitness/machine.js';
import type { ChatStore } from '../chatStore.js';
import type { Progress } from '../progress.js';
import { progressOf, type CallContext, type Failure, type FitnessService } from '../service.js';
import type { AgentUi, OnboardingAgent } from './agent.js';
import { executeTool } from './tools.js';

export interface OnboardingChatResponse {
  response: string;
  agent_type: SpecializedAgent;
  state_updated: boolean;
  new_state: StateNumber | null;
  is_complete: boolean;
  progress: Progress;
  ui: AgentUi | null;
}

export type OnboardingChatFailure =
  | Failure
  | { ok: false; code: 'ONBOARDING_COMPLETED'; message: string };

/** How many earlier messages an agent sees. */
const HISTORY_WINDOW = 30;

/**
 * Routes each onboarding message to the agent of the user's current state, lets it collect data
 * through its tools, completes onboarding when state 9 is saved, and records the exchange.
 */
export class OnboardingOrchestrator {
  constructor(
    private readonly fitness: FitnessService,
    private readonly chats: ChatStore,
    private readonly agent: OnboardingAgent,
  ) {}

  async turn(
    userId: string,
    message: string,
    claimedState: number,
    ctx: Pick<CallContext, 'requestId' | 'log'>,
  ): Promise<{ ok: true; body: OnboardingChatResponse } | OnboardingChatFailure> {
    const row = await this.fitness.row(userId);
    if (!row) return { ok: false, code: 'NOT_FOUND', message: 'No onboarding state exists for this user' };
    if (row.is_complete) {
      return { ok: false, code: 'ONBOARDING_COMPLETED', message: 'Onboarding is already completed; use /api/v1/chat' };
    }
    const state = workingStep(row.current_step);
    if (claimedState !== state) {
      return {
        ok: false,
        code: 'STATE_MISMATCH',
        message: `The onboarding is at state ${state}, not ${claimedState}`,
        current_state: state,
      };
    }
    const agent = agentForState(state);
    // Each layer binds only its own fields (pino would repeat a key bound twice).
    const route = { flow: 'fitness', state, agent };
    const log = ctx.log;
    log.info(route, 'onboarding chat: routed to agent');

    const saved: StateNumber[] = [];
    const callContext: CallContext = { requestId: ctx.requestId, log };
    const history = await this.chats.history(userId, 'onboarding', { limit: HISTORY_WINDOW });
    const reply = await this.agent.reply({
      userId,
      state,
      agent,
      message,
      history,
      ctx: callContext,
      callTool: async (name, input) => {
        const result = await executeTool(this.fitness, userId, agent, name, input, callContext);
        const tool = FITNESS_STATES.find((m) => m.tool === name);
        if (tool && result.success) saved.push(tool.number);
        return result;
      },
    });

    let after = (await this.fitness.row(userId)) ?? row;
    if (saved.includes(9) && progressOf(after).can_complete) {
      // SPEC section 6: saving (or skipping) state 9 completes onboarding, no separate call needed.
      const done = await this.fitness.complete(userId, { ...callContext, agent });
      if (done.ok) after = { ...after, is_complete: true };
    }
    const progress = progressOf(after);
    const moved = after.current_step !== row.current_step || after.is_complete;
    // A user has one onboarding conversation; its id is the user's own.
    await this.chats.append(userId, 'onboarding', userId, [
      { role: 'user', content: message, agentType: agent, state },
      { role: 'assistant', content: reply.response, agentType: agent, state, meta: reply.meta },
    ]);
    log.info({ ...route, stateUpdated: saved.length > 0, newState: progress.current_state, isComplete: after.is_complete }, 'onboarding chat: turn done');
    return {
      ok: true,
      body: {
        response: reply.response,
        agent_type: agent,
        state_updated: saved.length > 0,
        new_state: moved && !after.is_complete ? progress.current_state : null,
        is_complete: after.is_complete,
        progress,
        ui: reply.ui,
      },
    };
  }
}
