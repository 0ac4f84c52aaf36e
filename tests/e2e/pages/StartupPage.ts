/**
 * Page object for Glimpse's start-up screen: opens it in a fresh browser context, records every
 * network request (the engine worker's included), blocks anything that would leave 127.0.0.1,
 * and reads the trainer's status bar and debug drawer.
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

  /** Waits until the engine has finished starting (ready or failed). */
  async waitUntilSettled(timeoutMs = 60_000): Promise<void> {
    try {
      await this.page
        .locator('[data-testid=engine-phase]:not([data-phase=starting])')
        .waitFor({ timeout: timeoutMs });
    } catch (error) {
      const text = await this.page
        .locator('body')
        .innerText()
        .catch(() => '(no page)');
      throw new Error(
        `The page did not settle within ${timeoutMs} ms.\nPage text:\n${text}\n` +
          `Console errors:\n${this.errors.join('\n') || '(none)'}`,
        { cause: error },
      );
    }
  }

  /** The engine's phase: starting, ready, switching or failed. */
  enginePhase(): Promise<string | null> {
    return this.page.getByTestId('engine-phase').getAttribute('data-phase');
  }

  /** The backend the status bar's picker shows as active. */
  activeBackend(): Promise<string> {
    return this.page.getByTestId('backend-select').inputValue();
  }

  /** True when the backend was forced (page address), false when picked automatically. */
  async backendForced(): Promise<boolean> {
    return (await this.debug('backend-active').getAttribute('data-forced')) === 'true';
  }

  /** The debug drawer's sentence about the backend ("wasm (forced)"). */
  async backendSentence(): Promise<string> {
    return (await this.debug('backend-active').textContent()) ?? '';
  }

  /** Every non-active backend with the reason shown, in page order (from the debug drawer). */
  otherBackends(): Promise<{ name: string; reason: string }[]> {
    return this.debug('backend-others')
      .locator('li')
      .evaluateAll((items) =>
        items.map((li) => ({
          name: li.getAttribute('data-backend') ?? '',
          reason: li.querySelector('[data-testid=backend-reason]')?.textContent ?? '',
        })),
      );
  }

  /** The label of the image model in the status bar. */
  backboneLabel(): Promise<string> {
    return this.page.getByTestId('status-backbone').innerText();
  }

  async backboneDim(): Promise<number> {
    return Number(await this.debug('backbone-loaded').getAttribute('data-dim'));
  }

  /** The machine-readable weight source and the sentence shown with it. */
  async backboneSource(): Promise<{ source: string | null; text: string }> {
    const element = this.page.getByTestId('weights-source');
    return { source: await element.getAttribute('data-source'), text: await element.innerText() };
  }

  /** The offline-fallback warning's text, or null when none is shown. */
  async fallbackWarning(): Promise<string | null> {
    const warning = this.page.getByTestId('fallback-warning');
    return (await warning.count()) > 0 ? warning.innerText() : null;
  }

  /** Where the weights were looked for, in order (from the debug drawer). */
  attempts(): Promise<ShownAttempt[]> {
    return this.debug('backbone-attempts')
      .locator('li')
      .evaluateAll((items) =>
        items.map((li) => ({
          source: li.getAttribute('data-source') ?? '',
          outcome: li.getAttribute('data-outcome') ?? '',
          text: li.textContent ?? '',
        })),
      );
  }

  /** Notes about the page address shown under the status bar ('' when none). */
  async urlNotes(): Promise<string> {
    const notes = this.page.getByTestId('url-notes');
    return (await notes.count()) > 0 ? notes.innerText() : '';
  }

  /** Opens the debug drawer (once) so its details are visible. */
  async openDebugDrawer(): Promise<void> {
    const drawer = this.page.getByTestId('debug-drawer');
    if ((await drawer.getAttribute('open')) === null) await drawer.locator('summary').click();
  }

  /** An element inside the debug drawer (readable whether or not the drawer is open). */
  private debug(testId: string) {
    return this.page.getByTestId('debug-drawer').getByTestId(testId);
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
