import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startTestSystem, type TestSystem } from '../../support/test-system';
import { launchBrowser, type ConsoleBrowser } from './browser';

const CONSOLE_BUILD = join(__dirname, '..', '..', '..', 'dist', 'console', 'index.html');

export interface ConsoleSystem {
  system: TestSystem;
  browser: ConsoleBrowser;
  /** Where the API serves the console, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  /** A new tab signed in as a seeded user through the sign-in page, on the start page. */
  signedIn(username: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The real system of startTestSystem(), its API listening on a port and serving the built
 * console, and a headless Chromium to drive it.
 */
export async function startConsoleSystem(): Promise<ConsoleSystem> {
  if (!existsSync(CONSOLE_BUILD))
    throw new Error('The console is not built: run `npm run build:console` (npm test does)');
  process.env.CONSOLE_DIR = join(CONSOLE_BUILD, '..');
  const system = await startTestSystem();
  const baseUrl = system.baseUrl;
  const browser = await launchBrowser();
  return {
    system,
    browser,
    baseUrl,
    async signedIn(username) {
      const page = await browser.newPage();
      // The browser's own errors (a failed request, a CSP violation) end up in the test output.
      page.on('console', (message) => {
        if (message.type() === 'error') console.error(`[${username}] ${message.text()}`);
      });
      await signIn(page, baseUrl, username);
      return page;
    },
    async close() {
      await browser.close();
      await system.close();
    },
  };
}

/** Signs in on the sign-in page by clicking the user's button; waits for the frame. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.locator(`button[data-username="${username}"]`).click();
  await page.getByTestId('current-user').waitFor();
}
