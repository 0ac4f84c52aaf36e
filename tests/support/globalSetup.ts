/**
 * Vitest global setup: names a folder for the run's one shared production build of the app
 * (tests/e2e/support/appServer.ts builds it on first use, so unit-only runs never build), and
 * removes it when the run ends.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => Promise<void> {
  const dir = join(tmpdir(), `glimpse-e2e-build-${process.pid}-${Date.now().toString(36)}`);
  process.env.GLIMPSE_E2E_BUILD_DIR = dir;
  return async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}.lock`, { recursive: true, force: true });
  };
}
