import { useEffect, useRef, useState } from 'react';

/**
 * A class name that becomes an input when clicked: Enter or leaving the field saves, Escape
 * keeps the old name. Focus returns to the name afterwards.
 */
export function ClassName({
  name,
  headingId,
  autoFocus,
  onRename,
}: {
  name: string;
  /** Id of the heading, so the card can be labelled by it. */
  headingId: string;
  /** Focus the name when it first appears (a class just added). */
  autoFocus?: boolean;
  onRename: (name: string) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const refocus = useRef(autoFocus ?? false);
  // Guards against the blur that some browsers fire while the input is being removed.
  const open = useRef(false);
  const editing = draft !== null;

  useEffect(() => {
    if (editing) {
      inputRef.current?.focus();
      inputRef.current?.select();
    } else if (refocus.current) {
      refocus.current = false;
      buttonRef.current?.focus();
    }
  }, [editing]);

  const start = () => {
    open.current = true;
    setDraft(name);
  };

  const finish = (save: boolean) => {
    if (draft === null || !open.current) return;
    open.current = false;
    const clean = draft.trim();
    refocus.current = true;
    setDraft(null);
    if (save && clean && clean !== name) onRename(clean);
  };

  return (
    <h3 id={headingId} className="class-name">
      {editing ? (
        <input
          ref={inputRef}
          className="class-name-input"
          aria-label={`New name for ${name}`}
          value={draft}
          maxLength={60}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              finish(true);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              finish(false);
            }
          }}
          onBlur={() => finish(true)}
        />
      ) : (
        <button
          ref={buttonRef}
          type="button"
          className="class-name-button"
          aria-label={`${name} (rename)`}
          title="Click to rename"
          onClick={start}
        >
          {name}
        </button>
      )}
    </h3>
  );
}
