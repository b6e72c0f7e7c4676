/**
 * docs/behaviour/data.md: concurrent requests for the same user cannot lose an update or advance twice;
 * every state change writes exactly one event row. Many simultaneous app.inject() calls, on
 * PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, newUser as createUser } from './helpers/app.js';
import { BACKENDS } from './helpers/db.js';
import {
  chainBreaks,
  completeFlow,
  guidedEvents,
  guidedSessions,
  reply,
  selectOption,
  start,
  submitText,
  type GuidedReply,
} from './helpers/guided-client.js';

const NAMES = [
  'Ana',
  'Bea',
  'Carla',
  'Dani',
  'Elena',
  'Fran',
  'Gema',
  'Hugo',
  'Irene',
  'Jorge',
  'Kike',
  'Lola',
  'Mario',
  'Nuria',
  'Olga',
  'Pablo',
  'Quique',
  'Rosa',
  'Sergio',
  'Teresa',
];
const AGENT_OF: Record<string, string> = {
  '1': 'calm_companion',
  '2': 'direct_helper',
  '3': 'coach_motivator',
  '4': 'light_fun',
  '5': 'info_neutral',
};

/** Every answer is 200 or a 409 saying why (a concurrent change, or an action the new state refuses). */
function refusalsAreControlled(replies: readonly GuidedReply[]): void {
  for (const r of replies) {
    expect([200, 409]).toContain(r.status);
    if (r.status === 409) expect(['CONFLICT', 'ACTION_NOT_ALLOWED']).toContain(r.body.error?.code);
  }
}

describe.each(BACKENDS)('guided concurrency on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const newUser = () => createUser(t);

  it('when 20 different names are submitted at once in ask_name, then exactly one name wins and the event log chains with one row per accepted write', async () => {
    const u = newUser();
    expect((await start(t, u.token)).body.state).toBe('ask_name');

    const replies = await Promise.all(NAMES.map((name) => submitText(t, u.token, `Me llamo ${name}`)));
    refusalsAreControlled(replies);
    const accepted = replies.filter((r) => r.status === 200);
    expect(accepted.length).toBeGreaterThanOrEqual(1);

    // Exactly one request took the name: one ask_name -> ask_goal transition, one greeting.
    const events = await guidedEvents(t, u.sub);
    expect(chainBreaks(events)).toEqual([]);
    expect(events.filter((e) => e.from_state === 'ask_name' && e.to_state === 'ask_goal')).toHaveLength(1);
    const greeted = accepted.filter((r) => r.body.state === 'ask_goal');
    expect(greeted).toHaveLength(1);
    const winner = greeted[0]?.body.context.user_name;
    expect(NAMES).toContain(winner);
    expect(greeted[0]?.body.messages).toEqual([reply('greet', { name: String(winner) }), reply('ask_goal')]);

    // No lost update: each 200 wrote exactly one event (besides START's), and nothing else did.
    expect(events).toHaveLength(1 + accepted.length);
    const [session] = await guidedSessions(t, u.sub);
    expect(session?.state).toBe(events.at(-1)?.to_state);
    expect(session?.version).toBe(events.length);

    // The stored state is the one the accepted replies describe, with the winning name kept.
    const now = await start(t, u.token);
    expect(now.body.state).toBe(session?.state);
    expect(now.body.context.user_name).toBe(winner);
    // A name applied after the winner can only have been read by the next question (ask_goal), once.
    expect(events.filter((e) => e.from_state === 'ask_goal')).toHaveLength(now.body.state === 'ask_goal' ? 0 : 1);
    if (now.body.context.user_goal !== undefined) {
      expect(NAMES.map((n) => `Me llamo ${n}`)).toContain(now.body.context.user_goal);
      expect(now.body.context.user_goal).not.toBe(`Me llamo ${String(winner)}`);
    }
  });

  it('when 20 style choices arrive at once in choose_style, then exactly one completes the flow and the rest are refused', async () => {
    const u = newUser();
    await start(t, u.token);
    await submitText(t, u.token, 'Soy Ana');
    await submitText(t, u.token, 'Quiero leer más');
    expect((await selectOption(t, u.token, 'A')).body.state).toBe('choose_style');

    const styles = Array.from({ length: 20 }, (_v, i) => String((i % 5) + 1));
    const replies = await Promise.all(styles.map((style) => selectOption(t, u.token, style)));
    refusalsAreControlled(replies);
    const accepted = replies.filter((r) => r.status === 200);
    expect(accepted).toHaveLength(1);
    const winner = accepted[0];
    expect(winner?.body.state).toBe('end');
    const style = String(winner?.body.context.preferred_style);
    expect(winner?.body.context.selected_agent_id).toBe(AGENT_OF[style]);

    const events = await guidedEvents(t, u.sub);
    expect(chainBreaks(events)).toEqual([]);
    expect(events.filter((e) => e.to_state === 'end')).toHaveLength(1);
    expect(events.at(-1)?.from_state).toBe('choose_style');

    const [session] = await guidedSessions(t, u.sub);
    expect(session?.completed).toBe(true);
    // SPEC 15: the stored result also records when the onboarding was completed.
    expect(session?.result).toEqual({
      onboarding_completed: true,
      onboarding_completed_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      selected_agent_id: AGENT_OF[style],
      main_use: 'A',
      preferred_style: style,
    });
    const replay = await start(t, u.token);
    expect(replay.body).toEqual(winner?.body);
  });

  it('when 20 STARTs arrive at once for a new user, then one session and one creation event exist and every answer shows ask_name', async () => {
    const u = newUser();
    const replies = await Promise.all(Array.from({ length: 20 }, () => start(t, u.token)));
    refusalsAreControlled(replies);
    const accepted = replies.filter((r) => r.status === 200);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    for (const r of replies) {
      expect(r.body.state).toBe('ask_name');
      expect(r.body.context).toEqual({ onboarding_completed: false });
      expect(r.body.messages.at(-1)).toEqual(reply('ask_name'));
    }
    const sessions = await guidedSessions(t, u.sub);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.state).toBe('ask_name');
    const events = await guidedEvents(t, u.sub);
    expect(events.map((e) => [e.from_state, e.to_state, e.event])).toEqual([[null, 'ask_name', 'START']]);
  });

  it('when 50 users complete the whole flow at the same time, then every one ends with no error and its own result', async () => {
    const users = Array.from({ length: 50 }, (_v, i) => ({
      ...newUser(),
      name: NAMES[i % NAMES.length] ?? 'Ana',
      mainUse: ['A', 'B', 'C'][i % 3] ?? 'A',
      style: String((i % 5) + 1),
    }));
    const ends = await Promise.all(
      users.map((u) =>
        completeFlow(t, u.token, { name: `Soy ${u.name}`, goal: `Quiero aprender ${u.name}`, mainUse: u.mainUse, style: u.style }),
      ),
    );
    for (const [i, end] of ends.entries()) {
      const u = users[i];
      if (!u) throw new Error('user missing');
      expect(end.status).toBe(200);
      expect(end.body.state).toBe('end');
      // SPEC 15 hand-off: the chat route for main use A, the home page for B and C; the chat
      // call to action for A and C.
      expect(end.body.context).toEqual({
        onboarding_completed: true,
        user_name: u.name,
        user_goal: `Quiero aprender ${u.name}`,
        main_use: u.mainUse,
        preferred_style: u.style,
        selected_agent_id: AGENT_OF[u.style],
        next_route: u.mainUse === 'A' ? `/chat/${AGENT_OF[u.style]}` : '/',
        ui_hints: { show_chat_cta: u.mainUse !== 'B' },
      });
    }
    const perUser = await Promise.all(
      users.map(async (u) => ({ events: await guidedEvents(t, u.sub), sessions: await guidedSessions(t, u.sub) })),
    );
    for (const [i, { events, sessions }] of perUser.entries()) {
      expect(events.map((e) => e.to_state)).toEqual(['ask_name', 'ask_goal', 'choose_main_use', 'choose_style', 'end']);
      expect(chainBreaks(events)).toEqual([]);
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.completed).toBe(true);
      expect(sessions[0]?.result).toEqual({
        onboarding_completed: true,
        onboarding_completed_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        selected_agent_id: AGENT_OF[users[i]?.style ?? ''],
        main_use: users[i]?.mainUse,
        preferred_style: users[i]?.style,
      });
    }
  });
});
