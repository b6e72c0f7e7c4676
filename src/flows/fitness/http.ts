import { z } from 'zod';
import { AGENT_TYPES } from '../../../machines/fitness/states.js';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { FITNESS_DEFAULT_LOCALE, negotiateLocale } from '../../language/locale.js';
import { failureMessage, type Locale } from './messages.js';
import type { Failure } from './service.js';

/** Response shapes of the fitness endpoints, for validation-free serialization and the OpenAPI document. */
export const stateInfoSchema = z.object({
  state_number: z.number().int(),
  name: z.string(),
  agent: z.string(),
  description: z.string(),
  required_fields: z.array(z.string()),
});

export const progressSchema = z.object({
  current_state: z.number().int(),
  total_states: z.number().int(),
  completed_states: z.array(z.number().int()),
  current_state_info: stateInfoSchema,
  next_state_info: stateInfoSchema.nullable(),
  is_complete: z.boolean(),
  completion_percentage: z.number().int(),
  can_complete: z.boolean(),
});

export const agentHeaderSchema = z.object({
  'x-agent-context': z.enum(AGENT_TYPES).optional().describe('The agent acting for the user; recorded in agent_history'),
});

/**
 * Turns a service failure into the uniform error (docs/behaviour/errors.md), its message in
 * `locale` and in the other language for a request that states one (docs/behaviour/conversation.md,
 * "Languages").
 */
export function failureError(f: Failure, locale: Locale = 'en'): AppError {
  const message = failureMessage(f, locale);
  const localized = { en: f.message, es: failureMessage(f, 'es') };
  switch (f.code) {
    case 'VALIDATION_ERROR':
      return new AppError('VALIDATION_ERROR', message, { field: f.field }, localized);
    case 'STATE_MISMATCH':
      return new AppError('STATE_MISMATCH', message, { current_state: f.current_state }, localized);
    case 'ONBOARDING_INCOMPLETE':
      return new AppError('ONBOARDING_INCOMPLETE', message, { missing_states: f.missing_states }, localized);
    default:
      return new AppError(f.code, message, {}, localized);
  }
}

/**
 * The language of a fitness REST response: the Accept-Language header, else English. The REST
 * calls carry no conversation, so no remembered language applies (the chat's does).
 */
export function restLocale(request: FastifyRequest): Locale {
  return negotiateLocale({ acceptLanguage: request.headers['accept-language'], fallback: FITNESS_DEFAULT_LOCALE });
}
