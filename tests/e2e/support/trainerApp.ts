/**
 * The usual setup of a trainer e2e file: for its describe block, the app's production build
 * served with the shared models and a Chromium launched (optionally with a fake webcam playing
 * photos), both closed afterwards with every page opened through {@link TrainerApp.open}, which
 * must have tried no request off this machine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../support/chromium';
import { MODELS_DIR } from '../../support/shared';
import { TrainerPage } from '../pages/TrainerPage';
import { startApp, type AppServer } from './appServer';
import { writeY4m } from './y4m';

export interface TrainerApp {
  readonly app: AppServer;
  readonly browser: Browser;
  /** Opens the trainer (`TrainerPage.open`); the page is closed after the block. */
  open(query?: string, options?: Parameters<typeof TrainerPage.open>[3]): Promise<TrainerPage>;
}

export interface TrainerAppOptions {
  /** Photos the fake webcam shows in turn (320×240, about a second each: 15 frames at 15 fps). */
  cameraPhotos?: () => readonly string[];
}

/** Registers the block's beforeAll/afterAll; call it inside `describe`. */
export function useTrainerApp(options: TrainerAppOptions = {}): TrainerApp {
  let app: AppServer | undefined;
  let browser: Browser | undefined;
  let tmp: string | undefined;
  const pages: TrainerPage[] = [];
  beforeAll(async () => {
    const args = [...CHROMIUM_ARGS];
    if (options.cameraPhotos) {
      tmp = await mkdtemp(join(tmpdir(), 'glimpse-e2e-camera-'));
      const camera = join(tmp, 'camera.y4m');
      await writeY4m([...options.cameraPhotos()], camera, {
        width: 320,
        height: 240,
        framesPerPhoto: 15,
      });
      args.push(
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${camera}`,
      );
    }
    [app, browser] = await Promise.all([
      startApp(MODELS_DIR),
      chromium.launch({ executablePath: findChromium()!, args }),
    ]);
  });
  afterAll(async () => {
    for (const page of pages) expect(page.externalRequests()).toEqual([]);
    await Promise.all(pages.map((page) => page.close()));
    await browser?.close();
    await app?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
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
