import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useT } from '../i18n/I18nProvider';

const isActivationKey = (e: KeyboardEvent) => e.key === ' ' || e.key === 'Enter';

/**
 * Records while held: pointer down/up, or Space/Enter down/up. Screen readers that send a plain
 * click (no pointer, no key) toggle recording instead; `aria-pressed` says which state it is in.
 */
export function HoldToRecordButton({
  recording,
  disabled,
  accessibleLabel,
  onStart,
  onStop,
}: {
  recording: boolean;
  disabled?: boolean;
  accessibleLabel?: string;
  onStart: () => void;
  onStop: () => void;
}) {
  // Time of the last key or pointer action, so the click a browser may add is not a toggle.
  const t = useT();
  const lastHandled = useRef(-Infinity);
  const handled = () => {
    lastHandled.current = performance.now();
  };
  const release = () => {
    handled();
    if (recording) onStop();
  };
  return (
    <button
      type="button"
      className={`record-button${recording ? ' is-recording' : ''}`}
      data-testid="record-button"
      aria-pressed={recording}
      aria-label={accessibleLabel}
      disabled={disabled}
      onPointerDown={(e: PointerEvent<HTMLButtonElement>) => {
        if (e.button !== 0) return;
        try {
          // Keeps pointerup coming here even if the finger slides off the button.
          e.currentTarget.setPointerCapture(e.pointerId);
        } catch {
          // Synthetic events have no active pointer; recording works without capture.
        }
        handled();
        onStart();
      }}
      onPointerUp={release}
      onPointerCancel={release}
      onLostPointerCapture={release}
      onKeyDown={(e) => {
        if (!isActivationKey(e)) return;
        e.preventDefault();
        handled();
        if (!e.repeat) onStart();
      }}
      onKeyUp={(e) => {
        if (!isActivationKey(e)) return;
        e.preventDefault();
        release();
      }}
      onBlur={release}
      onClick={(e) => {
        // detail 0 = not a real pointer click (assistive technology): toggle.
        if (e.detail !== 0 || performance.now() - lastHandled.current < 500) return;
        if (recording) onStop();
        else onStart();
      }}
      onContextMenu={(e) => e.preventDefault()}
    >
      {recording ? t('webcam.recording') : t('webcam.record')}
    </button>
  );
}
