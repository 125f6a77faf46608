/**
 * The round's 整改情况报告 as a Word document laid out as official documents are (GB/T 9704):
 * A4 portrait, title in 方正小标宋, headings in 黑体, body in 仿宋 三号, page numbers at the foot.
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
import { brief, type Report, wordsText } from '../../core/report.ts';

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

const body = (text: string) =>
  new Paragraph({
    children: [new TextRun({ text, font: BODY, size: SIZE.body })],
    indent: { firstLine: SIZE.body * 20 },
    spacing: LINE,
    alignment: AlignmentType.JUSTIFIED,
  });

const heading = (text: string) =>
  new Paragraph({
    children: [new TextRun({ text, font: HEADING, size: SIZE.body })],
    indent: { firstLine: SIZE.body * 20 },
    spacing: LINE,
    keepNext: true,
  });

const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function table(headers: string[], widths: number[], rows: (string | number)[][]): Table {
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

/** 落款 and date: right-aligned, four characters in from the margin. */
const signatureLine = (text: string) =>
  new Paragraph({
    children: [new TextRun({ text, font: BODY, size: SIZE.body })],
    alignment: AlignmentType.RIGHT,
    indent: { right: SIZE.body * 20 * 2 },
    spacing: LINE,
  });

const gap = () => new Paragraph({ children: [], spacing: { after: 120 } });

export async function reportDocx(report: Report): Promise<Buffer> {
  const statusSections = report.byStatus.flatMap((group, i) => [
    heading(`（${'一二三四五六七八九十'[i] ?? i + 1}）${group.status}（${group.tasks.length}项）`),
    table(
      ['序号', '反馈问题', '牵头（责任）单位', '整改时限', '整改进展'],
      [7, 25, 14, 12, 42],
      group.tasks.map((t) => [
        t.no,
        brief(t.problem, 60),
        t.responsible,
        t.deadline,
        t.words.length ? wordsText(t.words, 120) : '（本轮未报）',
      ]),
    ),
    gap(),
  ]);
  const doc = new Document({
    creator: '整改台账 rectification-ledger',
    title: report.title,
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
            children: [new TextRun({ text: report.title, font: TITLE, size: SIZE.title })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 300 },
            children: [new TextRun({ text: report.subtitle, font: BODY, size: SIZE.body })],
          }),
          heading('一、总体情况'),
          ...report.summary.map(body),
          heading('二、各单位报送情况'),
          table(
            ['单位', '本轮', '累计按时报送', '按时报送率'],
            [40, 20, 20, 20],
            report.units.map((u) => [u.unit, u.state, `${u.onTime}/${u.rounds}轮`, u.rate]),
          ),
          gap(),
          heading(`三、逾期任务（${report.overdue.length}项）`),
          ...(report.overdue.length
            ? [
                table(
                  ['序号', '反馈问题', '牵头（责任）单位', '逾期情况'],
                  [8, 38, 22, 32],
                  report.overdue.map((o) => [o.no, brief(o.problem, 60), o.units, o.reason]),
                ),
                gap(),
              ]
            : [body('本轮没有逾期未完成的任务。')]),
          heading('四、各状态任务清单'),
          ...statusSections,
          heading('五、存在问题'),
          ...report.problems.map((p, i) => body(`${i + 1}. ${p}`)),
          heading('六、下一步工作'),
          ...report.nextSteps.map((p, i) => body(`${i + 1}. ${p}`)),
          gap(),
          ...[report.signature.office, report.signature.date].filter(Boolean).map(signatureLine),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
