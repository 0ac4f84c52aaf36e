import { describe, expect, it } from 'vitest';
import {
  adjustLight,
  augmentImage,
  cropImage,
  flipHorizontal,
  zoomCrop,
} from '../../src/core/preprocess/augment';
import type { PixelBuffer } from '../../src/core/types';

/** A width×height image whose pixel (x, y) is [x, y, x + y, 255]. */
function ramp(width: number, height: number): PixelBuffer {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x, y, x + y, 255], (y * width + x) * 4);
  }
  return { width, height, data };
}

const px = (img: PixelBuffer, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe('augmentation', () => {
  it('mirrors an image left to right, and twice gives it back', () => {
    const img = ramp(5, 3);
    const flipped = flipHorizontal(img);
    expect(px(flipped, 0, 1)).toEqual(px(img, 4, 1));
    expect(px(flipped, 4, 2)).toEqual(px(img, 0, 2));
    expect(Array.from(flipHorizontal(flipped).data)).toEqual(Array.from(img.data));
  });

  it('copies out the requested rectangle and refuses one outside the image', () => {
    const crop = cropImage(ramp(10, 8), 2, 3, 4, 5);
    expect([crop.width, crop.height]).toEqual([4, 5]);
    expect(px(crop, 0, 0)).toEqual([2, 3, 5, 255]);
    expect(px(crop, 3, 4)).toEqual([5, 7, 12, 255]);
    expect(() => cropImage(ramp(10, 8), 8, 0, 4, 4)).toThrow(RangeError);
  });

  it('zooms into a square of the given share of the short side', () => {
    const z = zoomCrop(ramp(20, 10), 0.8, 0.5, 0.5);
    expect([z.width, z.height]).toEqual([8, 8]);
    expect(px(z, 0, 0)).toEqual([6, 1, 7, 255]);
  });

  it('changes brightness and contrast, clamped to 0..255, keeping alpha', () => {
    const img: PixelBuffer = {
      width: 2,
      height: 1,
      data: Uint8Array.from([128, 0, 250, 77, 10, 20, 30, 200]),
    };
    const out = adjustLight(img, 20, 1.5);
    expect(Array.from(out.data)).toEqual([148, 0, 255, 77, 0, 0, 1, 200]);
  });

  it('makes the configured variants, the same ones for the same seed', () => {
    const img = ramp(40, 30);
    const a = augmentImage(img, { flip: true, crops: 2, lights: 1 }, 7);
    const b = augmentImage(img, { flip: true, crops: 2, lights: 1 }, 7);
    const c = augmentImage(img, { flip: true, crops: 2, lights: 1 }, 8);
    expect(a.map((v) => v.kind)).toEqual(['flip', 'crop', 'crop', 'light']);
    expect(a.map((v) => Array.from(v.image.data))).toEqual(b.map((v) => Array.from(v.image.data)));
    expect(Array.from(a[3]!.image.data)).not.toEqual(Array.from(c[3]!.image.data));
    for (const v of a.filter((v) => v.kind === 'crop')) {
      expect(v.image.width).toBe(v.image.height);
      expect(v.image.width).toBeGreaterThanOrEqual(21);
      expect(v.image.width).toBeLessThanOrEqual(27);
    }
    expect(augmentImage(img, { flip: false, crops: 0, lights: 0 }, 1)).toEqual([]);
  });
});
