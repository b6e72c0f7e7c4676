/**
 * The offline onboarding agent (docs/behaviour/conversation.md, "Agents and tools" -> Offline): deterministic,
 * no I/O of its own. Each turn it reads the user's answer with the extractor, saves complete
 * answers through the state's tool, confirms answers it is unsure of before saving, and asks one
 * specific question when something is missing. After two failed tries in a state it offers quick
 * replies that fully answer the state (docs/behaviour/guided.md, re-ask rule).
 *
 * Where the conversation stands (the question open, a confirmation pending, failed tries, partial
 * answers kept, an edit detour) is the dialogue machine's snapshot (machines/fitness/dialogue.ts):
 * the orchestrator hands it in with the turn and stores the one each reply returns.
 */
import { isDeepStrictEqual } from 'node:util';
import { isStateNumber, stateMeta, type StateNumber } from '../../../../../machines/fitness/states.js';
import { validateStep } from '../../schemas.js';
import type { AgentUi, OnboardingAgent, OnboardingReply, OnboardingTurn, QuickReply } from '../agent.js';
import { copyFor, fieldCopy, stateCopy, summarize, type FieldCopy, type Locale } from './copy.js';
import { controlOf } from './control.js';
import { resumeDialogue, step, storedDialogue, type Dialogue } from './dialogue.js';
import { looksSpanish } from '../../../../language/spanish.js';
import { extractForState, type Extraction } from './extract.js';
import { yesOrNo } from './agent-yesno.js';

/** After this many failed tries in a state, the quick replies fully answer it. */
const FAILURES_BEFORE_FULL_ANSWERS = 2;
/** How long a partial answer may be to be kept for the next one. */
const CARRY_CHARS = 200;

/** What one turn says, and where the dialogue stands after it. */
interface Said {
  response: string;
  ui: AgentUi | null;
  dialogue: Dialogue;
}

/** The state whose answer is awaited: an earlier one while it is being changed. */
const targetOf = (dialogue: Dialogue): StateNumber => dialogue.context.edit ?? dialogue.context.state;

const buttons = (options: readonly QuickReply[]): AgentUi | null =>
  options.length === 0 ? null : { type: 'buttons', options: [...options] };

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

/** The awaited question again after a lead-in; once tries run out, with quick replies that fully answer it. */
function askAgain(dialogue: Dialogue, lead: string, locale: Locale, question?: FieldCopy): Said {
  const state = targetOf(dialogue);
  const full = dialogue.context.failures >= FAILURES_BEFORE_FULL_ANSWERS;
  const asked = question ?? { question: stateCopy(state, locale).question };
  const response = [lead, asked.question, ...(full ? [copyFor(locale).copy.easier] : [])].join(' ');
  const options = full ? stateCopy(state, locale).options : (asked.options ?? stateCopy(state, locale).options);
  return { response, ui: buttons(options), dialogue };
}

/** A state's question and its quick replies. */
function question(state: StateNumber, locale: Locale): Pick<OnboardingReply, 'response' | 'ui'> {
  const copy = stateCopy(state, locale);
  return { response: copy.question, ui: buttons(copy.options) };
}

/** A plain-words summary of data for the state, or null when it does not validate. */
function describe<S extends StateNumber>(state: S, data: unknown, locale: Locale): string | null {
  const valid = validateStep(state, data);
  return valid.ok ? summarize(state, valid.data, locale) : null;
}

/** Saves the answer awaited (an edit's target, or the open state's) through its tool. */
async function save(turn: OnboardingTurn, dialogue: Dialogue, data: Record<string, unknown>, locale: Locale): Promise<Said> {
  const COPY = copyFor(locale).copy;
  const target = targetOf(dialogue);
  const result = await turn.callTool(stateMeta(target).tool, data);
  if (!result.success) {
    return result.error_code === 'VALIDATION_ERROR'
      ? askAgain(step(dialogue, { type: 'REFUSED' }), COPY.invalid(result.error), locale)
      : askAgain(step(dialogue, { type: 'RETRY' }), COPY.saveFailed, locale);
  }
  const summary = describe(target, data, locale);
  const saved = summary === null ? '' : `${COPY.saved(summary)} `;
  if (dialogue.context.edit !== null) {
    // An edit of an earlier state: the open state does not move, its question comes back.
    const open = dialogue.context.state;
    const asked = question(open, locale);
    return { ...asked, response: `${saved}${asked.response}`, dialogue: step(dialogue, { type: 'SAVED', next: open }) };
  }
  const next = 'next_state' in result && isStateNumber(result.next_state) ? result.next_state : null;
  if (next === null) return { response: `${saved}${COPY.complete}`, ui: null, dialogue: step(dialogue, { type: 'COMPLETED' }) };
  const asked = question(next, locale);
  return { ...asked, response: `${saved}${COPY.next(next)} ${asked.response}`, dialogue: step(dialogue, { type: 'SAVED', next }) };
}

/** Never guesses silently: data read with a guess is confirmed before it is saved. */
function confirm(dialogue: Dialogue, data: Record<string, unknown>, locale: Locale): Said {
  const COPY = copyFor(locale).copy;
  const state = targetOf(dialogue);
  const valid = validateStep(state, data);
  if (!valid.ok) return askAgain(step(dialogue, { type: 'REFUSED' }), COPY.invalid(valid.message), locale);
  return {
    response: COPY.confirm(summarize(state, valid.data, locale)),
    ui: buttons(COPY.confirmOptions),
    dialogue: step(dialogue, { type: 'UNSURE', data }),
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

function notUnderstood(dialogue: Dialogue, message: string, alone: Extraction, missing: readonly string[], locale: Locale): Said {
  const COPY = copyFor(locale).copy;
  const state = targetOf(dialogue);
  const partial = message.length <= CARRY_CHARS && isPartial(state, message, alone);
  const next = step(dialogue, partial ? { type: 'PARTIAL', text: message } : { type: 'MISUNDERSTOOD' });
  const carry = next.context.carry;
  const field = fieldCopy(state, missing[0], locale);
  const completed = completions(state, carry, field, missing);
  // What was kept is wrong whatever follows: it is dropped, and the rule is said.
  if (completed.invalid !== null) return askAgain(step(dialogue, { type: 'REFUSED' }), COPY.invalid(completed.invalid), locale);
  const lead = carry.length > 0 ? COPY.partial : COPY.notUnderstood;
  return askAgain(next, lead, locale, completed.options.length > 0 ? { ...field, options: completed.options } : field);
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

type Control = NonNullable<ReturnType<typeof controlOf>>;

/** Greeting, help, skip, recap or edit: answered, then a question asked. */
async function control(turn: OnboardingTurn, dialogue: Dialogue, said: Control, locale: Locale): Promise<Said> {
  const COPY = copyFor(locale).copy;
  const { state } = turn;
  const reasked = step(dialogue, { type: 'ASK', state });
  const asked = question(state, locale);
  const withLead = (lead: string): Said => ({ ...asked, response: `${lead} ${asked.response}`, dialogue: reasked });
  switch (said.kind) {
    case 'greeting':
      return withLead(COPY.welcome);
    case 'help': {
      const example = stateCopy(state, locale).options[0];
      return withLead(`${COPY.why(state)}${example === undefined ? '' : ` ${COPY.example} "${example.value}".`}`);
    }
    case 'skip':
      if (state === 9) return save(turn, reasked, { interested_in_supplements: false, current_supplements: [] }, locale);
      return withLead(COPY.skipNotAllowed(state));
    case 'recap':
      return withLead(await recap(turn, locale));
    case 'edit': {
      const target = said.state !== null && said.state < state ? said.state : null;
      if (target === null) return withLead(await recap(turn, locale));
      const earlier = question(target, locale);
      return { ...earlier, response: `${COPY.editAsk(target)} ${earlier.response}`, dialogue: step(dialogue, { type: 'EDIT', target }) };
    }
  }
}

/** One turn: a pending confirmation first, then conversation control, then the answer itself. */
async function respond(turn: OnboardingTurn, dialogue: Dialogue, locale: Locale): Promise<Said> {
  const { message } = turn;
  const { pending, carry } = dialogue.context;
  if (dialogue.matches('confirming') && pending !== null) {
    const answer = yesOrNo(message);
    if (answer === 'yes') return save(turn, dialogue, pending, locale);
    if (answer === 'no') return askAgain(step(dialogue, { type: 'REFUSED' }), copyFor(locale).copy.rejected, locale);
  }
  const said = controlOf(message);
  if (said !== null) return control(turn, dialogue, said, locale);
  // The answer is read for the state awaited: an earlier one while it is being changed.
  const target = targetOf(dialogue);
  const alone = extractForState(target, message);
  const combined = carry.length === 0 ? alone : extractForState(target, joined([...carry, message]));
  const extraction = combined.status === 'ok' || alone.status === 'none' ? combined : alone;
  switch (extraction.status) {
    case 'ok':
      return save(turn, dialogue, extraction.data, locale);
    case 'unsure':
      return confirm(dialogue, extraction.data, locale);
    case 'none':
      return notUnderstood(dialogue, message, alone, extraction.missing, locale);
  }
}

/** Marks the agent's replies in the stored conversation; the dialogue itself is stored with the onboarding row. */
const META = { v: 2, by: 'offline' } as const;

export const offlineAgent: OnboardingAgent & { ask(state: StateNumber, locale?: Locale): OnboardingReply } = {
  /** The opening question of a state, with a fresh dialogue. */
  ask(state: StateNumber, locale: Locale = 'en'): OnboardingReply {
    return { ...question(state, locale), meta: { ...META }, dialogue: storedDialogue(resumeDialogue(null, [], state)) };
  },
  async reply(turn: OnboardingTurn): Promise<OnboardingReply> {
    const locale = localeOf(turn);
    // A user has one onboarding conversation: the dialogue is remembered by the user's id.
    const said = await respond(turn, resumeDialogue(turn.dialogue, turn.history, turn.state, turn.userId), locale);
    return { response: said.response, ui: said.ui, meta: { ...META }, dialogue: storedDialogue(said.dialogue, turn.dialogue, turn.userId) };
  },
};
