import { useId } from 'react';
import { BACKBONE_CATALOG } from '../../core/features/catalog';
import { DEFAULT_HEAD_OPTIONS, TEACHABLE_MACHINE_RECIPE } from '../../core/training/headOptions';
import { NumberField } from '../common/NumberField';
import { AugmentationOptions } from './AugmentationOptions';
import { useSession, useStore } from '../context';
import { megabytes } from '../format';
import { useT } from '../i18n/I18nProvider';

const online = BACKBONE_CATALOG.filter((b) => !b.offlineFallback);
const offline = BACKBONE_CATALOG.filter((b) => b.offlineFallback);

/** The training knobs (head options) and the image model (backbone) picker. */
export function AdvancedOptions() {
  const snapshot = useSession();
  const store = useStore();
  const id = useId();
  const t = useT();
  const { headOptions: o } = snapshot;
  const busy = snapshot.training.phase === 'training';
  const engineBusy = snapshot.engine.phase === 'starting' || snapshot.engine.phase === 'switching';
  const selected = BACKBONE_CATALOG.find((b) => b.id === snapshot.backboneId);

  return (
    <details className="advanced" data-testid="advanced-options">
      <summary>{t('advanced.summary')}</summary>
      <fieldset disabled={busy}>
        <legend>{t('advanced.training')}</legend>
        <div className="field-grid">
          <NumberField
            label={t('advanced.epochs')}
            value={o.epochs}
            min={1}
            max={1000}
            step={1}
            integer
            hint={t('advanced.epochsHint')}
            onChange={(epochs) => store.setHeadOptions({ epochs })}
          />
          <NumberField
            label={t('advanced.batchSize')}
            value={o.batchSize}
            min={1}
            max={1024}
            step={1}
            integer
            onChange={(batchSize) => store.setHeadOptions({ batchSize })}
          />
          <NumberField
            label={t('advanced.learningRate')}
            value={o.learningRate}
            min={0.000001}
            max={1}
            step="any"
            onChange={(learningRate) => store.setHeadOptions({ learningRate })}
          />
          <NumberField
            label={t('advanced.hiddenUnits')}
            value={o.hiddenUnits}
            min={0}
            max={2048}
            step={1}
            integer
            hint={t('advanced.hiddenUnitsHint')}
            onChange={(hiddenUnits) => store.setHeadOptions({ hiddenUnits })}
          />
          <NumberField
            label={t('advanced.dropout')}
            value={o.dropout}
            min={0}
            max={0.9}
            step={0.05}
            onChange={(dropout) => store.setHeadOptions({ dropout })}
          />
          <NumberField
            label={t('advanced.validation')}
            value={o.validationFraction}
            scale={100}
            min={0}
            max={50}
            step={1}
            hint={t('advanced.validationHint')}
            onChange={(validationFraction) => store.setHeadOptions({ validationFraction })}
          />
        </div>
        <div className="button-row">
          <button type="button" onClick={() => store.setHeadOptions(DEFAULT_HEAD_OPTIONS)}>
            {t('advanced.defaults')}
          </button>
          <button type="button" onClick={() => store.setHeadOptions(TEACHABLE_MACHINE_RECIPE)}>
            {t('advanced.tmRecipe')}
          </button>
        </div>
      </fieldset>

      <AugmentationOptions />

      <fieldset disabled={busy || engineBusy}>
        <legend>{t('advanced.backbone')}</legend>
        <label htmlFor={`${id}-backbone`}>{t('advanced.model')}</label>
        <select
          id={`${id}-backbone`}
          value={snapshot.backboneId}
          aria-describedby={`${id}-backbone-note`}
          data-testid="backbone-select"
          onChange={(e) => void store.setBackbone(e.target.value)}
        >
          <optgroup label={t('advanced.downloaded')}>
            {online.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label} — {megabytes(b.sizeBytes)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('advanced.offlineGroup')}>
            {offline.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label} — {megabytes(b.sizeBytes)}, {t('advanced.offlineOption')}
              </option>
            ))}
          </optgroup>
        </select>
        <p id={`${id}-backbone-note`} className="hint">
          {selected ? `${selected.note} ` : ''}
          {t('advanced.changeNote')}
        </p>
      </fieldset>
    </details>
  );
}
