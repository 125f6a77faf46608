/**
 * A plan the office brings, read into a ledger's tasks: a Word document, plain text (UTF-8 or
 * GB18030), an .xlsx task table (header found wherever it is), or an .xls/.wps/.et converted by
 * LibreOffice when it is installed. The preview says what was found, what is irregular and
 * where, and which units are new to the county with the names they may be aliases of.
 */
import { parsePlan } from '../../core/plan.ts';
import { groupMemberKinds, isGroupPhrase, proposeName } from '../../core/names.ts';
import { createRegistry, type Registry, type UnitKind } from '../../core/registry.ts';
import { countyToday } from '../../core/zone.ts';
import { validateTable } from '../../core/rules.ts';
import { tasksFromTable } from '../../core/table.ts';
import type { Task } from '../../core/task.ts';
import { EMPTY_REGISTRY } from './county.ts';
import { LedgerError } from '../errors.ts';
import { convertWithLibreOffice } from '../formats/workbook/libreoffice.ts';

import { detectFormat, FORMAT_NAME } from '../formats/workbook/format.ts';
import type { ParsePool } from '../formats/workbook/parse-pool.ts';

export interface PlanIrregularity {
  /** Where: a line of the text, a Word paragraph by its opening words, or a cell of the table. */
  where: string;
  message: string;
  /** The task's 序号, when it belongs to one. */
  task?: number;
}

export type UnitFinding =
  | { written: string; status: 'known'; canonical: string }
  | { written: string; status: 'alias'; canonical: string }
  | { written: string; status: 'group'; canonical: string; members: number }
  | { written: string; status: 'new-group'; memberKinds: UnitKind[] }
  | { written: string; status: 'new'; proposal?: string; reason?: string };

export interface PlanPreview {
  title: string;
  format: string;
  tasks: Task[];
  /** How many of the table's fields each task has filled, by 序号. */
  fieldsPerTask: Record<number, number>;
  irregularities: PlanIrregularity[];
  /** What keeps the plan from becoming a ledger; empty when it can. */
  blocking: string[];
  units: UnitFinding[];
  /** The leaders the plan names (责任领导), and whether the roster has them. */
  leaders: { name: string; known: boolean }[];
  /** The county the plan's heading names, when it names one. */
  county?: string;
}

const BLOCKING_KINDS = new Set(['numbering', 'no-tasks']);

type PlanRead = Omit<PlanPreview, 'units' | 'fieldsPerTask' | 'leaders'>;

export async function readPlanUpload(bytes: Uint8Array, pool: ParsePool, owner = ''): Promise<PlanRead> {
  const format = detectFormat(bytes);
  if (format === 'text' || format === 'docx') {
    const text = await pool.readPlan(bytes, owner);
    const plan = parsePlan(text);
    // A Word document has no lines a clerk can count: its paragraph is cited by its opening words.
    const lines = text.split(/\r?\n/);
    const where = (line: number) => {
      if (format !== 'docx') return `第${line}行`;
      const opening = [...(lines[line - 1] ?? '').trim()].slice(0, 14).join('');
      return `以“${opening}${[...(lines[line - 1] ?? '').trim()].length > 14 ? '…' : ''}”开头的段落`;
    };
    const irregularities = plan.irregularities.map((i) => ({
      where: where(i.line),
      message: i.message,
      ...(i.task !== undefined ? { task: i.task } : {}),
    }));
    const blocking = plan.irregularities
      .filter((i) => BLOCKING_KINDS.has(i.kind))
      .map((i) => `${where(i.line)}：${i.message}`);
    return {
      title: plan.title,
      format: FORMAT_NAME[format],
      tasks: plan.tasks,
      irregularities,
      blocking,
      ...(plan.county ? { county: plan.county } : {}),
    };
  }
  if (format === 'xlsx') {
    const workbook = await pool.parse(bytes, owner);
    const tasks = tasksFromTable(workbook.table);
    const blocking = tasks.length === 0 ? ['表中没有带序号的任务行。No task rows.'] : numberingBreaks(tasks);
    // The table's own irregularities, each at its cell (roster questions are the units' list below).
    const irregularities = validateTable(workbook.table, {
      registry: createRegistry(EMPTY_REGISTRY),
      today: countyToday(),
    })
      .filter(
        (f) =>
          f.severity !== 'info' && !f.rule.startsWith('unit-') && f.rule !== 'leader-unknown' && f.rule !== 'overdue',
      )
      .map((f) => ({ where: `${workbook.table.sheet}!${f.cell || `第${f.row}行`}`, message: f.message }));
    return { title: workbook.table.title, format: FORMAT_NAME.xlsx, tasks, irregularities, blocking };
  }
  if (format === 'xls' || format === 'ole')
    return readPlanUpload(await convertWithLibreOffice(bytes, 'xls', 'xlsx', 'not-a-plan', owner), pool, owner);
  const scanned = format === 'pdf' || format === 'image' ? '扫描件或图片需要先录入成文字或转成 Word（.docx）；' : '';
  throw new LedgerError(
    'not-a-plan',
    `无法读取方案：这是${FORMAT_NAME[format]}。${scanned}请上传 Word 文档（.docx）、纯文本（.txt）或 Excel 任务表（.xlsx）。` +
      'Upload the plan as .docx, .txt or an .xlsx task table.',
  );
}

function numberingBreaks(tasks: Task[]): string[] {
  return tasks.flatMap((t, i) =>
    i > 0 && t.no !== tasks[i - 1]!.no + 1 ? [`序号${t.no}接在${tasks[i - 1]!.no}之后，不连续。`] : [],
  );
}

/**
 * Every unit the plan names, as the county's roster knows it. A new name gets a proposal only
 * when a rule says why (a known abbreviation, the 县 prefix, one character apart within the same
 * kind of unit), with the reason; a group phrase new to the roster is proposed as a group.
 */
export function unitFindings(tasks: Task[], registry: Registry): UnitFinding[] {
  const written = [
    ...new Set(tasks.flatMap((t) => [...registry.splitUnits(t.leadUnits), ...registry.splitUnits(t.units)])),
  ];
  const resolved = written.map((name) => ({ name, r: registry.resolve(name) }));
  const newNames = resolved.filter((x) => x.r.kind === 'unknown').map((x) => x.name);
  const roster = registry.data.units.map((u) => u.name);
  return resolved.map(({ name, r }): UnitFinding => {
    if (r.kind === 'unit') return { written: name, status: r.viaAlias ? 'alias' : 'known', canonical: r.canonical };
    if (r.kind === 'group')
      return { written: name, status: 'group', canonical: r.canonical, members: r.members.length };
    if (isGroupPhrase(name)) return { written: name, status: 'new-group', memberKinds: groupMemberKinds(name) };
    // Another new name of the same plan only when it is the fuller one, so two never point at each other.
    const fuller = newNames.filter((o) => o.length > name.length || (o.length === name.length && o > name));
    const proposal = proposeName(name, roster) ?? proposeName(name, fuller);
    return { written: name, status: 'new', ...(proposal ? { proposal: proposal.name, reason: proposal.reason } : {}) };
  });
}

export function preview(read: PlanRead, registry: Registry): PlanPreview {
  const fieldsPerTask = Object.fromEntries(
    read.tasks.map((t) => [
      t.no,
      Object.entries(t).filter(([k, v]) => k !== 'id' && typeof v === 'string' && v.trim()).length,
    ]),
  );
  const leaders = [...new Set(read.tasks.flatMap((t) => registry.splitLeaders(t.leaders)))].map((name) => ({
    name,
    known: registry.isLeader(name),
  }));
  // Another county's plan read against this county's roster would expand its groups to the wrong townships.
  const own = registry.data.county;
  const otherCounty =
    read.county && own && read.county !== own
      ? [
          {
            where: '方案标题',
            message: `这份方案是${read.county}的，本县名册是${own}的：请确认上传的是本县的方案；名册中的单位组（如各乡镇人民政府）会按${own}的名册展开。`,
          },
        ]
      : [];
  return {
    ...read,
    irregularities: [...otherCounty, ...read.irregularities],
    fieldsPerTask,
    units: unitFindings(read.tasks, registry),
    leaders,
  };
}
