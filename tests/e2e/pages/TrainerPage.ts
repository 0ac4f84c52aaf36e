/**
 * Page object for Glimpse's trainer: opens it in a fresh browser context (recording every
 * request, the engine worker's included, and aborting any that would leave 127.0.0.1), and drives
 * it through data-testid selectors: classes and their images, training, evaluation, preview.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { isLocalUrl, SCREENSHOT_DIR } from './StartupPage';

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

/** One serious or critical axe-core violation, flattened for a readable failure message. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** What a page-side axe.run resolves with (the part used here). */
interface AxeResults {
  violations: {
    id: string;
    impact?: string | null;
    help: string;
    nodes: { target: unknown[] }[];
  }[];
}

export class TrainerPage {
  /** Every URL the page or its workers requested, in order (including aborted ones). */
  readonly requests: string[] = [];
  /** Console errors and uncaught exceptions, for failure messages. */
  readonly errors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /**
   * Opens `appUrl` + `query` in a new context and waits until the engine is ready. The app's
   * service worker is blocked unless `serviceWorkers: 'allow'` (its install downloads the whole
   * app in the background; the offline and security tests exercise it).
   */
  static async open(
    browser: Browser,
    appUrl: string,
    query = '?backend=wasm',
    options: { permissions?: string[]; serviceWorkers?: 'allow' | 'block' } = {},
  ): Promise<TrainerPage> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      serviceWorkers: options.serviceWorkers ?? 'block',
      ...(options.permissions ? { permissions: options.permissions } : {}),
    });
    await context.route(
      (url) => !isLocalUrl(url.href),
      (route) => route.abort('internetdisconnected'),
    );
    const page = await context.newPage();
    const trainer = new TrainerPage(context, page);
    // Context-level: also sees requests made by the engine's Web Worker.
    context.on('request', (request) => trainer.requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') trainer.errors.push(message.text());
    });
    page.on('pageerror', (error) => trainer.errors.push(error.message));
    await page.goto(new URL(query, appUrl).href);
    await trainer.waitUntilReady();
    return trainer;
  }

  /** Requests that tried to leave 127.0.0.1 (all were aborted). */
  externalRequests(): string[] {
    return this.requests.filter((url) => !isLocalUrl(url));
  }

  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    try {
      await this.page
        .locator('[data-testid=engine-phase][data-phase=ready]')
        .waitFor({ timeout: timeoutMs });
    } catch (error) {
      throw new Error(`The engine did not become ready.\n${await this.diagnostics()}`, {
        cause: error,
      });
    }
  }

  /** Page text and console errors, for failure messages. */
  async diagnostics(): Promise<string> {
    const text = await this.page
      .locator('body')
      .innerText()
      .catch(() => '(no page)');
    return `Page text:\n${text}\nConsole errors:\n${this.errors.join('\n') || '(none)'}`;
  }

  // ---- classes ------------------------------------------------------------------------------

  cards(): Locator {
    return this.page.getByTestId('class-card');
  }

  /** The card whose name (heading) is exactly `name`. */
  card(name: string): Locator {
    return this.cards().filter({
      has: this.page.locator('h3.class-name', { hasText: new RegExp(`^${name}$`) }),
    });
  }

  async classId(name: string): Promise<string> {
    const id = await this.card(name).getAttribute('data-class-id');
    if (!id) throw new Error(`No class named ${name}`);
    return id;
  }

  async classNames(): Promise<string[]> {
    return this.page.locator('[data-testid=class-card] h3.class-name').allInnerTexts();
  }

  /** Renames a class by clicking its name, typing and pressing Enter. */
  async rename(oldName: string, newName: string): Promise<void> {
    await this.card(oldName)
      .getByRole('button', { name: `${oldName} (rename)` })
      .click();
    const input = this.page.getByRole('textbox', { name: `New name for ${oldName}` });
    await input.fill(newName);
    await input.press('Enter');
    await this.card(newName).waitFor();
  }

  /** Adds a class with the button and renames it; returns its id. */
  async addClass(name: string): Promise<string> {
    const before = await this.cards().count();
    await this.page.getByTestId('add-class').click();
    await this.cards().nth(before).waitFor();
    const added = (await this.classNames())[before]!;
    await this.rename(added, name);
    return this.classId(name);
  }

  /** Number of thumbnails shown in a class. */
  thumbCount(name: string): Promise<number> {
    return this.card(name).getByTestId('sample-thumb').count();
  }

  /** The image count the card shows ("12 images" → 12). */
  async sampleCount(name: string): Promise<number> {
    const text = await this.card(name).getByTestId('sample-count').innerText();
    return Number(/\d+/.exec(text)?.[0] ?? '0');
  }

  /** Waits until the class shows `n` thumbnails (images are embedded one batch at a time). */
  async waitForThumbs(name: string, n: number, timeoutMs = 60_000): Promise<void> {
    const thumbs = this.card(name).getByTestId('sample-thumb');
    await thumbs.nth(n - 1).waitFor({ timeout: timeoutMs });
    await this.page
      .getByTestId('ingest-progress')
      .waitFor({ state: 'detached', timeout: timeoutMs })
      .catch(() => undefined);
  }

  /** Uploads photos to a class through its file chooser input. */
  async upload(name: string, photos: readonly string[]): Promise<void> {
    const before = await this.thumbCount(name);
    await this.card(name)
      .getByTestId('upload-input')
      .setInputFiles([...photos]);
    await this.waitForThumbs(name, before + photos.length);
  }

  /**
   * Drops photos onto a class card: builds a DataTransfer in the page from the files' bytes and
   * dispatches dragenter/dragover/drop on the card, as a file manager would.
   */
  async drop(name: string, photos: readonly string[]): Promise<void> {
    const before = await this.thumbCount(name);
    const files = photos.map((path) => ({
      name: basename(path),
      type: MIME[extname(path).toLowerCase()] ?? 'application/octet-stream',
      base64: readFileSync(path).toString('base64'),
    }));
    const transfer = await this.page.evaluateHandle((list) => {
      const data = new DataTransfer();
      for (const f of list) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], f.name, { type: f.type }));
      }
      return data;
    }, files);
    const card = this.card(name);
    await card.dispatchEvent('dragenter', { dataTransfer: transfer });
    await card.dispatchEvent('dragover', { dataTransfer: transfer });
    await card.dispatchEvent('drop', { dataTransfer: transfer });
    await transfer.dispose();
    await this.waitForThumbs(name, before + photos.length);
  }

  // ---- webcam -------------------------------------------------------------------------------

  /** Opens the webcam panel of a class and waits for its video to show frames (or an error). */
  async openWebcam(name: string): Promise<Locator> {
    await this.card(name)
      .getByRole('button', { name: `Webcam for ${name}` })
      .click();
    const panel = this.card(name).getByTestId('webcam-panel');
    await panel.waitFor();
    return panel;
  }

  async waitForVideo(panel: Locator): Promise<void> {
    await panel.getByTestId('camera-video').evaluate(
      (video: HTMLVideoElement) =>
        new Promise<void>((resolve) => {
          const check = () =>
            video.readyState >= 2 && video.videoWidth > 0 ? resolve() : setTimeout(check, 50);
          check();
        }),
    );
  }

  /** Holds "Hold to record" with the mouse until the class has at least `n` images. */
  async holdToRecord(name: string, panel: Locator, n: number, timeoutMs = 30_000): Promise<void> {
    const button = panel.getByTestId('record-button');
    await button.hover();
    await this.page.mouse.down();
    try {
      await button.and(this.page.locator('[aria-pressed=true]')).waitFor({ timeout: 5_000 });
      await this.card(name)
        .getByTestId('sample-thumb')
        .nth(n - 1)
        .waitFor({ timeout: timeoutMs });
    } finally {
      await this.page.mouse.up();
    }
    await button.and(this.page.locator('[aria-pressed=false]')).waitFor();
    // A frame captured just before release may still be on its way: wait until the count the
    // panel reports matches the thumbnails and stays put.
    let last = -1;
    for (let i = 0; i < 100; i++) {
      const shown = await this.thumbCount(name);
      const added = Number(/\d+/.exec(await panel.getByTestId('webcam-added').innerText())?.[0]);
      if (shown === last && shown === added) return;
      last = shown;
      await this.page.waitForTimeout(300);
    }
    throw new Error(`The webcam kept adding photos to ${name} after the button was released`);
  }

  // ---- training -----------------------------------------------------------------------------

  trainButton(): Locator {
    return this.page.getByTestId('train-button');
  }

  /**
   * Starts recording every value the loss and accuracy charts' data-points take (a
   * MutationObserver in the page), so a test can see the charts fill epoch by epoch.
   */
  async recordChartPoints(): Promise<void> {
    await this.page.evaluate(() => {
      const seen: Record<string, number[]> = { 'chart-loss': [], 'chart-accuracy': [] };
      (window as unknown as { __chartPoints: typeof seen }).__chartPoints = seen;
      const read = () => {
        for (const id of Object.keys(seen)) {
          const el = document.querySelector(`[data-testid=${id}]`);
          const n = Number(el?.getAttribute('data-points') ?? 'NaN');
          const list = seen[id]!;
          if (!Number.isNaN(n) && list[list.length - 1] !== n) list.push(n);
        }
      };
      read();
      new MutationObserver(read).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-points'],
      });
    });
  }

  /** Every distinct data-points value seen per chart since `recordChartPoints`. */
  chartPoints(): Promise<Record<string, number[]>> {
    return this.page.evaluate(
      () => (window as unknown as { __chartPoints: Record<string, number[]> }).__chartPoints,
    );
  }

  /** Presses Train and waits for the "Trained in …" line. */
  async train(timeoutMs = 120_000): Promise<void> {
    await this.trainButton().click();
    await this.waitForTrained(timeoutMs);
  }

  async waitForTrained(timeoutMs = 120_000): Promise<void> {
    try {
      await this.page.getByTestId('training-done').waitFor({ timeout: timeoutMs });
    } catch (error) {
      throw new Error(`Training did not finish.\n${await this.diagnostics()}`, { cause: error });
    }
  }

  // ---- evaluation ---------------------------------------------------------------------------

  /** Confusion-matrix counts keyed `trueId→predId`. */
  async confusion(): Promise<{ trueId: string; predId: string; count: number }[]> {
    return this.page.getByTestId('confusion-cell').evaluateAll((cells) =>
      cells.map((cell) => ({
        trueId: cell.getAttribute('data-true') ?? '',
        predId: cell.getAttribute('data-pred') ?? '',
        count: Number(cell.textContent),
      })),
    );
  }

  cell(trueId: string, predId: string): Locator {
    return this.page.locator(
      `[data-testid=confusion-cell][data-true="${trueId}"][data-pred="${predId}"]`,
    );
  }

  // ---- preview ------------------------------------------------------------------------------

  /** The current prediction: class id of the top bar, the mode, and every bar. */
  async prediction(): Promise<{
    mode: string;
    top: string | null;
    bars: { classId: string; p: number }[];
  }> {
    const bars = await this.page.getByTestId('prediction-bar').evaluateAll((items) =>
      items.map((li) => ({
        classId: li.getAttribute('data-class-id') ?? '',
        p: Number(li.getAttribute('data-probability')),
        top: li.getAttribute('data-top') === 'true',
      })),
    );
    const mode = (await this.page.getByTestId('prediction').getAttribute('data-mode')) ?? '';
    return {
      mode,
      top: bars.find((b) => b.top)?.classId ?? null,
      bars: bars.map(({ classId, p }) => ({ classId, p })),
    };
  }

  /**
   * Waits until the prediction has not changed for `quietMs` (e.g. a live-webcam answer still
   * in flight when the live preview was stopped has landed).
   */
  async waitForQuietPrediction(quietMs = 1_000, timeoutMs = 20_000): Promise<void> {
    await this.page.evaluate(
      ({ quietMs, timeoutMs }) =>
        new Promise<void>((resolve, reject) => {
          const panel = document.querySelector('[data-testid=preview-panel]')!;
          let timer = setTimeout(done, quietMs);
          const giveUp = setTimeout(() => {
            observer.disconnect();
            clearTimeout(timer);
            reject(new Error(`The prediction kept changing for ${timeoutMs} ms`));
          }, timeoutMs);
          const observer = new MutationObserver(() => {
            clearTimeout(timer);
            timer = setTimeout(done, quietMs);
          });
          observer.observe(panel, {
            subtree: true,
            childList: true,
            attributes: true,
            characterData: true,
          });
          function done() {
            observer.disconnect();
            clearTimeout(giveUp);
            resolve();
          }
        }),
      { quietMs, timeoutMs },
    );
  }

  /** The shown prediction as one string (probabilities and latency), to notice a new answer. */
  private predictionSignature(): Promise<string> {
    return this.page.evaluate(() => {
      const bars = Array.from(document.querySelectorAll('[data-testid=prediction-bar]'));
      const latency = document.querySelector('[data-testid=prediction-latency]')?.textContent;
      return `${bars.map((b) => b.getAttribute('data-probability')).join(',')}|${latency ?? ''}`;
    });
  }

  /**
   * Classifies one photo through the preview's file chooser and returns the class id of the top
   * bar once the prediction for that photo is shown. Call it with no other answer in flight
   * (see {@link waitForQuietPrediction}).
   */
  async classify(photo: string): Promise<string | null> {
    const before = await this.predictionSignature();
    await this.page.getByTestId('classify-input').setInputFiles(photo);
    await this.page.locator('.classified-image figcaption', { hasText: basename(photo) }).waitFor();
    // A new answer changes the probabilities or the latency; an identical one changes nothing,
    // so give up waiting after a while and read what is shown.
    await untilChanged(() => this.predictionSignature(), before, 10_000);
    return (await this.prediction()).top;
  }

  /** The class name shown on the top prediction bar, or null when there is no prediction. */
  async topClassName(): Promise<string | null> {
    const top = this.page.locator('[data-testid=prediction-bar][data-top=true] .bar-label');
    if ((await top.count()) === 0) return null;
    return (await top.innerText()).replace(/\s*\(most likely\)$/, '').trim();
  }

  // ---- project toolbar, files and notices ---------------------------------------------------

  /** A button of the Project toolbar, by its visible label. */
  projectButton(label: string): Locator {
    return this.page
      .getByRole('navigation', { name: 'Project' })
      .getByRole('button', { name: label, exact: true });
  }

  /**
   * Clicks a Project toolbar button that opens a file chooser and picks `files` in it, as a
   * user would in the system dialog.
   */
  async chooseFiles(label: string, files: readonly string[]): Promise<void> {
    const [chooser] = await Promise.all([
      this.page.waitForEvent('filechooser'),
      this.projectButton(label).click(),
    ]);
    await chooser.setFiles([...files]);
  }

  /**
   * Clicks a Project toolbar button that downloads a file and saves the download in `dir`
   * under the name the page gave it; returns that path.
   */
  async download(label: string, dir: string): Promise<string> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.projectButton(label).click(),
    ]);
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    return path;
  }

  /** Waits until no Project toolbar action is running ("Opening the model…" and the like). */
  async waitForProjectIdle(timeoutMs = 60_000): Promise<void> {
    await this.page.getByTestId('project-busy').waitFor({ state: 'detached', timeout: timeoutMs });
  }

  /** The notices (messages under the header) that contain `text`. */
  notice(text: string | RegExp): Locator {
    return this.page.getByTestId('notice').filter({ hasText: text });
  }

  /** Every notice's text, oldest first. */
  notices(): Promise<string[]> {
    return this.page.getByTestId('notice').allInnerTexts();
  }

  /** The rejected-files report as `name: reason` lines ([] when it is not shown). */
  rejectedFiles(): Promise<string[]> {
    return this.page.locator('[data-testid=rejected-files] li').allInnerTexts();
  }

  /**
   * Every class with its image count, in page order, read in one go (no waiting for a card
   * that a project switch may just have removed).
   */
  classCounts(): Promise<[string, number][]> {
    return this.cards().evaluateAll((cards) =>
      cards.map((card): [string, number] => [
        (card.querySelector('h3.class-name')?.textContent ?? '').trim(),
        Number(
          /\d+/.exec(card.querySelector('[data-testid=sample-count]')?.textContent ?? '')?.[0] ??
            'NaN',
        ),
      ]),
    );
  }

  // ---- projects dialog ----------------------------------------------------------------------

  projectsDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Your projects' });
  }

  /** Opens the Projects dialog (if closed) and waits for its list. */
  async openProjects(): Promise<Locator> {
    const dialog = this.projectsDialog();
    if (!(await dialog.isVisible())) await this.page.getByTestId('projects-button').click();
    await dialog.waitFor();
    await dialog.getByText('Loading…').waitFor({ state: 'detached' });
    return dialog;
  }

  /** Closes the Projects dialog with its Close button (it covers part of the page). */
  async closeProjects(): Promise<void> {
    const dialog = this.projectsDialog();
    if (!(await dialog.isVisible())) return;
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** The dialog's row for the project named exactly `name`. */
  projectRow(name: string): Locator {
    return this.projectsDialog()
      .getByTestId('project-row')
      .filter({
        has: this.page.getByTestId('project-name').getByText(name, { exact: true }),
      });
  }

  /** The listed projects, newest first, with which one is open now. */
  async listedProjects(): Promise<{ name: string; open: boolean }[]> {
    return this.projectsDialog()
      .getByTestId('project-row')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          name: row.querySelector('[data-testid=project-name]')?.textContent ?? '',
          open: (row.textContent ?? '').includes('(open now)'),
        })),
      );
  }

  // ---- accessibility and screenshots --------------------------------------------------------

  /**
   * Runs axe-core in the page; returns the serious and critical violations. The app's
   * Content-Security-Policy refuses inline scripts, so axe is not added as a `<script>` tag (which
   * would need the policy weakened): its source is evaluated through the DevTools protocol, which
   * the policy does not govern, and the page keeps its real policy for everything else.
   */
  async axe(axeScriptPath: string): Promise<AxeViolation[]> {
    const loaded = await this.page.evaluate(() => 'axe' in window);
    if (!loaded) {
      const source = readFileSync(axeScriptPath, 'utf8');
      // A string is evaluated as an expression (not eval'd by page code); `;true` ends it cleanly.
      await this.page.evaluate(`${source}\n;true`);
      if (!(await this.page.evaluate(() => 'axe' in window))) {
        throw new Error(`axe-core did not load from ${axeScriptPath}`);
      }
    }
    const results = (await this.page.evaluate(() =>
      (
        window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }
      ).axe.run(document, { resultTypes: ['violations'] }),
    )) as AxeResults;
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.map((n) => n.target.map(String).join(' ')),
      }));
  }

  /** Saves a screenshot as test-results/e2e/<name>.png; returns its path. */
  async screenshot(name: string, fullPage = true): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path, fullPage });
    return path;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Polls `read` until it differs from `before`, or `timeoutMs` passes. */
async function untilChanged(
  read: () => Promise<string>,
  before: string,
  timeoutMs: number,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await read()) !== before) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
