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

/** Scratch rows reused across calls (the horizontal pass's output and the vertical sums). */
let scratch = new Float32Array(0);
let sums = new Float64Array(0);

/** True when every pixel of the square is fully opaque (no compositing needed). */
function opaque(src: PixelBuffer['data'], rowStride: number, x0: number, y0: number, side: number) {
  for (let row = 0; row < side; row++) {
    const end = (y0 + row) * rowStride + (x0 + side) * 4;
    for (let p = (y0 + row) * rowStride + x0 * 4 + 3; p < end; p += 4)
      if (src[p] !== 255) return false;
  }
  return true;
}

/**
 * Applies the spec to one image, writing S*S*3 values into `out` at `outOffset`
 * (so a batch can be filled in place) and returning `out`.
 *
 * Written for speed (it runs on every frame of the live preview) but computes exactly what the
 * plain two-pass description above says, bit for bit: an opaque image skips the compositing
 * (x·1 + 0 = x), a same-size image skips the passes (their only weight is 1), the vertical pass
 * walks the intermediate rows in memory order, and buffers are reused; the per-output sums keep
 * their order and double precision.
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
  const solid = opaque(src, rowStride, x0, y0, side);
  const { scale, offset } = normalization;

  if (side === size) {
    // Same size: both passes have a single weight of 1 per output, so each value is the
    // (composited, float32-rounded) source value, normalised.
    for (let row = 0; row < size; row++) {
      let p = (y0 + row) * rowStride + x0 * 4;
      let o = outOffset + row * size * 3;
      for (let i = 0; i < size; i++, p += 4, o += 3) {
        if (solid) {
          out[o] = src[p]! * scale + offset;
          out[o + 1] = src[p + 1]! * scale + offset;
          out[o + 2] = src[p + 2]! * scale + offset;
        } else {
          const a = src[p + 3]! / 255;
          const white = 255 * (1 - a);
          out[o] = Math.fround(src[p]! * a + white) * scale + offset;
          out[o + 1] = Math.fround(src[p + 1]! * a + white) * scale + offset;
          out[o + 2] = Math.fround(src[p + 2]! * a + white) * scale + offset;
        }
      }
    }
    return out;
  }

  // Horizontal pass: side rows × size columns, RGB (float32, as stored between the passes),
  // alpha composited onto white.
  const rowLength = size * 3;
  if (scratch.length < side * rowLength) scratch = new Float32Array(side * rowLength);
  const tmp = scratch;
  const { starts: hStarts, counts: hCounts, weights: hWeights, stride: hStride } = hPlan;
  for (let row = 0; row < side; row++) {
    const rowBase = (y0 + row) * rowStride + x0 * 4;
    let t = row * rowLength;
    for (let i = 0; i < size; i++, t += 3) {
      let r = 0;
      let g = 0;
      let b = 0;
      const count = hCounts[i]!;
      const wBase = i * hStride;
      let p = rowBase + hStarts[i]! * 4;
      if (solid) {
        for (let k = 0; k < count; k++, p += 4) {
          const w = hWeights[wBase + k]!;
          r += w * src[p]!;
          g += w * src[p + 1]!;
          b += w * src[p + 2]!;
        }
      } else {
        for (let k = 0; k < count; k++, p += 4) {
          const w = hWeights[wBase + k]!;
          const a = src[p + 3]! / 255;
          const white = 255 * (1 - a);
          r += w * (src[p]! * a + white);
          g += w * (src[p + 1]! * a + white);
          b += w * (src[p + 2]! * a + white);
        }
      }
      tmp[t] = r;
      tmp[t + 1] = g;
      tmp[t + 2] = b;
    }
  }

  // Vertical pass, one output row at a time: add the weighted source rows in order, then
  // normalise.
  if (sums.length < rowLength) sums = new Float64Array(rowLength);
  const acc = sums;
  const { starts: vStarts, counts: vCounts, weights: vWeights, stride: vStride } = vPlan;
  for (let j = 0; j < size; j++) {
    acc.fill(0, 0, rowLength);
    const count = vCounts[j]!;
    const wBase = j * vStride;
    for (let k = 0; k < count; k++) {
      const w = vWeights[wBase + k]!;
      const base = (vStarts[j]! + k) * rowLength;
      for (let c = 0; c < rowLength; c++) acc[c]! += w * tmp[base + c]!;
    }
    const o = outOffset + j * rowLength;
    for (let c = 0; c < rowLength; c++) out[o + c] = acc[c]! * scale + offset;
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
