/**
 * The host contract as checks a real WPS runs on a scratch workbook (self-test.html): each
 * method the pane uses, passed or failed with what went wrong. The same checks run on the fake
 * ET model in the tests; on a real WPS they tell what the fake cannot.
 */
import { clearMarks, validate } from '../actions.ts';
import type { SpreadsheetHost } from '../host.ts';
import type { EtApiEvent, EtApplication, EtWorkbook } from './et.ts';
import { propertyMarkStore } from './wps-marks.ts';
import { wpsHost } from './wps-host.ts';
import { ledgerSheetPlan, type SheetPlan } from '../sheet-plan.ts';
import type { Registry } from '../../core/registry.ts';
import type { Stamp } from '../../core/stamp.ts';
import { emptyTask, type Task } from '../../core/task.ts';

export interface CheckResult {
  /** The host method or pair checked. */
  name: string;
  /** What it does for the clerk, in Chinese. */
  label: string;
  passed: boolean;
  detail?: string;
}

export interface SelfTestHooks {
  registry: Registry;
  today: string;
  /** The clerk types into a cell (the page asks them to; a test types for them). Resolves when done or given up. */
  clerkTypes(sheet: string, address: string): Promise<void>;
}

const SAMPLE: Partial<Task>[] = [
  { problem: '自检任务一：污水直排问题。', goal: '完成截污。', leadUnits: '县水利局', deadline: '2019年12月底前' },
  {
    problem: '自检任务二：扬尘管控不到位。',
    goal: '建立长效机制。',
    leadUnits: '县住房和城乡建设局',
    deadline: '长期坚持',
  },
];

function sampleTasks(): Task[] {
  return SAMPLE.map((fields, i) => ({ ...emptyTask(i + 1, `self-test-${i + 1}`), ...fields }));
}

const failed = (name: string, label: string, error: unknown): CheckResult => ({
  name,
  label,
  passed: false,
  detail: error instanceof Error ? error.message : String(error),
});

class CheckFailed extends Error {}
function expect(ok: boolean, what: string): asserts ok {
  if (!ok) throw new CheckFailed(what);
}

/** Runs every check in order; a failed check does not stop the ones after it that do not need it. */
export async function runSelfTest(host: SpreadsheetHost, hooks: SelfTestHooks): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const check = async (name: string, label: string, work: () => Promise<void>) => {
    try {
      await work();
      results.push({ name, label, passed: true });
    } catch (error) {
      results.push(failed(name, label, error));
    }
  };
  const tasks = sampleTasks();
  const plan: SheetPlan = ledgerSheetPlan({ title: '加载项自检', unit: '县水利局', tasks, today: hooks.today });
  const firstRow = plan.body.firstRow;
  let sheet = '';
  const stamp = (): Stamp => ({
    ledgerId: 'self-test',
    kind: 'unit',
    unit: '县水利局',
    revision: 1,
    judgedOn: hooks.today,
    copy: 'self-test',
    sheet,
    headerRow: plan.headerRow,
    rows: tasks.map((t, i) => ({ row: firstRow + i, taskId: t.id, no: t.no })),
  });
  const tableArea = [
    { from: firstRow, to: firstRow + tasks.length - 1, left: 1, right: plan.body.numberFormats.length },
  ];
  const fillsNow = async () => {
    const fillAt = await host.mark(sheet, [], tableArea, await host.protection(sheet));
    return tableArea.flatMap((a) =>
      Array.from({ length: a.to - a.from + 1 }, (_, i) =>
        Array.from({ length: a.right - a.left + 1 }, (_, j) => fillAt(a.from + i, a.left + j)),
      ),
    );
  };

  await check('writeSheet', '写入报表', async () => {
    sheet = await host.writeSheet(plan);
    expect(sheet.startsWith(plan.name), `新表名为“${sheet}”`);
    expect((await host.activeSheet()) === sheet, '写入后没有切换到新表');
  });
  await check('readTable', '读取报表', async () => {
    const read = await host.readTable(sheet);
    expect(read.table.rows.length === tasks.length, `读到 ${read.table.rows.length} 行，应为 ${tasks.length} 行`);
    expect(read.table.rows[0]?.values.problem === tasks[0]!.problem, '第一行的“反馈问题”不对');
  });
  await check('saveStamp', '台账版本标识', async () => {
    await host.saveStamp(stamp());
    const saved = (await host.stamps()).find((s) => s.sheet === sheet);
    const same = (s?: Stamp) => s && JSON.stringify([s.ledgerId, s.unit, s.copy, s.headerRow, s.rows]);
    expect(same(saved) === same(stamp()), '读回的版本标识与写入的不同');
    expect((await host.readTable(sheet)).stamp?.copy === 'self-test', '报表没有带上版本标识');
  });
  await check('protection', '工作表保护', async () => {
    expect((await host.protection(sheet)).protected, '本单位报表写入后应处于保护状态');
  });
  await check('mark', '标记颜色与批注', async () => {
    const address = `A${firstRow}`;
    await host.mark(
      sheet,
      [
        { kind: 'fill', address, color: '#FFC7CE' },
        { kind: 'addNote', address, text: '自检批注' },
      ],
      [],
      await host.protection(sheet),
    );
    expect((await host.notesAt(sheet, [address])).get(address) === '自检批注', '批注没有写上');
    expect((await fillsNow())[0]![0] === '#FFC7CE', '底色没有写上');
    expect((await host.protection(sheet)).protected, '标记后工作表保护没有恢复');
    await host.mark(
      sheet,
      [
        { kind: 'clearFill', address },
        { kind: 'deleteNote', address },
      ],
      [],
      await host.protection(sheet),
    );
    expect(!(await host.notesAt(sheet, [address])).has(address), '批注没有删掉');
  });
  await check('clearMarks', '校验与清除标记', async () => {
    const before = JSON.stringify(await fillsNow());
    await validate(host, hooks.registry, hooks.today);
    expect(host.marks.get(sheet) !== undefined, '校验后没有标记记录（文档属性）');
    expect(await clearMarks(host, sheet), '清除标记没有找到记录');
    expect(JSON.stringify(await fillsNow()) === before, '清除标记后底色与校验前不同');
    expect(host.marks.get(sheet) === undefined, '清除后标记记录仍在');
  });
  await check('readRows', '读取改过的行', async () => {
    const rows = await host.readRows(sheet, [firstRow], 2);
    const values = rows.values.get(firstRow) ?? [];
    expect(String(values[0]) === '1' && values[1] === tasks[0]!.problem, `读到 ${JSON.stringify(values)}`);
  });
  await check('select', '选中单元格', async () => {
    await host.select(sheet, `B${firstRow + 1}`);
    const selected = await host.selectedRow();
    expect(
      selected.sheet === sheet && selected.row === firstRow + 1,
      `选中的是 ${selected.sheet} 第 ${selected.row} 行`,
    );
  });
  await check('onEdit', '编辑后自动复查', async () => {
    // 整改进展 on a unit's copy: a cell the clerk may type into on the protected sheet.
    const progress = `D${firstRow}`;
    const edits: number[] = [];
    await host.onEdit(sheet, (from) => edits.push(from));
    await hooks.clerkTypes(sheet, progress);
    expect(edits.includes(firstRow), '改动单元格后没有收到 SheetChange 事件');
  });
  await check('writeSheet (replacing)', '重新拉取替换原表', async () => {
    const again = await host.writeSheet(plan, sheet);
    expect(again === sheet, `替换后表名为“${again}”`);
    expect((await host.readTable(sheet)).table.rows.length === tasks.length, '替换后的表读不出任务');
  });
  return results;
}

/**
 * The checks on a scratch workbook, closed unsaved afterwards: the clerk's own workbooks are not
 * touched. A build that cannot make or close the scratch workbook says so as a failed check, so
 * that the page still reports what it found.
 */
export async function runOnScratchWorkbook(
  app: EtApplication,
  events: EtApiEvent | undefined,
  hooks: SelfTestHooks,
): Promise<CheckResult[]> {
  let scratch: EtWorkbook;
  try {
    scratch = app.Workbooks.Add();
  } catch (error) {
    return [failed('Workbooks.Add', '新建临时工作簿', error)];
  }
  const host = wpsHost(
    app,
    propertyMarkStore(() => scratch.CustomDocumentProperties),
    events,
  );
  const results = await runSelfTest(host, hooks);
  const alerts = app.DisplayAlerts;
  app.DisplayAlerts = false;
  try {
    scratch.Close(false);
  } catch (error) {
    results.push(failed('Workbook.Close', '关闭临时工作簿（不保存）', error));
  } finally {
    app.DisplayAlerts = alerts;
  }
  return results;
}
