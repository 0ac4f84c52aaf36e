import { useId } from 'react';
import { findBackbone } from '../../core/features/catalog';
import type { WeightSource } from '../../core/features/loadBackbone';
import { BACKEND_ORDER, type BackendName } from '../../core/tf/backendOrder';
import type { EnginePhase } from '../../core/session/sessionTypes';
import { useSession, useStore } from '../context';
import { DebugDrawer } from './DebugDrawer';
import { OfflineStatusItem, UpdateNotice } from './OfflineStatus';

const SOURCE_TEXT: Record<WeightSource, string> = {
  'self-hosted': 'self-hosted (this site)',
  official: 'official (the publisher’s server)',
  'offline-fallback': 'offline fallback (bundled with Glimpse)',
};

const PHASE_TEXT: Record<EnginePhase, string> = {
  starting: 'Starting…',
  ready: 'Ready',
  switching: 'Switching…',
  failed: 'Failed',
};

/** What runs the models: backbone and where its weights came from, backend, engine phase. */
export function StatusBar() {
  const snapshot = useSession();
  const store = useStore();
  const id = useId();
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
          <dt>Image model</dt>
          <dd data-testid="status-backbone">{backbone ? backbone.spec.label : '—'}</dd>
        </div>
        <div>
          <dt>Weights from</dt>
          <dd data-testid="weights-source" data-source={source ?? ''}>
            {source ? SOURCE_TEXT[source] : '—'}
          </dd>
        </div>
        <div>
          <dt>
            <label htmlFor={`${id}-backend`}>Compute backend</label>
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
          <dt>Engine</dt>
          <dd data-testid="engine-phase" data-phase={engine.phase}>
            {PHASE_TEXT[engine.phase]}
          </dd>
        </div>
        <OfflineStatusItem />
      </dl>
      <UpdateNotice />
      {fallback && (
        <p className="warning" data-testid="fallback-warning">
          <strong>Offline fallback in use — lower accuracy.</strong> The chosen image model
          {requested && requested.id !== backbone.spec.id ? ` (${requested.label})` : ''} could not
          be downloaded, so Glimpse uses the one bundled with it. {backbone.spec.note}
        </p>
      )}
      {engine.phase === 'failed' && (
        <p className="error" role="alert" data-testid="engine-error">
          The image model could not be started{engine.error ? `: ${engine.error}` : '.'}
        </p>
      )}
      <DebugDrawer snapshot={snapshot} />
    </div>
  );
}
