/** The workbooks the service hands out: a unit's own sheet, the office's consolidated master, and a closed round's. */
import { colourOf } from '../../core/colour.ts';
import type { FollowUp } from '../../core/consolidate.ts';
import { actorName, type Actor, OFFICE, permits } from '../../core/policy.ts';
import { LedgerError } from '../errors.ts';
import type { Task } from '../../core/task.ts';
import { everyUnitsProgress, plainTask, type Ledger, type LedgerState, type TaskView } from './ledger.ts';
import { addMasterSheets, type MasterSummary } from '../formats/workbook/master-sheets.ts';
import { addScoreSheet } from '../formats/workbook/score-sheet.ts';
import { addSupervisionSheets } from '../formats/workbook/supervision-sheets.ts';
import { ledgerWorkbookBuffer } from '../formats/workbook/write.ts';
import type { Scoring } from './scoring.ts';
import type { SupervisionDesk } from './supervision.ts';

export async function unitSheet(ledger: Ledger, unit: string, today: string): Promise<Buffer> {
  const reporter = await ledger.lastReporter(unit);
  const reportingDeadline = await ledger.reportingDeadline();
  return ledgerWorkbookBuffer(await ledger.unitTasks(unit), {
    ...(reporter ? { reporter } : {}),
    title: ledger.title,
    today,
    ledgerId: ledger.ledgerId,
    revision: await ledger.revision(),
    unit,
    ...(reportingDeadline ? { reportingDeadline } : {}),
  });
}

/**
 * A unit's sheet as a download: the office may fetch any unit's, a unit only its own; a unit
 * fetching it counts as its download of the round.
 */
export async function downloadSheet(
  ledger: Ledger,
  written: string,
  actor: Actor,
  today: string,
): Promise<{ name: string; ascii: string; bytes: Buffer }> {
  const unit = await ledger.unitNamed(written);
  if (!unit) throw new LedgerError('not-found', `没有名为“${written}”的单位。No such unit.`);
  const own = actor.kind === 'unit' && actor.unit === unit;
  if (!own && !permits('fetchAnySheet', actor))
    throw new LedgerError('forbidden', `${actorName(actor)}只能下载本单位的报表。A unit may fetch only its own sheet.`);
  const bytes = await unitSheet(ledger, unit, today);
  if (own) await ledger.recordDownload(unit);
  const revision = await ledger.revision();
  return {
    name: `${unit}-整改台账-第${revision}版.xlsx`,
    ascii: `ledger-unit-sheet-${today}-r${revision}.xlsx`,
    bytes,
  };
}

/** What the workbook adds beside the ledger when the service has them: 预警 and 督办, and the round's 评分. */
export interface WorkbookDesks {
  supervision: SupervisionDesk;
  scoring: Scoring;
}

/** The consolidated workbook now, judged on `today`. */
export async function masterWorkbook(ledger: Ledger, today: string, desks?: WorkbookDesks): Promise<Buffer> {
  return workbookOf(ledger, await ledger.state(today), desks);
}

/** A closed round's consolidated workbook, from what the round kept: the same content whenever it is asked for. */
export function roundWorkbook(ledger: Ledger, snapshot: LedgerState, desks?: WorkbookDesks): Promise<Buffer> {
  return workbookOf(ledger, snapshot, desks, snapshot.round?.id);
}

/** The table as the master shows it: each task's fields, with whether it went unreported this round. */
const masterTask = (view: TaskView): Task & { unreported?: boolean } =>
  view.unreported ? { ...plainTask(view), unreported: true } : plainTask(view);

type Detail = MasterSummary['details'][number];
const detail = (no: number, unit: string, role: Detail['role'], values: FollowUp): Detail => ({
  no,
  unit,
  role,
  progress: values.progress,
  status: values.status,
  remarks: values.remarks,
});

async function workbookOf(ledger: Ledger, state: LedgerState, desks?: WorkbookDesks, copy?: string): Promise<Buffer> {
  const changes = await ledger.roundChanges(state.revision, state.round);
  const supervision = desks && (await desks.supervision.summaryOf(ledger, state));
  const scores = desks && (await desks.scoring.scoresOf(ledger, state));
  const noOf = new Map(state.views.map((v) => [v.id, v.no]));
  const summary: MasterSummary = {
    judgedOn: state.judgedOn,
    round: state.round,
    tasks: state.views.map((v) => ({
      no: v.no,
      status: v.status,
      overdue: colourOf(v, state.judgedOn).colour === 'overdue',
      leads: v.leadUnitNames.map((unit) => ({
        unit,
        status: v.office?.status.trim() || (v.byUnit[unit]?.status.trim() ?? ''),
      })),
    })),
    units: state.units,
    // Fields named rather than spread: tens of thousands of rows, and V8 copies a spread slowly.
    details: state.views.flatMap((v) => [
      detail(v.no, OFFICE, '办公室', v.office),
      ...Object.entries(v.byUnit).map(([unit, values]) =>
        detail(v.no, unit, v.leadUnitNames.includes(unit) ? '牵头' : '责任', values),
      ),
    ]),
    conflicts: state.conflicts,
    changes: changes.map((c) => ({
      revision: c.revision,
      at: c.at,
      actor: c.actor,
      no: noOf.get(c.taskId) ?? 0,
      unit: c.unit,
      field: c.field,
      old: c.old,
      value: c.value,
    })),
    comparison: state.previous
      ? {
          period: state.previous.period,
          rows: state.views.map((v) => ({
            no: v.no,
            before: state.previous!.progress[v.id] ?? '',
            now: everyUnitsProgress(v),
          })),
        }
      : null,
  };
  return ledgerWorkbookBuffer(state.views.map(masterTask), {
    title: state.title,
    today: state.judgedOn,
    ledgerId: state.ledgerId,
    revision: state.revision,
    ...(copy ? { copy } : {}),
    addSheets: (workbook) => {
      addMasterSheets(workbook, summary);
      if (supervision) addSupervisionSheets(workbook, supervision, state.judgedOn);
      if (scores) addScoreSheet(workbook, scores);
    },
  });
}
