/**
 * Data augmentation on decoded images: variants of a photo that should keep its label (a mirror
 * image, a tighter framing, other lighting). Each variant is embedded once when the sample is
 * added and stored as an extra cached embedding, so training stays on cached embeddings.
 * Plain pixel arithmetic on RGBA buffers: no tensors.
 */
import type { PixelBuffer } from '../types';
import { createRng } from '../dataset/random';

/** The kinds of variant Glimpse can make. */
export type AugmentationKind = 'flip' | 'crop' | 'light';

/** Which variants to make per sample. */
export interface AugmentationOptions {
  /** Mirror image (left ↔ right). */
  flip: boolean;
  /** Number of random tighter framings (each keeps 70–90 % of the centred square's side). */
  crops: number;
  /** Number of random brightness/contrast changes (±25 % contrast, ±30 brightness). */
  lights: number;
}

/** No augmentation. */
export const NO_AUGMENTATION: AugmentationOptions = { flip: false, crops: 0, lights: 0 };

/** Most crops, and most lighting changes, per image (each costs one more embedding). */
export const MAX_AUGMENTATION_COUNT = 4;

/** How many variants `options` makes per image (0 when augmentation is off). */
export function variantCount(options: AugmentationOptions): number {
  return (options.flip ? 1 : 0) + options.crops + options.lights;
}

/** Whether two settings make the same variants. */
export function sameAugmentation(a: AugmentationOptions, b: AugmentationOptions): boolean {
  return a.flip === b.flip && a.crops === b.crops && a.lights === b.lights;
}

/** One variant: how it was made and its pixels. */
export interface AugmentedImage {
  kind: AugmentationKind;
  image: PixelBuffer;
}

/** The image mirrored left to right. */
export function flipHorizontal(image: PixelBuffer): PixelBuffer {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 4;
    for (let x = 0; x < width; x++) {
      const from = row + x * 4;
      const to = row + (width - 1 - x) * 4;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
      out[to + 3] = data[from + 3]!;
    }
  }
  return { width, height, data: out };
}

/** The rectangle (x, y, width, height) copied out of the image. */
export function cropImage(
  image: PixelBuffer,
  x: number,
  y: number,
  width: number,
  height: number,
): PixelBuffer {
  if (
    x < 0 ||
    y < 0 ||
    width < 1 ||
    height < 1 ||
    x + width > image.width ||
    y + height > image.height
  ) {
    throw new RangeError(
      `crop ${x},${y} ${width}×${height} is outside the ${image.width}×${image.height} image`,
    );
  }
  const out = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 4;
    out.set(image.data.subarray(from, from + width * 4), row * width * 4);
  }
  return { width, height, data: out };
}

/** A square of side `fraction` × the centred square's side, at a position given by u, v ∈ [0, 1]. */
export function zoomCrop(image: PixelBuffer, fraction: number, u: number, v: number): PixelBuffer {
  const side = Math.max(1, Math.round(Math.min(image.width, image.height) * fraction));
  const x = Math.round((image.width - side) * u);
  const y = Math.round((image.height - side) * v);
  return cropImage(image, x, y, side, side);
}

/** Each RGB value x becomes (x − 128) × contrast + 128 + brightness, clamped; alpha kept. */
export function adjustLight(image: PixelBuffer, brightness: number, contrast: number): PixelBuffer {
  const out = new Uint8ClampedArray(image.data.length);
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    out[i] = (d[i]! - 128) * contrast + 128 + brightness;
    out[i + 1] = (d[i + 1]! - 128) * contrast + 128 + brightness;
    out[i + 2] = (d[i + 2]! - 128) * contrast + 128 + brightness;
    out[i + 3] = d[i + 3]!;
  }
  return { width: image.width, height: image.height, data: out };
}

/**
 * The variants of one image, seeded so the same image and seed give the same variants (a
 * project reloads and retrains identically).
 */
export function augmentImage(
  image: PixelBuffer,
  options: AugmentationOptions,
  seed: number,
): AugmentedImage[] {
  const rng = createRng(seed);
  const out: AugmentedImage[] = [];
  if (options.flip) out.push({ kind: 'flip', image: flipHorizontal(image) });
  for (let i = 0; i < options.crops; i++) {
    // Framings within the centred square: u, v near the middle so the subject stays in view.
    const fraction = 0.7 + 0.2 * rng();
    const u = 0.25 + 0.5 * rng();
    const v = 0.25 + 0.5 * rng();
    out.push({ kind: 'crop', image: zoomCrop(image, fraction, u, v) });
  }
  for (let i = 0; i < options.lights; i++) {
    const brightness = (rng() * 2 - 1) * 30;
    const contrast = 1 + (rng() * 2 - 1) * 0.25;
    out.push({ kind: 'light', image: adjustLight(image, brightness, contrast) });
  }
  return out;
}
