/** A Platform for UI tests: files decode instantly, cameras are plain objects. */
import type { IncomingImage } from '../../src/core/session/sessionTypes';
import {
  CameraError,
  type CameraInfo,
  type DecodedFiles,
  type Platform,
} from '../../src/platform/platform';

/** A stand-in MediaStream that remembers whether it was closed. */
export interface FakeStream {
  deviceId: string;
  closed: boolean;
  /** Set by watchCameraLoss: makes the camera stop by itself, as when it is unplugged. */
  unplug?: () => void;
  getTracks(): unknown[];
  getVideoTracks(): { getSettings(): { deviceId: string } }[];
}

export interface FakePlatform extends Platform {
  cameras: CameraInfo[];
  /** When set, openCamera rejects with it. */
  cameraError: CameraError | null;
  streams: FakeStream[];
  remembered: string | null;
  released: string[];
  captureCount: number;
  /** Frames captured with a thumbnail. */
  thumbnailsMade: number;
  /** The `side` each capture asked for (undefined: the camera's own size). */
  captureSides: (number | undefined)[];
  /** When set, captureFrame waits for this promise (to hold a capture "in flight"). */
  captureGate: Promise<void> | null;
  /** Files offered for download, in order. */
  saved: { bytes: Uint8Array; fileName: string; type?: string }[];
  /** URLs fetchModelFiles was asked for. */
  fetchedModels: string[];
}

/** A 2×2 image whose thumbnail URL names it. */
export function fakeImage(name: string): IncomingImage & { name: string } {
  return {
    name,
    thumbnail: `blob:thumb/${name}`,
    pixels: { width: 2, height: 2, data: new Uint8Array(16) },
  };
}

/** A File the fake platform accepts (image/*) or rejects (anything else). */
export function fakeFile(name: string, type = 'image/png'): File {
  return new File([new Uint8Array([1, 2, 3])], name, { type });
}

export function createFakePlatform(overrides: Partial<FakePlatform> = {}): FakePlatform {
  const platform: FakePlatform = {
    cameras: [
      { deviceId: 'front', label: 'Front camera', facing: 'user' },
      { deviceId: 'back', label: 'Back camera', facing: 'environment' },
    ],
    cameraError: null,
    streams: [],
    remembered: null,
    released: [],
    captureCount: 0,
    thumbnailsMade: 0,
    captureSides: [],
    captureGate: null,
    saved: [],
    fetchedModels: [],

    async readFiles(files, onProgress) {
      const result: DecodedFiles = { images: [], rejected: [] };
      files.forEach((file, i) => {
        if (file.type.startsWith('image/')) result.images.push(fakeImage(file.name));
        else result.rejected.push({ name: file.name, reason: `not an image (${file.type})` });
        onProgress?.(i + 1, files.length);
      });
      return result;
    },
    async filesFromDataTransfer(data) {
      return Array.from(data.files);
    },
    async listCameras() {
      return platform.cameras;
    },
    async openCamera(deviceId) {
      if (platform.cameraError) throw platform.cameraError;
      const id = deviceId ?? platform.cameras[0]?.deviceId ?? 'default';
      const stream: FakeStream = {
        deviceId: id,
        closed: false,
        getTracks: () => [],
        getVideoTracks: () => [{ getSettings: () => ({ deviceId: id }) }],
      };
      platform.streams.push(stream);
      return stream as unknown as MediaStream;
    },
    closeCamera(stream) {
      (stream as unknown as FakeStream).closed = true;
    },
    watchCameraLoss(stream, onLost) {
      const fake = stream as unknown as FakeStream;
      fake.unplug = () => {
        delete fake.unplug;
        onLost(new CameraError('unplugged', 'The camera stopped sending pictures.'));
      };
      return () => delete fake.unplug;
    },
    preferredCameraId: () => platform.remembered,
    rememberCamera(deviceId) {
      platform.remembered = deviceId;
    },
    async captureFrame(_video, _mirror, options) {
      if (platform.captureGate) await platform.captureGate;
      platform.captureCount++;
      platform.captureSides.push(options?.side);
      const image = fakeImage(`frame-${platform.captureCount}`);
      platform.thumbnailsMade += options?.thumbnail === false ? 0 : 1;
      return options?.thumbnail === false ? { ...image, thumbnail: '' } : image;
    },
    releaseThumbnail(url) {
      platform.released.push(url);
    },
    saveFile(bytes, fileName, type) {
      platform.saved.push({ bytes, fileName, ...(type ? { type } : {}) });
    },
    async readBytes(file) {
      return new Uint8Array(await file.arrayBuffer());
    },
    async fetchModelFiles(url) {
      platform.fetchedModels.push(url);
      throw new Error(`no model at ${url}`);
    },
    async fetchTfjsBundle() {
      return new TextEncoder().encode('/* TF.js stand-in */');
    },
    ...overrides,
  };
  return platform;
}
