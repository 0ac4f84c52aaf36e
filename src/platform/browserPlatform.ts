/**
 * The real {@link Platform}: files, drops and webcams through the browser's APIs. The pieces live
 * in files of their own (readImageFiles, dataTransferFiles, camera); this composes them.
 */
import {
  captureFrame,
  closeCamera,
  listCameras,
  openCamera,
  preferredCameraId,
  rememberCamera,
  watchCameraLoss,
} from './camera';
import { filesFromDataTransfer } from './dataTransferFiles';
import { fetchModelFiles, fetchTfjsBundle, readBytes, saveFile } from './files';
import type { Platform } from './platform';
import { readImageFiles } from './readImageFiles';

export { watchCameraLoss };

/** Creates the browser platform. Stateless: every call goes straight to the browser. */
export function createBrowserPlatform(): Platform {
  return {
    readFiles: readImageFiles,
    filesFromDataTransfer,
    listCameras,
    openCamera,
    closeCamera,
    preferredCameraId,
    rememberCamera,
    watchCameraLoss,
    captureFrame,
    releaseThumbnail: (url) => URL.revokeObjectURL(url),
    saveFile,
    readBytes,
    fetchModelFiles,
    fetchTfjsBundle,
  };
}
