import { convertWithLibreOffice } from '../../server/plan-import.ts';

/** Converts a file with LibreOffice, as a clerk re-saving it would; returns the new file's bytes. */
export async function sofficeConvert(bytes: Uint8Array, from: string, to: string): Promise<Buffer> {
  return Buffer.from(await convertWithLibreOffice(bytes, from, to));
}
