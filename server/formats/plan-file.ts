/**
 * A plan file as text: plain text in UTF-8, UTF-16 (with its byte order mark) or GB18030/GBK (as
 * such files often are), or a Word .docx read with mammoth's raw-text extraction, behind a zip
 * guard. Anything else is refused with its real format. The service reads plans in a worker
 * (ParsePool.readPlan); the command line reads them here directly.
 */
import { strFromU8 } from 'fflate';
import { LedgerError } from '../errors.ts';
import { WorkbookError } from './workbook/errors.ts';
import { detectFormat, FORMAT_NAME } from './workbook/format.ts';
import { unzipBounded, type WorkbookLimits } from './workbook/guard.ts';

/** A plan's Word document is text: a few megabytes at most, however long the plan. */
const PLAN_LIMITS: WorkbookLimits = {
  maxExpandedBytes: 48 * 1024 * 1024,
  maxEntries: 500,
  maxCells: 0,
  maxMergedCells: 0,
  maxValidatedCells: 0,
  maxRatio: 200,
};

const unreadable = (why: string) =>
  new LedgerError(
    'not-a-plan',
    `这个 Word 文档无法读取（${why}）：请在 Word 或 WPS 中打开，另存为 .docx 后再上传。The document could not be read.`,
  );

/** The .docx opened within the plan's limits; a part declaring a DTD or entities is refused, never expanded. */
function guardDocx(bytes: Uint8Array): void {
  let parts: Map<string, Uint8Array>;
  try {
    parts = unzipBounded(bytes, PLAN_LIMITS);
  } catch (error) {
    if (error instanceof WorkbookError && error.code === 'too-large')
      throw new LedgerError('too-large', error.message.replace('工作簿', '文档').replace('workbook', 'document'));
    throw unreadable(error instanceof WorkbookError && error.code === 'truncated' ? '文件不完整' : '文件已损坏');
  }
  for (const [name, data] of parts) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    if (/<!(DOCTYPE|ENTITY)/i.test(strFromU8(data.subarray(0, 4096)))) throw unreadable(`“${name}”声明了 DTD 或实体`);
  }
}

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
    guardDocx(bytes);
    // Loaded for the first Word plan: most plans are text, and every start of the service and of
    // the command line would pay for it.
    const { default: mammoth } = await import('mammoth');
    const { value } = await mammoth
      .extractRawText({ buffer: Buffer.from(bytes) })
      .catch((error: Error) => Promise.reject(unreadable(error.message.slice(0, 80))));
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
