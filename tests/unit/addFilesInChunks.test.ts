import { describe, expect, it } from 'vitest';
import type {
  IncomingImage,
  RejectedFile,
  SessionSnapshot,
} from '../../src/core/session/sessionTypes';
import { addFilesInChunks, UPLOAD_CHUNK } from '../../src/ui/classes/addFilesInChunks';

/** A store whose ingest can be put in the "Stop was pressed" state, and a counting platform. */
function fixture(stopAfterChunks: number) {
  let cancelling = false;
  const listeners = new Set<() => void>();
  const added: string[][] = [];
  const released: string[] = [];
  let decodedChunks = 0;
  const store = {
    getSnapshot: () =>
      ({ ingest: { cancelling: cancelling || undefined } }) as unknown as SessionSnapshot,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async addImages(_classId: string, images: IncomingImage[]) {
      added.push(images.map((i) => i.thumbnail));
      return images.map((i) => i.thumbnail);
    },
  };
  const platform = {
    async readFiles(files: readonly File[]) {
      decodedChunks++;
      const images = files.map((f) => ({
        pixels: { width: 1, height: 1, data: new Uint8Array(4) },
        thumbnail: `blob:${f.name}`,
        name: f.name,
      }));
      if (decodedChunks === stopAfterChunks) {
        // Stop is pressed while this chunk decodes; the store stays cancelled only briefly.
        cancelling = true;
        listeners.forEach((l) => l());
        cancelling = false;
        listeners.forEach((l) => l());
      }
      return { images, rejected: [] as RejectedFile[] };
    },
    releaseThumbnail: (url: string) => void released.push(url),
  };
  return { store, platform, added, released, chunks: () => decodedChunks };
}

const files = (n: number) => Array.from({ length: n }, (_, i) => new File(['x'], `p${i}.png`));

describe('adding files in chunks', () => {
  it('hands every chunk to the store in order when nobody presses Stop', async () => {
    const f = fixture(0);
    const result = await addFilesInChunks(f.store, f.platform, 'c', files(40), 'upload');
    expect(await result.added).toHaveLength(40);
    expect(f.added.map((chunk) => chunk.length)).toEqual([UPLOAD_CHUNK, UPLOAD_CHUNK, 8]);
  });

  it('after Stop decodes and hands over nothing more, and frees the chunk decoded meanwhile', async () => {
    const f = fixture(2);
    const result = await addFilesInChunks(f.store, f.platform, 'c', files(40), 'upload');
    expect(await result.added).toHaveLength(UPLOAD_CHUNK);
    expect(f.chunks()).toBe(2);
    expect(f.released).toHaveLength(UPLOAD_CHUNK);
    expect(f.released[0]).toBe(`blob:p${UPLOAD_CHUNK}.png`);
  });
});
