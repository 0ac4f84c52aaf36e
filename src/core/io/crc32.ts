/**
 * CRC-32 (the zip/gzip/PNG checksum: reflected polynomial 0xEDB88320), table-driven with
 * "slicing by 8" so checking a 20 MB archive costs tens of milliseconds. fflate computes the
 * same checksum when writing but does not export it.
 */

/** Eight 256-entry tables: table k advances the CRC over a byte followed by k zero bytes. */
const TABLES: Int32Array = (() => {
  const t = new Int32Array(256 * 8);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[i] = c;
  }
  for (let i = 0; i < 256; i++) {
    for (let k = 1; k < 8; k++) {
      const prev = t[(k - 1) * 256 + i]!;
      t[k * 256 + i] = (prev >>> 8) ^ t[prev & 255]!;
    }
  }
  return t;
})();

/** The CRC-32 of `bytes`, as an unsigned 32-bit number (as stored in a zip's directory). */
export function crc32(bytes: Uint8Array): number {
  const t = TABLES;
  const n = bytes.length;
  const whole = n - (n & 7);
  let c = -1;
  let i = 0;
  for (; i < whole; i += 8) {
    const a =
      c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t[1792 + (a & 255)]! ^
      t[1536 + ((a >>> 8) & 255)]! ^
      t[1280 + ((a >>> 16) & 255)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < n; i++) c = t[(c ^ bytes[i]!) & 255]! ^ (c >>> 8);
  return ~c >>> 0;
}
