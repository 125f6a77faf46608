/**
 * A plan file as text: plain text in UTF-8 or GB18030/GBK (as such files often are), or a Word
 * .docx read with mammoth's raw-text extraction. Anything else is refused with its real format.
 */
import mammoth from 'mammoth';
import { LedgerError } from '../errors.ts';
import { detectFormat, FORMAT_NAME } from '../workbook/format.ts';

/** UTF-8 when the bytes are valid UTF-8 (with or without BOM), else GB18030, a superset of GBK. */
export function decodePlanText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export async function readPlanFile(bytes: Uint8Array): Promise<string> {
  const format = detectFormat(bytes);
  if (format === 'text') return decodePlanText(bytes);
  if (format === 'docx') {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    // mammoth ends every paragraph with a blank line; one line per paragraph is the text's own layout.
    return value.replace(/\n\n/g, '\n');
  }
  const scanned =
    format === 'pdf' || format === 'image'
      ? '扫描或导出的 PDF 需要先转成文字（在 Word 中打开另存为 .docx，或复制文字存为 .txt）。'
      : '';
  throw new LedgerError(
    'not-a-plan',
    `无法读取方案：这是${FORMAT_NAME[format]}。${scanned}请提供纯文本（.txt）或 Word 文档（.docx）；旧版 .doc 请先另存为 .docx。` +
      ` The plan must be plain text or .docx.`,
  );
}
