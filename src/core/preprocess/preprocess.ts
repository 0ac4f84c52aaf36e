/**
 * The one preprocessing spec, used for training, prediction and export alike.
 *
 * Given an upright RGBA {@link PixelBuffer} and a backbone input size S:
 * 1. Alpha is composited onto white (a transparent PNG looks as it does on the page).
 * 2. The centred square of side `min(width, height)` is taken, offset
 *    `floor((width - side) / 2)`, `floor((height - side) / 2)`. Resampling that square to S×S
 *    is "resize so the short side is S, then centre-crop S×S".
 * 3. The square is resampled to S×S with a separable triangle (bilinear) filter whose support
 *    widens by the shrink factor when downscaling (antialiased, as Pillow's BILINEAR), with
 *    pixel centres at `(i + 0.5)`. Same-size input passes through unchanged.
 * 4. Each RGB value x (0..255) becomes `x * scale + offset` from the backbone's
 *    {@link Normalization}. Output: Float32Array of S*S*3, row-major, HWC, RGB.
 */
import { InvalidArgumentError } from '../errors';
import type { PixelBuffer } from '../types';

/** Affine map applied to every 0..255 channel value: `x * scale + offset`. */
export interface Normalization {
  scale: number;
  offset: number;
}

/** Resampling plan for one axis: for each output index, its first source index and weights. */
interface AxisPlan {
  starts: Int32Array;
  counts: Int32Array;
  weights: Float32Array;
  stride: number;
}

const planCache = new Map<string, AxisPlan>();

function planAxis(inSize: number, outSize: number): AxisPlan {
  const key = `${inSize}>${outSize}`;
  const cached = planCache.get(key);
  if (cached) return cached;
  const scale = outSize / inSize;
  const filterScale = Math.max(1, 1 / scale);
  const support = filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const starts = new Int32Array(outSize);
  const counts = new Int32Array(outSize);
  const weights = new Float32Array(outSize * stride);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) / scale;
    const first = Math.max(0, Math.floor(centre - support + 0.5));
    const last = Math.min(inSize, Math.floor(centre + support + 0.5));
    let total = 0;
    let n = 0;
    for (let x = first; x < last && n < stride; x++, n++) {
      const t = Math.abs((x - centre + 0.5) / filterScale);
      const w = t < 1 ? 1 - t : 0;
      weights[i * stride + n] = w;
      total += w;
    }
    if (total > 0) for (let k = 0; k < n; k++) weights[i * stride + k]! /= total;
    starts[i] = first;
    counts[i] = n;
  }
  const plan = { starts, counts, weights, stride };
  if (planCache.size > 64) planCache.clear();
  planCache.set(key, plan);
  return plan;
}

/** Checks that a pixel buffer is internally consistent. */
export function assertPixelBuffer(image: PixelBuffer, name = 'image'): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new InvalidArgumentError(`${name} has an invalid size ${width}×${height}.`);
  }
  if (data.length !== width * height * 4) {
    throw new InvalidArgumentError(
      `${name} should hold ${width * height * 4} RGBA bytes but holds ${data.length}.`,
    );
  }
}

/** The crop rectangle the spec takes from an image of this size. */
export function centreSquare(
  width: number,
  height: number,
): { x: number; y: number; side: number } {
  const side = Math.min(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), side };
}

/**
 * Applies the spec to one image, writing S*S*3 values into `out` at `outOffset`
 * (so a batch can be filled in place) and returning `out`.
 */
export function preprocessInto(
  image: PixelBuffer,
  size: number,
  normalization: Normalization,
  out: Float32Array,
  outOffset = 0,
): Float32Array {
  assertPixelBuffer(image);
  if (out.length < outOffset + size * size * 3) {
    throw new InvalidArgumentError('Output buffer is too small for the preprocessed image.');
  }
  const { x: x0, y: y0, side } = centreSquare(image.width, image.height);
  const src = image.data;
  const rowStride = image.width * 4;
  const hPlan = planAxis(side, size);
  const vPlan = planAxis(side, size);

  // Horizontal pass: side rows × size columns, RGB, alpha composited onto white.
  const tmp = new Float32Array(side * size * 3);
  for (let row = 0; row < side; row++) {
    const rowBase = (y0 + row) * rowStride + x0 * 4;
    for (let i = 0; i < size; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      const start = hPlan.starts[i]!;
      const count = hPlan.counts[i]!;
      const wBase = i * hPlan.stride;
      for (let k = 0; k < count; k++) {
        const w = hPlan.weights[wBase + k]!;
        const p = rowBase + (start + k) * 4;
        const a = src[p + 3]! / 255;
        const white = 255 * (1 - a);
        r += w * (src[p]! * a + white);
        g += w * (src[p + 1]! * a + white);
        b += w * (src[p + 2]! * a + white);
      }
      const t = (row * size + i) * 3;
      tmp[t] = r;
      tmp[t + 1] = g;
      tmp[t + 2] = b;
    }
  }

  // Vertical pass and normalisation.
  const { scale, offset } = normalization;
  for (let j = 0; j < size; j++) {
    const start = vPlan.starts[j]!;
    const count = vPlan.counts[j]!;
    const wBase = j * vPlan.stride;
    for (let i = 0; i < size; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < count; k++) {
        const w = vPlan.weights[wBase + k]!;
        const t = ((start + k) * size + i) * 3;
        r += w * tmp[t]!;
        g += w * tmp[t + 1]!;
        b += w * tmp[t + 2]!;
      }
      const o = outOffset + (j * size + i) * 3;
      out[o] = r * scale + offset;
      out[o + 1] = g * scale + offset;
      out[o + 2] = b * scale + offset;
    }
  }
  return out;
}

/** Applies the spec to one image and returns a fresh S*S*3 Float32Array. */
export function preprocess(
  image: PixelBuffer,
  size: number,
  normalization: Normalization,
): Float32Array {
  return preprocessInto(image, size, normalization, new Float32Array(size * size * 3));
}
