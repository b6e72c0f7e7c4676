/**
 * Helpers for the guided-flow API tests: one typed call to POST /api/onboarding/action, the
 * contract's response shape, and read-only looks at the rows the flow writes.
 */
import type { LightMyRequestResponse } from 'fastify';
import { catalogues, type Catalogue } from '../../src/flows/guided/copy.js';
import type { Locale } from '../../machines/guided/types.js';
import type { TestApp } from './app.js';

export const ACTION_URL = '/api/onboarding/action';

export interface GuidedMessage {
  role: 'system' | 'assistant';
  content: string;
}
export interface GuidedOption {
  value: string;
  label: string;
}
export interface GuidedContext {
  onboarding_completed: boolean;
  user_name?: string;
  user_goal?: string;
  main_use?: string;
  preferred_style?: string;
  selected_agent_id?: string;
  [extra: string]: unknown;
}
/** The contract's response; error responses add `error`. */
export interface GuidedBody {
  state: string;
  messages: GuidedMessage[];
  ui: { type: 'buttons' | 'input' | 'none'; options: GuidedOption[] };
  context: GuidedContext;
  error?: { code: string; message: string };
}

export interface GuidedReply {
  status: number;
  body: GuidedBody;
  raw: string;
  headers: LightMyRequestResponse['headers'];
}

export interface ActOptions {
  /** Sent as is instead of JSON.stringify(payload). */
  raw?: string;
  headers?: Record<string, string>;
}

/** One call to the guided endpoint as the frontend makes it. */
export async function act(t: TestApp, token: string, payload: unknown, opts: ActOptions = {}): Promise<GuidedReply> {
  const res = await t.app.inject({
    method: 'POST',
    url: ACTION_URL,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...opts.headers },
    payload: opts.raw ?? JSON.stringify(payload),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as GuidedBody, raw: res.body, headers: res.headers };
}

export const start = (t: TestApp, token: string, context: Record<string, unknown> = {}) =>
  act(t, token, { action: 'START', value: null, context });
export const submitText = (t: TestApp, token: string, value: string | null, context: Record<string, unknown> = {}) =>
  act(t, token, { action: 'SUBMIT_TEXT', value, context });
export const selectOption = (t: TestApp, token: string, value: string, context: Record<string, unknown> = {}) =>
  act(t, token, { action: 'SELECT_OPTION', value, context });

/** The catalogue of a locale, so copy is compared against the one source of the strings. */
export const copyOf = (locale: Locale = 'es'): Catalogue => catalogues[locale];

export const say = (content: string): GuidedMessage => ({ role: 'assistant', content });

/** A reply's copy as the assistant message the API renders. */
export function reply(key: keyof Catalogue['replies'], params: Record<string, string> = {}, locale: Locale = 'es'): GuidedMessage {
  return say(copyOf(locale).replies[key](params));
}

/** docs/behaviour/guided.md's buttons, in the catalogue's wording. */
export function mainUseOptions(locale: Locale = 'es'): GuidedOption[] {
  const c = copyOf(locale).mainUse;
  return [
    { value: 'A', label: c.A },
    { value: 'B', label: c.B },
    { value: 'C', label: c.C },
  ];
}
export function styleOptions(locale: Locale = 'es'): GuidedOption[] {
  const c = copyOf(locale).style;
  return [
    { value: '1', label: c['1'] },
    { value: '2', label: c['2'] },
    { value: '3', label: c['3'] },
    { value: '4', label: c['4'] },
    { value: '5', label: c['5'] },
  ];
}

/** Drives a fresh user from START to the style choice; returns the final reply. */
export async function completeFlow(
  t: TestApp,
  token: string,
  answers: { name?: string; goal?: string; mainUse?: string; style?: string } = {},
): Promise<GuidedReply> {
  const steps: Array<() => Promise<GuidedReply>> = [
    () => start(t, token),
    () => submitText(t, token, answers.name ?? 'Me llamo Marta'),
    () => submitText(t, token, answers.goal ?? 'Quiero organizar mejor mi tiempo'),
    () => selectOption(t, token, answers.mainUse ?? 'A'),
    () => selectOption(t, token, answers.style ?? '1'),
  ];
  let last: GuidedReply | null = null;
  for (const step of steps) {
    last = await step();
    if (last.status !== 200) throw new Error(`flow step failed with ${last.status}: ${last.raw}`);
  }
  if (!last) throw new Error('no step ran');
  return last;
}

export interface EventRow {
  id: number;
  from_state: string | null;
  to_state: string;
  event: string;
}
export interface SessionRowView {
  state: string;
  version: number;
  completed: boolean;
  result: unknown;
  machine_version: number;
}

/** The users.id of a token subject (null until its first authenticated request). */
export async function userIdOf(t: TestApp, sub: string): Promise<string | null> {
  const { rows } = await t.database.db.query<{ id: string }>('SELECT id FROM users WHERE sub = $1', [sub]);
  return rows[0]?.id ?? null;
}

async function requireUserId(t: TestApp, sub: string): Promise<string> {
  const id = await userIdOf(t, sub);
  if (id === null) throw new Error(`no user row for sub ${sub}`);
  return id;
}

/** The guided flow's event log for one user, oldest first. */
export async function guidedEvents(t: TestApp, sub: string): Promise<EventRow[]> {
  const userId = await requireUserId(t, sub);
  const { rows } = await t.database.db.query<EventRow>(
    `SELECT id::int AS id, from_state, to_state, event FROM flow_events
     WHERE user_id = $1 AND flow = 'guided' ORDER BY id`,
    [userId],
  );
  return rows;
}

/** How many guided events one user has (0 when the user row does not exist yet). */
export async function guidedEventCount(t: TestApp, sub: string): Promise<number> {
  const userId = await userIdOf(t, sub);
  if (userId === null) return 0;
  const { rows } = await t.database.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM flow_events WHERE user_id = $1 AND flow = 'guided'`,
    [userId],
  );
  return rows[0]?.n ?? 0;
}

/** The guided flow_sessions rows of one user (the table allows at most one). */
export async function guidedSessions(t: TestApp, sub: string): Promise<SessionRowView[]> {
  const userId = await requireUserId(t, sub);
  const { rows } = await t.database.db.query<SessionRowView>(
    `SELECT state, version, completed, result, machine_version FROM flow_sessions WHERE user_id = $1 AND flow = 'guided'`,
    [userId],
  );
  return rows;
}

/** Each row's from_state is the previous row's to_state; the first comes from nothing. */
export function chainBreaks(events: readonly EventRow[]): string[] {
  const breaks: string[] = [];
  let previous: string | null = null;
  events.forEach((e, i) => {
    if (e.from_state !== previous) breaks.push(`row ${i}: from ${String(e.from_state)} but previous to ${String(previous)}`);
    previous = e.to_state;
  });
  return breaks;
}

/** Lines of a summary that are numbered steps ("1. ..." / "1) ..."), as their numbers. */
export function numberedSteps(text: string): number[] {
  return text
    .split('\n')
    .map((line) => /^\s*(\d+)[.)]\s+\S/u.exec(line)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
}
