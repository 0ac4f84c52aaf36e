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
 * When the user presses Stop (the store's ingest says `cancelling`), no further file is
 * decoded or handed over.
 */
export async function addFilesInChunks(
  store: Pick<SessionStore, 'addImages' | 'getSnapshot' | 'subscribe'>,
  platform: Pick<Platform, 'readFiles' | 'releaseThumbnail'>,
  classId: string,
  files: readonly File[],
  source: SampleSource,
  onDecoded?: (done: number, total: number) => void,
): Promise<{ rejected: RejectedFile[]; added: Promise<string[]> }> {
  const rejected: RejectedFile[] = [];
  const ids: string[] = [];
  let adding: Promise<unknown> = Promise.resolve();
  // Latched: once Stop is seen, this upload stays stopped even after the store moves on.
  let stop = false;
  const stopped = () => (stop ||= store.getSnapshot().ingest.cancelling === true);
  const unsubscribe = store.subscribe(() => void stopped());
  try {
    return await decodeAndAdd();
  } finally {
    unsubscribe();
  }

  async function decodeAndAdd() {
    for (let start = 0; start < files.length; start += UPLOAD_CHUNK) {
      if (stopped()) break;
      const decoded = await platform.readFiles(files.slice(start, start + UPLOAD_CHUNK), (done) =>
        onDecoded?.(start + done, files.length),
      );
      rejected.push(...decoded.rejected);
      if (stopped()) {
        decoded.images.forEach((image) => platform.releaseThumbnail(image.thumbnail));
        break;
      }
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
}
