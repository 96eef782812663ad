/**
 * A valid little-endian MO file (msgfmt's output) with its 32-bit header, table and hash-table
 * words byte-swapped: a valid big-endian MO file.
 */
export function toBigEndian(mo: Uint8Array): Uint8Array {
  const out = Uint8Array.from(mo);
  const le = new DataView(mo.buffer, mo.byteOffset, mo.byteLength);
  const be = new DataView(out.buffer);
  const count = le.getUint32(8, true);
  const words = [0, 4, 8, 12, 16, 20, 24];
  for (const table of [le.getUint32(12, true), le.getUint32(16, true)]) {
    for (let i = 0; i < count * 2; i++) words.push(table + i * 4);
  }
  const hashSize = le.getUint32(20, true);
  const hashAt = le.getUint32(24, true);
  for (let i = 0; i < hashSize; i++) words.push(hashAt + i * 4);
  for (const at of words) be.setUint32(at, le.getUint32(at, true), false);
  return out;
}
