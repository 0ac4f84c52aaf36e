import { useId } from 'react';
import {
  MAX_AUGMENTATION_COUNT,
  variantCount,
  type AugmentationOptions as Augmentation,
} from '../../core/preprocess/augment';
import { NumberField } from '../common/NumberField';
import { useSession, useStore } from '../context';
import { useT } from '../i18n/I18nProvider';

/**
 * The "Augment images" settings: variants of every image (mirror, crops, lighting) embedded when
 * it is added and used as extra training rows. Changing them re-makes the variants of the images
 * already added (shown as images being added).
 */
export function AugmentationOptions() {
  const snapshot = useSession();
  const store = useStore();
  const id = useId();
  const t = useT();
  const a = snapshot.headOptions.augmentation;
  const busy =
    snapshot.training.phase === 'training' ||
    snapshot.engine.phase === 'starting' ||
    snapshot.engine.phase === 'switching';
  const set = (change: Partial<Augmentation>) =>
    store.setHeadOptions({ augmentation: { ...a, ...change } });
  const variants = variantCount(a);

  return (
    <fieldset disabled={busy} data-testid="augmentation-options" aria-describedby={`${id}-note`}>
      <legend>{t('augment.legend')}</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={a.flip}
          data-testid="augment-flip"
          onChange={(e) => set({ flip: e.target.checked })}
        />{' '}
        {t('augment.flip')}
      </label>
      <div className="field-grid">
        <NumberField
          label={t('augment.crops')}
          value={a.crops}
          min={0}
          max={MAX_AUGMENTATION_COUNT}
          step={1}
          integer
          testId="augment-crops"
          onChange={(crops) => set({ crops })}
        />
        <NumberField
          label={t('augment.lights')}
          value={a.lights}
          min={0}
          max={MAX_AUGMENTATION_COUNT}
          step={1}
          integer
          testId="augment-lights"
          onChange={(lights) => set({ lights })}
        />
      </div>
      <p id={`${id}-note`} className="hint" data-testid="augment-note">
        {variants ? t('augment.noteOn', 1 + variants) : t('augment.noteOff')}
      </p>
    </fieldset>
  );
}
