import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parsePlan } from '../../core/plan.ts';
import { main } from '../../server/cli/ledger.ts';
import { readLedgerWorkbook } from '../../server/formats/workbook/read.ts';
import { SEED_PLAN_PATH, seedPlanText } from '../helpers/seed.ts';
import { sofficeConvert } from '../helpers/soffice.ts';

const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
async function run(...args: string[]) {
  const lines: string[] = [];
  const code = await main(args, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

describe('ledger import', () => {
  it('writes the master from the seeded plan and prints a one-line summary', async () => {
    const master = join(dir, 'master.xlsx');
    const { code, output } = await run('import', SEED_PLAN_PATH, '-o', master, '--today', '2019-06-15');
    expect(code).toBe(0);
    expect(output.trim().split('\n').at(-1)).toMatch(/^31 项任务，275 个字段，8 处不规范/);
    expect(output).toContain('任务27：没有“责任人”');
    const back = await readLedgerWorkbook(readFileSync(master));
    expect(back.tasks).toEqual(parsePlan(seedPlanText()).tasks);
  });

  it('reads the plan saved as GB18030 and as a Word document made by LibreOffice', async () => {
    const expected = parsePlan(seedPlanText()).tasks;
    const gbk = join(dir, 'plan-gbk.txt');
    writeFileSync(gbk, new Uint8Array(execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', SEED_PLAN_PATH])));
    const fromGbk = join(dir, 'gbk.xlsx');
    expect((await run('import', gbk, '-o', fromGbk)).code).toBe(0);
    expect((await readLedgerWorkbook(readFileSync(fromGbk))).tasks).toEqual(expected);

    const docx = join(dir, 'plan.docx');
    writeFileSync(docx, await sofficeConvert(readFileSync(SEED_PLAN_PATH), 'txt', 'docx:MS Word 2007 XML'));
    const fromDocx = join(dir, 'docx.xlsx');
    const { code, output } = await run('import', docx, '-o', fromDocx);
    expect(code).toBe(0);
    expect(output).toMatch(/31 项任务，275 个字段，8 处不规范/);
    expect((await readLedgerWorkbook(readFileSync(fromDocx))).tasks).toEqual(expected);
  });

  it('refuses a plan that is neither text nor .docx, naming its format', async () => {
    const pdf = join(dir, 'plan.pdf');
    writeFileSync(pdf, '%PDF-1.4\n%binary\u0000');
    const { code, output } = await run('import', pdf, '-o', join(dir, 'x.xlsx'));
    expect(code).toBe(2);
    expect(output).toContain('PDF 文件');
    expect(output).toContain('扫描');
  });

  it('says so in words, with no stack trace, when the plan is missing, as a user runs it', () => {
    const result = spawnSync(
      process.execPath,
      ['bin/ledger.js', 'import', join(dir, 'no-such-plan.txt'), '-o', join(dir, 'x.xlsx')],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('无法打开文件');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('ledger validate', () => {
  it('prints findings as JSON objects with every field, and exits 1 on errors', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow([
      '序号',
      '反馈问题',
      '整改目标',
      '整改措施',
      '责任领导',
      '牵头单位',
      '责任单位',
      '责任人',
      '整改时限',
      '整改进展',
      '完成状态',
      '备注',
    ]);
    sheet.addRow([
      1,
      '问题',
      '目标',
      '措施',
      '王冲',
      '县环保局',
      '各乡镇人民政府',
      '主要负责人',
      '2019年6月底前',
      '',
      '完成了',
      '',
    ]);
    const file = join(dir, 'bad.xlsx');
    await workbook.xlsx.writeFile(file);
    const { code, output } = await run('validate', file, '--today', '2019-08-01', '--json');
    expect(code).toBe(1);
    const findings = JSON.parse(output);
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'status-invalid',
        severity: 'error',
        sheet: '台账',
        cell: 'K2',
        row: 2,
        task: '1',
      }),
    );
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'overdue', cell: 'I2' }));
    for (const f of findings)
      expect(Object.keys(f).sort()).toEqual(['cell', 'field', 'message', 'row', 'rule', 'severity', 'sheet', 'task']);
  });

  it('exits 0 on a clean file and 2 on a file it cannot read', async () => {
    const master = join(dir, 'clean.xlsx');
    await run('import', SEED_PLAN_PATH, '-o', master);
    expect((await run('validate', master, '--today', '2019-01-01')).code).toBe(0);
    const csv = join(dir, 'x.xlsx');
    writeFileSync(csv, '序号,反馈问题\n');
    const unreadable = await run('validate', csv);
    expect(unreadable.code).toBe(2);
    expect(unreadable.output).toContain('CSV');
  });

  it('is installed as a bin: npx ledger --help lists its commands', () => {
    const result = spawnSync('npx', ['ledger', '--help'], {
      encoding: 'utf8',
      cwd: join(import.meta.dirname, '..', '..'),
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('ledger import');
    expect(result.stdout).toContain('ledger validate');
  });
});
