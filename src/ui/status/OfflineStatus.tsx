import { useState, useSyncExternalStore } from 'react';
import {
  offline,
  worksOffline,
  type OfflineController,
  type OfflineSnapshot,
} from '../../platform/serviceWorker';
import { useT } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/translate';

/** Why the app does not work offline (yet), in a few words. */
function whyNot(snapshot: OfflineSnapshot, t: Translate): string {
  switch (snapshot.phase) {
    case 'off':
      return snapshot.reason === 'unsupported' ? t('offline.unsupported') : t('offline.devOnly');
    case 'installing':
      return t('offline.installing');
    case 'failed':
      return t('offline.failed', snapshot.error ?? null);
    case 'ready':
      if (snapshot.modelCached === undefined) return t('offline.savingModel');
      return t('offline.modelFailed', snapshot.modelError ?? null);
  }
}

/** The status bar's "Works offline: yes (n files cached)" item. */
export function OfflineStatusItem({ source = offline }: { source?: OfflineController }) {
  const snapshot = useSyncExternalStore(source.subscribe, source.getSnapshot);
  const yes = worksOffline(snapshot);
  const t = useT();
  return (
    <div>
      <dt>{t('offline.label')}</dt>
      <dd
        data-testid="offline-status"
        data-offline={yes ? 'yes' : 'no'}
        data-phase={snapshot.phase}
        data-files={snapshot.filesCached}
      >
        {yes
          ? t('offline.yes', snapshot.filesCached)
          : t('offline.no', whyNot(snapshot, t), snapshot.filesCached)}
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
  const t = useT();
  if (!snapshot.updateReady || dismissed) return null;
  return (
    <div className="notice update-notice" data-testid="update-notice">
      <span role="status">{t('offline.updateReady')}</span>
      <span className="notice-buttons">
        <button type="button" data-testid="update-reload" onClick={() => source.applyUpdate()}>
          {t('offline.reload')}
        </button>
        <button
          type="button"
          className="button-icon"
          aria-label={t('offline.dismissUpdate')}
          onClick={() => setDismissed(true)}
        >
          ×
        </button>
      </span>
    </div>
  );
}
