/**
 * Opens the app in a fresh browser context that watches for Content-Security-Policy violations
 * and foreign requests from the first byte on: a `securitypolicyviolation` listener installed
 * before any page script runs, the same listener in every Web Worker (the engine's), console
 * messages that report a refused load, and every request the page and its workers make
 * (requests leaving 127.0.0.1 are recorded, then aborted).
 */
import type { Browser, BrowserContext, Page, Worker } from 'playwright-core';

/** One violation as the browser reported it. */
export interface Violation {
  where: string;
  directive: string;
  blockedURI: string;
  sample: string;
}

/** What an opened, watched page has seen so far. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Every URL requested by the page or its workers, in order. */
  requests: string[];
  /** Console errors and uncaught exceptions (for failure messages). */
  errors: string[];
  /** Violations reported in the page and all its workers, plus CSP console errors. */
  violations(): Promise<Violation[]>;
  /** Requests that were neither to the app's origin nor to data:/blob: URLs. */
  foreignRequests(): string[];
}

interface ViolationStore {
  __cspViolations?: Violation[];
}

/** Runs in the page and in workers: collects `securitypolicyviolation` events. */
function listenForViolations(where: string): void {
  const scope = globalThis as unknown as ViolationStore & EventTarget;
  if (scope.__cspViolations) return;
  const seen: Violation[] = [];
  scope.__cspViolations = seen;
  scope.addEventListener('securitypolicyviolation', (event) => {
    const e = event as SecurityPolicyViolationEvent;
    seen.push({
      where,
      directive: e.effectiveDirective,
      blockedURI: e.blockedURI,
      sample: e.sample,
    });
  });
}

const readViolations = () =>
  (globalThis as unknown as ViolationStore).__cspViolations ?? [{ where: 'unwatched' } as never];

/** Chromium reports a blocked load or eval in the console with one of these phrases. */
const CSP_CONSOLE =
  /Content Security Policy|Refused to (load|execute|compile|evaluate|connect|create)/i;

/** Opens `appUrl` + `query` in a new context of `browser`, watched from the start. */
export async function openWatched(
  browser: Browser,
  appUrl: string,
  query: string,
): Promise<WatchedPage> {
  const origin = new URL(appUrl).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  const consoleViolations: Violation[] = [];
  const workers: Worker[] = [];
  await context.route(
    (url) => url.origin !== origin && !/^(data|blob):/.test(url.protocol),
    (route) => route.abort('internetdisconnected'),
  );
  // Context-level: sees the workers' requests too.
  context.on('request', (request) => requests.push(request.url()));
  await context.addInitScript(listenForViolations, 'page');
  const page = await context.newPage();
  page.on('worker', (worker) => {
    workers.push(worker);
    void worker.evaluate(listenForViolations, `worker ${worker.url()}`).catch(() => undefined);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    errors.push(message.text());
    if (CSP_CONSOLE.test(message.text())) {
      consoleViolations.push({
        where: `console of ${message.worker()?.url() ?? 'page'}`,
        directive: '',
        blockedURI: '',
        sample: message.text(),
      });
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(new URL(query, appUrl).href);
  return {
    context,
    page,
    requests,
    errors,
    async violations() {
      const fromPage = await page.evaluate(readViolations);
      const fromWorkers = await Promise.all(
        workers.map((w) => w.evaluate(readViolations).catch(() => [] as Violation[])),
      );
      return [...consoleViolations, ...fromPage, ...fromWorkers.flat()];
    },
    foreignRequests: () =>
      requests.filter((url) => {
        const parsed = new URL(url);
        return (
          parsed.origin !== origin && parsed.protocol !== 'data:' && parsed.protocol !== 'blob:'
        );
      }),
  };
}
