import { useId, useRef, useState } from 'react';
import { HiddenFilePicker } from '../common/HiddenFilePicker';
import { useSession, usePlatform, useStore } from '../context';
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
  blocker: string | null;
  busy: boolean;
  onClick: () => void;
}) {
  const reasonId = useId();
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
          {blocker}
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
  const [busy, setBusy] = useState<string | null>(null);
  const openRef = useRef<HTMLInputElement | null>(null);
  const datasetRef = useRef<HTMLInputElement | null>(null);
  const modelRef = useRef<HTMLInputElement | null>(null);
  const folderRef = useRef<HTMLInputElement | null>(null);

  const training = snapshot.training.phase === 'training';
  const loading = snapshot.engine.phase !== 'ready';
  const working = training || snapshot.ingest.active;
  const sampleCount = Object.keys(snapshot.samples).length;
  const changeBlocker = loading
    ? 'The image model is still loading.'
    : working
      ? 'Wait for training or adding images to finish.'
      : null;

  async function run(label: string, action: () => unknown) {
    setBusy(label);
    try {
      await action();
    } catch (error) {
      store.addNotice('error', `${label} failed: ${message(error)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <nav className="project-menu" aria-label="Project" data-testid="project-menu">
      <div className="button-row">
        <Action
          label="Save project"
          testId="save-project"
          blocker={working ? 'Wait for training or adding images to finish.' : null}
          busy={busy !== null}
          onClick={() => void run('Saving the project', () => saveProject(store, platform))}
        />
        <Action
          label="Open project"
          testId="open-project"
          blocker={changeBlocker}
          busy={busy !== null}
          onClick={() => openRef.current?.click()}
        />
        <Action
          label="Export model"
          testId="export-model"
          blocker={modelExportBlocker(snapshot.hasModel, training)}
          busy={busy !== null}
          onClick={() => void run('Exporting the model', () => exportModel(store, platform))}
        />
        <Action
          label="Export model as separate files"
          testId="export-model-files"
          blocker={modelExportBlocker(snapshot.hasModel, training)}
          busy={busy !== null}
          onClick={() =>
            void run('Exporting the model files', () => exportModelFiles(store, platform))
          }
        />
        <Action
          label="Open model"
          testId="open-model"
          blocker={changeBlocker}
          busy={busy !== null}
          onClick={() => modelRef.current?.click()}
        />
        <Action
          label="Export for Teachable Machine"
          testId="export-tm"
          blocker={tmExportBlocker(snapshot.backboneId, snapshot.hasModel, training)}
          busy={busy !== null}
          onClick={() =>
            void run('Exporting for Teachable Machine', () =>
              exportTeachableMachineModel(store, platform),
            )
          }
        />
        <Action
          label="Import dataset (.zip)"
          testId="import-dataset"
          blocker={changeBlocker}
          busy={busy !== null}
          onClick={() => datasetRef.current?.click()}
        />
        <Action
          label="Import dataset folder"
          testId="import-dataset-folder"
          blocker={changeBlocker}
          busy={busy !== null}
          onClick={() => folderRef.current?.click()}
        />
        <Action
          label="Export dataset"
          testId="export-dataset"
          blocker={sampleCount === 0 ? 'Add images first.' : null}
          busy={busy !== null}
          onClick={() => void run('Exporting the dataset', () => exportDataset(store, platform))}
        />
      </div>
      {busy && (
        <p role="status" className="hint" data-testid="project-busy">
          {busy}…
        </p>
      )}
      <HiddenFilePicker
        pickerRef={openRef}
        accept=".zip,application/zip"
        testId="open-project-input"
        onFiles={([file]) =>
          void run('Opening the project', () => openProjectFile(store, platform, file!))
        }
      />
      <HiddenFilePicker
        pickerRef={modelRef}
        accept=".zip,application/zip,.json,.bin"
        multiple
        testId="open-model-input"
        onFiles={(files) =>
          void run('Opening the model', () => openModelFiles(store, platform, files))
        }
      />
      <HiddenFilePicker
        pickerRef={datasetRef}
        accept=".zip,application/zip"
        testId="import-dataset-input"
        onFiles={(files) =>
          void run('Importing the dataset', () => importDataset(store, platform, files))
        }
      />
      <HiddenFilePicker
        pickerRef={folderRef}
        directory
        testId="import-dataset-folder-input"
        onFiles={(files) =>
          void run('Importing the dataset', () => importDataset(store, platform, files))
        }
      />
    </nav>
  );
}
