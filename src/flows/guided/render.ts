import type { SnapshotFrom } from 'xstate';
import type { GuidedMachine, Reply } from '../../../machines/guided/machine.js';
import { MAIN_USE_VALUES, STYLE_VALUES, type Locale, type MainUse } from '../../../machines/guided/types.js';
import { catalogues, type Catalogue } from './copy.js';

export interface ContractMessage {
  role: 'system' | 'assistant';
  content: string;
}
export interface ContractUi {
  type: 'buttons' | 'input' | 'none';
  options: { value: string; label: string }[];
}
export interface ContractContext {
  onboarding_completed: boolean;
  user_name?: string;
  user_goal?: string;
  main_use?: string;
  preferred_style?: string;
  selected_agent_id?: string;
  /** Where the frontend goes once the onboarding is complete. */
  next_route?: string;
  ui_hints?: { show_chat_cta: boolean };
}
/** The contract's response body. */
export interface ContractResponse {
  state: string;
  messages: ContractMessage[];
  ui: ContractUi;
  context: ContractContext;
}

type GuidedSnapshot = SnapshotFrom<GuidedMachine>;

const say = (content: string): ContractMessage => ({ role: 'assistant', content });

function stateName(s: GuidedSnapshot | null): string {
  return s ? String(s.value) : 'start';
}

function ui(state: string, copy: Catalogue): ContractUi {
  switch (state) {
    case 'ask_name':
    case 'ask_goal':
      return { type: 'input', options: [] };
    case 'choose_main_use':
      return { type: 'buttons', options: MAIN_USE_VALUES.map((value) => ({ value, label: copy.mainUse[value] })) };
    case 'choose_style':
      return { type: 'buttons', options: STYLE_VALUES.map((value) => ({ value, label: copy.style[value] })) };
    default:
      return { type: 'none', options: [] };
  }
}

function context(s: GuidedSnapshot | null): ContractContext {
  const c = s?.context;
  const out: ContractContext = { onboarding_completed: stateName(s) === 'end' };
  if (c?.user_name) out.user_name = c.user_name;
  if (c?.user_goal) out.user_goal = c.user_goal;
  if (c?.main_use) out.main_use = c.main_use;
  if (c?.preferred_style) out.preferred_style = c.preferred_style;
  if (c?.selected_agent_id) out.selected_agent_id = c.selected_agent_id;
  if (out.onboarding_completed) Object.assign(out, handOff(c?.main_use ?? null, c?.selected_agent_id ?? null));
  return out;
}

/**
 * The hand-off: a user who came to talk (A) goes straight to their avatar's chat; the others land
 * on the home feed, and those who want both (C) are shown a way into the chat there.
 */
function handOff(mainUse: MainUse | null, agentId: string | null): Pick<ContractContext, 'next_route' | 'ui_hints'> {
  const use = mainUse ?? 'A';
  return {
    next_route: use === 'A' && agentId ? `/chat/${agentId}` : '/',
    ui_hints: { show_chat_cta: use === 'A' || use === 'C' },
  };
}

function endMessages(s: GuidedSnapshot, copy: Catalogue): ContractMessage[] {
  return [say(s.context.summary ?? ''), say(copy.closing[s.context.main_use ?? 'A'])];
}

/**
 * A completed session is shown in the language its summary was written in, so a replay never
 * mixes languages (the summary is stored; the closing line follows it).
 */
const shownLocale = (s: GuidedSnapshot | null, locale: Locale): Locale =>
  s !== null && stateName(s) === 'end' && (s.context.locale === 'es' || s.context.locale === 'en') ? s.context.locale : locale;

/** The response to an event the machine took: what it said, then the state's UI. */
export function renderReply(s: GuidedSnapshot, locale: Locale): ContractResponse {
  const copy = catalogues[shownLocale(s, locale)];
  const state = stateName(s);
  const messages = state === 'end' ? endMessages(s, copy) : s.context.reply.map((r: Reply) => say(copy.replies[r.key](r.params ?? {})));
  return { state, messages, ui: ui(state, copy), context: context(s) };
}

/** The current state shown again (resume, completed replay, and every error body). */
export function renderCurrent(s: GuidedSnapshot | null, locale: Locale): ContractResponse {
  const copy = catalogues[shownLocale(s, locale)];
  const state = stateName(s);
  const question: Partial<Record<string, Reply['key']>> = {
    ask_name: 'ask_name',
    ask_goal: 'ask_goal',
    choose_main_use: 'ask_main_use',
    choose_style: 'ask_style',
  };
  const key = question[state];
  const messages = s && state === 'end' ? endMessages(s, copy) : key ? [say(copy.replies[key]({}))] : [];
  return { state, messages, ui: ui(state, copy), context: context(s) };
}
