import type { PixelBuffer } from '../../src/core/types';

/** An image of one colour. */
export function solidImage(
  width: number,
  height: number,
  rgba: [number, number, number, number?],
): PixelBuffer {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = rgba[0];
    data[i * 4 + 1] = rgba[1];
    data[i * 4 + 2] = rgba[2];
    data[i * 4 + 3] = rgba[3] ?? 255;
  }
  return { width, height, data };
}

/** An image whose pixels come from a function of (x, y). */
export function paintImage(
  width: number,
  height: number,
  paint: (x: number, y: number) => [number, number, number, number?],
): PixelBuffer {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = paint(x, y);
      const o = (y * width + x) * 4;
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
      data[o + 3] = a ?? 255;
    }
  }
  return { width, height, data };
}
