import { describe, expect, it } from 'vitest';
import { centreSquare, preprocess } from '../../src/core/preprocess/preprocess';
import { InvalidArgumentError } from '../../src/core/errors';
import { paintImage, solidImage } from '../support/pixels';

const TM = { scale: 1 / 127, offset: -1 };
const RAW = { scale: 1, offset: 0 };

function pixel(out: Float32Array, size: number, x: number, y: number): number[] {
  const o = (y * size + x) * 3;
  return [out[o]!, out[o + 1]!, out[o + 2]!];
}

describe('preprocessing spec', () => {
  it('turns a solid colour into the same normalised value everywhere', () => {
    const out = preprocess(solidImage(50, 80, [254, 0, 127]), 224, TM);
    expect(out.length).toBe(224 * 224 * 3);
    for (const [x, y] of [
      [0, 0],
      [223, 223],
      [100, 7],
    ] as const) {
      const [r, g, b] = pixel(out, 224, x, y);
      expect(r).toBeCloseTo(1, 5);
      expect(g).toBeCloseTo(-1, 5);
      expect(b).toBeCloseTo(0, 5);
    }
  });

  it('leaves an image that is already the input size unchanged', () => {
    const img = paintImage(8, 8, (x, y) => [x * 30, y * 30, (x + y) * 10]);
    const out = preprocess(img, 8, RAW);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++)
        expect(pixel(out, 8, x, y)).toEqual([x * 30, y * 30, (x + y) * 10]);
    }
  });

  it('keeps the centred square of a wide image and drops the sides', () => {
    // 300×100: red | green | blue thirds. The centre square is exactly the green third.
    const img = paintImage(300, 100, (x) =>
      x < 100 ? [255, 0, 0] : x < 200 ? [0, 255, 0] : [0, 0, 255],
    );
    expect(centreSquare(300, 100)).toEqual({ x: 100, y: 0, side: 100 });
    const out = preprocess(img, 10, RAW);
    for (let x = 0; x < 10; x++) expect(pixel(out, 10, x, 5)).toEqual([0, 255, 0]);
  });

  it('keeps the centred square of a tall image', () => {
    const img = paintImage(40, 120, (_x, y) => (y < 40 || y >= 80 ? [0, 0, 0] : [200, 100, 50]));
    const out = preprocess(img, 4, RAW);
    for (let i = 0; i < 4; i++) expect(pixel(out, 4, i, i).map(Math.round)).toEqual([200, 100, 50]);
  });

  it('composites transparent pixels onto white', () => {
    const out = preprocess(solidImage(4, 4, [0, 0, 0, 0]), 4, RAW);
    expect(pixel(out, 4, 1, 1)).toEqual([255, 255, 255]);
    const half = preprocess(solidImage(4, 4, [0, 0, 0, 128]), 4, RAW);
    expect(pixel(half, 4, 0, 0)[0]).toBeCloseTo(255 * (1 - 128 / 255), 3);
  });

  it('averages fine detail when shrinking instead of aliasing', () => {
    // A one-pixel checkerboard shrunk 4× must come out mid-grey, not black or white.
    const img = paintImage(64, 64, (x, y) => ((x + y) % 2 ? [255, 255, 255] : [0, 0, 0]));
    const out = preprocess(img, 16, RAW);
    for (let i = 2; i < 14; i++)
      expect(Math.abs(pixel(out, 16, i, 7)[0]! - 127.5)).toBeLessThan(20);
  });

  it('interpolates smoothly when enlarging', () => {
    const img = paintImage(2, 2, (x) => (x === 0 ? [0, 0, 0] : [200, 200, 200]));
    const out = preprocess(img, 4, RAW);
    const row = [0, 1, 2, 3].map((x) => pixel(out, 4, x, 0)[0]!);
    expect(row).toEqual([0, 50, 150, 200]);
  });

  it('is pinned: a fixed gradient image maps to fixed values', () => {
    const img = paintImage(37, 23, (x, y) => [(x * 7) % 256, (y * 11) % 256, (x * y) % 256]);
    const out = preprocess(img, 5, TM);
    const sample = [0, 7, 31, 44, 74].map((i) => Number(out[i]!.toFixed(4)));
    expect(sample).toMatchInlineSnapshot(`
      [
        -0.4903,
        -0.8054,
        -0.0472,
        -0.1974,
        -0.1499,
      ]
    `);
  });

  it('rejects a buffer whose byte count does not match its size', () => {
    expect(() => preprocess({ width: 4, height: 4, data: new Uint8Array(10) }, 4, RAW)).toThrow(
      InvalidArgumentError,
    );
  });
});
