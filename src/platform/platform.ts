/**
 * What the UI needs from the browser, as one injectable interface (the app passes the real one;
 * UI tests pass fakes). Components never touch tfjs; they reach images and cameras through this.
 */
import type { BaseModelFiles } from '../core/io/tmExport';
import type { IncomingImage, RejectedFile } from '../core/session/sessionTypes';

/** A camera the user can pick. */
export interface CameraInfo {
  deviceId: string;
  label: string;
  /** 'user' = front camera (mirrored by default). */
  facing: 'user' | 'environment' | 'unknown';
}

/** Why a camera could not be used. */
export type CameraErrorCode =
  'denied' | 'not-found' | 'in-use' | 'unplugged' | 'unsupported' | 'unknown';

/** A camera failure with a message a teacher understands. */
export class CameraError extends Error {
  constructor(
    readonly code: CameraErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CameraError';
  }
}

/** Decoded files: the usable images (with thumbnails) and the rejected files with reasons. */
export interface DecodedFiles {
  images: (IncomingImage & { name: string })[];
  rejected: RejectedFile[];
}

/** Browser services the trainer UI uses. */
export interface Platform {
  /**
   * Decodes image files (EXIF-upright; huge images downscaled while decoding) and makes their
   * 224×224 centre-crop JPEG thumbnails. Never throws for a bad file: it lands in `rejected`
   * with a specific reason (unsupported format, corrupt, empty, too large…).
   */
  readFiles(
    files: readonly File[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<DecodedFiles>;
  /** Files from a drop or paste, including every image inside dropped folders. */
  filesFromDataTransfer(data: DataTransfer): Promise<File[]>;
  /** Lists cameras (labels may be empty before permission is granted). */
  listCameras(): Promise<CameraInfo[]>;
  /** Opens a camera (the remembered one if no id is given). Throws {@link CameraError}. */
  openCamera(deviceId?: string): Promise<MediaStream>;
  /** Stops every track of a stream. */
  closeCamera(stream: MediaStream): void;
  /** The camera the user chose last time, if any. */
  preferredCameraId(): string | null;
  rememberCamera(deviceId: string): void;
  /**
   * Calls `onLost` (once, with a CameraError "unplugged") when an open camera stops by itself:
   * unplugged, switched off, or taken by another program. Returns a function that stops watching.
   * Optional: a platform without it never reports a lost camera.
   */
  watchCameraLoss?(stream: MediaStream, onLost: (error: CameraError) => void): () => void;
  /**
   * Grabs the current video frame as an image (mirrored horizontally when `mirror`). Pass
   * `{ thumbnail: false }` for frames that are only classified: no thumbnail is made and
   * `thumbnail` is ''. `side` draws the centred square at exactly that many pixels (the
   * backbone's input size, for frames that are only classified).
   */
  captureFrame(
    video: HTMLVideoElement,
    mirror: boolean,
    options?: { thumbnail?: boolean; side?: number },
  ): Promise<IncomingImage>;
  /** Frees a thumbnail URL made by this platform. */
  releaseThumbnail(url: string): void;
  /** Offers bytes to the user as a downloaded file. */
  saveFile(bytes: Uint8Array, fileName: string, type?: string): void;
  /** Reads a picked file's bytes. */
  readBytes(file: Blob): Promise<Uint8Array>;
  /**
   * Fetches a layers model (model.json and its weight files, relative to it) — the self-hosted
   * base model a Teachable Machine export is built from, and the backbone a model export ships.
   */
  fetchModelFiles(modelJsonUrl: string): Promise<BaseModelFiles>;
  /** TF.js's browser bundle (tf.min.js), shipped with the model export's example page. */
  fetchTfjsBundle(): Promise<Uint8Array>;
}
