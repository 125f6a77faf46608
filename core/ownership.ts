/** Which units a task belongs to, with groups (各乡镇人民政府 …) expanded to their members. */
import type { TaskRef } from './merge.ts';
import type { Registry } from './registry.ts';
import type { Task } from './task.ts';

export function taskRef(task: Pick<Task, 'id' | 'no' | 'leadUnits' | 'units'>, registry: Registry): TaskRef {
  const expand = (text: string) => [...new Set(registry.splitUnits(text).flatMap((name) => registry.expand(name)))];
  const leadUnits = expand(task.leadUnits);
  const units = expand(task.units).filter((u) => !leadUnits.includes(u));
  return { id: task.id, no: task.no, leadUnits, units };
}
