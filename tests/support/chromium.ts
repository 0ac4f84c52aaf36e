/**
 * Finding and launching Chromium for the browser tests. Tests call `haveChromium()`: it returns
 * the executable, or null with a visible skip reason; under CI=true a missing browser throws.
 */
import { existsSync } from 'node:fs';
import { IN_CI } from './shared';

/** Where Chromium is looked for, in order: env CHROMIUM_PATH, then the usual install paths. */
export function chromiumCandidates(): string[] {
  const fromEnv = process.env.CHROMIUM_PATH;
  return [
    ...(fromEnv ? [fromEnv] : []),
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
}

/** The first Chromium executable found, or null. */
export function findChromium(): string | null {
  return chromiumCandidates().find((path) => existsSync(path)) ?? null;
}

/** Launch flags that work headless on this kind of machine (see ../shared/TOOLCHAIN.md). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];

/** Headless Chromium offers WebGPU (on SwiftShader) only with this flag. */
export const WEBGPU_ARG = '--enable-unsafe-webgpu';

/** For `describe.skipIf`: the Chromium path, or null after printing why (throws in CI). */
export function haveChromium(): string | null {
  const found = findChromium();
  if (found) return found;
  const reason =
    `no Chromium found (looked at ${chromiumCandidates().join(', ')}): skipping browser tests. ` +
    'Install it (apt-get install -y chromium fonts-liberation) or set CHROMIUM_PATH.';
  if (IN_CI) throw new Error(`CI=true but ${reason}`);
  console.warn(`SKIPPED: ${reason}`);
  return null;
}
