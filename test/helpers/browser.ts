/**
 * Browser tests drive Debian's Chromium through playwright-core (no bundled browser download).
 * Generic: launch/close the browser, serve an app on loopback, collect a page's errors.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe } from 'vitest';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => existsSync(p)) ?? '/usr/bin/chromium';

/** CI (or REQUIRE_BROWSER=1) must run the browser suites: a missing browser is then a failure, not a skip. */
export const BROWSER_REQUIRED = Boolean(process.env.CI) || process.env.REQUIRE_BROWSER === '1';
export const BROWSER_AVAILABLE = existsSync(CHROMIUM_PATH);

const INSTALL_HINT = `install it (Debian/Ubuntu: apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium/Chrome binary`;

if (!BROWSER_AVAILABLE && !BROWSER_REQUIRED) {
  const line = '!'.repeat(100);
  console.warn(
    `\n${line}\n!! BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH}.\n!! To run them, ${INSTALL_HINT}.\n` +
      `!! CI sets CI=1 (or REQUIRE_BROWSER=1), which turns this skip into a failure.\n${line}\n`,
  );
}

/**
 * `describe` for suites that need Chromium: skipped loudly on a machine without it, unless the
 * browser is required (CI), where the suite runs and fails at launch with the reason.
 */
export const describeWithBrowser = describe.skipIf(!(BROWSER_AVAILABLE || BROWSER_REQUIRED));

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium; close it with closeBrowser in afterAll. */
export function launchBrowser(): Promise<Browser> {
  if (!BROWSER_AVAILABLE) {
    return Promise.reject(new Error(`Chromium is required (CI or REQUIRE_BROWSER=1) but not found at ${CHROMIUM_PATH}: ${INSTALL_HINT}`));
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
}

export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  await browser?.close();
}

/** Starts the app on a free loopback port and returns its base URL (http://127.0.0.1:PORT). */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Uncaught exceptions and console errors of a page, as they happen. Note that Chromium logs a
 * console error for every 4xx/5xx fetch too.
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}
