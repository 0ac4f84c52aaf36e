/** Glimpse's version (package.json), written into exported models as the app does. */
import { readFileSync } from 'node:fs';

let cached: string | null = null;

/** The `version` of the package this command line belongs to ("0.0.0" if unreadable). */
export function appVersion(): string {
  if (cached === null) {
    try {
      const pkg = JSON.parse(
        readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
      ) as { version?: unknown };
      cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
    } catch {
      cached = '0.0.0';
    }
  }
  return cached;
}
