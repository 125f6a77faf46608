/**
 * A random (version 4) UUID from 16 random bytes: `uuidOf(crypto.getRandomValues(new Uint8Array(16)))`.
 * crypto.randomUUID would do, but a page served over plain HTTP (a county intranet) and the older
 * browsers inside WPS and on phones lack it; getRandomValues is everywhere.
 */
export function uuidOf(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error('a UUID takes 16 bytes');
  const b = Uint8Array.from(bytes);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
