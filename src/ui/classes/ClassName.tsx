import { useEffect, useRef, useState } from 'react';
import { classNameKey, classNameProblem } from '../../core/dataset/classNames';
import { useT } from '../i18n/I18nProvider';

/**
 * A class name that becomes an input when clicked: Enter or leaving the field saves, Escape
 * keeps the old name. An empty name or another class's name is never saved: the old name stays
 * and a message under it says why. Focus returns to the name afterwards.
 */
export function ClassName({
  name,
  otherNames,
  headingId,
  autoFocus,
  onRename,
}: {
  name: string;
  /** The other classes' names, which this one may not take. */
  otherNames: readonly string[];
  /** Id of the heading, so the card can be labelled by it. */
  headingId: string;
  /** Focus the name when it first appears (a class just added). */
  autoFocus?: boolean;
  onRename: (name: string) => void;
}) {
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
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
    setProblem(null);
    setDraft(name);
  };

  const finish = (save: boolean) => {
    if (draft === null || !open.current) return;
    open.current = false;
    const clean = draft.trim();
    refocus.current = true;
    setDraft(null);
    if (!save || clean === name) return;
    const why = classNameProblem(clean, otherNames);
    if (why) setProblem(t('class.nameKept', reason(why, clean), name));
    else onRename(clean);
  };

  /** The core's reason in the interface language (the two it gives today), else its words. */
  function reason(why: string, clean: string): string {
    if (!clean) return t('class.nameEmpty');
    const key = classNameKey(clean);
    return otherNames.some((other) => classNameKey(other) === key)
      ? t('class.nameTaken', clean)
      : why;
  }

  const problemId = `${headingId}-problem`;
  return (
    <>
      <h3 id={headingId} className="class-name">
        {editing ? (
          <input
            ref={inputRef}
            className="class-name-input"
            aria-label={t('class.newName', name)}
            value={draft}
            maxLength={60}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            onChange={(e) => {
              setDraft(e.target.value);
              setProblem(null);
            }}
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
            aria-label={t('class.rename', name)}
            title={t('class.renameTitle')}
            aria-describedby={problem ? problemId : undefined}
            onClick={start}
          >
            {name}
          </button>
        )}
      </h3>
      {problem && (
        <p
          id={problemId}
          className="error class-name-problem"
          role="alert"
          data-testid="class-name-problem"
          style={{ flexBasis: '100%', order: 1, margin: 0 }}
        >
          {problem}
        </p>
      )}
    </>
  );
}
