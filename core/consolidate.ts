/**
 * One task of the master as the office reads it: each unit's follow-up values combined into the
 * task's cells, lead units first, and the task's status derived from its lead units'.
 */
import type { FollowUpField } from './fields.ts';
import { OFFICE, type TaskRef } from './merge.ts';
import { isFinished, statusRank } from './status.ts';

export type FollowUp = Record<FollowUpField, string>;

/** The units whose values a task shows, in order: lead units, then the other responsible units. */
export function reportingUnits(task: TaskRef): string[] {
  return [...task.leadUnits, ...task.units.filter((u) => !task.leadUnits.includes(u))];
}

/**
 * `县水利局：……` a line each, leaving out units with nothing written; each unit's words stand as it
 * wrote them (its own text is also kept apart in the detail), its name not doubled when it typed it.
 */
export function combineByUnit(entries: { unit: string; text: string }[]): string {
  return entries
    .filter((e) => e.text.trim())
    .map((e) => (e.text.trim().startsWith(`${e.unit}：`) ? e.text.trim() : `${e.unit}：${e.text.trim()}`))
    .join('\n');
}

/**
 * The least advanced status of the lead units (of the responsible units when there is no lead
 * unit). A task is finished only when every one of them says so: while some have not reported,
 * it is at most 正在推进.
 */
export function derivedStatus(task: TaskRef, statusOf: (unit: string) => string): string {
  const deciding = task.leadUnits.length > 0 ? task.leadUnits : task.units;
  const reported = deciding.map(statusOf).filter((s) => statusRank(s) >= 0);
  if (reported.length === 0) return '';
  const least = reported.reduce((a, b) => (statusRank(b) < statusRank(a) ? b : a));
  return reported.length < deciding.length && isFinished(least) ? '正在推进' : least;
}

/**
 * The task's follow-up cells: the office's own task-level values first, then the lead units'
 * reports (the responsible units' when there is no lead unit): the lead unit answers for the
 * task, and every unit's own report stays in the detail. The office's status, when set (已销号,
 * say), stands over the derived one.
 */
export function consolidateFollowUp(task: TaskRef, valueFor: (unit: string) => FollowUp, office: FollowUp): FollowUp {
  const units = task.leadUnits.length > 0 ? task.leadUnits : task.units;
  const entries = (field: FollowUpField) => [
    { unit: OFFICE, text: office[field] },
    ...units.map((unit) => ({ unit, text: valueFor(unit)[field] })),
  ];
  // The responsible units' own reports are in 进展明细: the cell says how many there are.
  const others = reportingUnits(task).filter((u) => !units.includes(u) && valueFor(u).progress.trim()).length;
  const progress = combineByUnit(entries('progress'));
  return {
    progress: others ? `${progress}${progress ? '\n' : ''}（另有${others}个单位报送，见进展明细）` : progress,
    status: office.status.trim() || derivedStatus(task, (unit) => valueFor(unit).status.trim()),
    remarks: combineByUnit(entries('remarks')),
  };
}
