/**
 * The augmentation parts of a project file (added to format version 1 without a bump: purely
 * additive; files without them load with augmentation off and no variants):
 *
 * - `headOptions.augmentation`: {@link AugmentationOptions}, checked and bounded;
 * - `augmented.bin`: float32 little-endian rows of `embeddingDim` values, each sample's variants
 *   in manifest sample order, described in the manifest's `augmented` entry with the number of
 *   variants of every sample (`counts`, parallel to `samples`).
 *
 * Pure data ↔ bytes.
 */
import { InvalidFileError } from '../errors';
import {
  MAX_AUGMENTATION_COUNT,
  NO_AUGMENTATION,
  type AugmentationOptions,
} from '../preprocess/augment';
import { allFinite, bytesToFloat32, float32ToBytes } from './binary';
import { isObject } from './jsonFile';
import type { FileEntry } from './zip';

/** The manifest's description of `augmented.bin`. */
export interface AugmentedManifest {
  file: string;
  dtype: 'float32';
  dim: number;
  /** Variants per sample, in manifest sample order. */
  counts: number[];
}

export const AUGMENTED_FILE = 'augmented.bin';
/** Most variants one sample can have (a mirror image, then the most crops and lightings). */
const MAX_VARIANTS = 1 + 2 * MAX_AUGMENTATION_COUNT;

/**
 * The augmentation setting of a file's training settings: none when absent (older files);
 * throws `fail(problem)` when it is not a valid setting.
 */
export function readAugmentation(
  v: unknown,
  fail: (problem: string) => Error,
): AugmentationOptions {
  if (v === undefined) return { ...NO_AUGMENTATION };
  const bounded = (x: unknown) =>
    typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_AUGMENTATION_COUNT;
  if (!isObject(v) || typeof v.flip !== 'boolean' || !bounded(v.crops) || !bounded(v.lights)) {
    throw fail(
      `The augmentation setting is not valid (a mirror on or off, 0–${MAX_AUGMENTATION_COUNT} crops and 0–${MAX_AUGMENTATION_COUNT} lighting changes).`,
    );
  }
  return { flip: v.flip, crops: v.crops as number, lights: v.lights as number };
}

/**
 * The zip entry and manifest entry for the samples' variants, or null when no sample has any.
 * Throws when a variant's length is not `dim`.
 */
export function writeAugmented(
  samples: readonly { id: string; augmented?: readonly Float32Array[] }[],
  dim: number,
): { entry: FileEntry; manifest: AugmentedManifest } | null {
  if (!samples.some((s) => s.augmented?.length)) return null;
  const rows = samples.flatMap((s) => s.augmented ?? []);
  for (const s of samples) {
    for (const row of s.augmented ?? []) {
      if (row.length !== dim) {
        throw new InvalidFileError(
          'project',
          'size-mismatch',
          `a variant of the image "${s.id}" has ${row.length} features where ${dim} are expected.`,
        );
      }
    }
  }
  return {
    entry: { path: AUGMENTED_FILE, bytes: float32ToBytes(rows) },
    manifest: {
      file: AUGMENTED_FILE,
      dtype: 'float32',
      dim,
      counts: samples.map((s) => s.augmented?.length ?? 0),
    },
  };
}

/**
 * Each sample's variants from the manifest entry and the file's bytes (`need` reads a file of
 * the zip, throwing when it is missing); all empty without an entry. Throws `fail(problem)`, or
 * a size-mismatch {@link InvalidFileError} naming `fileName`, for anything inconsistent.
 */
export function readAugmented(
  entry: unknown,
  sampleCount: number,
  dim: number,
  need: (path: string) => Uint8Array,
  fileName: string,
  fail: (problem: string) => Error,
): Float32Array[][] {
  if (entry === undefined || entry === null) return Array.from({ length: sampleCount }, () => []);
  if (
    !isObject(entry) ||
    typeof entry.file !== 'string' ||
    entry.dtype !== 'float32' ||
    entry.dim !== dim ||
    !Array.isArray(entry.counts) ||
    entry.counts.length !== sampleCount ||
    !entry.counts.every(
      (c) => typeof c === 'number' && Number.isInteger(c) && c >= 0 && c <= MAX_VARIANTS,
    )
  ) {
    throw fail('The description of the image variants ("augmented") is not valid.');
  }
  const counts = entry.counts as number[];
  const total = counts.reduce((a, b) => a + b, 0);
  const bytes = need(entry.file);
  if (bytes.length !== total * dim * 4) {
    throw new InvalidFileError(
      fileName,
      'size-mismatch',
      `its stored image variants (${bytes.length} bytes) do not match the ${total} variants of ${dim} features described.`,
    );
  }
  const values = bytesToFloat32(bytes);
  if (!allFinite(values)) {
    throw new InvalidFileError(fileName, 'invalid-value', 'some image variants are not finite.');
  }
  let row = 0;
  return counts.map((n) =>
    Array.from({ length: n }, () => values.slice(row * dim, (row += 1) * dim)),
  );
}
