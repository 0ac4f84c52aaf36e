/**
 * The hostile-input set, generated in Node with sharp (nothing binary is committed): damaged,
 * disguised, unsupported, gigantic and unusual-but-valid image files, each with what Glimpse must
 * do with it. Valid images show a recognisable upright picture: four coloured quadrants.
 */
import sharp, { type Sharp } from 'sharp';
import { animatedGif, heicStart, SVG_WITH_SCRIPT, truncatedPng } from './platformFixtures';

/** Upright quadrant colours: top-left, top-right, bottom-left, bottom-right. */
export const QUADRANTS = {
  topLeft: [255, 0, 0],
  topRight: [0, 160, 0],
  bottomLeft: [0, 0, 255],
  bottomRight: [255, 255, 0],
} as const;

/** RGB bytes of the upright quadrants picture. */
export function quadrantsRaw(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const top = y < height / 2;
      const left = x < width / 2;
      const colour = top
        ? left
          ? QUADRANTS.topLeft
          : QUADRANTS.topRight
        : left
          ? QUADRANTS.bottomLeft
          : QUADRANTS.bottomRight;
      pixels.set(colour, (y * width + x) * 3);
    }
  }
  return pixels;
}

export function quadrants(width: number, height: number): Sharp {
  return sharp(quadrantsRaw(width, height), { raw: { width, height, channels: 3 } });
}

/**
 * How the pixels of an upright picture are stored under each EXIF orientation, so that a viewer
 * applying the orientation shows the upright picture again (checked against sharp's rotate()).
 */
const STORED_AS: Record<number, (image: Sharp) => Sharp> = {
  1: (image) => image,
  2: (image) => image.flop(),
  3: (image) => image.rotate(180),
  4: (image) => image.flip(),
  5: (image) => image.rotate(270).flop(),
  6: (image) => image.rotate(270),
  7: (image) => image.rotate(90).flop(),
  8: (image) => image.rotate(90),
};

/** Upright quadrants (48×32 shown) stored for EXIF `orientation` 1–8, as JPEG. */
export async function orientedJpeg(orientation: number): Promise<Buffer> {
  const stored = await STORED_AS[orientation]!(quadrants(48, 32)).png().toBuffer();
  return sharp(stored).jpeg({ quality: 95 }).withMetadata({ orientation }).toBuffer();
}

/** A JPEG whose frame header is intact but whose scan data is replaced by junk and cut short. */
export async function corruptJpeg(): Promise<Buffer> {
  const jpeg = await quadrants(64, 64).jpeg().toBuffer();
  const scan = jpeg.indexOf(Buffer.from([0xff, 0xda]));
  const junk = Buffer.from('not entropy-coded data; '.repeat(4));
  return Buffer.concat([jpeg.subarray(0, scan + 2), junk]);
}

/** A semi-transparent PNG: opaque quadrants on the left, alpha 0 top right, alpha 128 below. */
export async function transparentPng(): Promise<Buffer> {
  const width = 32;
  const height = 32;
  const rgb = quadrantsRaw(width, height);
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    rgb.copy(rgba, i * 4, i * 3, i * 3 + 3);
    rgba[i * 4 + 3] = x < width / 2 ? 255 : y < height / 2 ? 0 : 128;
  }
  return sharp(rgba, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}

/** A file to upload: its bytes, name and MIME type, and what Glimpse must do with it. */
export interface HostileFile {
  /** The kind of input, as the README table names it. */
  kind: string;
  name: string;
  type: string;
  bytes: Buffer;
  /** Kept as an image, or refused with exactly this reason. */
  outcome: { kept: true } | { reason: string };
}

const HINT = 'use JPEG, PNG, WebP, AVIF, GIF or BMP';
const kept = { kept: true } as const;
const refused = (reason: string) => ({ reason });

/** Every hostile kind, generated (the 12,000 × 12,000 PNG takes a few seconds). */
export async function hostileFiles(): Promise<HostileFile[]> {
  const text = (s: string) => Buffer.from(s, 'utf8');
  const hugePng = await sharp({
    create: { width: 12_000, height: 12_000, channels: 3, background: { r: 9, g: 9, b: 9 } },
  })
    .png({ compressionLevel: 9 })
    .toBuffer();
  const avif = await quadrants(32, 32).avif().toBuffer();
  return [
    {
      kind: 'corrupt JPEG (junk scan data)',
      name: 'corrupt.jpg',
      type: 'image/jpeg',
      bytes: await corruptJpeg(),
      outcome: refused('could not be decoded: the JPEG data is damaged or incomplete'),
    },
    {
      kind: 'truncated PNG',
      name: 'truncated.png',
      type: 'image/png',
      bytes: await truncatedPng(),
      outcome: refused('could not be decoded: the PNG data is damaged or incomplete'),
    },
    {
      kind: '0-byte file',
      name: 'empty.jpg',
      type: 'image/jpeg',
      bytes: Buffer.alloc(0),
      outcome: refused('empty file (0 bytes)'),
    },
    {
      kind: 'text file renamed .jpg',
      name: 'notes.jpg',
      type: 'image/jpeg',
      bytes: text('Shopping list: eggs, flour, milk.\n'),
      outcome: refused('not an image: the file holds text, not JPEG data'),
    },
    {
      kind: 'PDF renamed .jpg',
      name: 'invoice.jpg',
      type: 'image/jpeg',
      bytes: text('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
      outcome: refused(`unsupported format (PDF); ${HINT}`),
    },
    {
      kind: 'SVG with a script',
      name: 'drawing.svg',
      type: 'image/svg+xml',
      bytes: text(SVG_WITH_SCRIPT),
      outcome: refused(`unsupported format (SVG); ${HINT}`),
    },
    {
      kind: 'SVG with a script, renamed .jpg',
      name: 'sneaky.jpg',
      type: 'image/jpeg',
      bytes: text(SVG_WITH_SCRIPT),
      outcome: refused(`unsupported format (SVG); ${HINT}`),
    },
    {
      kind: '12,000 × 12,000 PNG',
      name: 'gigantic.png',
      type: 'image/png',
      bytes: hugePng,
      outcome: refused('too large (12000×12000 pixels, 144 megapixels; the limit is 100)'),
    },
    {
      kind: 'animated GIF',
      name: 'animated.gif',
      type: 'image/gif',
      bytes: await animatedGif(),
      outcome: kept,
    },
    {
      kind: 'CMYK JPEG',
      name: 'print-cmyk.jpg',
      type: 'image/jpeg',
      bytes: await quadrants(32, 32)
        .toColourspace('cmyk')
        .keepIccProfile()
        .jpeg({ quality: 95 })
        .toBuffer(),
      outcome: kept,
    },
    {
      kind: '16-bit PNG',
      name: 'deep-16bit.png',
      type: 'image/png',
      bytes: await quadrants(32, 32).toColourspace('rgb16').png().toBuffer(),
      outcome: kept,
    },
    {
      kind: 'grayscale JPEG',
      name: 'gray.jpg',
      type: 'image/jpeg',
      bytes: await quadrants(32, 32).grayscale().jpeg().toBuffer(),
      outcome: kept,
    },
    {
      kind: 'grayscale PNG',
      name: 'gray.png',
      type: 'image/png',
      bytes: await quadrants(32, 32).grayscale().png().toBuffer(),
      outcome: kept,
    },
    {
      kind: 'transparent PNG',
      name: 'transparent.png',
      type: 'image/png',
      bytes: await transparentPng(),
      outcome: kept,
    },
    ...(await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8].map(async (orientation) => ({
        kind: `EXIF orientation ${orientation}`,
        name: `exif-${orientation}.jpg`,
        type: 'image/jpeg',
        bytes: await orientedJpeg(orientation),
        outcome: kept,
      })),
    )),
    {
      kind: 'HEIC (iPhone photo)',
      name: 'IMG_0042.HEIC',
      type: 'image/heic',
      bytes: heicStart(),
      outcome: refused(`unsupported format (HEIC); ${HINT}`),
    },
    { kind: 'AVIF', name: 'modern.avif', type: 'image/avif', bytes: avif, outcome: kept },
    {
      kind: 'AVIF with wrong bytes',
      name: 'broken.avif',
      type: 'image/avif',
      bytes: text('\u0000\u0001 definitely not an AV1 image \u00ff'.repeat(3)),
      outcome: refused('not an image: the file does not hold AVIF data (it may be damaged)'),
    },
    {
      kind: 'TIFF',
      name: 'scan.tif',
      type: 'image/tiff',
      bytes: await quadrants(16, 16).tiff().toBuffer(),
      outcome: refused(`unsupported format (TIFF); ${HINT}`),
    },
    {
      kind: 'WebP',
      name: 'web.webp',
      type: 'image/webp',
      bytes: await quadrants(32, 32).webp({ quality: 90 }).toBuffer(),
      outcome: kept,
    },
  ];
}
