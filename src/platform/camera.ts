/**
 * Webcams: listing, opening with teacher-readable errors, remembering the choice, and grabbing
 * frames as images.
 *
 * A camera can stop by itself (unplugged, taken by another program, permission revoked): its
 * video track then fires `ended` (tracks stopped by {@link closeCamera} do not). Watch for it
 * with {@link watchCameraLoss}, or `stream.getVideoTracks()[0].addEventListener('ended', …)`.
 */
import type { IncomingImage } from '../core/session/sessionTypes';
import { CameraError, type CameraInfo } from './platform';
import { MAX_SHORT_SIDE } from './readImageFiles';
import { makeThumbnail } from './thumbnail';

/** localStorage key of the camera chosen last. */
export const CAMERA_STORAGE_KEY = 'glimpse.camera';

const UPLOAD_INSTEAD = 'or upload images instead.';

const MESSAGES = {
  denied: `Glimpse is not allowed to use the camera. Allow camera access in the browser's address bar, ${UPLOAD_INSTEAD}`,
  notFound: `No camera was found. Connect a camera and try again, ${UPLOAD_INSTEAD}`,
  chosenGone: `The chosen camera is not available any more. Pick another camera, ${UPLOAD_INSTEAD}`,
  inUse: `The camera is being used by another program or browser tab. Close it there and try again, ${UPLOAD_INSTEAD}`,
  unsupported: `This browser cannot use a camera on this page (it needs a secure https:// address and camera support). Use another browser, ${UPLOAD_INSTEAD}`,
  unplugged: `The camera stopped sending pictures (it may have been unplugged or taken by another program). Open it again, ${UPLOAD_INSTEAD}`,
  noPicture: 'The camera has not shown a picture yet. Wait a moment and try again.',
} as const;

function mediaDevices(): MediaDevices | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
}

/** The video inputs; empty when the browser has no camera support. */
export async function listCameras(): Promise<CameraInfo[]> {
  const media = mediaDevices();
  if (!media?.enumerateDevices) return [];
  const devices = await media.enumerateDevices();
  return devices
    .filter((device) => device.kind === 'videoinput')
    .map((device) => ({ deviceId: device.deviceId, label: device.label, facing: facing(device) }));
}

/** The facing the device reports (after permission), else a guess from its label. */
function facing(device: MediaDeviceInfo): CameraInfo['facing'] {
  try {
    const modes = (device as InputDeviceInfo).getCapabilities?.().facingMode ?? [];
    if (modes.includes('user')) return 'user';
    if (modes.includes('environment')) return 'environment';
  } catch {
    // getCapabilities is missing or refuses before permission: fall back to the label.
  }
  const label = device.label.toLowerCase();
  if (/\b(front|user|facetime)\b/.test(label)) return 'user';
  if (/\b(back|rear|environment|world)\b/.test(label)) return 'environment';
  return 'unknown';
}

function constraints(deviceId?: string): MediaStreamConstraints {
  return {
    audio: false,
    video: {
      width: { ideal: 640 },
      height: { ideal: 480 },
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    },
  };
}

/**
 * Opens `deviceId`, else the remembered camera (falling back to the default one if it has gone),
 * else the default camera. Throws {@link CameraError}.
 */
export async function openCamera(deviceId?: string): Promise<MediaStream> {
  const media = mediaDevices();
  if (!media?.getUserMedia) throw new CameraError('unsupported', MESSAGES.unsupported);
  const remembered = deviceId ? null : preferredCameraId();
  try {
    return await media.getUserMedia(constraints(deviceId ?? remembered ?? undefined));
  } catch (error) {
    if (remembered && isGone(error)) {
      try {
        return await media.getUserMedia(constraints());
      } catch (retryError) {
        throw toCameraError(retryError, false);
      }
    }
    throw toCameraError(error, Boolean(deviceId));
  }
}

function errorName(error: unknown): string {
  // DOMException and Chrome's OverconstrainedError are not always `instanceof Error`.
  const name =
    typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : '';
  return typeof name === 'string' ? name : '';
}

function isGone(error: unknown): boolean {
  const name = errorName(error);
  return name === 'OverconstrainedError' || name === 'NotFoundError';
}

/** Maps a getUserMedia failure to a {@link CameraError}. */
export function toCameraError(error: unknown, deviceWasChosen: boolean): CameraError {
  const name = errorName(error);
  const options = { cause: error };
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new CameraError('denied', MESSAGES.denied, options);
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new CameraError(
        'not-found',
        deviceWasChosen ? MESSAGES.chosenGone : MESSAGES.notFound,
        options,
      );
    case 'NotReadableError':
    case 'AbortError':
      return new CameraError('in-use', MESSAGES.inUse, options);
    default: {
      const message = (error as { message?: unknown } | null)?.message;
      const detail = typeof message === 'string' && message ? message : name || String(error);
      return new CameraError(
        'unknown',
        `The camera could not be started (${detail}). Try again, ${UPLOAD_INSTEAD}`,
        options,
      );
    }
  }
}

/** Stops every track of `stream`. */
export function closeCamera(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/**
 * Calls `onLost` once if the camera stops by itself (its video track fires `ended`). Returns a
 * function that stops watching. Stopping the stream with {@link closeCamera} does not count.
 */
export function watchCameraLoss(
  stream: MediaStream,
  onLost: (error: CameraError) => void,
): () => void {
  const tracks = stream.getVideoTracks();
  const onEnded = () => {
    stop();
    onLost(new CameraError('unplugged', MESSAGES.unplugged));
  };
  const stop = () => tracks.forEach((track) => track.removeEventListener('ended', onEnded));
  tracks.forEach((track) => track.addEventListener('ended', onEnded));
  return stop;
}

/** The camera chosen last time, or null (also when storage is blocked). */
export function preferredCameraId(): string | null {
  try {
    return localStorage.getItem(CAMERA_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Remembers the chosen camera; silently does nothing when storage is blocked. */
export function rememberCamera(deviceId: string): void {
  try {
    localStorage.setItem(CAMERA_STORAGE_KEY, deviceId);
  } catch {
    // Private mode or storage disabled: the choice just is not remembered.
  }
}

/**
 * The centred square of the video's current frame (what the model sees, and what the thumbnail
 * shows), at most {@link MAX_SHORT_SIDE} pixels wide, mirrored horizontally when `mirror`.
 * Throws {@link CameraError} 'unplugged' when the camera has stopped, 'unknown' before the
 * first frame. With `thumbnail: false` no thumbnail is encoded (about 2–3 ms of a live-preview
 * frame that is classified and thrown away) and `thumbnail` is ''. With `side`, the square is
 * drawn at exactly `side` pixels (e.g. the backbone's input size, as Teachable Machine's webcam
 * does): the browser scales it while drawing, so the engine's own resize has nothing left to do
 * (about 3 ms of a live frame on WASM).
 */
export async function captureFrame(
  video: HTMLVideoElement,
  mirror: boolean,
  options: { thumbnail?: boolean; side?: number } = {},
): Promise<IncomingImage> {
  const stream = video.srcObject instanceof MediaStream ? video.srcObject : null;
  if (stream && stream.getVideoTracks().every((track) => track.readyState === 'ended')) {
    throw new CameraError('unplugged', MESSAGES.unplugged);
  }
  const { videoWidth: width, videoHeight: height } = video;
  if (!width || !height || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
    throw new CameraError('unknown', MESSAGES.noPicture);
  }
  const side = Math.min(width, height);
  const size = options.side ?? Math.min(side, MAX_SHORT_SIDE);
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('the browser gave no 2D canvas to read the camera with');
  if (mirror) {
    context.translate(size, 0);
    context.scale(-1, 1);
  }
  context.imageSmoothingQuality = 'high';
  const x = Math.floor((width - side) / 2);
  const y = Math.floor((height - side) / 2);
  context.drawImage(video, x, y, side, side, 0, 0, size, size);
  const { data } = context.getImageData(0, 0, size, size);
  const thumbnail = options.thumbnail === false ? '' : await makeThumbnail(canvas, size, size);
  return { pixels: { width: size, height: size, data }, thumbnail };
}
