import { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import { FITNESS_STATES, stateMeta, type SpecializedAgent, type StateNumber } from '../../../../machines/fitness/states.js';
import { fitnessSnapshotOf, type FitnessContext } from '../../../../machines/fitness/machine.js';
import type { EventRecord } from '../../../engine/sessions.js';
import { stepSchemas } from '../schemas.js';
import {
  progressOf,
  progressOfContext,
  publicStepData,
  stageSave,
  type CallContext,
  type FitnessService,
  type FitnessSnapshot,
} from '../service.js';

/** A function tool as the LLM sees it: the input schema is generated from the state's zod schema. */
export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: { type: 'object'; [k: string]: unknown };
  /** The state the tool saves; null for read-only tools. */
  state: StateNumber | null;
}

export type ToolResult =
  | { success: true; message: string; current_state: number; next_state: number | null }
  | { success: true; current_state: number; completed_states: number[]; step_data: Record<string, unknown>; is_complete: boolean }
  | { success: false; error: string; field?: string; error_code: string };

const jsonSchemaOf = (schema: z.ZodType): ToolDefinition['input_schema'] => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return { ...rest, type: 'object' };
};

const SAVE_TOOLS: ToolDefinition[] = FITNESS_STATES.map((meta) => ({
  name: meta.tool,
  description: `Save the user's "${meta.name}" (state ${meta.number}): ${meta.description} Call it only with values the user stated or confirmed.`,
  input_schema: jsonSchemaOf(stepSchemas[meta.number]),
  state: meta.number,
}));

const GET_STATE_TOOL: ToolDefinition = {
  name: 'get_onboarding_state',
  description: 'Read the user’s onboarding progress and the data saved so far.',
  input_schema: { type: 'object', properties: {}, additionalProperties: false },
  state: null,
};

/** Each specialized agent holds only the save tools of its own states, plus the read tool. */
export function toolsForAgent(agent: SpecializedAgent): ToolDefinition[] {
  return [...SAVE_TOOLS.filter((t) => t.state !== null && stateMeta(t.state).agent === agent), GET_STATE_TOOL];
}

/**
 * The tools offered now: the agent's save tools whose save event the machine accepts in the
 * current snapshot, plus the read-only tool. A save the machine would refuse is never offered.
 */
function offeredTools(agent: SpecializedAgent, snapshot: FitnessSnapshot): ToolDefinition[] {
  return toolsForAgent(agent).filter((t) => t.state === null || snapshot.can({ type: 'SAVE_STEP', step: t.state, data: null }));
}

/**
 * A chat turn's tools: saves are validated by the same rules as the REST step endpoint and
 * applied to the in-memory machine, then written once with the rest of the turn. The machine's
 * snapshot is resolved when the agent first reads the offered tools or calls one: a turn whose
 * agent does neither (the offline agent's greeting, say) leaves the context it started from.
 */
export class StagedTools {
  private current: FitnessSnapshot | null = null;
  /** The data to write, last save of a state wins. */
  readonly saves = new Map<StateNumber, unknown>();
  readonly events: EventRecord[] = [];
  /** States saved successfully by this turn (including saves of unchanged data). */
  readonly savedStates: StateNumber[] = [];
  /** States whose data changed: one agent_history entry each. */
  readonly changedStates: StateNumber[] = [];
  /** Saves refused by validation: recorded for the funnel with the turn's write, not on their own. */
  readonly rejections: Array<{ state: StateNumber; field: string }> = [];

  constructor(
    private readonly agent: SpecializedAgent,
    private readonly start: FitnessContext,
    private readonly ctx: { requestId: string; log: FastifyBaseLogger },
  ) {}

  /** The machine as the turn's saves left it. */
  private get snapshot(): FitnessSnapshot {
    this.current ??= fitnessSnapshotOf(this.start);
    return this.current;
  }

  /** The flow's context as the turn's saves left it (the one it started from when nothing was saved). */
  get context(): FitnessContext {
    return this.current?.context ?? this.start;
  }

  offered(): ToolDefinition[] {
    return offeredTools(this.agent, this.snapshot);
  }

  async call(name: string, input: unknown): Promise<ToolResult> {
    const log = this.ctx.log.child({ tool: name });
    const where = { flow: 'fitness', agent: this.agent };
    const own = toolsForAgent(this.agent).find((t) => t.name === name);
    if (!own) {
      log.warn(where, 'agent tool refused: not one of its tools');
      return { success: false, error: `Tool ${name} is not available to the ${this.agent} agent`, error_code: 'TOOL_NOT_ALLOWED' };
    }
    if (own.state === null) {
      const progress = progressOfContext(this.context);
      log.info(where, 'agent tool call');
      return {
        success: true,
        current_state: progress.current_state,
        completed_states: progress.completed_states,
        step_data: { ...this.context.step_data },
        is_complete: this.context.is_complete,
      };
    }
    const staged = stageSave(this.snapshot, own.state, input, {
      requestId: this.ctx.requestId,
      agent: this.agent,
      completeWhenAllSaved: true,
    });
    if (!staged.ok) {
      if (staged.code === 'VALIDATION_ERROR') this.rejections.push({ state: own.state, field: staged.field });
      log.info({ ...where, state: own.state, error_code: staged.code }, 'agent tool call failed');
      return { success: false, error: staged.message, ...('field' in staged ? { field: staged.field } : {}), error_code: staged.code };
    }
    this.savedStates.push(staged.step);
    if (staged.changed) {
      this.current = staged.next;
      this.saves.set(staged.step, staged.data);
      this.events.push(...staged.events);
      this.changedStates.push(staged.step);
    }
    log.info({ ...where, state: own.state, moved: staged.moved }, 'agent tool call staged');
    return {
      success: true,
      message: staged.result.message,
      current_state: staged.result.current_step,
      next_state: staged.result.next_state,
    };
  }
}

/** Runs one tool call as its own turn (written at once), through the same service function as POST /onboarding/step. */
export async function executeTool(
  fitness: FitnessService,
  userId: string,
  agent: SpecializedAgent,
  name: string,
  input: unknown,
  ctx: CallContext,
): Promise<ToolResult> {
  const tool = toolsForAgent(agent).find((t) => t.name === name);
  const log = ctx.log.child({ tool: name });
  const where = { flow: 'fitness', agent };
  if (!tool) {
    log.warn(where, 'agent tool refused: not one of its tools');
    return { success: false, error: `Tool ${name} is not available to the ${agent} agent`, error_code: 'TOOL_NOT_ALLOWED' };
  }
  if (tool.state === null) {
    const row = await fitness.row(userId);
    if (!row) return { success: false, error: 'No onboarding state exists for this user', error_code: 'NOT_FOUND' };
    const progress = progressOf(row);
    log.info(where, 'agent tool call');
    return {
      success: true,
      current_state: progress.current_state,
      completed_states: progress.completed_states,
      step_data: publicStepData(row.step_data),
      is_complete: row.is_complete,
    };
  }
  const result = await fitness.saveStep(userId, tool.state, input, { ...ctx, agent });
  if (!result.ok) {
    log.info({ ...where, state: tool.state, error_code: result.code }, 'agent tool call failed');
    return {
      success: false,
      error: result.message,
      ...('field' in result ? { field: result.field } : {}),
      error_code: result.code,
    };
  }
  log.info({ ...where, state: tool.state, moved: result.moved }, 'agent tool call saved');
  return { success: true, message: result.message, current_state: result.current_step, next_state: result.next_state };
}
