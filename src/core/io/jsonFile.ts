/** Reading JSON files of Glimpse formats: parse errors and format/version checks as InvalidFileError. */
import { InvalidFileError } from '../errors';
import { fromUtf8 } from './zip';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object (not an array or null). */
export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses JSON bytes, turning failures into a readable {@link InvalidFileError}. */
export function parseJsonFile(bytes: Uint8Array, fileName: string): Json {
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
