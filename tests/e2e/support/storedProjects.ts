/** What the app's autosave has stored, read straight from the page's IndexedDB. */
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
