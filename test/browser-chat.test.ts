/**
 * From the end of the guided flow to the companion chat in Chromium: the onboarding screen
 * follows next_route to /chat/<agent>, which renders exactly what POST /api/chat returns.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildTestApp, newUser, type TestApp } from './helpers/app.js';
import { closeBrowser, collectErrors, describeWithBrowser, launchBrowser, listen } from './helpers/browser.js';

describeWithBrowser('guided end to chat screen in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await buildTestApp('pglite');
    base = await listen(t.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await t?.close();
  });

  it('when a user who wants to talk finishes the guided flow, then the screen leads to their avatar’s chat, which shows the reply as the API sent it', async () => {
    const { token } = newUser(t, 'browser-chat');
    const context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${base}/?token=${encodeURIComponent(token)}`);
    const answer = async (text: string) => {
      await page.getByLabel('Tu respuesta', { exact: true }).fill(text);
      await page.getByRole('button', { name: 'Enviar' }).click();
    };
    await answer('Me llamo Marta');
    await page.getByText('¿Cuál es tu objetivo principal ahora mismo?').waitFor();
    await answer('Quiero correr 5 km sin parar');
    await page.getByRole('button', { name: 'Hablar con un avatar IA' }).click();
    await page.getByRole('button', { name: 'Motivador / coach' }).click();
    const next = page.getByTestId('next');
    await next.waitFor();
    expect(await next.getAttribute('href')).toBe(`/chat/coach_motivator?token=${encodeURIComponent(token)}`);
    await next.click();
    await page.waitForURL(/\/chat\/coach_motivator/);
    await page.locator('main[data-ready="true"]').waitFor();

    await page.getByTestId('chat-input').fill('¿Recuerdas mi objetivo?');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/chat') && r.request().method() === 'POST'),
      page.getByTestId('send').click(),
    ]);
    const body = (await response.json()) as { messages: Array<{ role: string; content: string }>; agent_id: string };
    expect(body.agent_id).toBe('coach_motivator');
    const bubble = page.locator('[data-testid="message"][data-role="assistant"]').last();
    await bubble.waitFor();
    expect(await bubble.innerText()).toBe(body.messages[0]?.content);
    expect(body.messages[0]?.content).toContain('«Quiero correr 5 km sin parar»');
    expect(errors).toEqual([]);
    await context.close();
  });
});
