/** The round's 整改情况报告 as a Word document in the official layout (official-docx.ts). */
import { brief, type Report, wordsText } from '../../core/report.ts';
import { body, gap, heading, officialDocx, signature, table } from './official-docx.ts';

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
  return officialDocx(report.title, report.subtitle, [
    heading('一、总体情况'),
    ...report.summary.map((text) => body(text)),
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
    ...(report.supervision.length
      ? [heading('七、领导批示、督办和约谈情况'), ...report.supervision.map((text) => body(text))]
      : []),
    ...signature(report.signature.office, report.signature.date),
  ]);
}
