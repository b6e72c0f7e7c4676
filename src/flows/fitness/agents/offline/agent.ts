/**
 * The offline onboarding agent (docs/behaviour/conversation.md, "Agents and tools" -> Offline): deterministic,
 * no I/O of its own. Each turn it reads the user's answer with the extractor, saves complete
 * answers through the state's tool, confirms answers it is unsure of before saving, and asks one
 * specific question when something is missing. After two failed tries in a state it offers quick
 * replies that fully answer the state (docs/behaviour/guided.md, re-ask rule).
 *
 * Its bookkeeping travels in the meta of its own replies (see OfflineMeta), which the
 * orchestrator stores with each assistant message and hands back as history.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { isStateNumber, stateMeta, type StateNumber } from '../../../../../machines/fitness/states.js';
import { validateStep } from '../../schemas.js';
import type { AgentUi, OnboardingAgent, OnboardingReply, OnboardingTurn, QuickReply } from '../agent.js';
import type { ChatMessage } from '../../chat-store.js';
import { copyFor, fieldCopy, stateCopy, summarize, type FieldCopy, type Locale } from './copy.js';
import { controlOf } from './control.js';
import { looksSpanish } from '../../../../language/spanish.js';
import { extractForState, type Extraction } from './extract.js';
import { yesOrNo } from './agent-yesno.js';

/** After this many failed tries in a state, the quick replies fully answer it. */
const FAILURES_BEFORE_FULL_ANSWERS = 2;
/** How many partial answers are kept to be completed by the next one, and how long each may be. */
const CARRY_ITEMS = 2;
const CARRY_CHARS = 200;

const stateField = z.number().int().min(1).max(9);
const failuresField = z.number().int().min(0);

/**
 * Stored with every reply (`meta`). `state` is the state the reply is about: after a save it is
 * the next state, whose question the reply asks.
 * - ask: a question is open; `failures` failed tries so far, `carry` partial answers to complete.
 * - confirm: `pending` data waits for a yes (save) or a no (ask again).
 * - done: state 9 was saved; the profile is complete.
 */
const metaSchema = z.discriminatedUnion('kind', [
  z.object({
    v: z.literal(1),
    by: z.literal('offline'),
    kind: z.literal('ask'),
    state: stateField,
    failures: failuresField,
    carry: z.array(z.string()).max(CARRY_ITEMS).optional(),
    /** An earlier state being edited by chat: the next answer is read for it. */
    edit: stateField.optional(),
  }),
  z.object({
    v: z.literal(1),
    by: z.literal('offline'),
    kind: z.literal('confirm'),
    state: stateField,
    failures: failuresField,
    edit: stateField.optional(),
    pending: z.record(z.string(), z.unknown()),
  }),
  z.object({ v: z.literal(1), by: z.literal('offline'), kind: z.literal('done'), state: stateField }),
]);

type OfflineMeta = z.infer<typeof metaSchema>;

interface Bookkeeping {
  edit?: StateNumber;
  failures: number;
  carry: string[];
  pending: Record<string, unknown> | null;
}

/** This agent's bookkeeping for the state, from the last assistant message if it is ours and about this state. */
function bookkeeping(history: readonly ChatMessage[], state: StateNumber): Bookkeeping {
  const last = [...history].reverse().find((message) => message.role === 'assistant');
  const parsed = metaSchema.safeParse(last?.meta);
  if (!parsed.success || parsed.data.state !== state || parsed.data.kind === 'done') {
    return { failures: 0, carry: [], pending: null };
  }
  const meta = parsed.data;
  const edit = meta.edit !== undefined && isStateNumber(meta.edit) ? { edit: meta.edit } : {};
  return meta.kind === 'confirm'
    ? { ...edit, failures: meta.failures, carry: [], pending: meta.pending }
    : { ...edit, failures: meta.failures, carry: meta.carry ?? [], pending: null };
}

const buttons = (options: readonly QuickReply[]): AgentUi | null =>
  options.length === 0 ? null : { type: 'buttons', options: [...options] };

const askMeta = (state: StateNumber, failures: number, carry: readonly string[] = []): OfflineMeta => ({
  v: 1,
  by: 'offline',
  kind: 'ask',
  state,
  failures,
  ...(carry.length > 0 ? { carry: [...carry] } : {}),
});

/** Partial answers joined into one, the way the user might have said them at once. */
const joined = (parts: readonly string[]): string => parts.map((part) => part.trim().replace(/[\s.;,!?]+$/u, '')).join('; ');

/** What the extractor reports for an empty answer: anything else that is still 'none' is partial. */
const nothingSaid = new Map<StateNumber, string[]>();
function isPartial(state: StateNumber, message: string, extraction: Extraction): boolean {
  if (extraction.status !== 'none') return false;
  let baseline = nothingSaid.get(state);
  if (baseline === undefined) {
    const empty = extractForState(state, '');
    baseline = empty.status === 'none' ? empty.missing : [];
    nothingSaid.set(state, baseline);
  }
  if (!isDeepStrictEqual(extraction.missing, baseline)) return true;
  // Optional details said before the required part ("allergic to peanuts", then "vegetarian"):
  // worth keeping when they change what a completed answer would save.
  return (fieldCopy(state, extraction.missing[0]).completions ?? []).some((ending) => {
    const withMessage = extractForState(state, joined([message, ending.value]));
    const without = extractForState(state, ending.value);
    return withMessage.status === 'ok' && without.status === 'ok' && !isDeepStrictEqual(withMessage.data, without.data);
  });
}

/** A question again after a lead-in; once tries run out, with quick replies that fully answer the state. */
function askAgain(
  state: StateNumber,
  lead: string,
  failures: number,
  locale: Locale,
  question: FieldCopy = { question: stateCopy(state, locale).question },
): OnboardingReply {
  const full = failures >= FAILURES_BEFORE_FULL_ANSWERS;
  const response = [lead, question.question, ...(full ? [copyFor(locale).copy.easier] : [])].join(' ');
  const options = full ? stateCopy(state, locale).options : (question.options ?? stateCopy(state, locale).options);
  return { response, ui: buttons(options), meta: askMeta(state, failures) };
}

function ask(state: StateNumber, locale: Locale = 'en'): OnboardingReply {
  const copy = stateCopy(state, locale);
  return { response: copy.question, ui: buttons(copy.options), meta: askMeta(state, 0) };
}

/** A plain-words summary of data for the state, or null when it does not validate. */
function describe<S extends StateNumber>(state: S, data: unknown, locale: Locale): string | null {
  const valid = validateStep(state, data);
  return valid.ok ? summarize(state, valid.data, locale) : null;
}

async function save(
  turn: OnboardingTurn,
  data: Record<string, unknown>,
  failures: number,
  locale: Locale,
  target: StateNumber = turn.state,
): Promise<OnboardingReply> {
  const COPY = copyFor(locale).copy;
  const result = await turn.callTool(stateMeta(target).tool, data);
  if (!result.success) {
    return result.error_code === 'VALIDATION_ERROR'
      ? askAgain(turn.state, COPY.invalid(result.error), failures + 1, locale)
      : askAgain(turn.state, COPY.saveFailed, failures, locale);
  }
  const summary = describe(target, data, locale);
  const saved = summary === null ? '' : `${COPY.saved(summary)} `;
  if (target !== turn.state) {
    // An edit of an earlier state: the current state does not move, its question comes back.
    const question = ask(turn.state, locale);
    return { ...question, response: `${saved}${question.response}` };
  }
  const next = 'next_state' in result && isStateNumber(result.next_state) ? result.next_state : null;
  if (next === null) {
    return { response: `${saved}${COPY.complete}`, ui: null, meta: { v: 1, by: 'offline', kind: 'done', state: turn.state } };
  }
  const question = ask(next, locale);
  return { ...question, response: `${saved}${COPY.next(next)} ${question.response}` };
}

/** Never guesses silently: data read with a guess is confirmed before it is saved. */
function confirm<S extends StateNumber>(state: S, data: Record<string, unknown>, failures: number, locale: Locale): OnboardingReply {
  const COPY = copyFor(locale).copy;
  const valid = validateStep(state, data);
  if (!valid.ok) return askAgain(state, COPY.invalid(valid.message), failures + 1, locale);
  return {
    response: COPY.confirm(summarize(state, valid.data, locale)),
    ui: buttons(COPY.confirmOptions),
    meta: { v: 1, by: 'offline', kind: 'confirm', state, failures, pending: data },
  };
}

/**
 * Buttons that complete the carried partial answer (only those that give complete, valid data),
 * and the validation error when every completion fails on a value the user already gave
 * ("I want 12000 kcal" is out of range whatever split follows).
 */
function completions(state: StateNumber, carry: readonly string[], field: FieldCopy, missing: readonly string[]) {
  const options: QuickReply[] = [];
  let invalid: string | null = null;
  if (carry.length === 0) return { options, invalid };
  for (const ending of field.completions ?? []) {
    const value = joined([...carry, ending.value]);
    const extraction = extractForState(state, value);
    if (extraction.status !== 'ok') continue;
    const valid = validateStep(state, extraction.data);
    if (valid.ok) options.push({ value, label: ending.label });
    else if (!missing.includes(valid.field.split('.')[0] ?? '')) invalid ??= valid.message;
  }
  return { options, invalid: options.length === 0 ? invalid : null };
}

function notUnderstood(
  state: StateNumber,
  message: string,
  alone: Extraction,
  book: Bookkeeping,
  missing: readonly string[],
  locale: Locale,
): OnboardingReply {
  const COPY = copyFor(locale).copy;
  const failures = book.failures + 1;
  const partial = message.length <= CARRY_CHARS && isPartial(state, message, alone);
  const carry = partial ? [...book.carry, message].slice(-CARRY_ITEMS) : book.carry;
  const field = fieldCopy(state, missing[0], locale);
  const completed = completions(state, carry, field, missing);
  if (completed.invalid !== null) return askAgain(state, COPY.invalid(completed.invalid), failures, locale);
  const lead = carry.length > 0 ? COPY.partial : COPY.notUnderstood;
  const reply = askAgain(state, lead, failures, locale, completed.options.length > 0 ? { ...field, options: completed.options } : field);
  return { ...reply, meta: askMeta(state, failures, carry) };
}

/** The locale asked for; otherwise Spanish when the message is Spanish; otherwise English. */
const localeOf = (turn: OnboardingTurn): Locale => turn.locale ?? (looksSpanish(turn.message) ? 'es' : 'en');

/** "What have I told you?": every saved state in plain words. */
async function recap(turn: OnboardingTurn, locale: Locale): Promise<string> {
  const COPY = copyFor(locale).copy;
  const result = await turn.callTool('get_onboarding_state', {});
  const stepData = result.success && 'step_data' in result ? (result.step_data as Record<string, unknown> | undefined) : undefined;
  const lines: string[] = [];
  for (const [key, data] of Object.entries(stepData ?? {})) {
    const state = Number(key.replace(/\D/g, ''));
    if (!isStateNumber(state)) continue;
    const summary = describe(state, data, locale);
    if (summary !== null) lines.push(summary);
  }
  return lines.length === 0 ? COPY.recapNothing : COPY.recap(lines);
}

export const offlineAgent: OnboardingAgent & { ask(state: StateNumber, locale?: Locale): OnboardingReply } = {
  ask,
  async reply(turn: OnboardingTurn): Promise<OnboardingReply> {
    const { state, message } = turn;
    const locale = localeOf(turn);
    const COPY = copyFor(locale).copy;
    const book = bookkeeping(turn.history, state);
    if (book.pending !== null) {
      const answer = yesOrNo(message);
      if (answer === 'yes') return save(turn, book.pending, book.failures, locale, book.edit ?? state);
      if (answer === 'no') return askAgain(state, COPY.rejected, book.failures + 1, locale);
    }
    const control = controlOf(message);
    if (control !== null) {
      const question = ask(state, locale);
      switch (control.kind) {
        case 'greeting':
          return { ...question, response: `${COPY.welcome} ${question.response}` };
        case 'help': {
          const example = stateCopy(state, locale).options[0];
          const hint = example === undefined ? '' : ` ${COPY.example} "${example.value}".`;
          return { ...question, response: `${COPY.why(state)}${hint} ${question.response}` };
        }
        case 'skip':
          if (state === 9) return save(turn, { interested_in_supplements: false, current_supplements: [] }, book.failures, locale);
          return { ...question, response: `${COPY.skipNotAllowed(state)} ${question.response}` };
        case 'recap':
          return { ...question, response: `${await recap(turn, locale)} ${question.response}` };
        case 'edit': {
          const target = control.state !== null && control.state < state ? control.state : null;
          if (target === null) return { ...question, response: `${await recap(turn, locale)} ${question.response}` };
          const earlier = ask(target, locale);
          return { ...earlier, response: `${COPY.editAsk(target)} ${earlier.response}`, meta: { ...askMeta(state, 0), edit: target } };
        }
      }
    }
    // An edit of an earlier state reads the answer for that state; its save does not move the current one.
    const target = book.edit ?? state;
    const alone = extractForState(target, message);
    const combined = book.carry.length === 0 ? alone : extractForState(target, joined([...book.carry, message]));
    const extraction = combined.status === 'ok' || alone.status === 'none' ? combined : alone;
    switch (extraction.status) {
      case 'ok':
        return save(turn, extraction.data, book.failures, locale, target);
      case 'unsure': {
        const reply = confirm(target, extraction.data, book.failures, locale);
        return target === state || reply.meta === null ? reply : { ...reply, meta: { ...reply.meta, state, edit: target } };
      }
      case 'none':
        return notUnderstood(target, message, alone, book, extraction.missing, locale);
    }
  },
};
