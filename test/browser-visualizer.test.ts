/**
 * docs/behaviour/review.md in a real browser: headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core) opens GET /visualizer on an app listening on a loopback port (PGlite), waits
 * for Mermaid (served from node_modules) to render both statecharts, and reads the live counts of
 * data seeded through the API. Also the page's server side: the public aggregate-only data
 * endpoint and the asset route's limits.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogueMachine } from '../machines/fitness/dialogue.js';
import { fitnessMachine } from '../machines/fitness/machine.js';
import { guidedMachine } from '../machines/guided/machine.js';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { closeBrowser, collectErrors, describeWithBrowser, launchBrowser, listen } from './helpers/browser.js';
import { SPEC_STATE_NAME, STATES, chatOnboarding } from './helpers/chat-client.js';
import { STEP_INPUT, saveStep } from './helpers/fitness-client.js';
import { selectOption, start, submitText } from './helpers/guided-client.js';

const GUIDED = 'guidedOnboarding';
const FITNESS = 'fitnessOnboarding';
const DIALOGUE = 'fitnessDialogue';

describeWithBrowser('statechart visualizer in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    t = await buildTestApp('pglite', { database: 'own' });
    // Guided: two users wait at ask_name, one has moved on to ask_goal, one has finished.
    const token = () => t.token(`viz-${randomUUID()}`);
    for (let i = 0; i < 2; i++) await start(t, token());
    const goal = token();
    await start(t, goal);
    await submitText(t, goal, 'Me llamo Lucía');
    const done = token();
    await start(t, done);
    await submitText(t, done, 'Soy Pablo');
    await submitText(t, done, 'Dormir mejor');
    await selectOption(t, done, 'B');
    expect((await selectOption(t, done, '1')).body.state).toBe('end');
    // Fitness: one user has saved states 1-3 and works on state 4.
    const fit = token();
    for (const n of [1, 2, 3] as const) expect((await saveStep(t, fit, n, STEP_INPUT[n])).status).toBe(200);
    // The offline agent's dialogue: one conversation waits for a yes, one has its question open.
    expect((await chatOnboarding(t, fit, "vegetarian, and I can't have peanuts I think", 4)).body.ui).not.toBeNull();
    expect((await chatOnboarding(t, token(), 'hmm', 1)).status).toBe(200);

    base = await listen(t.app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    errors = collectErrors(page);
    await page.goto(`${base}/visualizer`);
    await page.waitForSelector(`section[data-machine="${GUIDED}"] svg g.node`);
    await page.waitForSelector(`section[data-machine="${FITNESS}"] svg g.node`);
    await page.waitForSelector(`section[data-machine="${DIALOGUE}"] svg g.node`);
    await page.waitForSelector('body[data-status="ready"]');
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await t?.close();
  });

  /** The rendered text lines of some nodes: a state's name, then its description lines. */
  const lines = async (nodes: ReturnType<Page['locator']>) =>
    (await nodes.locator('.nodeLabel').allInnerTexts())
      .flatMap((t) => t.split('\n'))
      .map((l) => l.trim())
      .filter(Boolean);
  const labels = (machine: string) => lines(page.locator(`section[data-machine="${machine}"] svg g.node`));
  const node = (machine: string, state: string) => page.locator(`section[data-machine="${machine}"] svg g.node[id*="-state-s_${state}-"]`);

  it('when the page loads, then the three statecharts render as SVG with no page errors', async () => {
    expect(await page.locator('section[data-machine] svg').count()).toBe(3);
    expect(await page.locator('#status').textContent()).toMatch(/^Counts as of /);
    expect(errors).toEqual([]);
  });

  it('when the guided statechart renders, then every state of the machine is in it', async () => {
    const text = await labels(GUIDED);
    for (const key of Object.keys(guidedMachine.root.states)) expect(text, key).toContain(key);
  });

  it('when the fitness statechart renders, then every state id and every the behaviour reference state name is in it', async () => {
    const text = await labels(FITNESS);
    for (const key of Object.keys(fitnessMachine.root.states)) expect(text, key).toContain(key);
    for (const n of STATES) expect(text, SPEC_STATE_NAME[n]).toContain(`${n}. ${SPEC_STATE_NAME[n]}`);
  });

  it('when users were seeded, then each state shows its live counts: now, reached, completed', async () => {
    // ask_name: 4 entered it, 2 left it forward, 2 are in it now.
    expect(await lines(node(GUIDED, 'ask_name'))).toEqual(['ask_name', 'now 2, reached 4, completed 2']);
    expect(await node(GUIDED, 'ask_goal').textContent()).toContain('now 1, reached 2, completed 1');
    expect(await node(GUIDED, 'end').textContent()).toContain('now 1, reached 1, completed 1');
    expect(await lines(node(FITNESS, 'state_4'))).toEqual(['state_4', `4. ${SPEC_STATE_NAME[4]}`, 'now 1, reached 1, completed 0']);
    expect(await node(FITNESS, 'state_3').textContent()).toContain('now 0, reached 1, completed 1');
    // The table under the chart says the same.
    const row = page.locator(`section[data-machine="${GUIDED}"] tr[data-state="ask_name"] td`);
    expect(await row.allTextContents()).toEqual(['ask_name', 'ask_name', '2', '4', '2']);
  });

  it('when the dialogue statechart renders, then every state shows how many conversations are in it now', async () => {
    const text = await labels(DIALOGUE);
    for (const key of Object.keys(dialogueMachine.root.states)) expect(text, key).toContain(key);
    expect(await lines(node(DIALOGUE, 'confirming'))).toEqual(['confirming', 'Waiting for a yes', 'now 1']);
    expect(await lines(node(DIALOGUE, 'asking'))).toEqual(['asking', 'Question open', 'now 1']);
    const row = page.locator(`section[data-machine="${DIALOGUE}"] tr[data-state="editing"] td`);
    expect(await row.allTextContents()).toEqual(['editing', 'Changing an earlier answer', '0', '–', '–']);
  });

  it('when the page is served, then Mermaid comes from this server (node_modules), not a CDN', async () => {
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(scripts.some((u) => u.startsWith(`${base}/visualizer/vendor/mermaid/mermaid.esm.min.mjs`))).toBe(true);
    expect(scripts.filter((u) => !u.startsWith(base) && !u.startsWith('data:'))).toEqual([]);
  });
});

describe('visualizer endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('pglite', { database: 'own' });
    await start(t, t.token(`viz-${randomUUID()}`));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when /visualizer/data is fetched without a token, then it answers aggregate counts and annotated Mermaid only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/visualizer/data' });
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body) as {
      machines: Array<{ machine_id: string; mermaid: string; states: Array<Record<string, unknown>> }>;
    };
    expect(body.machines.map((m) => m.machine_id)).toEqual([GUIDED, FITNESS, DIALOGUE]);
    for (const m of body.machines) {
      expect(m.mermaid).toContain('stateDiagram-v2');
      for (const s of m.states) expect(Object.keys(s).sort()).toEqual(['completed', 'current', 'label', 'reached', 'state']);
    }
    expect(body.machines[0]?.mermaid).toContain('  s_ask_name : now 1, reached 1, completed 0\n');
    const { rows } = await t.database.db.query<{ id: string; sub: string }>('SELECT id::text AS id, sub FROM users');
    for (const u of rows) {
      expect(res.body).not.toContain(u.id);
      expect(res.body).not.toContain(u.sub);
    }
  });

  it('when the page and its script are fetched without a token, then they are served', async () => {
    const html = await t.app.inject({ method: 'GET', url: '/visualizer' });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain('/visualizer/page.js');
    const js = await t.app.inject({ method: 'GET', url: '/visualizer/page.js' });
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.body).toContain("from '/visualizer/vendor/mermaid/mermaid.esm.min.mjs'");
  });

  it('when a vendor path leaves Mermaid’s ESM build, then 404 NOT_FOUND', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/visualizer/vendor/mermaid/mermaid.esm.min.mjs' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/javascript/);
    for (const url of [
      '/visualizer/vendor/mermaid/../../package.json',
      '/visualizer/vendor/mermaid/%2e%2e/%2e%2e/package.json',
      '/visualizer/vendor/mermaid/mermaid.d.ts',
      '/visualizer/vendor/mermaid/chunks/mermaid.esm.min/..%2f..%2fmermaid.js',
      '/visualizer/vendor/mermaid/chunks/mermaid.esm.min/nope.mjs',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('"name"');
    }
  });
});
