/**
 * Every refusal the step schemas can give has a Spanish version (SPEC 14): the fitness flow's
 * validation messages are translated template by template, so a message no template knows
 * would reach a Spanish speaker in English. This walks the schemas' refusals and checks each.
 */
import { describe, expect, it } from 'vitest';
import { STATE_NUMBERS, type StateNumber } from '../machines/fitness/states.js';
import { failureMessage, schemaMessage } from '../src/flows/fitness/messages.js';
import { validateStep } from '../src/flows/fitness/schemas.js';
import { STEP_INPUT } from './helpers/fitness-client.js';

const ENGLISH = /\b(?:must|required|between|unknown|each|invalid|contain|least|most|one of|a list|a number|a string)\b/;

/** Wrong values for a field: absent, of each wrong type, empty, too long, out of range. */
const WRONG: readonly unknown[] = [
  undefined,
  null,
  'x',
  '',
  ' ',
  'a'.repeat(101),
  -1,
  0,
  1.5,
  99999,
  true,
  [],
  [''],
  ['a'.repeat(101)],
  {},
  { x: 1 },
];

/** Each state's valid data with one field (or one nested field) replaced by a wrong value. */
function refusals(step: StateNumber): string[] {
  const base = STEP_INPUT[step];
  const messages = new Set<string>();
  const check = (data: unknown): void => {
    const result = validateStep(step, data);
    if (!result.ok) messages.add(result.message);
  };
  for (const wrong of WRONG) check(wrong);
  check({ ...base, surprise: 1 });
  check({ ...base, surprise: 1, other: 2 });
  for (const [key, value] of Object.entries(base)) {
    for (const wrong of WRONG) check({ ...base, [key]: wrong });
    if (Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null) {
      const item = value[0] as Record<string, unknown>;
      check({ ...base, [key]: [{ ...item, surprise: 1 }] });
      for (const field of Object.keys(item)) for (const wrong of WRONG) check({ ...base, [key]: [{ ...item, [field]: wrong }] });
    }
  }
  return [...messages];
}

describe('fitness messages in Spanish', () => {
  for (const step of STATE_NUMBERS) {
    it(`when state ${step} refuses data, then every reason has a Spanish version that keeps the field names`, () => {
      const messages = refusals(step);
      expect(messages.length).toBeGreaterThan(3);
      for (const message of messages) {
        const spanish = schemaMessage(message, 'es');
        expect(spanish, message).not.toMatch(ENGLISH);
        // The field the English message names is still named.
        const field = /^[a-z_]+/.exec(message)?.[0];
        if (field !== undefined && field.includes('_')) expect(spanish, message).toContain(field);
        expect(schemaMessage(message, 'en')).toBe(message);
      }
    });
  }

  it('when the step number itself is wrong, then the Spanish message says what is allowed', () => {
    expect(schemaMessage('step must be an integer from 1 to 9', 'es')).toBe('step debe ser un número entero del 1 al 9');
  });

  it('when a failure is put in Spanish, then it is built from its facts, not its English text', () => {
    expect(failureMessage({ ok: false, code: 'ONBOARDING_INCOMPLETE', message: 'x', missing_states: [4, 9] }, 'es')).toBe(
      'Todavía no se puede completar el onboarding: faltan los pasos 4, 9.',
    );
    expect(failureMessage({ ok: false, code: 'CONFLICT', message: 'retry' }, 'en')).toBe('retry');
  });
});
