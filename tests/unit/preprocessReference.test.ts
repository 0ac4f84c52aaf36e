/**
 * The fast preprocessInto (opaque and same-size shortcuts, reused buffers, row-wise vertical
 * pass) must compute exactly what the spec's plain two-pass description computes. The reference
 * below is that description written as directly as possible (it was the implementation before
 * the live preview needed speed); the two are compared bit for bit on seeded random images.
 */
import { describe, expect, it } from 'vitest';
import {
  centreSquare,
  preprocessInto,
  type Normalization,
} from '../../src/core/preprocess/preprocess';
import type { PixelBuffer } from '../../src/core/types';

function referencePlan(inSize: number, outSize: number) {
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
  return { starts, counts, weights, stride };
}

/** The spec, step by step: composite, horizontal pass into float32, vertical pass, normalise. */
function reference(image: PixelBuffer, size: number, norm: Normalization): Float32Array {
  const out = new Float32Array(size * size * 3);
  const { x: x0, y: y0, side } = centreSquare(image.width, image.height);
  const src = image.data;
  const rowStride = image.width * 4;
  const h = referencePlan(side, size);
  const v = referencePlan(side, size);
  const tmp = new Float32Array(side * size * 3);
  for (let row = 0; row < side; row++) {
    const rowBase = (y0 + row) * rowStride + x0 * 4;
    for (let i = 0; i < size; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < h.counts[i]!; k++) {
        const w = h.weights[i * h.stride + k]!;
        const p = rowBase + (h.starts[i]! + k) * 4;
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
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < v.counts[j]!; k++) {
        const w = v.weights[j * v.stride + k]!;
        const t = ((v.starts[j]! + k) * size + i) * 3;
        r += w * tmp[t]!;
        g += w * tmp[t + 1]!;
        b += w * tmp[t + 2]!;
      }
      const o = (j * size + i) * 3;
      out[o] = r * norm.scale + norm.offset;
      out[o + 1] = g * norm.scale + norm.offset;
      out[o + 2] = b * norm.scale + norm.offset;
    }
  }
  return out;
}

/** Deterministic noise (a small LCG), so a failure reproduces. */
function randomImage(width: number, height: number, seed: number, alpha: 'opaque' | 'mixed') {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) >>> 24;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) {
    data[i] = i % 4 === 3 ? (alpha === 'opaque' ? 255 : next() < 64 ? next() : 255) : next();
  }
  return { width, height, data };
}

const NORMS: Normalization[] = [
  { scale: 1 / 127, offset: -1 },
  { scale: 1 / 255, offset: 0 },
];

describe('fast preprocessing equals the plain two-pass spec, bit for bit', () => {
  const cases: [number, number, number][] = [
    [448, 448, 224], // live preview frames (camera capture at ≤ 448)
    [300, 200, 224], // a rock-paper-scissors photo: enlarged
    [640, 480, 224], // wide, shrunk by a non-integer factor
    [150, 333, 224], // tall, enlarged, odd sizes
    [224, 224, 224], // already the input size (re-embedded thumbnails)
    [97, 61, 5], // strong shrink to a tiny output
  ];
  for (const [width, height, size] of cases) {
    for (const alpha of ['opaque', 'mixed'] as const) {
      it(`${width}×${height} → ${size}, ${alpha}`, () => {
        const image = randomImage(width, height, width * 31 + height + size, alpha);
        for (const norm of NORMS) {
          const expected = reference(image, size, norm);
          // Written at an offset into a larger, dirty buffer, as a batch is filled.
          const out = new Float32Array(size * size * 3 + 7).fill(Number.NaN);
          preprocessInto(image, size, norm, out, 7);
          const got = out.subarray(7);
          let mismatches = 0;
          for (let i = 0; i < expected.length; i++)
            if (!Object.is(got[i], expected[i])) mismatches++;
          expect(mismatches).toBe(0);
        }
      });
    }
  }

  it('gives the same result when called again (no state leaks between calls)', () => {
    const big = randomImage(448, 448, 1, 'mixed');
    const small = randomImage(120, 90, 2, 'opaque');
    const first = preprocessInto(small, 224, NORMS[0]!, new Float32Array(224 * 224 * 3));
    preprocessInto(big, 224, NORMS[0]!, new Float32Array(224 * 224 * 3));
    const again = preprocessInto(small, 224, NORMS[0]!, new Float32Array(224 * 224 * 3));
    expect(again).toEqual(first);
  });
});
