/**
 * Adding many image files to a class: decode them in chunks and hand each chunk to the store
 * while the next one decodes, so the engine worker embeds while this thread decodes and a big
 * upload never holds every decoded photo at once. Chunks are added in order, one at a time.
 */
import type { RejectedFile, SessionStore } from '../../core/session/sessionTypes';
import type { SampleSource } from '../../core/types';
import type { Platform } from '../../platform/platform';

/** Files decoded per step; each step's images are embedded while the next decodes. */
export const UPLOAD_CHUNK = 16;

/**
 * Resolves once every file is decoded, with the rejected files and `added`, which resolves
 * with the new sample ids once the store has embedded them all (or rejects with its error).
 */
export async function addFilesInChunks(
  store: Pick<SessionStore, 'addImages'>,
  platform: Pick<Platform, 'readFiles'>,
  classId: string,
  files: readonly File[],
  source: SampleSource,
  onDecoded?: (done: number, total: number) => void,
): Promise<{ rejected: RejectedFile[]; added: Promise<string[]> }> {
  const rejected: RejectedFile[] = [];
  const ids: string[] = [];
  let adding: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < files.length; start += UPLOAD_CHUNK) {
    const decoded = await platform.readFiles(files.slice(start, start + UPLOAD_CHUNK), (done) =>
      onDecoded?.(start + done, files.length),
    );
    rejected.push(...decoded.rejected);
    if (decoded.images.length) {
      adding = adding.then(async () =>
        ids.push(...(await store.addImages(classId, decoded.images, source))),
      );
      // Awaited by the caller; marked handled so a failure meanwhile is not reported as unhandled.
      adding.catch(() => undefined);
    }
  }
  return { rejected, added: adding.then(() => ids) };
}
