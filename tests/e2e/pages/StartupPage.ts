/**
 * Page object for Glimpse's start-up screen: opens it in a fresh browser context, records every
 * network request, blocks anything that would leave 127.0.0.1, and reads the status panels.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Screenshots go to test-results/e2e/ (gitignored). */
export const SCREENSHOT_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../test-results/e2e',
);

/** True for requests that stay on this machine (127.0.0.1) or never touch the network. */
export function isLocalUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return hostname === '127.0.0.1';
}

/** One place the page looked for the backbone's weights. */
export interface ShownAttempt {
  source: string;
  outcome: string;
  text: string;
}

export class StartupPage {
  /** Every URL the page requested, in order (including blocked ones). */
  readonly requests: string[] = [];
  /** Console errors and uncaught exceptions, for failure messages. */
  readonly errors: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** Opens `appUrl` + `query` in a new context. Requests leaving 127.0.0.1 are aborted. */
  static async open(browser: Browser, appUrl: string, query = ''): Promise<StartupPage> {
    const context = await browser.newContext();
    await context.route(
      (url) => !isLocalUrl(url.href),
      (route) => route.abort('internetdisconnected'),
    );
    const page = await context.newPage();
    const startup = new StartupPage(context, page);
    context.on('request', (request) => startup.requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') startup.errors.push(message.text());
    });
    page.on('pageerror', (error) => startup.errors.push(error.message));
    await page.goto(new URL(query, appUrl).href);
    return startup;
  }

  /** Requests that left 127.0.0.1 (they were aborted, but the page tried). */
  externalRequests(): string[] {
    return this.requests.filter((url) => !isLocalUrl(url));
  }

  /** Waits until both the backend and the backbone have finished (loaded or failed). */
  async waitUntilSettled(timeoutMs = 60_000): Promise<void> {
    try {
      await this.page
        .locator('[data-testid=backbone-status]:not([data-status=pending])')
        .waitFor({ timeout: timeoutMs });
    } catch (error) {
      const text = await this.page
        .locator('main')
        .innerText()
        .catch(() => '(no page)');
      throw new Error(
        `The page did not settle within ${timeoutMs} ms.\nPage text:\n${text}\n` +
          `Console errors:\n${this.errors.join('\n') || '(none)'}`,
        { cause: error },
      );
    }
  }

  backendStatus(): Promise<string | null> {
    return this.page.getByTestId('backend-status').getAttribute('data-status');
  }

  backboneStatus(): Promise<string | null> {
    return this.page.getByTestId('backbone-status').getAttribute('data-status');
  }

  activeBackend(): Promise<string> {
    return this.page.getByTestId('backend-active').innerText();
  }

  /** The page's sentence about the backend ("Running on wasm (…)."). */
  backendSentence(): Promise<string> {
    return this.page.getByTestId('backend-status').locator('p').first().innerText();
  }

  /** Every non-active backend with the reason shown, in page order. */
  otherBackends(): Promise<{ name: string; reason: string }[]> {
    return this.page.locator('[data-testid=backend-others] li').evaluateAll((items) =>
      items.map((li) => ({
        name: li.getAttribute('data-backend') ?? '',
        reason: li.querySelector('[data-testid=backend-reason]')?.textContent ?? '',
      })),
    );
  }

  backboneLabel(): Promise<string> {
    return this.page.getByTestId('backbone-label').innerText();
  }

  async backboneDim(): Promise<number> {
    return Number(await this.page.getByTestId('backbone-dim').innerText());
  }

  /** The machine-readable weight source and the sentence shown with it. */
  async backboneSource(): Promise<{ source: string | null; text: string }> {
    const element = this.page.getByTestId('backbone-source');
    return { source: await element.getAttribute('data-source'), text: await element.innerText() };
  }

  /** The offline-fallback warning's text, or null when none is shown. */
  async fallbackWarning(): Promise<string | null> {
    const warning = this.page.getByTestId('backbone-fallback-warning');
    return (await warning.count()) > 0 ? warning.innerText() : null;
  }

  attempts(): Promise<ShownAttempt[]> {
    return this.page.locator('[data-testid=backbone-attempts] li').evaluateAll((items) =>
      items.map((li) => ({
        source: li.getAttribute('data-source') ?? '',
        outcome: li.getAttribute('data-outcome') ?? '',
        text: li.textContent ?? '',
      })),
    );
  }

  /** Saves a full-page screenshot as test-results/e2e/<name>.png. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
