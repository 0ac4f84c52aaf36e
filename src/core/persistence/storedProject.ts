/**
 * How a project is kept in a browser database so that saving it again costs only what changed.
 *
 * A project is split into one small record (format "glimpse-stored-project", version 1) and one
 * record per sample holding its image and embedding. The small record carries a project file
 * (io/projectFormat) without samples, so its name, settings, classes, trained head and training
 * summary are validated and migrated exactly like an opened file, plus the sample list and the
 * evaluation (which names samples). Images and embeddings never change once a sample exists
 * (switching image model replaces the embedding arrays; changing augmentation replaces the list
 * of variant embeddings), so a save rewrites only the samples whose arrays are not the ones last
 * written; {@link SampleWriteTracker} remembers those.
 *
 * Pure data: no storage, no DOM. src/platform/indexedDbProjectStorage.ts does the I/O.
 */
import { InvalidFileError } from '../errors';
import {
  checkEvaluation,
  parseProject,
  serializeProject,
  type ProjectData,
  type ProjectEvaluation,
  type ProjectSample,
} from '../io/projectFormat';
import { allFinite } from '../io/binary';
import type { SampleSource } from '../types';

export const STORED_PROJECT_FORMAT = 'glimpse-stored-project';
export const STORED_PROJECT_VERSION = 1;

/** A sample's place in the project; its image and embedding are stored apart. */
export interface StoredSampleRef {
  id: string;
  classId: string;
  source: SampleSource;
  name?: string;
}

/** The small record: everything but the samples' images and embeddings. */
export interface StoredProjectRecord {
  format: typeof STORED_PROJECT_FORMAT;
  version: typeof STORED_PROJECT_VERSION;
  /** A project file with no samples and no evaluation. */
  file: Uint8Array;
  samples: StoredSampleRef[];
  evaluation: ProjectEvaluation | null;
}

/** One sample's heavy part. */
export interface StoredSamplePayload {
  image: Uint8Array;
  embedding: Float32Array;
  /** Its augmented variants' embeddings (absent when it has none; older records lack it). */
  augmented?: Float32Array[];
}

/** The payload stored for a sample. */
export function samplePayload(s: ProjectSample): StoredSamplePayload {
  return {
    image: s.image,
    embedding: s.embedding,
    ...(s.augmented?.length ? { augmented: s.augmented } : {}),
  };
}

/** The small record of a project. */
export function projectRecord(project: ProjectData): StoredProjectRecord {
  return {
    format: STORED_PROJECT_FORMAT,
    version: STORED_PROJECT_VERSION,
    file: serializeProject({ ...project, samples: [], evaluation: null }),
    samples: project.samples.map((s) => ({
      id: s.id,
      classId: s.classId,
      source: s.source,
      ...(s.name !== undefined ? { name: s.name } : {}),
    })),
    evaluation: project.evaluation ?? null,
  };
}

/** Bytes a stored project takes, roughly: its record's file plus every image and embedding. */
export function storedSize(record: StoredProjectRecord, samples: readonly ProjectSample[]): number {
  let bytes = record.file.length + 64 * record.samples.length;
  for (const s of samples) {
    bytes += s.image.length + s.embedding.length * 4;
    for (const v of s.augmented ?? []) bytes += v.length * 4;
  }
  return bytes;
}

const SOURCES: readonly string[] = ['webcam', 'upload', 'import', 'dataset'];

/**
 * Puts a project back together from its record and sample payloads, checking everything a
 * project file's reader checks. Throws {@link InvalidFileError} naming `fileName`.
 */
export function assembleProject(
  record: unknown,
  payloadOf: (sampleId: string) => StoredSamplePayload | undefined,
  fileName: string,
): ProjectData {
  const bad = (problem: string) => new InvalidFileError(fileName, 'invalid-value', problem);
  if (typeof record !== 'object' || record === null) throw bad('its record is missing.');
  const r = record as Partial<StoredProjectRecord>;
  if (r.format !== STORED_PROJECT_FORMAT) throw bad('it is not a stored Glimpse project.');
  if (typeof r.version !== 'number' || r.version > STORED_PROJECT_VERSION) {
    throw new InvalidFileError(
      fileName,
      'newer-version',
      `it was saved by a newer Glimpse (stored format ${String(r.version)}). Update Glimpse to open it.`,
    );
  }
  if (!(r.file instanceof Uint8Array) || !Array.isArray(r.samples)) {
    throw bad('its record is damaged.');
  }
  const shell = parseProject(r.file, { fileName });
  const classIds = new Set(shell.classes.map((c) => c.id));
  const seen = new Set<string>();
  const samples: ProjectSample[] = r.samples.map((ref: unknown) => {
    const s = (typeof ref === 'object' && ref !== null ? ref : {}) as Partial<StoredSampleRef>;
    if (typeof s.id !== 'string' || typeof s.classId !== 'string') {
      throw bad('an image has no id or class.');
    }
    if (seen.has(s.id)) throw bad(`two images have the id "${s.id}".`);
    seen.add(s.id);
    if (!classIds.has(s.classId)) {
      throw bad(`the image "${s.id}" belongs to a class that does not exist.`);
    }
    if (typeof s.source !== 'string' || !SOURCES.includes(s.source)) {
      throw bad(`the image "${s.id}" has an unknown source.`);
    }
    const payload = payloadOf(s.id);
    if (!payload) {
      throw new InvalidFileError(fileName, 'missing-file', `the image "${s.id}" is missing.`);
    }
    const { image, embedding, augmented } = payload;
    if (!(image instanceof Uint8Array) || !(embedding instanceof Float32Array)) {
      throw bad(`the image "${s.id}" is damaged.`);
    }
    if (embedding.length !== shell.embeddingDim || !allFinite(embedding)) {
      throw new InvalidFileError(
        fileName,
        'size-mismatch',
        `the image "${s.id}" has damaged features (${embedding.length}, expected ${shell.embeddingDim}).`,
      );
    }
    const variantsOk =
      augmented === undefined ||
      (Array.isArray(augmented) &&
        augmented.every(
          (v) => v instanceof Float32Array && v.length === shell.embeddingDim && allFinite(v),
        ));
    if (!variantsOk) {
      throw new InvalidFileError(
        fileName,
        'size-mismatch',
        `the image "${s.id}" has damaged variant features.`,
      );
    }
    return {
      id: s.id,
      classId: s.classId,
      source: s.source as SampleSource,
      ...(typeof s.name === 'string' ? { name: s.name } : {}),
      image,
      embedding,
      ...(augmented?.length ? { augmented } : {}),
    };
  });
  const evaluation =
    r.evaluation === null || r.evaluation === undefined
      ? undefined
      : checkEvaluation(r.evaluation, [...classIds], seen, bad);
  return { ...shell, samples, ...(evaluation ? { evaluation } : {}) };
}

/** Which sample payloads a save must write and delete. */
export interface SampleWritePlan {
  put: ProjectSample[];
  remove: string[];
}

/**
 * Remembers, for one stored project, which sample payloads are in the database and which arrays
 * they were written from. Plans are made against what is known to be committed; a plan's writes
 * count once {@link SampleWriteTracker.committed} says so. After a failed write the storage
 * drops its tracker and builds a new one from the database's keys (so every sample is rewritten).
 */
export class SampleWriteTracker {
  private written = new Map<string, StoredSamplePayload>();
  /** Sample ids whose payloads may be in the database (written, or being written). */
  private present: Set<string>;

  /** `presentIds`: the sample ids the database already holds for this project. */
  constructor(presentIds: Iterable<string> = []) {
    this.present = new Set(presentIds);
  }

  /** Records that these payloads are what the database holds (e.g. just loaded from it). */
  remember(samples: readonly ProjectSample[]): void {
    for (const s of samples) {
      this.written.set(s.id, samplePayload(s));
      this.present.add(s.id);
    }
  }

  /** What to write for `samples` to be what is stored. Marks the writes as under way. */
  plan(samples: readonly ProjectSample[]): SampleWritePlan {
    const keep = new Set(samples.map((s) => s.id));
    const put = samples.filter((s) => {
      const w = this.written.get(s.id);
      // By identity: a sample whose variants were made again holds a new list.
      return (
        !w ||
        w.image !== s.image ||
        w.embedding !== s.embedding ||
        w.augmented !== samplePayload(s).augmented
      );
    });
    const remove = [...this.present].filter((id) => !keep.has(id));
    for (const s of put) this.present.add(s.id);
    for (const id of remove) {
      this.present.delete(id);
      this.written.delete(id);
    }
    return { put, remove };
  }

  /** The plan's writes are in the database. */
  committed(plan: SampleWritePlan): void {
    for (const s of plan.put) {
      if (this.present.has(s.id)) this.written.set(s.id, samplePayload(s));
    }
  }

  /** Sample ids that may be stored; after a failure the database's own keys must be read. */
  presentIds(): string[] {
    return [...this.present];
  }
}
