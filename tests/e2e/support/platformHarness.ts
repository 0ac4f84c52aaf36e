/**
 * Runs IN THE PAGE (served by the Vite dev server, see platformServer.ts): exposes the browser
 * platform and the worker engine on `window.glimpseHarness`, with helpers that build test files
 * and boil results down to small JSON the Node side can assert on.
 */
import { createBrowserPlatform, watchCameraLoss } from '../../../src/platform/browserPlatform';
import { toCameraError } from '../../../src/platform/camera';
import { connectWorkerEngine, createWorkerEngine } from '../../../src/platform/workerEngine';
import type { PixelBuffer } from '../../../src/core/types';

/** A file to build in the page: bytes from Node, a canvas drawing, or zeros. */
export type FileSpec = { name: string; type: string } & (
  | { base64: string }
  | { halves: { width: number; height: number; format: 'image/png' | 'image/jpeg' } }
  | { zeros: number }
);

/** RGBA at named spots of an image (left/right/top/bottom are a quarter in from the edge). */
export interface Samples {
  left: number[];
  right: number[];
  top: number[];
  bottom: number[];
  centre: number[];
}

/** A sample's colour, roughly (decoders and JPEG shift values a little). */
export type Colour = 'red' | 'blue' | 'other';

/** A decoded image, summarised. */
export interface ImageSummary {
  name?: string;
  width: number;
  height: number;
  samples: Samples;
  /** The samples' colours. */
  colours: Record<keyof Samples, Colour>;
  /** Standard deviation of the green channel: ~0 for a blank image. */
  spread: number;
  thumbnail: { width: number; height: number; type: string };
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** Red left half, blue right half, as PNG or JPEG. */
async function halves(width: number, height: number, type: string): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#f00';
  context.fillRect(0, 0, width / 2, height);
  context.fillStyle = '#00f';
  context.fillRect(width / 2, 0, width / 2, height);
  return canvas.convertToBlob({ type, quality: 0.9 });
}

async function makeFile(spec: FileSpec): Promise<File> {
  const options = { type: spec.type };
  if ('base64' in spec) return new File([bytesOf(spec.base64)], spec.name, options);
  if ('zeros' in spec) return new File([new Uint8Array(spec.zeros)], spec.name, options);
  const { width, height, format } = spec.halves;
  return new File([await halves(width, height, format)], spec.name, options);
}

function sample(pixels: PixelBuffer, fx: number, fy: number): number[] {
  const x = Math.min(pixels.width - 1, Math.floor(pixels.width * fx));
  const y = Math.min(pixels.height - 1, Math.floor(pixels.height * fy));
  const at = (y * pixels.width + x) * 4;
  return Array.from(pixels.data.subarray(at, at + 4));
}

function colour([r = 0, g = 0, b = 0]: number[]): Colour {
  if (r > 200 && g < 60 && b < 60) return 'red';
  if (b > 200 && r < 60 && g < 60) return 'blue';
  return 'other';
}

function spread(pixels: PixelBuffer): number {
  let sum = 0;
  let squares = 0;
  const n = pixels.width * pixels.height;
  for (let i = 0; i < n; i++) {
    const g = pixels.data[i * 4 + 1]!;
    sum += g;
    squares += g * g;
  }
  return Math.sqrt(Math.max(0, squares / n - (sum / n) ** 2));
}

async function summarise(image: {
  pixels: PixelBuffer;
  thumbnail: string;
  name?: string;
}): Promise<ImageSummary> {
  const blob = await (await fetch(image.thumbnail)).blob();
  const bitmap = await createImageBitmap(blob);
  const thumbnail = { width: bitmap.width, height: bitmap.height, type: blob.type };
  bitmap.close();
  const { pixels } = image;
  const samples: Samples = {
    left: sample(pixels, 0.25, 0.5),
    right: sample(pixels, 0.75, 0.5),
    top: sample(pixels, 0.5, 0.25),
    bottom: sample(pixels, 0.5, 0.75),
    centre: sample(pixels, 0.5, 0.5),
  };
  const colours = Object.fromEntries(
    Object.entries(samples).map(([spot, rgba]) => [spot, colour(rgba)]),
  ) as ImageSummary['colours'];
  return {
    ...(image.name !== undefined ? { name: image.name } : {}),
    width: pixels.width,
    height: pixels.height,
    samples,
    colours,
    spread: spread(pixels),
    thumbnail,
  };
}

/** Mean absolute difference between `a` and `b` flipped horizontally (or not). */
function difference(a: PixelBuffer, b: PixelBuffer, flip: boolean): number {
  let total = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const bx = flip ? b.width - 1 - x : x;
      for (let c = 0; c < 3; c++) {
        total += Math.abs(a.data[(y * a.width + x) * 4 + c]! - b.data[(y * b.width + bx) * 4 + c]!);
      }
    }
  }
  return total / (a.width * a.height * 3);
}

const platform = createBrowserPlatform();

const harness = {
  platform,
  createWorkerEngine,
  connectWorkerEngine,
  toCameraError,
  watchCameraLoss,
  makeFile,

  /** Builds the files, reads them with the platform and summarises the outcome. */
  async readFiles(specs: FileSpec[]) {
    const files = await Promise.all(specs.map(makeFile));
    const progress: [number, number][] = [];
    const t0 = performance.now();
    const result = await platform.readFiles(files, (done, total) => progress.push([done, total]));
    const ms = performance.now() - t0;
    const images = await Promise.all(result.images.map(summarise));
    result.images.forEach((image) => platform.releaseThumbnail(image.thumbnail));
    return { images, rejected: result.rejected, progress, ms };
  },

  /** Reads the files and returns their pixel buffers (for the engine). */
  async pixelsOf(specs: FileSpec[]): Promise<{ pixels: PixelBuffer[]; rejected: string[] }> {
    const result = await platform.readFiles(await Promise.all(specs.map(makeFile)));
    result.images.forEach((image) => platform.releaseThumbnail(image.thumbnail));
    return {
      pixels: result.images.map((image) => image.pixels),
      rejected: result.rejected.map((r) => `${r.name}: ${r.reason}`),
    };
  },

  /**
   * Opens the camera into a <video>, waits for pictures, pauses on one frame and captures it
   * plain and mirrored.
   */
  async captureFromCamera() {
    const stream = await platform.openCamera();
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    document.body.append(video);
    try {
      await video.play();
      while (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.currentTime < 0.3) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      video.pause();
      const plain = await platform.captureFrame(video, false);
      const mirrored = await platform.captureFrame(video, true);
      // Live-preview frames: drawn at the backbone's input size, no thumbnail.
      const live = await platform.captureFrame(video, false, { thumbnail: false, side: 224 });
      const mean = (p: { data: Uint8ClampedArray | Uint8Array }) => {
        const sums = [0, 0, 0];
        for (let i = 0; i < p.data.length; i += 4)
          for (let k = 0; k < 3; k++) sums[k]! += p.data[i + k]!;
        return sums.map((v) => v / (p.data.length / 4));
      };
      const summary = {
        live: {
          width: live.pixels.width,
          height: live.pixels.height,
          thumbnail: live.thumbnail,
          meanShift: Math.max(
            ...mean(live.pixels).map((v, k) => Math.abs(v - mean(plain.pixels)[k]!)),
          ),
        },
        video: { width: video.videoWidth, height: video.videoHeight },
        settings: stream.getVideoTracks()[0]!.getSettings(),
        plain: await summarise(plain),
        mirrored: await summarise(mirrored),
        mirroredVsFlipped: difference(mirrored.pixels, plain.pixels, true),
        mirroredVsPlain: difference(mirrored.pixels, plain.pixels, false),
      };
      platform.releaseThumbnail(plain.thumbnail);
      platform.releaseThumbnail(mirrored.thumbnail);
      return summary;
    } finally {
      platform.closeCamera(stream);
      video.remove();
    }
  },

  /** Runs `body` and returns the CameraError it throws as plain data (or `resolved`). */
  async cameraFailure(body: () => Promise<unknown>) {
    try {
      const value = await body();
      if (value instanceof MediaStream) platform.closeCamera(value);
      return { resolved: true as const };
    } catch (error) {
      const e = error as { name?: string; code?: string; message?: string };
      return { resolved: false as const, name: e.name, code: e.code, message: e.message };
    }
  },
};

/** What `window.glimpseHarness` holds. */
export type PlatformHarness = typeof harness;

(window as unknown as { glimpseHarness: PlatformHarness }).glimpseHarness = harness;
