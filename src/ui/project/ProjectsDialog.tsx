import { useEffect, useId, useState } from 'react';
import type { Autosave } from '../../core/session/autosave';
import type { StoredProjectInfo } from '../../core/persistence/projectStorage';
import { useStore } from '../context';
import { useLanguage, useT } from '../i18n/I18nProvider';
import './projects.css';

/**
 * What the Projects dialog needs: the autosave's project commands, and (optionally) `flush`,
 * which writes a pending save so that the list read after an action shows a project that was
 * just started.
 */
export type ProjectsController = Pick<
  Autosave,
  'projectId' | 'list' | 'createNew' | 'switchTo' | 'rename' | 'duplicate' | 'remove'
> &
  Partial<Pick<Autosave, 'flush'>>;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A date and time in the interface's language ("Nov 25, 2026, 9:04 PM", "25 nov 2026, 21:04"). */
const formatTime = (ms: number, language: string) =>
  new Date(ms).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });

/** One stored project: open, rename, duplicate, delete (after a confirmation). */
function ProjectRow({
  info,
  current,
  busy,
  run,
  projects,
}: {
  info: StoredProjectInfo;
  current: boolean;
  busy: boolean;
  run: (action: () => Promise<unknown>) => void;
  projects: ProjectsController;
}) {
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm-delete'>('view');
  const [name, setName] = useState(info.name);
  const inputId = useId();
  const t = useT();
  const { language } = useLanguage();
  return (
    <li className="projects-row" data-testid="project-row" data-project-id={info.id}>
      <span className="projects-name">
        <strong data-testid="project-name">{info.name}</strong>
        {current && <span className="hint">{t('projects.openNow')}</span>}
        <span className="hint" data-testid="project-updated">
          {' '}
          {t('projects.updated', formatTime(info.savedAt, language))}
        </span>
      </span>
      {mode === 'rename' && (
        <form
          className="projects-actions"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => projects.rename(info.id, name));
            setMode('view');
          }}
        >
          <label htmlFor={inputId}>{t('projects.newName', info.name)}</label>
          <input id={inputId} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <button type="submit" disabled={busy || !name.trim()}>
            {t('projects.saveName')}
          </button>
          <button type="button" onClick={() => setMode('view')}>
            {t('common.cancel')}
          </button>
        </form>
      )}
      {mode === 'confirm-delete' && (
        <span
          className="projects-actions"
          role="group"
          aria-label={t('projects.deleteLabel', info.name)}
        >
          <span>{t('projects.deleteQuestion', info.name)}</span>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setMode('view');
              run(() => projects.remove(info.id));
            }}
          >
            {t('projects.deleteForGood')}
          </button>
          <button type="button" onClick={() => setMode('view')}>
            {t('projects.keep')}
          </button>
        </span>
      )}
      {mode === 'view' && (
        <span className="projects-actions">
          <button
            type="button"
            disabled={busy || current}
            onClick={() => run(() => projects.switchTo(info.id))}
          >
            {t('projects.open')} <span className="visually-hidden">{info.name}</span>
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setName(info.name);
              setMode('rename');
            }}
          >
            {t('projects.rename')} <span className="visually-hidden">{info.name}</span>
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => run(() => projects.duplicate(info.id))}
          >
            {t('projects.duplicate')} <span className="visually-hidden">{info.name}</span>
          </button>
          <button type="button" disabled={busy} onClick={() => setMode('confirm-delete')}>
            {t('common.delete')} <span className="visually-hidden">{info.name}</span>
          </button>
        </span>
      )}
    </li>
  );
}

/** The stored projects, newest first, with a button to start a new one. */
export function ProjectsDialog({
  projects,
  onClose,
}: {
  projects: ProjectsController;
  onClose: () => void;
}) {
  const store = useStore();
  const titleId = useId();
  const t = useT();
  const [items, setItems] = useState<StoredProjectInfo[] | null>(null);
  const [busy, setBusy] = useState(false);

  /** Bumped after every action to read the list again. */
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    projects.list().then(
      (list) => live && setItems(list),
      (error: unknown) => {
        if (!live) return;
        store.addNotice('error', t('projects.listFailed', message(error)));
        setItems([]);
      },
    );
    return () => {
      live = false;
    };
  }, [projects, store, version, t]);

  const run = (action: () => Promise<unknown>) => {
    setBusy(true);
    action()
      // A new or opened project is saved a moment later: save it now, then list.
      .then(() => projects.flush?.())
      .catch((error: unknown) => store.addNotice('error', message(error)))
      .finally(() => {
        setBusy(false);
        setVersion((v) => v + 1);
      });
  };

  return (
    <div
      className="projects-dialog"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-testid="projects-dialog"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id={titleId}>{t('projects.heading')}</h2>
      <p className="hint">{t('projects.intro')}</p>
      <button type="button" disabled={busy} onClick={() => run(() => projects.createNew())}>
        {t('projects.new')}
      </button>
      {items === null ? (
        <p>{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('projects.none')}</p>
      ) : (
        <ul className="projects-list">
          {items.map((info) => (
            <ProjectRow
              key={`${info.id}-${info.name}`}
              info={info}
              current={info.id === projects.projectId}
              busy={busy}
              run={run}
              projects={projects}
            />
          ))}
        </ul>
      )}
      <button type="button" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}

/** A "Projects" button that opens {@link ProjectsDialog}. */
export function ProjectsButton({ projects }: { projects: ProjectsController }) {
  const [open, setOpen] = useState(false);
  const t = useT();
  return (
    <div className="projects">
      <button
        type="button"
        aria-expanded={open}
        data-testid="projects-button"
        onClick={() => setOpen((o) => !o)}
      >
        {t('projects.button')}
      </button>
      {open && <ProjectsDialog projects={projects} onClose={() => setOpen(false)} />}
    </div>
  );
}
