import { useId } from 'react';
import { BACKBONE_CATALOG } from '../../core/features/catalog';
import { DEFAULT_HEAD_OPTIONS, TEACHABLE_MACHINE_RECIPE } from '../../core/training/headOptions';
import { NumberField } from '../common/NumberField';
import { useSession, useStore } from '../context';
import { megabytes } from '../format';

const online = BACKBONE_CATALOG.filter((b) => !b.offlineFallback);
const offline = BACKBONE_CATALOG.filter((b) => b.offlineFallback);

/** The training knobs (head options) and the image model (backbone) picker. */
export function AdvancedOptions() {
  const snapshot = useSession();
  const store = useStore();
  const id = useId();
  const { headOptions: o } = snapshot;
  const busy = snapshot.training.phase === 'training';
  const engineBusy = snapshot.engine.phase === 'starting' || snapshot.engine.phase === 'switching';
  const selected = BACKBONE_CATALOG.find((b) => b.id === snapshot.backboneId);

  return (
    <details className="advanced" data-testid="advanced-options">
      <summary>Advanced</summary>
      <fieldset disabled={busy}>
        <legend>Training</legend>
        <div className="field-grid">
          <NumberField
            label="Epochs"
            value={o.epochs}
            min={1}
            max={1000}
            step={1}
            integer
            hint="At most this many passes; stops early when validation stops improving."
            onChange={(epochs) => store.setHeadOptions({ epochs })}
          />
          <NumberField
            label="Batch size"
            value={o.batchSize}
            min={1}
            max={1024}
            step={1}
            integer
            onChange={(batchSize) => store.setHeadOptions({ batchSize })}
          />
          <NumberField
            label="Learning rate"
            value={o.learningRate}
            min={0.000001}
            max={1}
            step="any"
            onChange={(learningRate) => store.setHeadOptions({ learningRate })}
          />
          <NumberField
            label="Hidden units"
            value={o.hiddenUnits}
            min={0}
            max={2048}
            step={1}
            integer
            hint="0 trains a linear classifier."
            onChange={(hiddenUnits) => store.setHeadOptions({ hiddenUnits })}
          />
          <NumberField
            label="Dropout"
            value={o.dropout}
            min={0}
            max={0.9}
            step={0.05}
            onChange={(dropout) => store.setHeadOptions({ dropout })}
          />
          <NumberField
            label="Validation share (%)"
            value={o.validationFraction}
            scale={100}
            min={0}
            max={50}
            step={1}
            hint="Held out of each class to measure accuracy; 0 holds out nothing."
            onChange={(validationFraction) => store.setHeadOptions({ validationFraction })}
          />
        </div>
        <div className="button-row">
          <button type="button" onClick={() => store.setHeadOptions(DEFAULT_HEAD_OPTIONS)}>
            Glimpse defaults
          </button>
          <button type="button" onClick={() => store.setHeadOptions(TEACHABLE_MACHINE_RECIPE)}>
            Teachable Machine recipe
          </button>
        </div>
      </fieldset>

      <fieldset disabled={busy || engineBusy}>
        <legend>Image model (backbone)</legend>
        <label htmlFor={`${id}-backbone`}>Model</label>
        <select
          id={`${id}-backbone`}
          value={snapshot.backboneId}
          aria-describedby={`${id}-backbone-note`}
          data-testid="backbone-select"
          onChange={(e) => void store.setBackbone(e.target.value)}
        >
          <optgroup label="Downloaded models">
            {online.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label} — {megabytes(b.sizeBytes)}
              </option>
            ))}
          </optgroup>
          <optgroup label="Offline fallback (no download, lower accuracy)">
            {offline.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label} — {megabytes(b.sizeBytes)}, offline fallback
              </option>
            ))}
          </optgroup>
        </select>
        <p id={`${id}-backbone-note`} className="hint">
          {selected ? `${selected.note} ` : ''}
          Changing the model processes every image again.
        </p>
      </fieldset>
    </details>
  );
}
