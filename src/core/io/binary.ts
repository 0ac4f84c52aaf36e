/** Float32 arrays ↔ little-endian bytes, as TF.js weights files and Glimpse's embeddings.bin store them. */

/** Concatenates float arrays into little-endian float32 bytes. */
export function float32ToBytes(arrays: readonly Float32Array[]): Uint8Array {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const out = new Uint8Array(total * 4);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++, o += 4) view.setFloat32(o, a[i]!, true);
  }
  return out;
}

/** Reads little-endian float32 bytes (length must be a multiple of 4) into a fresh array. */
export function bytesToFloat32(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(Math.floor(bytes.length / 4));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** True when every value is a finite number. */
export function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}
