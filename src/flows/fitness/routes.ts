import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AGENT_TYPES, STATE_NUMBERS, type AgentType } from '../../../machines/fitness/states.js';
import { AppError } from '../../errors.js';
import { agentHeaderSchema, failureError, progressSchema, restLocale, stateInfoSchema } from './http.js';
import { stepSchemas } from './schemas.js';
import { progressOf, publicStepData, type FitnessService, type SaveSuccess } from './service.js';

const [first, ...rest] = STATE_NUMBERS.map((n) => z.object({ step: z.literal(n), data: stepSchemas[n] }));
const stepBodySchema = z.discriminatedUnion('step', [first!, ...rest]);

const stepResponseSchema = z.object({
  current_step: z.number().int(),
  is_complete: z.boolean(),
  message: z.string(),
  next_state: z.number().int().nullable(),
  next_state_info: stateInfoSchema.nullable(),
});

const stateResponseSchema = z.object({
  current_step: z.number().int(),
  is_complete: z.boolean(),
  step_data: z.record(z.string(), z.unknown()),
  agent_history: z.array(z.object({ state: z.number().int(), agent: z.string(), timestamp: z.string() })),
});

const completeResponseSchema = z.object({
  is_complete: z.literal(true),
  message: z.string(),
  progress: progressSchema,
});

const renderStep = (r: SaveSuccess): z.infer<typeof stepResponseSchema> => ({
  current_step: r.current_step,
  is_complete: r.is_complete,
  message: r.message,
  next_state: r.next_state,
  next_state_info: r.next_state_info,
});

function agentOf(request: FastifyRequest): AgentType | undefined {
  const raw = request.headers['x-agent-context'];
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && (AGENT_TYPES as readonly string[]).includes(raw)) return raw as AgentType;
  throw new AppError(
    'VALIDATION_ERROR',
    `X-Agent-Context must be one of ${AGENT_TYPES.join(', ')}`,
    { field: 'X-Agent-Context' },
    { es: `X-Agent-Context debe ser uno de estos valores: ${AGENT_TYPES.join(', ')}` },
  );
}

const security = [{ bearerAuth: [] }];

/** The fitness onboarding's REST endpoints (docs/behaviour/fitness.md). */
export default async function fitnessRoutes(app: FastifyInstance, opts: { service: FitnessService }) {
  const { service } = opts;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const liveRow = async (userId: string) => {
    const row = await service.row(userId);
    if (!row) throw failureError({ ok: false, code: 'NOT_FOUND', message: 'No onboarding state exists for this user' });
    return row;
  };

  r.get(
    '/api/v1/onboarding/state',
    { schema: { tags: ['fitness'], summary: 'The stored onboarding state', security, response: { 200: stateResponseSchema } } },
    async (request) => {
      const row = await liveRow(request.userId);
      return {
        current_step: row.current_step,
        is_complete: row.is_complete,
        step_data: publicStepData(row.step_data),
        agent_history: row.agent_history,
      };
    },
  );

  r.get(
    '/api/v1/onboarding/progress',
    { schema: { tags: ['fitness'], summary: 'Progress through the nine states', security, response: { 200: progressSchema } } },
    async (request) => progressOf(await liveRow(request.userId), restLocale(request)),
  );

  r.post(
    '/api/v1/onboarding/step',
    {
      attachValidation: true,
      preHandler: app.idempotent,
      schema: {
        tags: ['fitness'],
        summary: 'Save one state’s data (states are filled in order; earlier ones can be edited)',
        security,
        headers: agentHeaderSchema,
        body: stepBodySchema,
        response: { 200: stepResponseSchema },
      },
    },
    async (request) => {
      const agent = agentOf(request);
      // The schema documents the body; the service validates it (the same schemas), so REST and
      // agent tools report a failure with the same field and message.
      const body = (request.body ?? {}) as { step?: unknown; data?: unknown };
      const claim = request.idempotency;
      const locale = restLocale(request);
      const result = await service.saveStep(request.userId, body.step, body.data, {
        requestId: request.id,
        log: request.log,
        agent,
        idempotencyKey: claim?.key,
        render: renderStep,
        locale,
      });
      if (!result.ok) throw failureError(result, locale);
      if (claim && result.wroteIdempotent) claim.stored = true;
      return renderStep(result);
    },
  );

  r.post(
    '/api/v1/onboarding/complete',
    {
      preHandler: app.idempotent,
      schema: {
        tags: ['fitness'],
        summary: 'Complete onboarding once all nine states are saved (idempotent)',
        security,
        response: { 200: completeResponseSchema },
      },
    },
    async (request) => {
      const claim = request.idempotency;
      const locale = restLocale(request);
      const result = await service.complete(request.userId, {
        requestId: request.id,
        log: request.log,
        agent: agentOf(request),
        idempotencyKey: claim?.key,
        locale,
      });
      if (!result.ok) throw failureError(result, locale);
      if (claim && result.wroteIdempotent) claim.stored = true;
      return result.body;
    },
  );
}
