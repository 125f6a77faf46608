/** The self-test an office runs inside a real WPS: on the fake ET model every check passes, and a missing member fails its own. */
import { describe, expect, it } from 'vitest';
import { runOnScratchWorkbook, runSelfTest } from '../../addin/wps/self-test-checks.ts';
import { propertyMarkStore } from '../../addin/wps/wps-marks.ts';
import { wpsHost } from '../../addin/wps/wps-host.ts';
import { etFake } from '../helpers/et-fake.ts';
import { seedRegistry } from '../helpers/seed.ts';

function selfTest(options: Parameters<typeof etFake>[1]) {
  const fake = etFake({ Sheet1: [] }, options);
  const host = wpsHost(
    fake.app,
    propertyMarkStore(() => fake.app.ActiveWorkbook!.CustomDocumentProperties),
    fake.events,
  );
  return runSelfTest(host, {
    registry: seedRegistry(),
    today: '2019-08-01',
    clerkTypes: async (sheet, address) => fake.type(sheet, address, '自检：已改'),
  });
}

describe('the WPS self-test', () => {
  it('passes every check on a build as VBA documents it, and on one whose members are the other shape', async () => {
    for (const methodsAsProperties of [false, true]) {
      const results = await selfTest({ methodsAsProperties });
      expect(results.map((r) => r.name)).toEqual([
        'writeSheet',
        'readTable',
        'saveStamp',
        'protection',
        'mark',
        'clearMarks',
        'readRows',
        'select',
        'onEdit',
        'writeSheet (replacing)',
      ]);
      expect(results.filter((r) => !r.passed)).toEqual([]);
    }
  });

  it('names the checks a build without comments fails, and passes the rest', async () => {
    const results = await selfTest({ without: ['AddComment'] });
    expect(results.filter((r) => !r.passed).map((r) => r.name)).toEqual(['mark', 'clearMarks']);
    expect(results.find((r) => r.name === 'mark')?.detail).toMatch(/AddComment|not a function/);
  });

  it("runs on a scratch workbook it closes unsaved, leaving the clerk's own as it was, and says so when it cannot make one", async () => {
    const fake = etFake({ Sheet1: [['单位自己的表']] });
    const hooks = {
      registry: seedRegistry(),
      today: '2019-08-01',
      clerkTypes: async (sheet: string, address: string) => fake.type(sheet, address, '自检'),
    };
    const results = await runOnScratchWorkbook(fake.app, fake.events, hooks);
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect([...fake.sheets.keys()]).toEqual(['Sheet1']);
    expect(fake.sheets.get('Sheet1')?.cells.get('A1')?.value).toBe('单位自己的表');
    expect(fake.app.DisplayAlerts).toBe(true);

    fake.app.Workbooks.Add = () => {
      throw new Error('Workbooks.Add is not available');
    };
    expect(await runOnScratchWorkbook(fake.app, fake.events, hooks)).toEqual([
      { name: 'Workbooks.Add', label: '新建临时工作簿', passed: false, detail: 'Workbooks.Add is not available' },
    ]);
  });
});
