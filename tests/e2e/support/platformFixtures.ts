/**
 * Image files built in Node for the platform tests: every supported format, refused formats,
 * damaged and oversized files, and EXIF-rotated photos. Recognisable content: red left half,
 * blue right half (or a solid colour per GIF frame).
 */
import sharp, { type Sharp } from 'sharp';

/** RGB bytes, `width`×`height`, red in the left half and blue in the right half. */
export function halvesRaw(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels.set(x < width / 2 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
    }
  }
  return pixels;
}

function halves(width: number, height: number): Sharp {
  return sharp(halvesRaw(width, height), { raw: { width, height, channels: 3 } });
}

/** Halves stored `width`×`height` with an EXIF orientation (6 = rotate 90° clockwise to view). */
export function exifJpeg(width: number, height: number, orientation: number): Promise<Buffer> {
  return halves(width, height).jpeg({ quality: 95 }).withMetadata({ orientation }).toBuffer();
}

export function webp(width: number, height: number): Promise<Buffer> {
  return halves(width, height).webp({ lossless: true }).toBuffer();
}

export function tiff(width: number, height: number): Promise<Buffer> {
  return halves(width, height).tiff().toBuffer();
}

export function avif(width: number, height: number): Promise<Buffer> {
  return halves(width, height).avif().toBuffer();
}

export function png(width: number, height: number): Promise<Buffer> {
  return halves(width, height).png().toBuffer();
}

/** A PNG of noise (so its pixel data is long), cut in half: the decoder runs out of data. */
export async function truncatedPng(): Promise<Buffer> {
  const noise = Buffer.alloc(200 * 150 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
  const whole = await sharp(noise, { raw: { width: 200, height: 150, channels: 3 } })
    .png()
    .toBuffer();
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** A small valid PNG whose header claims `width`×`height` (its checksum no longer matches). */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const bytes = Buffer.from(await png(8, 8));
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes;
}

/** A two-frame GIF, 40×30: red frame, then blue frame. */
export async function animatedGif(): Promise<Buffer> {
  const solid = (r: number, b: number) =>
    sharp({ create: { width: 40, height: 30, channels: 3, background: { r, g: 0, b } } })
      .png()
      .toBuffer();
  return sharp([await solid(255, 0), await solid(0, 255)], { join: { animated: true } })
    .gif()
    .toBuffer();
}

/** An uncompressed 24-bit BMP of halves (bottom-up rows, BGR, rows padded to 4 bytes). */
export function bmp(width: number, height: number): Buffer {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + rowBytes * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  file.writeUInt32LE(rowBytes * height, 34);
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      file.set(x < width / 2 ? [0, 0, 255] : [255, 0, 0], row + x * 3); // BGR
    }
  }
  return file;
}

/** The start of an iPhone HEIC (an ISO-BMFF `ftyp` box, brand heic), then junk. */
export function heicStart(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.from('junk that is not an image, '.repeat(20))]);
}

/** An SVG whose script would set `window.svgScriptRan` if it ever ran. */
export const SVG_WITH_SCRIPT = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
  <script>window.parent.svgScriptRan = true; window.svgScriptRan = true;</script>
  <rect width="10" height="10" fill="red"/>
</svg>`;
