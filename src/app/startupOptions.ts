/** What the page's URL asks the start-up to do: `?backend=`, `?backbone=` and `?offline=1`. */
import type { BackendName } from '../core/tf/backends';
import { DEFAULT_BACKBONE_ID } from '../core/features/catalog';

/** Start-up choices read from the URL. */
export interface StartupOptions {
  /** Backend to force (`?backend=wasm|webgl|webgpu|cpu`); absent means the automatic choice. */
  backend?: BackendName;
  /** Backbone to load (`?backbone=<catalog id>`), the default one otherwise. */
  backboneId: string;
  /** `?offline=1`: never contact the official model host. */
  offline: boolean;
  /** Things in the URL that were ignored or change behaviour, written for the user. */
  notes: string[];
}

/** Reads start-up options from a query string such as `location.search`. */
export function parseStartupOptions(
  search: string,
  knownBackends: readonly BackendName[],
): StartupOptions {
  const params = new URLSearchParams(search);
  const notes: string[] = [];
  const options: StartupOptions = {
    backboneId: params.get('backbone') || DEFAULT_BACKBONE_ID,
    offline: params.get('offline') === '1' || params.get('offline') === 'true',
    notes,
  };
  const backend = params.get('backend');
  if (backend) {
    const known = knownBackends.find((name) => name === backend);
    if (known) options.backend = known;
    else {
      notes.push(
        `Ignored ?backend=${backend}: choose one of ${knownBackends.join(', ')}. ` +
          'Picking a backend automatically instead.',
      );
    }
  }
  if (options.offline) {
    notes.push('Offline mode (?offline=1): the official model host is not contacted.');
  }
  return options;
}
