/**
 * Conversation control, recognised before any extraction and in both languages: a greeting, a
 * question about why we ask (or "help"), "skip", "what have I told you?" and "change my goals" /
 * "go back". Only short messages that are entirely one of these count, so "hi, I'm a beginner"
 * is still an answer.
 */
import type { StateNumber } from '../../../../../machines/fitness/states.js';

type Control = { kind: 'greeting' } | { kind: 'help' } | { kind: 'skip' } | { kind: 'recap' } | { kind: 'edit'; state: StateNumber | null };

const fold = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const GREETING =
  /^(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|hola|buenas(?: tardes| noches)?|buenos dias|que tal|hey there|hi there|hello there)(?: there| again| coach| team)?$/;
const HELP =
  /^(?:help|help me|ayuda|why|por que|para que|what for|what do you mean|no entiendo|i don't understand|i dont understand|(?:why|por que|para que) (?:do you|you|lo|necesitas|quieres|need|want).*|what is this for)$/;
const SKIP =
  /^(?:skip|skip it|skip this|skip this step|pass|next|saltar|salta|sáltalo|saltalo|paso|siguiente|omitir|no quiero contestar|prefiero no decirlo|rather not say|i'd rather not say)$/;
const RECAP =
  /^(?:what have i (?:told|said to) you|what did i (?:tell|say)|recap|summary|show me what i said|what do you know about me|que te he dicho|que te he contado|resumen|que sabes de mi)$/;
const EDIT =
  /^(?:go back|back|volver|atras|vuelve atras|volver atras|i want to change|quiero cambiar|change|cambiar|(?:i want to |can i |let me |quiero |puedo )?(?:change|edit|update|fix|cambiar|corregir|modificar) (?:my |mi |mis |the |el |la |los |las )?(.+))$/;

const EDIT_TARGETS: ReadonlyArray<readonly [RegExp, StateNumber]> = [
  [/level|nivel/, 1],
  [/goal|objetivo|meta/, 2],
  [/equipment|injur|limitation|material|lesion/, 3],
  [/diet|allerg|intoleran|alergia|dieta/, 4],
  [/calori|macro|meal plan|plan/, 5],
  [/meal|comida|horario de comida|breakfast|lunch|dinner|desayuno|cena/, 6],
  [/workout|training|entreno|entrenamiento|schedule/, 7],
  [/water|hydration|reminder|agua|hidratacion|aviso/, 8],
];

export function controlOf(message: string): Control | null {
  const text = fold(message);
  if (text.length === 0 || text.length > 60) return null;
  if (GREETING.test(text)) return { kind: 'greeting' };
  if (HELP.test(text)) return { kind: 'help' };
  if (SKIP.test(text)) return { kind: 'skip' };
  if (RECAP.test(text)) return { kind: 'recap' };
  const edit = EDIT.exec(text);
  if (edit !== null) {
    const what = edit[1] ?? '';
    const target = EDIT_TARGETS.find(([pattern]) => pattern.test(what))?.[1] ?? null;
    return { kind: 'edit', state: target };
  }
  return null;
}
