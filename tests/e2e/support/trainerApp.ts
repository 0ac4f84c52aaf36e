/**
 * The usual setup of a trainer e2e file: for its describe block, the app's production build
 * served with the shared models and a Chromium launched, both closed afterwards with every page
 * opened through {@link TrainerApp.open}.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../support/chromium';
import { MODELS_DIR } from '../../support/shared';
import { TrainerPage } from '../pages/TrainerPage';
import { startApp, type AppServer } from './appServer';

export interface TrainerApp {
  readonly app: AppServer;
  readonly browser: Browser;
  /** Opens the trainer (`TrainerPage.open`); the page is closed after the block. */
  open(query?: string, options?: Parameters<typeof TrainerPage.open>[3]): Promise<TrainerPage>;
}

/** Registers the block's beforeAll/afterAll; call it inside `describe`. */
export function useTrainerApp(): TrainerApp {
  let app: AppServer | undefined;
  let browser: Browser | undefined;
  const pages: TrainerPage[] = [];
  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp(MODELS_DIR),
      chromium.launch({ executablePath: findChromium()!, args: [...CHROMIUM_ARGS] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(pages.map((page) => page.close()));
    await browser?.close();
    await app?.close();
  });
  return {
    get app() {
      if (!app) throw new Error('the app is not started yet (use it inside a test)');
      return app;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet (use it inside a test)');
      return browser;
    },
    async open(query = '?backend=wasm', options) {
      const page = await TrainerPage.open(this.browser, this.app.url, query, options);
      pages.push(page);
      return page;
    },
  };
}
