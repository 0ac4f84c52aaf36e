/** Decoded image: `data` holds width*height RGBA bytes, row-major, top-left first, upright. */
export interface PixelBuffer {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** Where a sample came from. */
export type SampleSource = 'webcam' | 'upload' | 'import' | 'dataset';

/** One labelled image as the core keeps it: its embedding, never its tensor. */
export interface Sample {
  id: string;
  classId: string;
  source: SampleSource;
  /** Optional human-readable origin (file name, frame number). */
  name?: string;
  embedding: Float32Array;
  /**
   * Embeddings of the image's augmented variants (see preprocess/augment), extra training rows
   * only; absent when augmentation is off.
   */
  augmented?: Float32Array[];
}

/** A user-defined class. */
export interface ClassInfo {
  id: string;
  name: string;
}
