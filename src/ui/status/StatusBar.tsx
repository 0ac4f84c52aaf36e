import { useId } from 'react';
import { findBackbone } from '../../core/features/catalog';
import type { WeightSource } from '../../core/features/loadBackbone';
import { BACKEND_ORDER, type BackendName } from '../../core/tf/backendOrder';
import type { EnginePhase } from '../../core/session/sessionTypes';
import { useSession, useStore } from '../context';
import { useT } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/translate';
import { DebugDrawer } from './DebugDrawer';
import { OfflineStatusItem, UpdateNotice } from './OfflineStatus';

const SOURCE_TEXT: Record<WeightSource, MessageKey> = {
  'self-hosted': 'status.source.self-hosted',
  official: 'status.source.official',
  'offline-fallback': 'status.source.offline-fallback',
};

const PHASE_TEXT: Record<EnginePhase, MessageKey> = {
  starting: 'status.phase.starting',
  ready: 'status.phase.ready',
  switching: 'status.phase.switching',
  failed: 'status.phase.failed',
};

/** What runs the models: backbone and where its weights came from, backend, engine phase. */
export function StatusBar() {
  const snapshot = useSession();
  const store = useStore();
  const id = useId();
  const t = useT();
  const { engine } = snapshot;
  const backbone = engine.backbone;
  const source = backbone?.report.source;
  const fallback =
    !!backbone && (source === 'offline-fallback' || backbone.report.usedOfflineFallback);
  const requested = backbone ? findBackbone(backbone.report.requestedId) : undefined;
  const canSwitch = engine.phase === 'ready' && snapshot.training.phase !== 'training';

  return (
    <div className="status-bar" data-testid="status-bar">
      <dl className="status-items">
        <div>
          <dt>{t('status.imageModel')}</dt>
          <dd data-testid="status-backbone">{backbone ? backbone.spec.label : '—'}</dd>
        </div>
        <div>
          <dt>{t('status.weightsFrom')}</dt>
          <dd data-testid="weights-source" data-source={source ?? ''}>
            {source ? t(SOURCE_TEXT[source]) : '—'}
          </dd>
        </div>
        <div>
          <dt>
            <label htmlFor={`${id}-backend`}>{t('status.backend')}</label>
          </dt>
          <dd>
            <select
              id={`${id}-backend`}
              data-testid="backend-select"
              value={engine.backend?.active ?? ''}
              disabled={!canSwitch}
              onChange={(e) => void store.setBackend(e.target.value as BackendName)}
            >
              {!engine.backend && <option value="">—</option>}
              {BACKEND_ORDER.browser.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </dd>
        </div>
        <div>
          <dt>{t('status.engine')}</dt>
          <dd data-testid="engine-phase" data-phase={engine.phase}>
            {t(PHASE_TEXT[engine.phase])}
          </dd>
        </div>
        <OfflineStatusItem />
      </dl>
      <UpdateNotice />
      {fallback && (
        <p className="warning" data-testid="fallback-warning">
          <strong>{t('status.fallbackTitle')}</strong>{' '}
          {t(
            'status.fallbackText',
            requested && requested.id !== backbone.spec.id ? requested.label : null,
            backbone.spec.note,
          )}
        </p>
      )}
      {engine.phase === 'failed' && (
        <p className="error" role="alert" data-testid="engine-error">
          {t('status.engineFailed', engine.error ?? null)}
        </p>
      )}
      <DebugDrawer snapshot={snapshot} />
    </div>
  );
}
