/** The workbooks the service hands out: a unit's own sheet, and the office's consolidated master. */
import { colourOf } from '../core/colour.ts';
import { reportingUnits } from '../core/consolidate.ts';
import type { Ledger } from './ledger.ts';
import { addMasterSheets, type MasterSummary } from './workbook/master-sheets.ts';
import { ledgerWorkbookBuffer } from './workbook/write.ts';

export function unitSheet(ledger: Ledger, unit: string, today: string): Promise<Buffer> {
  return ledgerWorkbookBuffer(ledger.unitTasks(unit), {
    title: ledger.title,
    today,
    ledgerId: ledger.ledgerId,
    revision: ledger.revision,
    unit,
    ...(ledger.reportingDeadline ? { reportingDeadline: ledger.reportingDeadline } : {}),
  });
}

export function masterWorkbook(ledger: Ledger, today: string): Promise<Buffer> {
  const views = ledger.taskViews({ kind: 'office' });
  const noOf = new Map(views.map((v) => [v.id, v.no]));
  const refs = new Map(ledger.taskRefs().map((r) => [r.id, r]));
  const summary: MasterSummary = {
    judgedOn: today,
    tasks: views.map((v) => ({
      no: v.no,
      status: v.status,
      overdue: colourOf(v, today).colour === 'overdue',
      leadUnits: v.leadUnitNames,
    })),
    units: ledger.unitStatuses(today),
    details: views.flatMap((v) =>
      reportingUnits(refs.get(v.id)!).map((unit) => ({
        no: v.no,
        unit,
        role: v.leadUnitNames.includes(unit) ? ('牵头' as const) : ('责任' as const),
        ...v.byUnit[unit],
      })),
    ),
    conflicts: ledger.store.conflicts(),
    changes: ledger.store.changes().map((c) => ({ ...c, no: noOf.get(c.taskId) ?? 0 })),
  };
  return ledgerWorkbookBuffer(ledger.masterTasks(), {
    title: ledger.title,
    today,
    ledgerId: ledger.ledgerId,
    revision: ledger.revision,
    addSheets: (workbook) => addMasterSheets(workbook, summary),
  });
}
