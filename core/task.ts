/** One task of the plan: a row of the familiar table. */
import { FIELDS, type Field } from './fields.ts';

export type TextField = Exclude<Field, 'no'>;

export type Task = { id: string; no: number } & Record<TextField, string>;

export const TEXT_FIELDS = FIELDS.filter((f): f is TextField => f !== 'no');

export function emptyTask(no: number, id = String(no)): Task {
  const task = { id, no } as Task;
  for (const field of TEXT_FIELDS) task[field] = '';
  return task;
}

/** A task's value of any field as the table shows it. */
export function fieldText(task: Task, field: Field): string {
  return field === 'no' ? String(task.no) : task[field];
}
