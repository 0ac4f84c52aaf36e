import { useEffect, useState } from 'react';
import type { CameraInfo } from '../../platform/platform';
import { usePlatform } from '../context';

/** One open camera as a component sees it. */
export interface CameraState {
  /** Cameras to choose from (labels appear once permission is granted). */
  cameras: CameraInfo[];
  /** The chosen camera's id ('' until known). */
  deviceId: string;
  /** The live stream, or null while opening or after a failure. */
  stream: MediaStream | null;
  /** Why the camera could not be opened (usually a `CameraError` with a teacher-friendly message). */
  error: Error | null;
  /** Whether frames are shown (and captured) mirrored. */
  mirror: boolean;
  choose(deviceId: string): void;
  setMirror(mirror: boolean): void;
  /** Tries to open the camera again (after the user allowed access, plugged one in…). */
  retry(): void;
}

interface Request {
  deviceId: string | null;
  attempt: number;
}

const toError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

const activeDeviceId = (stream: MediaStream): string | null =>
  stream.getVideoTracks?.()[0]?.getSettings?.().deviceId ?? null;

/**
 * Opens a camera while the calling component is mounted and closes it on unmount or when the
 * user picks another one. The choice is remembered by the platform for next time. Mirroring
 * defaults to on for front ('user') and unknown cameras.
 */
export function useCamera(): CameraState {
  const platform = usePlatform();
  const [request, setRequest] = useState<Request>(() => ({
    deviceId: platform.preferredCameraId(),
    attempt: 0,
  }));
  const [cameras, setCameras] = useState<CameraInfo[]>([]);
  const [opened, setOpened] = useState<{ request: Request; stream: MediaStream } | null>(null);
  const [failed, setFailed] = useState<{ request: Request; error: Error } | null>(null);
  const [mirrorChoice, setMirrorChoice] = useState<{ deviceId: string; mirror: boolean } | null>(
    null,
  );

  useEffect(() => {
    let live = true;
    let stream: MediaStream | null = null;
    let stopWatching = () => {};
    const listCameras = async () => {
      try {
        const list = await platform.listCameras();
        if (live) setCameras(list);
      } catch {
        // No list: the picker shows only the camera in use, which still works.
      }
    };
    void (async () => {
      try {
        const opening = await platform.openCamera(request.deviceId ?? undefined);
        if (!live) {
          platform.closeCamera(opening);
          return;
        }
        stream = opening;
        setOpened({ request, stream: opening });
        // Unplugged mid-use: close it and say so; "Try again" opens it afresh.
        stopWatching =
          platform.watchCameraLoss?.(opening, (error) => {
            if (!live) return;
            platform.closeCamera(opening);
            setOpened(null);
            setFailed({ request, error });
          }) ?? stopWatching;
      } catch (error) {
        if (live) setFailed({ request, error: toError(error) });
      }
      await listCameras();
    })();
    return () => {
      live = false;
      stopWatching();
      if (stream) platform.closeCamera(stream);
    };
  }, [platform, request]);

  const stream = opened?.request === request ? opened.stream : null;
  const error = failed?.request === request ? failed.error : null;
  const deviceId = request.deviceId ?? (stream && activeDeviceId(stream)) ?? '';
  const facing = cameras.find((c) => c.deviceId === deviceId)?.facing ?? 'unknown';
  const mirror =
    mirrorChoice && mirrorChoice.deviceId === deviceId
      ? mirrorChoice.mirror
      : facing !== 'environment';

  return {
    cameras,
    deviceId,
    stream,
    error,
    mirror,
    choose(id) {
      platform.rememberCamera(id);
      setRequest({ deviceId: id, attempt: 0 });
    },
    setMirror(value) {
      setMirrorChoice({ deviceId, mirror: value });
    },
    retry() {
      setRequest((r) => ({ ...r, attempt: r.attempt + 1 }));
    },
  };
}
