/** What the app's autosave has stored, read straight from the page's IndexedDB. */
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';

/** The saved projects' listing (the storage's "meta" store); empty before the first save. */
export function storedProjects(
  page: Page,
): Promise<{ id: string; name: string; savedAt: number }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('glimpse-projects');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('meta')) return (db.close(), resolve([]));
          const get = db.transaction('meta').objectStore('meta').getAll();
          get.onsuccess = () => (db.close(), resolve(get.result));
          get.onerror = () => (db.close(), reject(get.error));
        };
      }),
  );
}

/**
 * Classes and image count of the stored project named `name` (its record in the "projects"
 * store: a project file without images, plus the sample list), or null when there is none.
 */
export async function storedContents(
  page: Page,
  name: string,
): Promise<{ classes: string[]; samples: number } | null> {
  const record = await page.evaluate(
    (name) =>
      new Promise<{ file: number[]; samples: number } | null>((resolve, reject) => {
        const open = indexedDB.open('glimpse-projects');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('projects')) return (db.close(), resolve(null));
          const tx = db.transaction(['meta', 'projects']);
          const all = tx.objectStore('meta').getAll();
          all.onsuccess = () => {
            const info = (all.result as { id: string; name: string }[]).find(
              (i) => i.name === name,
            );
            if (!info) return (db.close(), resolve(null));
            const get = tx.objectStore('projects').get(info.id);
            get.onsuccess = () => {
              db.close();
              const r = get.result as { file: Uint8Array; samples: unknown[] } | undefined;
              resolve(r ? { file: Array.from(r.file), samples: r.samples.length } : null);
            };
          };
          tx.onerror = () => (db.close(), reject(tx.error));
        };
      }),
    name,
  );
  if (!record) return null;
  const files = unzipSync(Uint8Array.from(record.file));
  const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as {
    classes: { name: string }[];
  };
  return { classes: manifest.classes.map((c) => c.name), samples: record.samples };
}
