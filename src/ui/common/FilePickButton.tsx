import { useRef } from 'react';
import { HiddenFilePicker } from './HiddenFilePicker';

/**
 * A button that opens the file chooser (images only). The input itself stays hidden; the
 * button is what keyboard and screen-reader users reach. `directory` picks a whole folder.
 */
export function FilePickButton({
  label,
  accessibleLabel,
  multiple,
  directory,
  disabled,
  testId,
  onFiles,
}: {
  label: string;
  accessibleLabel?: string;
  multiple?: boolean;
  directory?: boolean;
  disabled?: boolean;
  /** Test id of the hidden input (end-to-end tests set files on it). */
  testId?: string;
  onFiles: (files: File[]) => void;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        aria-label={accessibleLabel}
        disabled={disabled}
        onClick={() => inputRef.current?.click()}
      >
        {label}
      </button>
      <HiddenFilePicker
        pickerRef={inputRef}
        accept="image/*"
        multiple={multiple}
        directory={directory}
        testId={testId}
        onFiles={onFiles}
      />
    </>
  );
}
