/**
 * What the Project menu does, as plain async functions over the store and the platform (no
 * React): save/open a project, export the model, import/export a dataset. Each throws an Error
 * with a message for a teacher; the menu turns it into a notice.
 */
import { classNameKey, renamedClassesNotice } from '../../core/dataset/classNames';
import {
  checkFolderSize,
  datasetFromFiles,
  datasetFromZip,
  datasetToZip,
} from '../../core/io/datasetFolders';
import { safeSegment } from '../../core/io/folderNames';
import {
  exportHead,
  exportHeadZip,
  parseHeadExportZip,
  type HeadExportInput,
} from '../../core/io/headExport';
import type { ExampleRuntime } from '../../core/io/headExample';
import { modelJsonUrl } from '../../core/features/catalog';
import { projectFromHeadExport, readHeadExportFiles } from '../../core/io/headImport';
import { imageMimeType } from '../../core/io/imageFileTypes';
import { parseProject, serializeProject } from '../../core/io/projectFormat';
import { canExportTeachableMachine, exportTeachableMachineZip } from '../../core/io/tmExport';
import { checkFileSize, DEFAULT_ZIP_LIMITS } from '../../core/io/zip';
import type { SessionStore } from '../../core/session/sessionTypes';
import type { Platform } from '../../platform/platform';
import { addFilesInChunks } from '../classes/addFilesInChunks';
import type { MessageKey, Translate } from '../i18n/translate';

/** Version written into saved projects and exports. */
export const APP_VERSION = '0.1.0';

/** A file name stem from the project name ("My pets" → "My pets"). */
export function fileStem(projectName: string): string {
  return safeSegment(projectName, 'project');
}

/** Saves the project as `<name>.glimpse.zip`; false when the session could not read it. */
export async function saveProject(store: SessionStore, platform: Platform): Promise<boolean> {
  const project = await store.exportProject();
  if (!project) return false;
  platform.saveFile(serializeProject(project), `${fileStem(project.name)}.glimpse.zip`);
  return true;
}

/** Largest zip opened (project, model or dataset), checked before a byte of it is read. */
const MAX_ZIP_BYTES = DEFAULT_ZIP_LIMITS.maxArchiveBytes!;

/**
 * Reads and opens a project file (refused unread when larger than an archive may be); the
 * session keeps the current project on any failure.
 */
export async function openProjectFile(
  store: SessionStore,
  platform: Platform,
  file: File,
): Promise<boolean> {
  checkFileSize(file.size, file.name, MAX_ZIP_BYTES);
  const project = parseProject(await platform.readBytes(file), { fileName: file.name });
  return store.openProject(project);
}

/**
 * Opens an exported model for preview: its zip, or its three files (model.json, weights.bin,
 * metadata.json) picked together, each size-checked before it is read. Becomes a project with
 * one empty class per label and the model installed; the session keeps the current project on
 * any failure.
 */
export async function openModelFiles(
  store: SessionStore,
  platform: Platform,
  files: readonly File[],
): Promise<boolean> {
  const zip = files.length === 1 ? files[0]! : undefined;
  const fileName = zip?.name ?? 'the model files';
  if (zip) checkFileSize(zip.size, zip.name, MAX_ZIP_BYTES);
  const parsed = zip
    ? parseHeadExportZip(await platform.readBytes(zip), zip.name)
    : await readHeadExportFiles(
        files.map((f) => ({ name: f.name, size: f.size, read: () => platform.readBytes(f) })),
      );
  const name = zip ? zip.name.replace(/(-model)?\.zip$/i, '') : 'Imported model';
  return store.openProject(projectFromHeadExport(parsed, name || 'Imported model', fileName));
}

/** Why the model cannot be exported now (a message key), or null. */
export function modelExportBlocker(hasModel: boolean, training: boolean): MessageKey | null {
  if (training) return 'project.waitTraining';
  if (!hasModel) return 'project.trainFirst';
  return null;
}

/** Why a Teachable Machine export is impossible now (a message key), or null. */
export function tmExportBlocker(
  backboneId: string,
  hasModel: boolean,
  training: boolean,
): MessageKey | null {
  if (!canExportTeachableMachine(backboneId)) return 'project.tmOnly';
  return modelExportBlocker(hasModel, training);
}

/** What the head export needs, from the session's trained head. */
function headExportInput(store: SessionStore): HeadExportInput {
  const head = store.trainedHead();
  const spec = store.getSnapshot().engine.backbone?.spec;
  if (!head || !spec) throw new Error('There is no trained model to export.');
  return {
    weights: head.weights,
    labels: head.labels,
    backbone: spec,
    training: head.training,
    appVersion: APP_VERSION,
  };
}

/**
 * What the export's example page runs on: TF.js and the backbone's files (fetched again from
 * where the engine loaded them). Either may be missing (offline fallback, fetch failed); the
 * zip's README.txt then says how to add it.
 */
async function exampleRuntime(store: SessionStore, platform: Platform): Promise<ExampleRuntime> {
  const backbone = store.getSnapshot().engine.backbone;
  const runsInExample = backbone && backbone.spec.loader.kind !== 'nsfwjs-offline';
  const [tfjs, model] = await Promise.all([
    platform.fetchTfjsBundle().catch(() => undefined),
    runsInExample
      ? platform
          .fetchModelFiles(modelJsonUrl(backbone.spec, backbone.report.url, backbone.report.source))
          .catch(() => undefined)
      : undefined,
  ]);
  return { ...(tfjs ? { tfjs } : {}), ...(model ? { backbone: model } : {}) };
}

/**
 * Downloads the head as model.json + weights.bin + metadata.json, with the standalone example
 * (index.html + example.js + README.txt) and what it runs on (tf.min.js, backbone/), in
 * `<name>-model.zip`. Tells the user (in `t`'s language) when the example could not be made
 * self-contained.
 */
export async function exportModel(
  store: SessionStore,
  platform: Platform,
  t: Translate,
): Promise<void> {
  const input = headExportInput(store);
  const runtime = await exampleRuntime(store, platform);
  platform.saveFile(
    exportHeadZip(input, runtime),
    `${fileStem(store.getSnapshot().projectName)}-model.zip`,
  );
  const missing =
    !runtime.tfjs && !runtime.backbone
      ? 'both'
      : !runtime.tfjs
        ? 'tfjs'
        : !runtime.backbone
          ? 'model'
          : null;
  if (missing) store.addNotice('info', t('project.exportedWithout', missing));
}

const FILE_TYPES: Record<string, string> = {
  'model.json': 'application/json',
  'metadata.json': 'application/json',
  'weights.bin': 'application/octet-stream',
};

/**
 * Downloads the head as three separate files named exactly model.json, weights.bin and
 * metadata.json (model.json names "weights.bin", so the names must not change).
 */
export function exportModelFiles(store: SessionStore, platform: Platform): void {
  for (const file of exportHead(headExportInput(store))) {
    platform.saveFile(file.bytes, file.path, FILE_TYPES[file.path]);
  }
}

/**
 * Downloads a full Teachable-Machine-compatible model, built from the base model files the
 * engine loaded (fetched again from the same self-hosted URL).
 */
export async function exportTeachableMachineModel(
  store: SessionStore,
  platform: Platform,
): Promise<void> {
  const head = store.trainedHead();
  const { engine, projectName } = store.getSnapshot();
  const url = engine.backbone?.report.url;
  if (!head || !url) throw new Error('There is no trained model to export.');
  const base = await platform.fetchModelFiles(url);
  const bytes = exportTeachableMachineZip({
    base,
    head: head.weights,
    labels: head.labels,
    backboneId: head.backboneId,
    appVersion: APP_VERSION,
    modelName: projectName,
  });
  platform.saveFile(bytes, `${fileStem(projectName)}-teachable-machine.zip`);
}

/**
 * Imports a dataset (a zip, or the files of a picked folder) as classes named after its
 * folders: images join a class of the same name or a new one. In a project without images
 * the empty starter classes are removed first. Resolves with the number of images added.
 */
export async function importDataset(
  store: SessionStore,
  platform: Platform,
  files: readonly File[],
): Promise<number> {
  const zip = files.length === 1 && /\.zip$/i.test(files[0]!.name);
  // Sizes are checked before anything is read.
  const sizes = files.map((f) => f.size);
  if (zip) checkFileSize(sizes[0]!, files[0]!.name, MAX_ZIP_BYTES);
  else checkFolderSize(sizes, 'the folder');
  const dataset = zip
    ? datasetFromZip(await platform.readBytes(files[0]!), { fileName: files[0]!.name })
    : datasetFromFiles(
        await Promise.all(
          files.map(async (f) => ({
            path: f.webkitRelativePath || f.name,
            bytes: await platform.readBytes(f),
          })),
        ),
        'the folder',
      );
  const before = store.getSnapshot();
  if (Object.keys(before.samples).length === 0) {
    for (const c of before.classes) store.deleteClass(c.id);
  }
  const rejected = dataset.skipped.map((s) => ({ name: s.path, reason: s.reason }));
  let added = 0;
  for (const c of dataset.classes) {
    // A folder joins the class of the same name, compared as class names are ("cats", "Cats").
    const key = classNameKey(c.className);
    const existing = store.getSnapshot().classes.find((k) => classNameKey(k.name) === key);
    const classId = existing?.id ?? store.addClass(c.className);
    const decoded = await addFilesInChunks(
      store,
      platform,
      classId,
      c.files.map(
        (f) =>
          new File([f.bytes as Uint8Array<ArrayBuffer>], f.path.split('/').pop() ?? f.path, {
            type: imageMimeType(f.path),
          }),
      ),
      'dataset',
    );
    // Named by their path in the zip or folder, like the files the dataset reader skipped.
    const pathOf = (name: string) =>
      c.files.find((f) => f.path.split('/').pop() === name)?.sourcePath ?? `${c.className}/${name}`;
    rejected.push(...decoded.rejected.map((r) => ({ ...r, name: pathOf(r.name) })));
    added += (await decoded.added).length;
  }
  store.reportRejected(rejected);
  if (dataset.renamed.length > 0) {
    const source = zip ? `“${files[0]!.name}”` : 'The folder';
    store.addNotice('warning', renamedClassesNotice(dataset.renamed, source));
  }
  return added;
}

/** Downloads the images as one folder per class in `<name>-dataset.zip`. */
export async function exportDataset(store: SessionStore, platform: Platform): Promise<boolean> {
  const project = await store.exportProject();
  if (!project) return false;
  const bytes = datasetToZip(
    project.classes.map((c) => ({
      className: c.name,
      images: project.samples
        .filter((s) => s.classId === c.id)
        // The saved images are JPEG thumbnails, whatever the original file was.
        .map((s) => ({ name: `${(s.name ?? s.id).replace(/\.[^./]+$/, '')}.jpg`, bytes: s.image })),
    })),
  );
  platform.saveFile(bytes, `${fileStem(project.name)}-dataset.zip`);
  return true;
}
