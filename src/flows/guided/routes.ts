import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { GuidedEvent } from '../../../machines/guided/machine.js';
import type { Locale } from '../../../machines/guided/types.js';
import { GUIDED_DEFAULT_LOCALE, negotiateLocale, requestLocale } from '../../language/locale.js';
import { logError, messageLocale, normalizeError } from '../../plugins/errors.js';
import { catalogues } from './copy.js';
import type { GuidedAction, GuidedService } from './service.js';

const MAX_VALUE_CHARS = 500;
const ACTIONS = ['START', 'SUBMIT_TEXT', 'SELECT_OPTION'] as const;

const MAX_CONTEXT_KEYS = 20;

/**
 * The request's `context`: the known keys typed, and room for a client that echoes the last
 * response's context back (scalars only, bounded), so nothing unbounded reaches hashing or logs.
 */
const requestContextSchema = z
  .object({
    locale: z.string().max(35).optional().describe('"es" (default) or "en"'),
    state: z
      .string()
      .max(50)
      .optional()
      .describe(
        "The state this action answers (the last response's `state`). When the onboarding has moved on " +
          '(a double submit), the action is refused with 409 ACTION_NOT_ALLOWED and the current state is shown.',
      ),
  })
  .catchall(z.union([z.string().max(MAX_VALUE_CHARS * 2), z.number(), z.boolean(), z.null()]))
  .refine((ctx) => Object.keys(ctx).length <= MAX_CONTEXT_KEYS, { error: `context has more than ${MAX_CONTEXT_KEYS} keys` });

const bodySchema = z.object({
  action: z.string().max(50).describe('START | SUBMIT_TEXT | SELECT_OPTION'),
  value: z.string().nullable().optional(),
  context: requestContextSchema.optional(),
});

const responseSchema = z.object({
  state: z.string(),
  messages: z.array(z.object({ role: z.enum(['system', 'assistant']), content: z.string() })),
  ui: z.object({
    type: z.enum(['buttons', 'input', 'none']),
    options: z.array(z.object({ value: z.string(), label: z.string() })),
  }),
  context: z.object({ onboarding_completed: z.boolean() }).catchall(z.unknown()),
});
const errorResponseSchema = responseSchema.partial().extend({
  error: z.object({ code: z.string(), message: z.string() }),
});

/** The locale the request itself states: `context.locale` (or a top-level `locale`), then Accept-Language. */
function statedLocale(request: FastifyRequest): Locale | null {
  const body = request.body as { context?: { locale?: unknown } | null; locale?: unknown } | null | undefined;
  const explicit = typeof body === 'object' && body !== null ? (body.context?.locale ?? body.locale) : undefined;
  return requestLocale(explicit, request.headers['accept-language']);
}

/** POST /api/onboarding/action, the contract of seeds/contrato-api-onboarding-action.md. */
export default async function guidedRoutes(app: FastifyInstance, opts: { service: GuidedService }) {
  const { service } = opts;

  // Errors on this route keep the contract's shape and show the current state again (docs/behaviour/guided.md).
  /** The request's locale, else the one stored with the user's session, else Spanish. */
  const localeFor = async (request: FastifyRequest): Promise<Locale> => {
    const stated = statedLocale(request);
    if (stated !== null || !request.userId) return stated ?? GUIDED_DEFAULT_LOCALE;
    const { snapshot } = await service.load(request.userId, request.log);
    return negotiateLocale({ stored: snapshot?.context.locale, fallback: GUIDED_DEFAULT_LOCALE });
  };

  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const n = normalizeError(err, messageLocale(request));
    logError(request, err, n);
    if (n.status >= 500 || n.status === 401 || n.status === 429 || !request.userId) {
      return reply.status(n.status).send({ error: { code: n.code, message: n.message } });
    }
    // Framework wording ("Body is not valid JSON") is replaced by plain words in the user's language.
    const locale = await localeFor(request);
    const error = { code: n.code, message: catalogues[locale].errors.plainFor(n.code) };
    const current = await service.current(request.userId, locale, request.log);
    return reply.status(n.status).send({ error, ...current });
  });

  const fail = async (request: FastifyRequest, status: 400, code: string, message: string, locale: Locale) => ({
    status,
    body: { error: { code, message }, ...(await service.current(request.userId, locale, request.log)) },
  });

  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/onboarding/action',
    {
      attachValidation: true,
      preHandler: app.idempotent,
      config: { messageLocale: 'es' },
      schema: {
        tags: ['guided'],
        summary: 'Apply one onboarding action (START, SUBMIT_TEXT, SELECT_OPTION)',
        security: [{ bearerAuth: [] }],
        body: bodySchema,
        response: { 200: responseSchema, 400: errorResponseSchema, 409: errorResponseSchema },
      },
    },
    async (request, reply) => {
      let outcome: { status: 200 | 400 | 409; body: unknown };
      const refuse = async (code: string, message: (copy: (typeof catalogues)[Locale]['errors']) => string) => {
        const locale = await localeFor(request);
        return fail(request, 400, code, message(catalogues[locale].errors), locale);
      };
      if (request.validationError) {
        outcome = await refuse('VALIDATION_ERROR', (copy) => copy.VALIDATION_ERROR);
      } else if (!(ACTIONS as readonly string[]).includes(request.body.action)) {
        outcome = await refuse('INVALID_ACTION', (copy) => copy.INVALID_ACTION);
      } else if ((request.body.value ?? '').length > MAX_VALUE_CHARS) {
        outcome = await refuse('VALIDATION_ERROR', (copy) => copy.VALUE_TOO_LONG(MAX_VALUE_CHARS));
      } else {
        const type = request.body.action as GuidedEvent['type'];
        const value = (request.body.value ?? '').trim();
        const action: GuidedAction = type === 'START' ? { type } : { type, value };
        const claim = request.idempotency;
        // Without a locale in the request, the turn takes the session's from its own single read.
        const result = await service.turn(request.userId, action, {
          requestId: request.id,
          locale: statedLocale(request),
          log: request.log,
          idempotencyKey: claim?.key,
          expectedState: request.body.context?.state,
        });
        if (result.kind === 'ok') {
          if (claim && result.wrote) claim.stored = true;
          outcome = { status: 200, body: result.body };
        } else {
          outcome = {
            status: 409,
            body: { error: { code: result.code, message: result.message }, ...result.body },
          };
        }
      }
      return reply.status(outcome.status).send(outcome.body as z.infer<typeof responseSchema>);
    },
  );
}
