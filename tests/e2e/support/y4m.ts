/**
 * Writes a Y4M video (what Chromium's fake camera plays with --use-file-for-fake-video-capture)
 * from real photos, so the fake webcam shows a class's real images. Pure Node + sharp: no ffmpeg.
 */
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';

/** Builds a 4:2:0 Y4M file showing each photo for `framesPerPhoto` frames. */
export async function writeY4m(
  photos: readonly string[],
  outPath: string,
  options: { width?: number; height?: number; fps?: number; framesPerPhoto?: number } = {},
): Promise<void> {
  const { width = 640, height = 480, fps = 15, framesPerPhoto = 8 } = options;
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const chunks: Buffer[] = [header];
  const cw = width / 2;
  const ch = height / 2;
  for (const photo of photos) {
    const rgb = await sharp(photo)
      .rotate()
      .resize(width, height, { fit: 'cover' })
      .removeAlpha()
      .raw()
      .toBuffer();
    const y = Buffer.alloc(width * height);
    const u = Buffer.alloc(cw * ch);
    const v = Buffer.alloc(cw * ch);
    for (let i = 0; i < width * height; i++) {
      const r = rgb[i * 3]!;
      const g = rgb[i * 3 + 1]!;
      const b = rgb[i * 3 + 2]!;
      y[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
    for (let j = 0; j < ch; j++) {
      for (let i = 0; i < cw; i++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ] as const) {
          const p = ((j * 2 + dy) * width + i * 2 + dx) * 3;
          r += rgb[p]!;
          g += rgb[p + 1]!;
          b += rgb[p + 2]!;
        }
        r /= 4;
        g /= 4;
        b /= 4;
        u[j * cw + i] = Math.max(
          0,
          Math.min(255, Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)),
        );
        v[j * cw + i] = Math.max(
          0,
          Math.min(255, Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)),
        );
      }
    }
    for (let f = 0; f < framesPerPhoto; f++) chunks.push(Buffer.from('FRAME\n'), y, u, v);
  }
  await writeFile(outPath, Buffer.concat(chunks));
}
