import { Converter } from '../../server/formats/workbook/libreoffice.ts';

/** The tests' own LibreOffice, apart from the service's queue. */
const converter = new Converter({ maxWaiting: 100, memoryMb: 2048, timeoutMs: 120_000 });

/** Converts a file with LibreOffice, as a clerk re-saving it would; returns the new file's bytes. */
export async function sofficeConvert(bytes: Uint8Array, from: string, to: string): Promise<Buffer> {
  return Buffer.from(await converter.convert(bytes, from, to));
}
