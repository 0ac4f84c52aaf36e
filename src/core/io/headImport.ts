/**
 * Opening an exported head (issue 4d) for preview: the head export's files become a project
 * with one class per label (in output order), no images, and the head installed, on the
 * backbone the head was trained on. Pure data: the session opens it like a project file, so
 * a head that does not fit (unknown backbone, wrong feature size) leaves the current project as
 * it was.
 */
import { InvalidFileError } from '../errors';
import { findBackbone } from '../features/catalog';
import { DEFAULT_HEAD_OPTIONS, type HeadOptions } from '../training/headOptions';
import { parseHeadExport, type ParsedHeadExport } from './headExport';
import { isObject, MAX_JSON_BYTES, parseJsonFile } from './jsonFile';
import type { ProjectData } from './projectFormat';
import { readWeightsManifest } from './weightsManifest';
import { checkFileSize, DEFAULT_ZIP_LIMITS } from './zip';

/**
 * Most labels an opened model may have: each becomes a class card. Far above any classroom
 * model, far below what would freeze the page.
 */
export const MAX_IMPORTED_LABELS = 1000;

/** A file the user picked, known by its name and size until it is read. */
export interface PickedFile {
  name: string;
  size: number;
  read(): Promise<Uint8Array>;
}

/** Largest weights.bin read: the per-file cap of an archive (a head is a few MB). */
const MAX_WEIGHTS_BYTES = DEFAULT_ZIP_LIMITS.maxEntryBytes;

/**
 * Reads an exported model picked as separate files (model.json, weights.bin, metadata.json;
 * others are ignored and never read) and parses it like {@link parseHeadExport}. Every size is
 * checked before the file is read: the JSON files against {@link MAX_JSON_BYTES}, weights.bin
 * against 64 MB and then against the exact size model.json's manifest declares, so a huge or
 * mismatched weights.bin is refused unread. Throws {@link InvalidFileError}.
 */
export async function readHeadExportFiles(files: readonly PickedFile[]): Promise<ParsedHeadExport> {
  const find = (name: string) => {
    const found = files.find((f) => f.name === name);
    if (!found) {
      throw new InvalidFileError(
        name,
        'missing-file',
        'the file is missing from the exported model.',
      );
    }
    return found;
  };
  const [metadata, model, weights] = [
    find('metadata.json'),
    find('model.json'),
    find('weights.bin'),
  ];
  checkFileSize(metadata.size, metadata.name, MAX_JSON_BYTES);
  checkFileSize(model.size, model.name, MAX_JSON_BYTES);
  checkFileSize(weights.size, weights.name, MAX_WEIGHTS_BYTES);
  const modelBytes = await model.read();
  const { byteLength } = readWeightsManifest(parseJsonFile(modelBytes, 'model.json'));
  if (weights.size !== byteLength) {
    throw new InvalidFileError(
      'weights.bin',
      'size-mismatch',
      `it holds ${weights.size} bytes but model.json describes ${byteLength}.`,
    );
  }
  return parseHeadExport([
    { path: 'metadata.json', bytes: await metadata.read() },
    { path: 'model.json', bytes: modelBytes },
    { path: 'weights.bin', bytes: await weights.read() },
  ]);
}

/**
 * The training settings recorded in metadata.json, each kept only when it has the type of the
 * default (files written by hand may lack or garble them).
 */
function headOptionsOf({ metadata, weights }: ParsedHeadExport): HeadOptions {
  const training: unknown = metadata.training;
  const settings = isObject(training) && isObject(training.settings) ? training.settings : {};
  const options: Record<string, unknown> = { ...DEFAULT_HEAD_OPTIONS };
  for (const [key, fallback] of Object.entries(DEFAULT_HEAD_OPTIONS)) {
    const value = settings[key];
    if (typeof value === typeof fallback && typeof fallback !== 'object') options[key] = value;
  }
  // The head's own shape wins over what the settings say.
  options.hiddenUnits = weights.hiddenUnits;
  options.outputBias = weights.layers[weights.layers.length - 1]!.bias !== null;
  return options as unknown as HeadOptions;
}

/** A project that previews an exported head: classes from its labels, no images. */
export function projectFromHeadExport(
  parsed: ParsedHeadExport,
  name: string,
  fileName = 'model.zip',
): ProjectData {
  const { metadata, weights, labels } = parsed;
  if (labels.length > MAX_IMPORTED_LABELS) {
    throw new InvalidFileError(
      fileName,
      'too-large',
      `it has ${labels.length} classes; Glimpse opens models of up to ${MAX_IMPORTED_LABELS}.`,
    );
  }
  const backbone = findBackbone(metadata.backbone.id);
  if (!backbone) {
    throw new InvalidFileError(
      fileName,
      'invalid-value',
      `it was trained on the image model "${metadata.backbone.id}", which this Glimpse does not know.`,
    );
  }
  if (backbone.embeddingDim !== weights.inputDim) {
    throw new InvalidFileError(
      fileName,
      'size-mismatch',
      `it takes ${weights.inputDim} features but the image model "${backbone.id}" makes ${backbone.embeddingDim}.`,
    );
  }
  const classes = labels.map((label, i) => ({ id: `class-${i + 1}`, name: label }));
  return {
    name,
    createdWith: `${metadata.appName} ${metadata.appVersion}`,
    backboneId: backbone.id,
    embeddingDim: backbone.embeddingDim,
    headOptions: headOptionsOf(parsed),
    classes,
    samples: [],
    head: { weights, classIds: classes.map((c) => c.id) },
    // The export keeps no epoch history; the preview shows none.
    training: null,
  };
}
