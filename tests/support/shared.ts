/**
 * Access to ../shared (real weights and photos). Tests that need it call `requireShared()`:
 * it returns null with a visible skip reason when ../shared is absent, and throws under CI=true.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Absolute path of the shared folder (env GLIMPSE_SHARED overrides ../shared). */
export const SHARED_DIR = resolve(process.env.GLIMPSE_SHARED ?? resolve(here, '../../../shared'));
export const MODELS_DIR = resolve(SHARED_DIR, 'models');
export const DATASETS_DIR = resolve(SHARED_DIR, 'datasets');

/** True when running in CI, where missing fixtures are a failure, not a skip. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Whether ../shared with models and datasets is present. */
export function sharedAvailable(): boolean {
  return existsSync(MODELS_DIR) && existsSync(DATASETS_DIR);
}

/** Reason shown when a test is skipped for lack of ../shared. */
export const SHARED_SKIP_REASON = `../shared not found at ${SHARED_DIR}: skipping tests that need real MobileNet weights and photos (set GLIMPSE_SHARED)`;

/**
 * For `describe.skipIf(!haveShared())`: prints the skip reason outside CI, throws in CI.
 */
export function haveShared(): boolean {
  if (sharedAvailable()) return true;
  if (IN_CI) throw new Error(`CI=true but ${SHARED_SKIP_REASON}`);
  console.warn(`SKIPPED: ${SHARED_SKIP_REASON}`);
  return false;
}
