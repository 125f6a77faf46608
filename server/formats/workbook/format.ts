/** What a file really is, from its first bytes, whatever its name says. */

export type FileFormat =
  | 'xlsx'
  | 'docx'
  | 'ods'
  | 'odt'
  | 'zip'
  | 'xls'
  | 'doc'
  | 'encrypted-office'
  | 'ole'
  | 'pdf'
  | 'image'
  | 'html'
  | 'text'
  | 'empty'
  | 'unknown';

/** Names for messages: Chinese, then English. */
export const FORMAT_NAME: Record<FileFormat, string> = {
  xlsx: 'Excel 工作簿（.xlsx）/ Excel workbook',
  docx: 'Word 文档（.docx）/ Word document',
  ods: 'OpenDocument 电子表格（.ods）/ OpenDocument spreadsheet',
  odt: 'OpenDocument 文本（.odt）/ OpenDocument text',
  zip: 'ZIP 压缩包 / ZIP archive',
  xls: '旧版 Excel 97-2003 工作簿（.xls）/ legacy Excel 97-2003 workbook',
  doc: '旧版 Word 97-2003 文档（.doc）/ legacy Word document',
  'encrypted-office': '设置了打开密码的 Office 文件 / password-protected Office file',
  ole: 'Office 97-2003 复合文件 / OLE compound file',
  pdf: 'PDF 文件 / PDF file',
  image: '图片（扫描件或照片）/ image',
  html: '网页（HTML）文件 / HTML file',
  text: '文本或 CSV 文件 / text or CSV file',
  empty: '空文件 / empty file',
  unknown: '无法识别的文件 / unrecognised file',
};

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(text, 'latin1'));
}

/** A BMP by its headers, not two letters: its size field, reserved zeros and a known DIB header size. */
function isBmp(bytes: Uint8Array): boolean {
  if (bytes.length < 26 || !startsWith(bytes, [0x42, 0x4d])) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getUint32(2, true);
  const reserved = view.getUint32(6, true);
  const offset = view.getUint32(10, true);
  const header = view.getUint32(14, true);
  return (
    size === bytes.length &&
    reserved === 0 &&
    offset >= 26 &&
    offset < size &&
    [12, 40, 52, 56, 64, 108, 124].includes(header)
  );
}

/** The extension of a picture by its first bytes, or undefined when the bytes are not one. */
export function imageExtension(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tif';
  if (isBmp(bytes)) return 'bmp';
  return undefined;
}

export function detectFormat(bytes: Uint8Array): FileFormat {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const head = bytes.subarray(0, Math.min(bytes.length, 4096));
    if (containsAscii(head, 'application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
    if (containsAscii(head, 'application/vnd.oasis.opendocument.text')) return 'odt';
    if (containsAscii(bytes, 'xl/workbook.xml') || containsAscii(bytes, 'xl/worksheets/')) return 'xlsx';
    if (containsAscii(bytes, 'word/document.xml')) return 'docx';
    return 'zip';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    if (containsUtf16(bytes, 'EncryptedPackage')) return 'encrypted-office';
    if (containsUtf16(bytes, 'Workbook') || containsUtf16(bytes, 'Book')) return 'xls';
    if (containsUtf16(bytes, 'WordDocument')) return 'doc';
    return 'ole';
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  // Notepad's "Unicode" and "Unicode big endian": UTF-16 with its byte order mark.
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return 'text';
  if (imageExtension(bytes)) return 'image';
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<table')) return 'html';
  if (!bytes.subarray(0, 4096).includes(0)) return 'text';
  return 'unknown';
}
