import { useRef } from 'react';

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
      <input
        ref={(el) => {
          inputRef.current = el;
          // Not in React's typings; every current browser supports it.
          if (el && directory) el.setAttribute('webkitdirectory', '');
        }}
        type="file"
        accept="image/*"
        multiple={multiple || directory}
        hidden
        tabIndex={-1}
        aria-hidden="true"
        data-testid={testId}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // Cleared so that choosing the same files again fires another change.
          e.currentTarget.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </>
  );
}
