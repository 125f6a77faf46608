/**
 * A sheet read back as a submission's rows. Only the columns the sheet really has are sent: a
 * field whose column is missing, or whose cell cannot be read, is absent, never "cleared". On
 * the office's consolidated master the follow-up columns are derived from the units' reports,
 * so they are never read back as anyone's values.
 */
import { FIELDS, FOLLOW_UP_FIELDS, HEADER, isFollowUp, type Field } from './fields.ts';
import type { IncomingRow } from './merge.ts';
import { stampedTaskId, type Stamp } from './stamp.ts';
import { parseTaskNo, type LedgerTable } from './table.ts';
import { columnLetter } from './text.ts';

export interface SheetRows {
  rows: IncomingRow[];
  /** What was not read, and where. */
  warnings: string[];
}

export function sheetRows(table: LedgerTable, stamp: Stamp | undefined): SheetRows {
  const warnings: string[] = [];
  const master = stamp?.kind === 'master';
  const fields = FIELDS.filter((f) => table.columns[f] !== undefined && !(master && isFollowUp(f)));
  const cell = (field: Field, row: number) => `${columnLetter(table.columns[field]!)}${row}`;

  for (const field of FIELDS) {
    if (table.columns[field] === undefined && isFollowUp(field)) {
      warnings.push(
        `表中没有找到“${HEADER[field]}”列，这一项未读取，台账中原有内容不变。No ${HEADER[field]} column: that field is left as it was.`,
      );
    }
  }
  if (master && FOLLOW_UP_FIELDS.some((f) => table.columns[f] !== undefined)) {
    warnings.push(
      '这是汇总表：整改进展、完成状态和备注由各单位的填报汇总而成，不会读回；只读取任务本身的字段。Follow-up columns of the master are derived and not read back.',
    );
  }
  for (const extra of table.extraColumns) {
    const first = table.rows.find((r) => r.extras[extra.header]);
    if (first) {
      warnings.push(
        `“${extra.header}”列（${columnLetter(extra.column)}${first.row}起）不是台账的字段，其内容没有读取：如果是整改进展等内容，请把表头改为“整改进展”“完成状态”或“备注”后再提交。` +
          `Column "${extra.header}" matches no field and was not read.`,
      );
    }
  }

  const rows: IncomingRow[] = [];
  for (const row of table.rows) {
    const no = parseTaskNo(row.values.no);
    const taskId = row.taskId ?? stampedTaskId(stamp, row.row, no);
    if (no === undefined && taskId === undefined) {
      warnings.push(`第${row.row}行的序号“${row.values.no}”无法识别，该行未处理。Row ${row.row} has no usable No.`);
      continue;
    }
    const values: Partial<Record<Field, string>> = {};
    for (const field of fields) {
      const why = row.unknown?.[field];
      if (why !== undefined) {
        warnings.push(
          `${cell(field, row.row)}（${HEADER[field]}）无法读取（${why}），该单元格未采用，台账中原有内容不变。Cell ${cell(field, row.row)} could not be read and was left out.`,
        );
        continue;
      }
      values[field] = field === 'no' ? String(no ?? row.values.no) : row.values[field];
    }
    rows.push({
      ...(taskId === undefined ? {} : { taskId }),
      ...(no === undefined ? {} : { no }),
      row: row.row,
      values,
    });
  }
  return { rows, warnings };
}
