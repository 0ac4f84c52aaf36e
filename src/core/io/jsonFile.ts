/** Reading JSON files of Glimpse formats: parse errors and format/version checks as InvalidFileError. */
import { InvalidFileError } from '../errors';
import { checkFileSize, fromUtf8 } from './zip';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object (not an array or null). */
export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deepest nesting of arrays and objects a file may have. Glimpse's own files nest fewer than
 * ten levels; a hostile file nested thousands deep would overflow the call stack of any code
 * that walks or re-serializes it.
 */
const MAX_DEPTH = 100;

/**
 * Largest JSON file read, in bytes, checked before it is decoded: a project manifest of 10,000
 * images is a few MB, and model.json / metadata.json are far smaller.
 */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** True when `value` nests arrays and objects more than `max` levels deep (iterative). */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Parses JSON bytes (at most {@link MAX_JSON_BYTES}), turning failures into a readable
 * {@link InvalidFileError}.
 */
export function parseJsonFile(bytes: Uint8Array, fileName: string): Json {
  checkFileSize(bytes.length, fileName, MAX_JSON_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(bytes));
  } catch (cause) {
    throw new InvalidFileError(
      fileName,
      'invalid-json',
      'it is not valid JSON text (it may be damaged or edited by hand).',
      { cause },
    );
  }
  if (!isObject(value)) {
    throw new InvalidFileError(fileName, 'invalid-json', 'it does not hold a JSON object.');
  }
  if (nestedDeeperThan(value, MAX_DEPTH)) {
    throw new InvalidFileError(
      fileName,
      'invalid-json',
      `its data is nested more than ${MAX_DEPTH} levels deep, which no Glimpse file is.`,
    );
  }
  return value;
}

/** Checks a file's format name and version; refuses newer versions clearly. */
export function checkFormat(
  json: Json,
  fileName: string,
  format: string,
  newest: number,
  what: string,
): number {
  if (json.format !== format) {
    throw new InvalidFileError(
      fileName,
      'wrong-format',
      `it is not a ${what} (expected format "${format}", found ${JSON.stringify(json.format ?? null)}).`,
    );
  }
  const version = json.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new InvalidFileError(
      fileName,
      'invalid-value',
      `its version ${String(version)} is not valid.`,
    );
  }
  if (version > newest) {
    throw new InvalidFileError(
      fileName,
      'newer-version',
      `it was made by a newer Glimpse (${what} version ${version}; this Glimpse reads up to ` +
        `version ${newest}). Update Glimpse to open it.`,
    );
  }
  return version;
}
