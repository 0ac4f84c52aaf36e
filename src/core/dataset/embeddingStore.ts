/**
 * Samples and their embeddings, computed once when added and never recomputed at train time.
 * Classes keep the order the user gave them; that order is the model's output order.
 */
import {
  DimensionMismatchError,
  EmptyClassError,
  InvalidArgumentError,
  TooFewClassesError,
} from '../errors';
import type { FeatureExtractor, EmbedOptions } from '../features/featureExtractor';
import type { ClassInfo, PixelBuffer, Sample, SampleSource } from '../types';

/** The training view of a store: parallel arrays, labels as class indices. */
export interface LabelledSet {
  classes: ClassInfo[];
  ids: string[];
  embeddings: Float32Array[];
  labels: number[];
  /** Each sample's augmented variants (empty when it has none), parallel to `embeddings`. */
  augmented: Float32Array[][];
}

let counter = 0;
/** A unique sample id (time-based prefix keeps ids unique across reloads). */
export function newSampleId(): string {
  counter = (counter + 1) % 0x100000;
  return `s${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** In-memory store of classes and embedded samples. */
export class EmbeddingStore {
  private classList: ClassInfo[] = [];
  private samples = new Map<string, Sample>();
  private dimension: number | null = null;

  /** The classes, in output order. */
  get classes(): readonly ClassInfo[] {
    return this.classList;
  }

  /** Embedding length (set by the first sample). */
  get dim(): number | null {
    return this.dimension;
  }

  get size(): number {
    return this.samples.size;
  }

  addClass(info: ClassInfo): void {
    if (this.classList.some((c) => c.id === info.id)) {
      throw new InvalidArgumentError(`A class with id "${info.id}" already exists.`);
    }
    this.classList.push({ ...info });
  }

  /** Inserts a class at a position (used to undo a delete). */
  insertClass(info: ClassInfo, index: number): void {
    this.addClass(info);
    this.moveClass(info.id, index);
  }

  renameClass(classId: string, name: string): void {
    const info = this.classList.find((c) => c.id === classId);
    if (!info) throw new InvalidArgumentError(`There is no class with id "${classId}".`);
    this.classList = this.classList.map((c) => (c.id === classId ? { ...c, name } : c));
  }

  /** Moves a class to `toIndex` (clamped); the order is the model's output order. */
  moveClass(classId: string, toIndex: number): void {
    const from = this.classList.findIndex((c) => c.id === classId);
    if (from < 0) throw new InvalidArgumentError(`There is no class with id "${classId}".`);
    const list = [...this.classList];
    const [moved] = list.splice(from, 1);
    list.splice(Math.max(0, Math.min(list.length, Math.floor(toIndex))), 0, moved!);
    this.classList = list;
  }

  /** Removes every sample of a class; returns them. */
  clearClass(classId: string): Sample[] {
    const removed = this.samplesOf(classId);
    for (const s of removed) this.samples.delete(s.id);
    return removed;
  }

  removeClass(classId: string): void {
    this.classList = this.classList.filter((c) => c.id !== classId);
    for (const [id, s] of this.samples) if (s.classId === classId) this.samples.delete(id);
  }

  /** Adds samples whose embeddings are already computed. */
  addSamples(samples: readonly Sample[]): void {
    if (this.samples.size === 0) this.dimension = null;
    for (const s of samples) {
      if (!this.classList.some((c) => c.id === s.classId)) {
        throw new InvalidArgumentError(`There is no class with id "${s.classId}".`);
      }
      const dim = this.dimension ?? s.embedding.length;
      for (const e of [s.embedding, ...(s.augmented ?? [])]) {
        if (e.length !== dim) throw new DimensionMismatchError(dim, e.length);
      }
      if (this.samples.has(s.id))
        throw new InvalidArgumentError(`Sample "${s.id}" already exists.`);
    }
    for (const s of samples) {
      this.dimension ??= s.embedding.length;
      this.samples.set(s.id, { ...s });
    }
  }

  /** Embeds images with `extractor` (in batches) and adds them to a class; returns the new ids. */
  async addImages(
    extractor: FeatureExtractor,
    classId: string,
    images: readonly { pixels: PixelBuffer; name?: string }[],
    source: SampleSource,
    options?: EmbedOptions,
  ): Promise<string[]> {
    const embeddings = await extractor.embed(
      images.map((i) => i.pixels),
      options,
    );
    const samples = embeddings.map((embedding, i) => {
      const name = images[i]!.name;
      return { id: newSampleId(), classId, source, embedding, ...(name ? { name } : {}) };
    });
    this.addSamples(samples);
    return samples.map((s) => s.id);
  }

  /**
   * Replaces every sample's embedding (after switching backbones); all must be given. Variants
   * made with the old backbone go; `augmented` gives the new ones.
   */
  replaceEmbeddings(
    embeddings: ReadonlyMap<string, Float32Array>,
    augmented: ReadonlyMap<string, Float32Array[]> = new Map(),
  ): void {
    if (embeddings.size !== this.samples.size) {
      throw new InvalidArgumentError('New embeddings must cover every sample.');
    }
    const all = [...embeddings.values(), ...[...augmented.values()].flat()];
    const dims = new Set(all.map((e) => e.length));
    if (dims.size > 1) throw new DimensionMismatchError([...dims][0]!, [...dims][1]!);
    for (const [id, embedding] of embeddings) {
      const sample = this.samples.get(id);
      if (!sample) throw new InvalidArgumentError(`There is no sample "${id}".`);
      sample.embedding = embedding;
      const variants = augmented.get(id);
      if (variants?.length) sample.augmented = variants;
      else delete sample.augmented;
    }
    this.dimension = dims.size ? [...dims][0]! : null;
  }

  /**
   * Sets the augmented variants of samples (an empty list or undefined removes them). Ids of
   * samples that are gone are skipped (removed while their variants were being made).
   */
  setAugmented(variants: ReadonlyMap<string, readonly Float32Array[] | undefined>): void {
    for (const list of variants.values()) {
      for (const e of list ?? []) {
        if (this.dimension !== null && e.length !== this.dimension) {
          throw new DimensionMismatchError(this.dimension, e.length);
        }
      }
    }
    for (const [id, list] of variants) {
      const sample = this.samples.get(id);
      if (!sample) continue;
      if (list?.length) sample.augmented = [...list];
      else delete sample.augmented;
    }
  }

  removeSample(id: string): boolean {
    return this.samples.delete(id);
  }

  /** Moves a sample to another class (e.g. from the confusion-matrix drill-down). */
  moveSample(id: string, classId: string): void {
    const sample = this.samples.get(id);
    if (!sample) throw new InvalidArgumentError(`There is no sample "${id}".`);
    if (!this.classList.some((c) => c.id === classId)) {
      throw new InvalidArgumentError(`There is no class with id "${classId}".`);
    }
    sample.classId = classId;
  }

  getSample(id: string): Sample | undefined {
    return this.samples.get(id);
  }

  samplesOf(classId: string): Sample[] {
    return [...this.samples.values()].filter((s) => s.classId === classId);
  }

  /**
   * All samples as a labelled set, for training. Throws if fewer than two classes exist or any
   * class is empty.
   */
  trainingSet(): LabelledSet {
    if (this.classList.length < 2) throw new TooFewClassesError(this.classList.length);
    const counts = new Map(this.classList.map((c) => [c.id, 0]));
    for (const s of this.samples.values()) counts.set(s.classId, (counts.get(s.classId) ?? 0) + 1);
    const empty = this.classList.find((c) => counts.get(c.id) === 0);
    if (empty) throw new EmptyClassError(empty.name);
    return this.labelledSet();
  }

  /** All samples as a labelled set, without checks. */
  labelledSet(): LabelledSet {
    const index = new Map(this.classList.map((c, i) => [c.id, i]));
    const set: LabelledSet = {
      classes: [...this.classList],
      ids: [],
      embeddings: [],
      labels: [],
      augmented: [],
    };
    for (const s of this.samples.values()) {
      set.ids.push(s.id);
      set.embeddings.push(s.embedding);
      set.augmented.push(s.augmented ?? []);
      set.labels.push(index.get(s.classId)!);
    }
    return set;
  }
}
