/**
 * Files from a drop or paste, walking dropped folders. Call {@link filesFromDataTransfer}
 * synchronously inside the `drop`/`paste` handler: the browser empties the DataTransfer when the
 * handler returns, so its entries are taken before the first `await`.
 */

/** System clutter skipped in dropped folders (hidden files are skipped too). */
const CLUTTER = new Set(['thumbs.db', 'desktop.ini', '__macosx']);

/** Whether a file or folder name is hidden or system clutter (`.DS_Store`, `__MACOSX`…). */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.') || CLUTTER.has(name.toLowerCase());
}

/**
 * Every file of the drop: plain files, and the files inside dropped folders at any depth (each
 * folder's entries sorted by name). Hidden files and folders are skipped, and so are entries
 * that cannot be read (for example deleted since the drop).
 */
export async function filesFromDataTransfer(data: DataTransfer): Promise<File[]> {
  const roots: (FileSystemEntry | File)[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    const root = entry ?? item.getAsFile();
    if (root) roots.push(root);
  }
  if (roots.length === 0) roots.push(...Array.from(data.files ?? []));
  const files: File[] = [];
  for (const root of roots) {
    if (isEntry(root)) await collect(root, files);
    else if (!isHiddenName(root.name)) files.push(root);
  }
  return files;
}

function isEntry(value: FileSystemEntry | File): value is FileSystemEntry {
  return 'isDirectory' in value && 'fullPath' in value;
}

async function collect(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (isHiddenName(entry.name)) return;
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    if (file) out.push(file);
  } else if (entry.isDirectory) {
    const children = await readAllEntries(entry as FileSystemDirectoryEntry);
    children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    for (const child of children) await collect(child, out);
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File | null> {
  return new Promise((resolve) => entry.file(resolve, () => resolve(null)));
}

/** `readEntries` returns at most ~100 entries per call: call it until it returns none. */
async function readAllEntries(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve) =>
      reader.readEntries(resolve, () => resolve([])),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
