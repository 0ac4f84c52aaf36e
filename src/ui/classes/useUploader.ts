import { useCallback, useRef, useState } from 'react';
import { useStore, usePlatform } from '../context';
import { errorText } from '../format';
import { useT } from '../i18n/I18nProvider';
import { addFilesInChunks } from './addFilesInChunks';

/** Files being decoded right now, summed over every upload in flight. */
export interface ReadingProgress {
  done: number;
  total: number;
}

/**
 * The upload flow shared by the file pickers, drag-and-drop and paste: decode the files on the
 * platform (progress in `reading`), report the rejected ones, then add the images to the class
 * (the store reports embedding progress in `snapshot.ingest`).
 */
export function useUploader(): {
  reading: ReadingProgress | null;
  /** Why the last upload failed as a whole (single bad files land in `ingest.rejected`). */
  error: string | null;
  upload: (classId: string, files: readonly File[]) => Promise<void>;
} {
  const store = useStore();
  const platform = usePlatform();
  const t = useT();
  const [reading, setReading] = useState<ReadingProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(new Map<number, ReadingProgress>());
  const nextId = useRef(0);

  const publish = useCallback(() => {
    const all = [...inFlight.current.values()];
    setReading(
      all.length
        ? {
            done: all.reduce((sum, p) => sum + p.done, 0),
            total: all.reduce((sum, p) => sum + p.total, 0),
          }
        : null,
    );
  }, []);

  const upload = useCallback(
    async (classId: string, files: readonly File[]) => {
      if (!files.length) return;
      const id = nextId.current++;
      inFlight.current.set(id, { done: 0, total: files.length });
      setError(null);
      publish();
      try {
        const { rejected, added } = await addFilesInChunks(
          store,
          platform,
          classId,
          files,
          'upload',
          (done, total) => {
            inFlight.current.set(id, { done, total });
            publish();
          },
        );
        inFlight.current.delete(id);
        publish();
        store.reportRejected(rejected);
        await added;
      } catch (e) {
        setError(t('classes.uploadFailed', errorText(e)));
      } finally {
        inFlight.current.delete(id);
        publish();
      }
    },
    [platform, store, publish, t],
  );

  return { reading, error, upload };
}
