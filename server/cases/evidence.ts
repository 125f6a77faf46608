/**
 * 佐证材料 in one ledger, as use cases: a unit or the office attaches a file to a task for the
 * round, readers list and fetch those they may see, the office archives a task's or a round's,
 * and files are removed (kept in the log, never erased). Who may do what: core/policy's ON_TASK.
 */
import ExcelJS from 'exceljs';
import { reportingUnits } from '../../core/consolidate.ts';
import { HEADER } from '../../core/fields.ts';
import type { TaskRef } from '../../core/merge.ts';
import { actorName, mayOnTask, readableReporters, type Actor } from '../../core/policy.ts';
import { LedgerError } from '../errors.ts';
import {
  archivePath,
  type ArchiveEntry,
  checkEvidence,
  EVIDENCE_LIMITS,
  megabytes,
  servedName,
} from '../formats/evidence-files.ts';
import type { Ledger } from './ledger.ts';
import type { EvidenceStore } from '../store/evidence-store.ts';
import type { EvidenceRow } from '../store/rows.ts';
import type { Store } from '../store/store.ts';

/** A file as the API lists it. */
const shown = (e: EvidenceRow) => ({
  id: e.id,
  unit: e.unit,
  round: e.round,
  name: e.name,
  size: e.size,
  type: e.type,
  uploadedBy: e.uploaded_by,
  uploadedAt: e.uploaded_at,
});

export type EvidenceItem = ReturnType<typeof shown>;

/** An archive to stream: its file name and its entries, each read when the archive reaches it. */
export interface Archive {
  name: string;
  entries: ArchiveEntry[];
}

const NO_FILE = '没有这个佐证材料。No such file.';

export class Evidence {
  constructor(
    private readonly ledger: Ledger,
    private readonly store: Store,
    private readonly files: EvidenceStore,
  ) {}

  /** The round evidence is filed under: the period of the round open now; '' between rounds, never a closed one. */
  private async round(): Promise<string> {
    return (await this.ledger.currentRound())?.period ?? '';
  }

  private async task(no: number): Promise<TaskRef> {
    const task = (await this.ledger.taskRefs()).find((t) => t.no === no);
    if (!task) throw new LedgerError('not-found', `没有序号为${no}的任务。No such task.`);
    return task;
  }

  /** The reporters whose files on a task this reader may see ('' is the office's own). */
  private readable(task: TaskRef, actor: Actor): Set<string> {
    return new Set(['', ...readableReporters(task, reportingUnits(task), actor)]);
  }

  /** A file this reader may see, with its task; not found otherwise, so that nobody learns what exists. */
  private async visible(id: number, actor: Actor): Promise<{ entry: EvidenceRow; task: TaskRef }> {
    const entry = (await this.store.evidence({ id }))[0];
    const task = entry && (await this.ledger.taskRefs()).find((t) => t.id === entry.task_id);
    if (!entry || !task || !mayOnTask('readEvidence', task, actor) || !this.readable(task, actor).has(entry.unit))
      throw new LedgerError('not-found', NO_FILE);
    return { entry, task };
  }

  /**
   * A file attached to a task for the round; the same file sent again is the one already there.
   * The bytes are kept before the row is written: a row never names a file the store lacks.
   */
  async attach(no: number, actor: Actor, upload: { name: string; bytes: Uint8Array }): Promise<EvidenceItem> {
    const task = await this.task(no);
    if (!mayOnTask('attachEvidence', task, actor))
      throw new LedgerError('forbidden', "只能为本单位的任务上传佐证材料。Only a task's units attach evidence to it.");
    const checked = checkEvidence(upload.name || '未命名文件', upload.bytes);
    const round = await this.round();
    const unit = actor.kind === 'unit' ? actor.unit : '';
    /** The file already attached, if this is a retry; refused when it would take the report over the limit. */
    const check = async () => {
      // Files removed but not yet purged still count: removing and attaching again frees nothing.
      const files = await this.store.evidenceKept(task.id, unit, round);
      const again = files.find((e) => e.sha256 === checked.sha256 && !e.removed_at);
      const total = files.reduce((sum, e) => sum + e.size, 0) + checked.bytes.length;
      if (!again && total > EVIDENCE_LIMITS.perReport) throw tooMuch(task.no, total);
      return again;
    };
    if (!(await check())) await this.files.put(checked.sha256, checked.bytes);
    return this.store.transaction(async () => {
      // The same file sent again (a retry on a slow network) is the one already attached.
      const attached = await check();
      if (attached) return shown(attached);
      const id = await this.store.addEvidence({
        taskId: task.id,
        unit,
        round,
        name: checked.name,
        size: checked.bytes.length,
        sha256: checked.sha256,
        type: checked.type,
        by: actorName(actor),
      });
      return shown((await this.store.evidence({ id }))[0]!);
    });
  }

  /** The files on a task this reader may see. */
  async ofTask(no: number, actor: Actor): Promise<EvidenceItem[]> {
    const task = await this.task(no);
    if (!mayOnTask('readEvidence', task, actor))
      throw new LedgerError('forbidden', '只能查看本单位任务的佐证材料。A unit sees only its own tasks.');
    const readable = this.readable(task, actor);
    return (await this.store.evidence({ taskId: task.id })).filter((e) => readable.has(e.unit)).map(shown);
  }

  /** Every file this reader may see in the ledger, with its task's 序号. */
  async all(actor: Actor): Promise<(EvidenceItem & { no: number })[]> {
    const visible = new Map(
      (await this.ledger.taskRefs())
        .filter((task) => mayOnTask('readEvidence', task, actor))
        .map((task) => [task.id, { no: task.no, readable: this.readable(task, actor) }]),
    );
    return (await this.store.evidence()).flatMap((e) => {
      const task = visible.get(e.task_id);
      return task?.readable.has(e.unit) ? [{ ...shown(e), no: task.no }] : [];
    });
  }

  /** One file's bytes, with the name and type it is served under. */
  async file(id: number, actor: Actor): Promise<{ name: string; type: string; bytes: Uint8Array<ArrayBuffer> }> {
    const { entry } = await this.visible(id, actor);
    const bytes = new Uint8Array(await this.files.get(entry.sha256));
    return { name: servedName(entry.name, bytes), type: entry.type, bytes };
  }

  /** Every file of a round (the latest round by default), a folder per task. */
  async roundArchive(which?: string): Promise<Archive> {
    const round = which ?? (await this.ledger.latestRound())?.period ?? '';
    const noOf = new Map((await this.ledger.taskRefs()).map((t) => [t.id, t.no]));
    return {
      name: `佐证材料-${round || '全部'}.zip`,
      entries: (await this.store.evidence())
        .filter((e) => e.round === round)
        .map((e) => this.entry(`任务${noOf.get(e.task_id)}`, e)),
    };
  }

  /** 一问题一档案: a task's change log and every file on it. */
  async taskArchive(no: number): Promise<Archive> {
    const task = await this.task(no);
    const history = await historySheet(this.store, task.id);
    return {
      name: `任务${task.no}-档案.zip`,
      entries: [
        async () => ({ path: `任务${task.no}-变更记录.xlsx`, bytes: history }),
        ...(await this.store.evidence({ taskId: task.id })).map((e) => this.entry('佐证材料', e)),
      ],
    };
  }

  /**
   * A file taken off its task: the office any, a unit its own while the round it was attached in
   * is open. The row stays, marked with who removed it and when.
   */
  async remove(id: number, actor: Actor): Promise<number> {
    const entry = (await this.store.evidence({ id }))[0];
    const task = entry && (await this.ledger.taskRefs()).find((t) => t.id === entry.task_id);
    if (!entry || !task || !mayOnTask('readEvidence', task, actor)) throw new LedgerError('not-found', NO_FILE);
    const own = actor.kind === 'unit' && entry.unit === actor.unit;
    if (!mayOnTask('removeAnyEvidence', task, actor) && !(own && mayOnTask('removeOwnEvidence', task, actor)))
      throw new LedgerError('forbidden', '只能删除本单位上传的佐证材料。A unit removes only its own files.');
    if (!mayOnTask('removeAnyEvidence', task, actor) && (await this.round()) !== entry.round)
      throw new LedgerError(
        'round-closed',
        `“${entry.name}”属于已经结束的${entry.round || '此前'}月报，单位不能再删除；如确需删除，请联系办公室。The round is over; ask the office.`,
      );
    await this.store.removeEvidence(entry.id, actorName(actor));
    return entry.id;
  }

  /**
   * Removed files past the retention, their bytes no longer kept: never one of a closed round, nor
   * one on a task whose 销号 was asked for after it was attached (the 销号 rests on it). Answers the
   * purged rows; whether their content may leave the store is the county's to say.
   */
  async purge(cutoff: string): Promise<EvidenceRow[]> {
    const closed = new Set((await this.ledger.rounds()).filter((r) => r.closedAt).map((r) => r.period));
    const closures = await this.store.closures.list();
    const purged = (await this.store.removedBefore(cutoff)).filter(
      (e) =>
        !(e.round && closed.has(e.round)) &&
        !closures.some((c) => c.task_id === e.task_id && c.requested_at >= e.uploaded_at),
    );
    for (const e of purged) await this.store.purgeEvidence(e.id);
    return purged;
  }

  /** Whether a file of this ledger not purged has this content. */
  keeps(sha256: string): Promise<boolean> {
    return this.store.keepsEvidence(sha256);
  }

  /** An evidence file in an archive, under its folder, its unit and a safe name; read when the archive gets to it. */
  private entry(folder: string, e: EvidenceRow): ArchiveEntry {
    return async () => {
      const bytes = await this.files.get(e.sha256);
      return { path: archivePath(folder, e.unit || '办公室', `${e.id}-${servedName(e.name, bytes)}`), bytes };
    };
  }
}

/** The refusal of a file that would take a unit's evidence on one task in one round over the limit. */
function tooMuch(no: number, total: number): LedgerError {
  return new LedgerError(
    'too-large',
    `本轮为序号${no}上传的佐证材料合计将达${megabytes(total)}，超过${megabytes(EVIDENCE_LIMITS.perReport)}：` +
      `请压缩后再上传，或请办公室调整上限。Evidence for one task and round is limited to ${megabytes(EVIDENCE_LIMITS.perReport)}.`,
  );
}

/** A task's change log as a sheet, for its archive. */
async function historySheet(store: Store, taskId: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('变更记录');
  sheet.addRow(['版本', '时间', '修改人', '单位', '字段', '原值', '新值']);
  for (const c of await store.changes({ taskId }))
    sheet.addRow([c.revision, c.at, c.actor, c.unit || '（任务本身）', HEADER[c.field], c.old, c.value]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
