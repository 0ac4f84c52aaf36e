import type { RefObject } from 'react';

/**
 * A hidden file input, opened by a button elsewhere (`pickerRef.current.click()`): keyboard and
 * screen-reader users reach the button, tests set files on the input. `directory` picks a
 * whole folder. The value is cleared after each pick so choosing the same files fires again.
 */
export function HiddenFilePicker({
  pickerRef,
  accept,
  directory,
  multiple,
  testId,
  onFiles,
}: {
  pickerRef: RefObject<HTMLInputElement | null>;
  accept?: string;
  directory?: boolean;
  multiple?: boolean;
  testId?: string;
  onFiles: (files: File[]) => void;
}) {
  return (
    <input
      ref={(el) => {
        pickerRef.current = el;
        // Not in React's typings; every current browser supports it.
        if (el && directory) el.setAttribute('webkitdirectory', '');
      }}
      type="file"
      accept={accept}
      multiple={Boolean(directory || multiple)}
      hidden
      tabIndex={-1}
      aria-hidden="true"
      data-testid={testId}
      onChange={(e) => {
        const files = Array.from(e.currentTarget.files ?? []);
        e.currentTarget.value = '';
        if (files.length) onFiles(files);
      }}
    />
  );
}
