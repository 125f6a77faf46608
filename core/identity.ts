/**
 * Which task a submitted row is. The task id stamped in the sheet (the hidden 任务标识 column)
 * where there is one; else the 序号 checked against the row's fixed text (反馈问题). A row whose
 * fixed text belongs to another task, or to none, is no task's: its follow-up is never applied
 * elsewhere.
 */
import type { MasterView, IncomingRow, TaskRef } from './merge.ts';

/** Fixed text as compared: line breaks and blanks vary between Excel, LibreOffice and WPS. */
export const textKey = (text: string) => text.replace(/\s+/g, '');

export type Identified = { task: TaskRef } | { reason: string };

export function identifyRow(row: IncomingRow, master: MasterView, base: number): Identified {
  const label = rowLabel(row);
  const problem = row.values.problem;
  const owner = problem?.trim() ? master.taskByProblem(problem) : undefined;

  if (row.taskId !== undefined) {
    const task = master.taskById(row.taskId);
    if (!task) {
      return {
        reason: `${label}的任务标识“${row.taskId}”不在本台账中：这一行来自另一本台账或已被改动，未采用。Unknown task id.`,
      };
    }
    if (owner && owner.id !== task.id) {
      return {
        reason: `${label}的反馈问题是任务${owner.no}的，但它的任务标识属于任务${task.no}：这一行像是被复制或移动过，整行未采用。The row's text belongs to another task.`,
      };
    }
    return { task };
  }

  if (row.no === undefined) return { reason: `${label}没有序号，未采用。The row has no No.` };
  const task = master.taskByNo(row.no);
  if (problem === undefined || !problem.trim()) {
    return task
      ? { task }
      : {
          reason: `台账中没有序号为${row.no}的任务：新增的行不会写入台账，如需新增任务请联系办公室。No such task; added rows are not applied.`,
        };
  }
  if (task && (owner?.id === task.id || sameProblem(master, task, problem, base))) return { task };
  if (owner) {
    return {
      reason: `${label}的序号是${row.no}，但反馈问题是任务${owner.no}的：序号可能被改动或重新编排过，整行未采用，请按下载的报表保留原序号。The row's No. and its problem text disagree.`,
    };
  }
  return {
    reason: `${label}的反馈问题与台账中任何任务都不一致：这一行可能是新增的或被改写过，整行未采用。The row's problem text matches no task.`,
  };
}

/** The row's text is the task's now, or was at the submitter's base (the office may have edited it since). */
function sameProblem(master: MasterView, task: TaskRef, problem: string, base: number): boolean {
  const key = { taskId: task.id, unit: '', field: 'problem' as const };
  const text = textKey(problem);
  return text === textKey(master.current(key)?.value ?? '') || text === textKey(master.at(key, base)?.value ?? '');
}

export function rowLabel(row: IncomingRow): string {
  if (row.row !== undefined) return `第${row.row}行`;
  return row.no !== undefined ? `序号${row.no}` : `任务“${row.taskId ?? '?'}”`;
}
