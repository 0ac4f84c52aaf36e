import { useId, useRef, useState } from 'react';
import { HiddenFilePicker } from '../common/HiddenFilePicker';
import { useSession, usePlatform, useStore } from '../context';
import { useT } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/translate';
import {
  exportDataset,
  exportModel,
  exportModelFiles,
  exportTeachableMachineModel,
  importDataset,
  modelExportBlocker,
  openModelFiles,
  openProjectFile,
  saveProject,
  tmExportBlocker,
} from './projectFiles';
import './project.css';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One toolbar button; when it cannot be used, the reason is shown and linked to it. */
function Action({
  label,
  testId,
  blocker,
  busy,
  onClick,
}: {
  label: string;
  testId: string;
  blocker: MessageKey | null;
  busy: boolean;
  onClick: () => void;
}) {
  const reasonId = useId();
  const t = useT();
  return (
    <span className="project-action">
      <button
        type="button"
        data-testid={testId}
        disabled={busy || blocker !== null}
        aria-describedby={blocker ? reasonId : undefined}
        onClick={onClick}
      >
        {label}
      </button>
      {blocker && (
        <span id={reasonId} className="hint" data-testid={`${testId}-reason`}>
          {t(blocker)}
        </span>
      )}
    </span>
  );
}

/**
 * The Project toolbar: save/open the project file, export the trained model (head zip, its
 * three files separately, or a full Teachable Machine model), open an exported model for
 * preview, import/export a dataset as one folder per class. Problems become notices; the
 * current project is kept when a file cannot be opened.
 */
export function ProjectMenu() {
  const snapshot = useSession();
  const store = useStore();
  const platform = usePlatform();
  const t = useT();
  const [busy, setBusy] = useState<MessageKey | null>(null);
  const openRef = useRef<HTMLInputElement | null>(null);
  const datasetRef = useRef<HTMLInputElement | null>(null);
  const modelRef = useRef<HTMLInputElement | null>(null);
  const folderRef = useRef<HTMLInputElement | null>(null);

  const training = snapshot.training.phase === 'training';
  const loading = snapshot.engine.phase !== 'ready';
  const working = training || snapshot.ingest.active;
  const sampleCount = Object.keys(snapshot.samples).length;
  const changeBlocker: MessageKey | null = loading
    ? 'project.loading'
    : working
      ? 'project.waitBusy'
      : null;

  /** Runs one action; `label` (what it is doing) shows while it runs and names it if it fails. */
  async function run(label: MessageKey, action: () => unknown) {
    setBusy(label);
    try {
      await action();
    } catch (error) {
      store.addNotice('error', t('project.failed', t(label), message(error)));
    } finally {
      setBusy(null);
    }
  }

  return (
    <nav className="project-menu" aria-label={t('project.label')} data-testid="project-menu">
      <div className="button-row">
        <Action
          label={t('project.save')}
          testId="save-project"
          blocker={working ? 'project.waitBusy' : null}
          busy={busy !== null}
          onClick={() => void run('project.saving', () => saveProject(store, platform))}
        />
        <Action
          label={t('project.open')}
          testId="open-project"
          blocker={changeBlocker}
          busy={busy !== null}
          onClick={() => openRef.current?.click()}
        />
        <Action
          label={t('project.exportModel')}
          testId="export-model"
          blocker={modelExportBlocker(snapshot.hasModel, training)}
          busy={busy !== null}
          onClick={() => void run('project.exportingModel', () => exportModel(store, platform, t))}
        />
        <Action
          label={t('project.exportFiles')}
          testId="export-model-files"
          blocker={modelExportBlocker(snapshot.hasModel, training)}
          busy={busy !== null}
          onClick={() =>
            void run('project.exportingFiles', () => exportModelFiles(store, platform))
          }
        />
        <Action
          label={t('project.openModel')}
          testId="open-model"
          blocker={changeBlocker}
          busy={busy !== null}
          onClick={() => modelRef.current?.click()}
        />
        <Action
          label={t('project.exportTm')}
          testId="export-tm"
          blocker={tmExportBlocker(snapshot.backboneId, snapshot.hasModel, training)}
          busy={busy !== null}
          onClick={() =>
            void run('project.exportingTm', () => exportTeachableMachineModel(store, platform))
          }
        />
        <Action
          label={t('project.importZip')}
          testId="import-dataset"
          blocker={changeBlocker}
          busy={busy !== null}
          onClick={() => datasetRef.current?.click()}
        />
        <Action
          label={t('project.importFolder')}
          testId="import-dataset-folder"
          blocker={changeBlocker}
          busy={busy !== null}
          onClick={() => folderRef.current?.click()}
        />
        <Action
          label={t('project.exportDataset')}
          testId="export-dataset"
          blocker={sampleCount === 0 ? 'project.addFirst' : null}
          busy={busy !== null}
          onClick={() => void run('project.exportingDataset', () => exportDataset(store, platform))}
        />
      </div>
      {busy && (
        <p role="status" className="hint" data-testid="project-busy">
          {t(busy)}…
        </p>
      )}
      <HiddenFilePicker
        pickerRef={openRef}
        accept=".zip,application/zip"
        testId="open-project-input"
        onFiles={([file]) =>
          void run('project.opening', () => openProjectFile(store, platform, file!))
        }
      />
      <HiddenFilePicker
        pickerRef={modelRef}
        accept=".zip,application/zip,.json,.bin"
        multiple
        testId="open-model-input"
        onFiles={(files) =>
          void run('project.openingModel', () => openModelFiles(store, platform, files))
        }
      />
      <HiddenFilePicker
        pickerRef={datasetRef}
        accept=".zip,application/zip"
        testId="import-dataset-input"
        onFiles={(files) =>
          void run('project.importing', () => importDataset(store, platform, files))
        }
      />
      <HiddenFilePicker
        pickerRef={folderRef}
        directory
        testId="import-dataset-folder-input"
        onFiles={(files) =>
          void run('project.importing', () => importDataset(store, platform, files))
        }
      />
    </nav>
  );
}
