import { useId, useState } from 'react';

/**
 * A labelled number input that lets the user type freely: every valid value within [min, max]
 * is committed as typed; leaving the field restores the committed value if the text is invalid.
 * `scale` shows a fraction as a percentage (scale 100).
 */
export function NumberField({
  label,
  value,
  min,
  max,
  step,
  scale = 1,
  integer,
  disabled,
  hint,
  testId,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number | 'any';
  scale?: number;
  integer?: boolean;
  disabled?: boolean;
  hint?: string;
  testId?: string;
  onChange: (value: number) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? String(Number((value * scale).toPrecision(6)));
  const parsed = draft === null ? null : Number(draft);
  const invalid =
    parsed !== null &&
    (draft === '' ||
      !Number.isFinite(parsed) ||
      parsed < min ||
      parsed > max ||
      (integer === true && !Number.isInteger(parsed)));

  return (
    <div className="number-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={shown}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        data-testid={testId}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const n = Number(text);
          const ok =
            text !== '' &&
            Number.isFinite(n) &&
            n >= min &&
            n <= max &&
            (!integer || Number.isInteger(n));
          if (ok) onChange(n / scale);
        }}
        onBlur={() => setDraft(null)}
      />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}
