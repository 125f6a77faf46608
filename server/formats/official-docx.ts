/**
 * Word documents laid out as official documents are (GB/T 9704): A4 portrait, title in
 * 方正小标宋, headings in 黑体, body in 仿宋 三号, page numbers at the foot. The round's report
 * and the 督办通知单 are made of these pieces.
 */
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });
const BODY = font('仿宋');
const HEADING = font('黑体');
const TITLE = font('方正小标宋简体');
/** Half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt. */
const SIZE = { title: 44, body: 32, table: 21 };
/** A fixed 28.95-point line, as the standard's 22 lines a page. */
const LINE = { line: 579, lineRule: LineRuleType.EXACT };
/** The text block: A4 less 28 mm and 26 mm of margins, in twips. */
const TEXT_WIDTH = convertMillimetersToTwip(210 - 28 - 26);

/** A paragraph of body text; `keepNext` holds it on the page of what follows (the last one before the 落款). */
export const body = (text: string, keepNext = false) =>
  new Paragraph({
    children: [new TextRun({ text, font: BODY, size: SIZE.body })],
    keepNext,
    indent: { firstLine: SIZE.body * 20 },
    spacing: LINE,
    alignment: AlignmentType.JUSTIFIED,
  });

export const heading = (text: string) =>
  new Paragraph({
    children: [new TextRun({ text, font: HEADING, size: SIZE.body })],
    indent: { firstLine: SIZE.body * 20 },
    spacing: LINE,
    keepNext: true,
  });

const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

export function table(headers: string[], widths: number[], rows: (string | number)[][]): Table {
  const total = widths.reduce((a, b) => a + b, 0);
  const columnWidths = widths.map((w) => Math.floor((w / total) * TEXT_WIDTH));
  const cell = (text: string | number, bold = false, i = 0) =>
    new TableCell({
      width: { size: columnWidths[i]!, type: WidthType.DXA },
      // A paragraph a line: Word does not break a run at "\n".
      children: String(text)
        .split('\n')
        .map(
          (line) =>
            new Paragraph({
              children: [new TextRun({ text: line, font: bold ? HEADING : BODY, size: SIZE.table })],
              alignment: bold ? AlignmentType.CENTER : AlignmentType.LEFT,
            }),
        ),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, true, i)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, false, i)) })),
    ],
  });
}

/**
 * 落款 and date, right-aligned four characters in from the margin, after a blank line: kept
 * together on one page, never a date alone on a page of its own.
 */
export const signature = (...lines: string[]) => [
  new Paragraph({ children: [], spacing: { after: 120 }, keepNext: true }),
  ...lines.filter(Boolean).map(
    (text, i, all) =>
      new Paragraph({
        children: [new TextRun({ text, font: BODY, size: SIZE.body })],
        alignment: AlignmentType.RIGHT,
        indent: { right: SIZE.body * 20 * 2 },
        spacing: LINE,
        keepNext: i < all.length - 1,
      }),
  ),
];

export const gap = () => new Paragraph({ children: [], spacing: { after: 120 } });

/** A document: its title (and a line beneath it, centred), then its paragraphs and tables. */
export function officialDocx(title: string, subtitle: string, children: (Paragraph | Table)[]): Promise<Buffer> {
  const doc = new Document({
    creator: '整改台账 rectification-ledger',
    title,
    styles: { default: { document: { run: { font: BODY, size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(37),
              bottom: convertMillimetersToTwip(35),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: BODY, size: 28 })],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 200 },
            children: [new TextRun({ text: title, font: TITLE, size: SIZE.title })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 300 },
            children: [new TextRun({ text: subtitle, font: BODY, size: SIZE.body })],
          }),
          ...children,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
