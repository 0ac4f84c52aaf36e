/**
 * Reads a TF.js model from disk (Node): its model.json and every weight file its manifest names,
 * concatenated in manifest order — the same shape the browser platform fetches.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BaseModelFiles } from '../core/io/tmExport';

export async function readModelFolder(modelJsonPath: string): Promise<BaseModelFiles> {
  const modelJson = JSON.parse(
    await readFile(modelJsonPath, 'utf8'),
  ) as BaseModelFiles['modelJson'];
  const manifest = Array.isArray(modelJson.weightsManifest) ? modelJson.weightsManifest : [];
  const paths = manifest.flatMap((group: unknown) => {
    const list = (group as { paths?: unknown } | null)?.paths;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  });
  const parts = await Promise.all(paths.map((p) => readFile(join(dirname(modelJsonPath), p))));
  return { modelJson, weights: new Uint8Array(Buffer.concat(parts)) };
}
