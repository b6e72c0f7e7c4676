/**
 * The fitness flow's words for people, in English and Spanish (docs/behaviour/conversation.md,
 * "Languages"): save and completion messages, refusals and the step schemas' validation
 * messages. The service and the schemas speak English (agents and logs read it); a response is
 * put in the user's language here, at the edge. Codes and field names stay as the API spells them.
 */
import { stateText, type StateNumber } from '../../../machines/fitness/states.js';
import type { Progress } from './progress.js';
import type { Failure } from './service.js';

export type Locale = 'en' | 'es';

export function saveMessage(step: StateNumber, progress: Progress, locale: Locale = 'en'): string {
  const name = stateText(step, locale).name;
  const next = stateText(progress.current_state, locale).name;
  if (locale === 'es') {
    const saved = `Guardado: ${name}.`;
    if (progress.is_complete) return `${saved} El onboarding está completo.`;
    if (progress.can_complete) return `${saved} Todos los pasos están guardados: ya puedes completar el onboarding.`;
    return `${saved} Siguiente: ${next}.`;
  }
  const saved = `${name} saved.`;
  if (progress.is_complete) return `${saved} Onboarding is complete.`;
  if (progress.can_complete) return `${saved} All states are saved: you can complete onboarding.`;
  return `${saved} Next: ${next}.`;
}

export function completeMessage(changed: boolean, locale: Locale = 'en'): string {
  if (locale === 'es') return changed ? 'Onboarding completado: ya tienes todas las funciones.' : 'El onboarding ya estaba completado.';
  return changed ? 'Onboarding completed: every feature is unlocked.' : 'Onboarding was already completed.';
}

export const UNLOCK_MESSAGES: Readonly<Record<Locale, string>> = {
  en: 'Complete onboarding to unlock all features',
  es: 'Completa el onboarding para desbloquear todas las funciones',
};

const NAMES_ES: Readonly<Record<string, string>> = {
  'each goal': 'cada objetivo',
  'each meal': 'cada comida',
  'each workout': 'cada entrenamiento',
};

/** The subject of a message in Spanish: "each goal" -> "cada objetivo", "each allergies entry" -> "cada elemento de allergies". */
function subject(name: string): string {
  const entry = /^each (\S+) entry$/.exec(name);
  if (entry) return `cada elemento de ${entry[1] ?? ''}`;
  return NAMES_ES[name] ?? name;
}

const ONE_ES: Readonly<Record<string, string>> = { goal: 'un objetivo', meal: 'una comida', workout: 'un entrenamiento' };

type Template = readonly [RegExp, (...parts: string[]) => string];

/**
 * The step schemas' messages (schemas.ts), template by template. Ordered: the more specific
 * templates come first ("a whole number between" before "between").
 */
const SCHEMA_TEMPLATES_ES: readonly Template[] = [
  [/^step must be an integer from 1 to 9$/, () => 'step debe ser un número entero del 1 al 9'],
  [/^data is invalid$/, () => 'data no es válido'],
  [/^unknown fields?: (.+)$/, (keys) => `${keys.includes(',') ? 'campos desconocidos' : 'campo desconocido'}: ${keys}`],
  [
    /^protein_percentage, carbs_percentage and fats_percentage must add up to 100 \(they add up to (.+)\)$/,
    (sum) => `protein_percentage, carbs_percentage y fats_percentage deben sumar 100 (suman ${sum})`,
  ],
  [
    /^reminder_frequency_minutes is required when reminders are enabled$/,
    () => 'falta reminder_frequency_minutes: es obligatorio si los recordatorios están activados',
  ],
  [/^priority must be a whole number of at least 1$/, () => 'priority debe ser un número entero mayor o igual que 1'],
  [/^(.+) is required$/, (name) => `falta ${subject(name)}`],
  [/^(.+) must not be empty$/, (name) => `${subject(name)} no puede estar vacío`],
  [/^(.+) must be at most (\d+) characters$/, (name, n) => `${subject(name)} debe tener como máximo ${n} caracteres`],
  [/^(.+) must contain at most (\d+) items$/, (name, n) => `${subject(name)} debe tener como máximo ${n} elementos`],
  [/^(.+) must contain at least one (\w+)$/, (name, one) => `${subject(name)} debe incluir al menos ${ONE_ES[one] ?? one}`],
  [
    /^(.+) must be a whole number between (\S+) and (\S+)$/,
    (name, min, max) => `${subject(name)} debe ser un número entero entre ${min} y ${max}`,
  ],
  [/^(.+) must be between (\S+) and (\S+)$/, (name, min, max) => `${subject(name)} debe estar entre ${min} y ${max}`],
  [/^(.+) must be a time in HH:MM format \(00:00-23:59\)$/, (name) => `${subject(name)} debe ser una hora en formato HH:MM (00:00-23:59)`],
  [/^(.+) must be one of (.+)$/, (name, values) => `${subject(name)} debe ser uno de estos valores: ${values}`],
  [/^(.+) must be a string$/, (name) => `${subject(name)} debe ser un texto`],
  [/^(.+) must be a list$/, (name) => `${subject(name)} debe ser una lista`],
  [/^(.+) must be a number$/, (name) => `${subject(name)} debe ser un número`],
  [/^(.+) must be true or false$/, (name) => `${subject(name)} debe ser true o false`],
  [/^(.+) must be an object$/, (name) => `${subject(name)} debe ser un objeto`],
];

/** A step schema's validation message in the user's language (unchanged in English or when unknown). */
export function schemaMessage(message: string, locale: Locale): string {
  if (locale === 'en') return message;
  for (const [pattern, render] of SCHEMA_TEMPLATES_ES) {
    const match = pattern.exec(message);
    if (match) return render(...match.slice(1).map((part) => part ?? ''));
  }
  return message;
}

/** A refusal of the fitness flow in the user's language, built from its code and facts. */
export function failureMessage(failure: Failure | { code: 'ONBOARDING_COMPLETED'; message: string }, locale: Locale): string {
  if (locale === 'en') return failure.message;
  switch (failure.code) {
    case 'VALIDATION_ERROR':
      return schemaMessage(failure.message, locale);
    case 'STATE_MISMATCH':
      return `Ese paso todavía no se puede guardar: ahora toca el paso ${failure.current_state} (${stateText(failure.current_state, 'es').name}).`;
    case 'ONBOARDING_INCOMPLETE':
      return `Todavía no se puede completar el onboarding: faltan los pasos ${failure.missing_states.join(', ')}.`;
    case 'NOT_FOUND':
      return 'No hay ningún onboarding guardado para este usuario.';
    case 'CONFLICT':
      return 'Otra petición ha cambiado este onboarding al mismo tiempo; vuelve a intentarlo.';
    case 'ONBOARDING_COMPLETED':
      return 'El onboarding ya está completado; para seguir hablando usa /api/v1/chat.';
  }
}
