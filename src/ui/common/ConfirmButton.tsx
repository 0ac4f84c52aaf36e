import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/I18nProvider';

/**
 * A button that asks before it acts: the first press shows the question with "Yes" and "Cancel"
 * (focus moves to Cancel, Escape cancels); only "Yes" runs `onConfirm`.
 */
export function ConfirmButton({
  label,
  accessibleLabel,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  testId,
}: {
  /** Visible text of the button. */
  label: string;
  /** A fuller accessible name (must contain `label`), e.g. "Delete class Cats". */
  accessibleLabel?: string;
  /** The question, e.g. "Delete “Cats” and its 12 images?" */
  question: string;
  /** Text of the confirming button, e.g. "Delete". */
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  testId?: string;
}) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) cancelRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      openerRef.current?.focus();
    }
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        className="button-quiet"
        aria-label={accessibleLabel}
        disabled={disabled}
        data-testid={testId}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  const cancel = () => {
    returnFocus.current = true;
    setAsking(false);
  };
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          cancel();
        }
      }}
    >
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className="button-danger"
        data-testid={testId && `${testId}-confirm`}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button ref={cancelRef} type="button" onClick={cancel}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
