import { z } from 'zod';
import { AGENT_TYPES } from '../../../machines/fitness/states.js';
import { AppError } from '../../errors.js';
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

/** Turns a service failure into the uniform error (docs/behaviour/errors.md). */
export function failureError(f: Failure): AppError {
  switch (f.code) {
    case 'VALIDATION_ERROR':
      return new AppError('VALIDATION_ERROR', f.message, { field: f.field });
    case 'STATE_MISMATCH':
      return new AppError('STATE_MISMATCH', f.message, { current_state: f.current_state });
    case 'ONBOARDING_INCOMPLETE':
      return new AppError('ONBOARDING_INCOMPLETE', f.message, { missing_states: f.missing_states });
    default:
      return new AppError(f.code, f.message);
  }
}
