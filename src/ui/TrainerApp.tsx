import type { NoticeAction, SessionStore } from '../core/session/sessionTypes';
import type { Platform } from '../platform/platform';
import { ClassesPanel } from './classes/ClassesPanel';
import { SessionProvider, usePlatform, useSession, useStore } from './context';
import { EvaluatePanel } from './evaluate/EvaluatePanel';
import { I18nProvider, useT } from './i18n/I18nProvider';
import type { Language } from './i18n/languages';
import { LanguagePicker } from './i18n/LanguagePicker';
import { EmbeddingMapPanel } from './map/EmbeddingMap';
import { PreviewPanel } from './preview/PreviewPanel';
import { ProjectMenu } from './project/ProjectMenu';
import { ProjectsButton, type ProjectsController } from './project/ProjectsDialog';
import { saveProject } from './project/projectFiles';
import { Notices } from './status/Notices';
import { StopAdding } from './status/StopAdding';
import { StatusBar } from './status/StatusBar';
import { TrainPanel } from './train/TrainPanel';
import './trainer.css';

function TrainerPage({
  notes,
  projects,
}: {
  notes: readonly string[];
  projects: ProjectsController | undefined;
}) {
  const snapshot = useSession();
  const store = useStore();
  const platform = usePlatform();
  const t = useT();
  /** A notice's button: "Save project" downloads the project, as the Project menu does. */
  const onNoticeAction = (action: NoticeAction) => {
    if (action !== 'save-project') return;
    saveProject(store, platform).catch((error: unknown) =>
      store.addNotice(
        'error',
        t('app.saveFailed', error instanceof Error ? error.message : String(error)),
      ),
    );
  };
  return (
    <div className="trainer">
      <header className="trainer-header">
        <div>
          <h1>Glimpse</h1>
          <p>{t('app.tagline')}</p>
        </div>
        <LanguagePicker />
        <StatusBar />
        <ProjectMenu />
        {projects && <ProjectsButton projects={projects} />}
        {notes.length > 0 && (
          <ul className="hint url-notes" data-testid="url-notes">
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
      </header>
      <Notices
        notices={snapshot.notices}
        onDismiss={(id) => store.dismissNotice(id)}
        onAction={onNoticeAction}
      />
      <StopAdding />
      <main className="trainer-grid">
        <ClassesPanel />
        <div className="trainer-side">
          <TrainPanel />
          <EvaluatePanel />
          <PreviewPanel />
          <EmbeddingMapPanel />
        </div>
      </main>
    </div>
  );
}

/**
 * The trainer page. The caller creates the store (and calls `store.start()`) and the platform,
 * and disposes them; this component only reads and commands them. `notes` are sentences about
 * the page address (e.g. "Offline mode (?offline=1): …"), shown under the status bar.
 * `projects` (the autosave) adds the Projects dialog. `language` forces the interface language
 * (else the one chosen last, else the browser's when the interface speaks it, else English).
 */
export function TrainerApp({
  store,
  platform,
  notes = [],
  projects,
  language,
}: {
  store: SessionStore;
  platform: Platform;
  notes?: readonly string[];
  projects?: ProjectsController;
  language?: Language;
}) {
  return (
    <I18nProvider language={language}>
      <SessionProvider store={store} platform={platform}>
        <TrainerPage notes={notes} projects={projects} />
      </SessionProvider>
    </I18nProvider>
  );
}
