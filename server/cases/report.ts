/**
 * What a round's 整改情况报告 says, gathered from the ledger as the round holds it (core/report.ts
 * words it): every task with each unit's words, every round's unit states up to it, the tasks
 * closed off in it, and the 批示, 督办单 and 约谈 recorded by its close.
 */
import { reportingUnits } from '../../core/consolidate.ts';
import { OFFICE } from '../../core/policy.ts';
import type { ReportInput } from '../../core/report.ts';
import type { Ledger, LedgerState } from './ledger.ts';
import type { SupervisionDesk } from './supervision.ts';

/** What the report says of a round: its tasks with every unit's words, every round's unit states up to it, the tasks closed in it. */
export async function reportInput(
  ledger: Ledger,
  state: LedgerState,
  office: string,
  desk: SupervisionDesk,
): Promise<ReportInput> {
  const { supervisions, instructions, interviews } = await desk.summaryOf(ledger, state);
  const round = state.round!;
  const before = (await ledger.rounds()).filter((r) => r.closedAt && r.openedAt < round.openedAt);
  const earlier = (await Promise.all(before.map((r) => ledger.closedRound(r.id)))).filter((x) => x !== undefined);
  const closedBy = round.closedAt ?? '9999';
  const open = state.conflicts.filter((c) => !c.resolvedAt);
  const disputed = new Set(open.filter((c) => c.field === 'progress').map((c) => `${c.taskId}\n${c.unit}`));
  const all = await ledger.closing.list({ kind: 'office' });
  return {
    title: state.title,
    period: round.period,
    deadline: round.deadline,
    judgedOn: state.judgedOn,
    tasks: state.views.map((v) => ({
      ...v,
      responsible: v.leadUnits.trim() || v.units.trim(),
      words: [
        { unit: OFFICE, progress: v.office?.progress ?? '', inConflict: false },
        ...reportingUnits({ ...v, leadUnits: v.leadUnitNames, units: v.responsibleUnitNames }).map((unit) => ({
          unit,
          progress: v.byUnit[unit]?.progress ?? '',
          inConflict: disputed.has(`${v.id}\n${unit}`),
        })),
      ].filter((w) => w.inConflict || w.progress.trim()),
    })),
    rounds: [...earlier, { period: round.period, units: state.units }].map(({ period, units }) => ({ period, units })),
    closedThisRound: all
      .filter((c) => c.state === '已销号' && c.decidedAt && c.decidedAt >= round.openedAt && c.decidedAt <= closedBy)
      .map((c) => c.no),
    awaitingClosure: all.filter((c) => c.state === '待审核').map((c) => c.no),
    openConflicts: open.map((c) => ({ no: c.no })),
    office,
    notices: supervisions,
    instructions,
    interviews,
  };
}
