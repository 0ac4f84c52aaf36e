import { useState, useSyncExternalStore } from 'react';
import {
  offline,
  worksOffline,
  type OfflineController,
  type OfflineSnapshot,
} from '../../platform/serviceWorker';

/** Why the app does not work offline (yet), in a few words. */
function whyNot(snapshot: OfflineSnapshot): string {
  switch (snapshot.phase) {
    case 'off':
      return snapshot.reason === 'unsupported'
        ? 'this browser or address cannot keep the app'
        : 'only the built app works offline';
    case 'installing':
      return 'saving the app…';
    case 'failed':
      return `could not save the app${snapshot.error ? `: ${snapshot.error}` : ''}`;
    case 'ready':
      if (snapshot.modelCached === undefined) return 'saving the image model…';
      return `the image model could not be saved${snapshot.modelError ? `: ${snapshot.modelError}` : ''}`;
  }
}

/** The status bar's "Works offline: yes (n files cached)" item. */
export function OfflineStatusItem({ source = offline }: { source?: OfflineController }) {
  const snapshot = useSyncExternalStore(source.subscribe, source.getSnapshot);
  const yes = worksOffline(snapshot);
  return (
    <div>
      <dt>Works offline</dt>
      <dd
        data-testid="offline-status"
        data-offline={yes ? 'yes' : 'no'}
        data-phase={snapshot.phase}
        data-files={snapshot.filesCached}
      >
        {yes
          ? `yes (${snapshot.filesCached} files cached)`
          : `no (${whyNot(snapshot)}${snapshot.filesCached ? `; ${snapshot.filesCached} files cached` : ''})`}
      </dd>
    </div>
  );
}

/**
 * "A new version is ready — Reload" while a new deploy waits. The page never reloads by itself:
 * the work in it stays until the user presses Reload (autosave writes it first) or dismisses this.
 */
export function UpdateNotice({ source = offline }: { source?: OfflineController }) {
  const snapshot = useSyncExternalStore(source.subscribe, source.getSnapshot);
  const [dismissed, setDismissed] = useState(false);
  if (!snapshot.updateReady || dismissed) return null;
  return (
    <div className="notice update-notice" data-testid="update-notice">
      <span role="status">A new version of Glimpse is ready.</span>
      <span className="notice-buttons">
        <button type="button" data-testid="update-reload" onClick={() => source.applyUpdate()}>
          Reload
        </button>
        <button
          type="button"
          className="button-icon"
          aria-label="Dismiss: a new version is ready"
          onClick={() => setDismissed(true)}
        >
          ×
        </button>
      </span>
    </div>
  );
}
