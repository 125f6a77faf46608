/**
 * Every download is saved under a name that says what it is: a Chinese name for the browser and,
 * for a client that reads only the plain one, an ASCII name that says the same.
 */
import { describe, expect, it } from 'vitest';
import { answerOf, attachEvidenceTo } from '../../server/http/client.ts';
import { servicePerTest } from '../helpers/service.ts';

const service = servicePerTest();

/** The two names a download is offered under: the plain one and the UTF-8 one. */
function names(res: { headers: Headers }) {
  const header = res.headers.get('content-disposition') ?? '';
  return {
    plain: /filename="([^"]*)"/.exec(header)?.[1],
    utf8: decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(header)?.[1] ?? ''),
  };
}

describe('the names downloads are saved under', () => {
  it('names each workbook, report, template and archive after what it holds', async () => {
    const s = await service();
    const { office } = s;
    const water = await s.unit('县水利局');
    const { id: round } = await answerOf(
      office.rounds.$post({ json: { period: '2019年8月', deadline: '2019-08-10' } }),
    );
    const revision = await s.ledger.revision();
    const gif = new Uint8Array([...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0, 0, 0]);
    const photo = await answerOf(attachEvidenceTo(water, s.ledger.ledgerId, 7, new File([gif], '现场照片.gif')));
    await answerOf(office.rounds[':id'].close.$post({ param: { id: round } }));

    const ofRound = { param: { id: round } };
    const expected: [string, Promise<{ status: number; headers: Headers }>, string, string][] = [
      [
        'master',
        office['master.xlsx'].$get({ query: {} }),
        `整改台账汇总-2019-08-01-第${revision}版.xlsx`,
        `ledger-master-2019-08-01-r${revision}.xlsx`,
      ],
      [
        'round master',
        office.rounds[':id']['master.xlsx'].$get(ofRound),
        `整改台账汇总-2019年8月-第${revision}版.xlsx`,
        `ledger-master-round-${round}-r${revision}.xlsx`,
      ],
      [
        'report',
        office.rounds[':id']['report.docx'].$get({ ...ofRound, query: {} }),
        `${s.ledger.title}2019年8月整改情况报告.docx`,
        `ledger-report-round-${round}.docx`,
      ],
      [
        'unit sheet',
        water.units[':unit']['sheet.xlsx'].$get({ param: { unit: '县水利局' }, query: {} }),
        `县水利局-整改台账-第${revision}版.xlsx`,
        `ledger-unit-sheet-2019-08-01-r${revision}.xlsx`,
      ],
      ['roster template', office.roster['template.xlsx'].$get(), '单位名册模板.xlsx', 'roster-template.xlsx'],
      [
        'evidence',
        office.evidence[':id'].$get({ param: { id: String(photo.id) } }),
        '现场照片.gif',
        `evidence-${photo.id}.gif`,
      ],
      [
        'task archive',
        office.tasks[':no']['evidence.zip'].$get({ param: { no: '7' } }),
        '任务7-档案.zip',
        'evidence-task-7.zip',
      ],
    ];
    for (const [what, answer, utf8, plain] of expected) {
      const res = await answer;
      expect(res.status, what).toBe(200);
      expect(names(res), what).toEqual({ plain, utf8 });
      expect(utf8, what).not.toContain('(');
    }
  });
});
