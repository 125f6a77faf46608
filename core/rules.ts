/**
 * Validation: pure rules over a ledger table. Every finding names its rule, severity, cell and
 * task, and says in Chinese what is wrong and what would fix it.
 */
import { overdueAsOf } from './overdue.ts';
import { FIELDS, HEADER, type Field } from './fields.ts';
import { parseDeadline, type Deadline, type IsoDate } from './deadline.ts';
import type { Registry, UnitResolution } from './registry.ts';
import { isStatus, STATUSES } from './status.ts';
import { columnLetter } from './text.ts';
import { memo } from './memo.ts';
import { parseTaskNo, type LedgerTable, type TableRow } from './table.ts';

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'required-empty'
  | 'units-empty'
  | 'no-missing'
  | 'no-not-number'
  | 'no-duplicate'
  | 'no-sequence'
  | 'deadline-unreadable'
  | 'unit-unknown'
  | 'unit-alias'
  | 'leader-unknown'
  | 'status-invalid'
  | 'done-without-progress'
  | 'overdue'
  | 'label-glued'
  | 'blank-edges'
  | 'formula-like';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  sheet: string;
  /** A1 address of the cell, '' when the column is not in the sheet. */
  cell: string;
  row: number;
  field: Field;
  /** 序号 as written. */
  task: string;
  message: string;
}

export interface RuleContext {
  registry: Registry;
  today: IsoDate;
  /** A unit's copy holds only some tasks: gaps in 序号 are expected there. */
  partial?: boolean;
}

const REQUIRED: readonly Field[] = ['problem', 'goal', 'measures', 'leaders', 'deadline'];
const RECOMMENDED: readonly Field[] = ['person'];
const LABEL_INSIDE =
  /(整\s*改\s*目\s*标|整\s*改\s*措\s*施|责\s*任\s*领\s*导|牵\s*头\s*单\s*位|责\s*任\s*单\s*位|责\s*任\s*人|整\s*改\s*时\s*限)\s*[:：]/;

/** Cheap test before the label regex: every label ends in one of these characters and a colon. */
const LABEL_END = /[标施导位人限]\s*[:：]/;
/** Text Excel would take as a formula: starts (after blanks) with = + - @. */
const FORMULA_START = /^\s*([=+\-@])/;

/** One row under check: where its findings go and how to address its cells. */
class RowCheck {
  readonly task: string;
  constructor(
    private readonly table: LedgerTable,
    readonly row: TableRow,
    private readonly findings: Finding[],
  ) {
    this.task = row.values.no.trim();
  }
  has(field: Field): boolean {
    return this.table.columns[field] !== undefined;
  }
  value(field: Field): string {
    return this.row.values[field].trim();
  }
  add(rule: RuleId, severity: Severity, field: Field, message: string): void {
    const column = this.table.columns[field];
    const cell = column === undefined ? '' : `${columnLetter(column)}${this.row.row}`;
    this.findings.push({
      rule,
      severity,
      sheet: this.table.sheet,
      cell,
      row: this.row.row,
      field,
      task: this.task,
      message,
    });
  }
}

export function validateTable(table: LedgerTable, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const { registry } = context;
  const lookups: Lookups = {
    unitsIn: memo((text) => registry.splitUnits(text).map((name) => registry.resolve(name))),
    strangers: memo((text) => registry.splitLeaders(text).filter((name) => !registry.isLeader(name))),
    deadlineOf: memo(parseDeadline),
  };
  const seen = new Map<number, number>();
  let previousNo: number | undefined;
  for (const row of table.rows) {
    const check = new RowCheck(table, row, findings);
    checkNumber(check, seen, context.partial ? undefined : previousNo);
    previousNo = parseTaskNo(row.values.no) ?? previousNo;
    checkRequired(check);
    checkNames(check, lookups);
    checkProgress(check, lookups.deadlineOf(row.values.deadline), context.today);
    checkCells(check);
  }
  return findings;
}

interface Lookups {
  unitsIn: (text: string) => UnitResolution[];
  strangers: (text: string) => string[];
  deadlineOf: (text: string) => Deadline;
}

function checkNumber(check: RowCheck, seen: Map<number, number>, previous: number | undefined): void {
  const written = check.task;
  if (!written) {
    check.add('no-missing', 'error', 'no', '序号为空：每项任务都要有序号。');
    return;
  }
  const no = parseTaskNo(written);
  if (no === undefined) {
    check.add('no-not-number', 'error', 'no', `序号“${written}”不是数字：请只填阿拉伯数字，如“7”。`);
    return;
  }
  const first = seen.get(no);
  if (first !== undefined) {
    check.add('no-duplicate', 'error', 'no', `序号${no}重复（第${first}行已有）：每项任务的序号必须唯一。`);
  } else {
    seen.set(no, check.row.row);
    if (previous !== undefined && no !== previous + 1) {
      check.add('no-sequence', 'warning', 'no', `序号${no}接在${previous}之后，不连续：请核对是否漏了或多了任务。`);
    }
  }
}

function checkRequired(check: RowCheck): void {
  for (const field of REQUIRED) {
    if (check.has(field) && !check.value(field))
      check.add('required-empty', 'error', field, `${HEADER[field]}为空：请按整改方案填写。`);
  }
  for (const field of RECOMMENDED) {
    if (check.has(field) && !check.value(field))
      check.add(
        'required-empty',
        'warning',
        field,
        `${HEADER[field]}为空：方案没有写时可填“各牵头单位、责任单位主要负责人”。`,
      );
  }
  if ((check.has('leadUnits') || check.has('units')) && !check.value('leadUnits') && !check.value('units')) {
    check.add(
      'units-empty',
      'error',
      check.has('units') ? 'units' : 'leadUnits',
      '牵头单位和责任单位都为空：至少要有一个单位负责这项任务。',
    );
  }
}

function checkNames(check: RowCheck, lookups: Lookups): void {
  for (const field of ['leadUnits', 'units'] as const) {
    for (const r of lookups.unitsIn(check.value(field))) {
      if (r.kind === 'unknown') {
        const hint = r.suggestion ? `是否应为“${r.suggestion}”？` : '请改为单位名册中的名称，或请办公室把它加入名册。';
        check.add('unit-unknown', 'warning', field, `${HEADER[field]}中的“${r.written}”不在单位名册中：${hint}`);
      } else if (r.viaAlias) {
        check.add(
          'unit-alias',
          'info',
          field,
          `${HEADER[field]}中的“${r.written}”是“${r.canonical}”的别称，按“${r.canonical}”统计。`,
        );
      }
    }
  }
  for (const name of lookups.strangers(check.value('leaders'))) {
    check.add(
      'leader-unknown',
      'warning',
      'leaders',
      `责任领导“${name}”不在领导名单中：请核对姓名，或请办公室更新名单。`,
    );
  }
}

function checkProgress(check: RowCheck, deadline: Deadline, today: IsoDate): void {
  if (deadline.kind === 'unreadable') {
    check.add(
      'deadline-unreadable',
      'error',
      'deadline',
      `整改时限“${deadline.text}”无法识别（${deadline.reason}）：请写成“2019年12月底前”“2019年11月30日前”或“立即整改，持续推进”这样的格式。`,
    );
  }
  const status = check.value('status');
  if (status && !isStatus(status)) check.add('status-invalid', 'error', 'status', statusMessage(status));
  if (status === '已完成' && check.has('progress') && !check.value('progress')) {
    check.add(
      'done-without-progress',
      'warning',
      'progress',
      '完成状态为“已完成”，但整改进展为空：请写明完成情况和佐证。',
    );
  }
  const overdue = overdueAsOf(deadline, status, today);
  if (overdue) {
    check.add(
      'overdue',
      'warning',
      'deadline',
      `已逾期${-overdue.days}天：${overdue.which}已过（按${today}判定），任务尚未完成。请加快推进或说明原因。`,
    );
  }
}

const isBlank = (code: number) =>
  code === 32 || code === 9 || code === 10 || code === 13 || code === 0x3000 || code === 0xa0;

function checkCells(check: RowCheck): void {
  for (const field of FIELDS) {
    const text = check.row.values[field];
    if (!text) continue;
    if (field !== 'problem' && LABEL_END.test(text)) {
      const glued = LABEL_INSIDE.exec(text);
      if (glued)
        check.add(
          'label-glued',
          'warning',
          field,
          `${HEADER[field]}中混入了另一个字段的标签“${glued[0]}”：请删去，或把后面的内容移到对应的列。`,
        );
    }
    if (isBlank(text.charCodeAt(0)) || isBlank(text.charCodeAt(text.length - 1))) {
      check.add('blank-edges', 'warning', field, `${HEADER[field]}的开头或结尾有多余的空格或空行：请删去。`);
    }
    const first = FORMULA_START.exec(text);
    if (first) check.add('formula-like', 'warning', field, formulaMessage(field, first[1]!));
  }
}

const statusMessage = (status: string) =>
  `完成状态“${status}”不在规定选项中：请从下拉列表选择（${STATUSES.join('、')}）。`;
const formulaMessage = (field: Field, symbol: string) =>
  `${HEADER[field]}以“${symbol}”开头，Excel 会把它当作公式：请在前面加一个中文字符或删去该符号。`;

/**
 * What makes one incoming cell unacceptable on its own, for a submission: a status outside the
 * vocabulary, or text Excel would run as a formula. The rest of the submission still applies.
 */
export function cellProblem(field: Field, text: string): { rule: RuleId; message: string } | undefined {
  const value = text.trim();
  if (field === 'status' && value && !isStatus(value)) return { rule: 'status-invalid', message: statusMessage(value) };
  const first = FORMULA_START.exec(text);
  if (first) return { rule: 'formula-like', message: formulaMessage(field, first[1]!) };
  return undefined;
}

/** Counts by severity, for one-line summaries. */
export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
