/** Files in and out of the browser: downloads, picked files' bytes, model files from a URL. */
import tfjsBundleUrl from '@tensorflow/tfjs/dist/tf.es2017.min.js?url';
import type { BaseModelFiles } from '../core/io/tmExport';

/** Offers `bytes` as a download named `fileName` (a Blob behind an `<a download>`). */
export function saveFile(bytes: Uint8Array, fileName: string, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start the download after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The bytes of a picked file. */
export async function readBytes(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  return response;
}

/**
 * Fetches a TF.js layers model: its model.json (parsed) and every weight file its manifest
 * names (relative to model.json), concatenated in manifest order.
 */
export async function fetchModelFiles(modelJsonUrl: string): Promise<BaseModelFiles> {
  const modelJson = (await (await fetchOk(modelJsonUrl)).json()) as BaseModelFiles['modelJson'];
  const manifest = Array.isArray(modelJson.weightsManifest) ? modelJson.weightsManifest : [];
  const paths = manifest.flatMap((group: unknown) =>
    typeof group === 'object' && group !== null && Array.isArray((group as Json).paths)
      ? ((group as Json).paths as string[])
      : [],
  );
  const parts = await Promise.all(
    paths.map(async (p) => readBytes(await (await fetchOk(new URL(p, modelJsonUrl).href)).blob())),
  );
  const weights = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    weights.set(part, offset);
    offset += part.length;
  }
  return { modelJson, weights };
}

/**
 * TF.js's UMD bundle (tf.es2017.min.js, emitted as a static asset and fetched only here), which
 * the model export ships so its example page runs offline.
 */
export async function fetchTfjsBundle(): Promise<Uint8Array> {
  return readBytes(await (await fetchOk(tfjsBundleUrl)).blob());
}

type Json = Record<string, unknown>;
