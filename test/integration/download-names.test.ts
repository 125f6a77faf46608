/**
 * Every download is saved under a name that says what it is: a Chinese name for the browser and,
 * for a client that reads only the plain one, an ASCII name that says the same.
 */
import { describe, expect, it } from 'vitest';
import { servicePerTest } from '../helpers/service.ts';

const service = servicePerTest();

/** The two names a download is offered under: the plain one and the UTF-8 one. */
function names(res: Response) {
  const header = res.headers.get('content-disposition') ?? '';
  return {
    plain: /filename="([^"]*)"/.exec(header)?.[1],
    utf8: decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(header)?.[1] ?? ''),
  };
}

describe('the names downloads are saved under', () => {
  it('names each workbook, report, template and archive after what it holds', async () => {
    const s = await service();
    const opened = await s.asOffice('/api/rounds', s.json({ period: '2019年8月', deadline: '2019-08-10' }));
    const round = (await opened.json()).id as string;
    const revision = await s.ledger.revision();
    const gif = new Uint8Array([...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0, 0, 0]);
    const form = new FormData();
    form.set('file', new File([gif], '现场照片.gif'));
    const photo = await (await s.asUnit('县水利局', '/api/tasks/7/evidence', { method: 'POST', body: form })).json();
    expect((await s.asOffice(`/api/rounds/${round}/close`, { method: 'POST' })).status).toBe(200);

    const expected: [string, Response | Promise<Response>, string, string][] = [
      [
        'master',
        s.asOffice('/api/master.xlsx'),
        `整改台账汇总-2019-08-01-第${revision}版.xlsx`,
        `ledger-master-2019-08-01-r${revision}.xlsx`,
      ],
      [
        'round master',
        s.asOffice(`/api/rounds/${round}/master.xlsx`),
        `整改台账汇总-2019年8月-第${revision}版.xlsx`,
        `ledger-master-round-${round}-r${revision}.xlsx`,
      ],
      [
        'report',
        s.asOffice(`/api/rounds/${round}/report.docx`),
        `${s.ledger.title}2019年8月整改情况报告.docx`,
        `ledger-report-round-${round}.docx`,
      ],
      [
        'unit sheet',
        s.asUnit('县水利局', '/api/units/县水利局/sheet.xlsx'),
        `县水利局-整改台账-第${revision}版.xlsx`,
        `ledger-unit-sheet-2019-08-01-r${revision}.xlsx`,
      ],
      ['roster template', s.asOffice('/api/roster/template.xlsx'), '单位名册模板.xlsx', 'roster-template.xlsx'],
      ['evidence', s.asOffice(`/api/evidence/${photo.id}`), '现场照片.gif', `evidence-${photo.id}.gif`],
      ['task archive', s.asOffice('/api/tasks/7/evidence.zip'), '任务7-档案.zip', 'evidence-task-7.zip'],
    ];
    for (const [what, answer, utf8, plain] of expected) {
      const res = await answer;
      expect(res.status, what).toBe(200);
      expect(names(res), what).toEqual({ plain, utf8 });
      expect(utf8, what).not.toContain('(');
    }
  });
});
