/**
 * What comes in turned into a Submission for the one write path: JSON rows from the add-in, the
 * unit page or a script, or a workbook a clerk uploads. Everything a clerk may have done to a
 * sheet is checked here, before the merge: whose sheet it is, which ledger, which base.
 */
import { FIELDS, HEADER, type Field } from '../../core/fields.ts';

const isField = (key: string): key is Field => (FIELDS as readonly string[]).includes(key);
import { hasXmlForbidden, LIMITS, xmlSafe } from '../../core/limits.ts';
import type { Actor, IncomingRow, Submission } from '../../core/merge.ts';
import { actorName, permits } from '../../core/policy.ts';
import { sheetRows } from '../../core/sheet-rows.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from './ledger.ts';
import type { LedgerWorkbook } from '../formats/workbook/read.ts';

export interface Input {
  submission: Submission;
  warnings: string[];
  source: 'json' | 'xlsx' | 'office-entered';
  /** The name the change log gives the writer, when not the submitter's own: 县水利局（办公室代填）. */
  loggedAs?: string;
}

export interface JsonRow {
  no?: number | string;
  id?: string;
  unit?: string;
  values: Partial<Record<Field, string>>;
}

/** Text with the characters a workbook cannot hold taken out, and a warning naming where. */
function cleaned(rows: IncomingRow[], warnings: string[]): IncomingRow[] {
  return rows.map((row) => {
    const values: Partial<Record<Field, string>> = {};
    for (const [field, text] of Object.entries(row.values) as [Field, string][]) {
      if (hasXmlForbidden(text)) {
        warnings.push(
          `${row.row !== undefined ? `第${row.row}行` : `序号${row.no ?? row.taskId}`}的${HEADER[field]}含有工作簿无法保存的控制字符，已删去。` +
            `Characters a workbook cannot hold were removed.`,
        );
      }
      values[field] = xmlSafe(text);
    }
    return { ...row, values };
  });
}

/** The unit a row names, for the office; a unit may name only itself. */
function unitOf(named: (name: string) => string | undefined, actor: Actor, written: string): string {
  const unit = named(written);
  if (!unit)
    throw new LedgerError(
      'unknown-unit',
      `单位“${written.slice(0, LIMITS.unitName)}”不在本台账的单位名册中。Unknown unit.`,
    );
  if (actor.kind === 'unit' && unit !== actor.unit)
    throw new LedgerError('forbidden', `${actor.unit}只能提交本单位的填报内容。A unit submits only its own values.`);
  return unit;
}

/** Rows as JSON sends them: the task (`no` or `id`), whose (`unit`), and fields by name. */
export type RawRow = Record<string, unknown>;

/** The rows' known fields, and the keys that are not ledger fields (said back as warnings). */
export function rowsOf(raw: RawRow[]): { rows: JsonRow[]; unknown: string[] } {
  const unknown = new Set<string>();
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const rows = raw.map((row): JsonRow => {
    const values: Partial<Record<Field, string>> = {};
    for (const [key, value] of Object.entries(row)) {
      if (!KNOWN_ROW_KEYS.has(key)) unknown.add(key);
      else if (isField(key) && key !== 'no' && typeof value === 'string') values[key] = value;
    }
    const no = typeof row.no === 'number' || typeof row.no === 'string' ? row.no : undefined;
    const id = text(row.id);
    const unit = text(row.unit);
    return {
      ...(no === undefined ? {} : { no }),
      ...(id === undefined ? {} : { id }),
      ...(unit ? { unit } : {}),
      values,
    };
  });
  return { rows, unknown: [...unknown] };
}

/** A submission sent as JSON: its rows read (rowsOf), then as the office or the unit sent them. */
export function fromJson(
  ledger: Ledger,
  actor: Actor,
  body: {
    baseRevision: number;
    copy?: string;
    rows: RawRow[];
    reporter?: { name: string; phone: string };
    onBehalfOf?: string;
  },
): Promise<Input> {
  const { rows, unknown } = rowsOf(body.rows);
  if (body.onBehalfOf !== undefined)
    return enteredForUnit(ledger, actor, { ...body, rows, onBehalfOf: body.onBehalfOf });
  return fromRows(ledger, actor, { ...body, rows }, unknown);
}

async function fromRows(
  ledger: Ledger,
  actor: Actor,
  body: { baseRevision: number; copy?: string; rows: JsonRow[]; reporter?: { name: string; phone: string } },
  unknownKeys: string[],
): Promise<Input> {
  const named = await ledger.unitNames();
  const warnings = unknownKeys.map((key) => `“${key}”不是台账字段，已忽略。Unknown field "${key}" ignored.`);
  const given = body.rows;
  const rows = given.map((raw, i): IncomingRow => {
    const no = typeof raw.no === 'number' ? raw.no : raw.no !== undefined ? Number(raw.no) : undefined;
    if (raw.id === undefined && (no === undefined || !Number.isInteger(no))) {
      throw new LedgerError('bad-request', `rows[${i}] 缺少序号 no 或任务标识 id。rows[${i}] needs "no" or "id".`);
    }
    const values = { ...raw.values };
    if (raw.id !== undefined && no !== undefined) values.no = String(no);
    return {
      ...(raw.id === undefined ? {} : { taskId: raw.id }),
      ...(no === undefined ? {} : { no }),
      ...(raw.unit ? { unit: unitOf(named, actor, raw.unit) } : {}),
      values,
    };
  });
  const submission: Submission = {
    actor,
    baseRevision: body.baseRevision,
    rows: cleaned(rows, warnings),
    ...(body.copy ? { copy: body.copy } : {}),
    ...(body.reporter && (body.reporter.name || body.reporter.phone)
      ? { reporter: { name: xmlSafe(body.reporter.name), phone: xmlSafe(body.reporter.phone) } }
      : {}),
  };
  return { submission, warnings, source: 'json' };
}

/**
 * 办公室代填: a unit's words phoned in, entered by the office. They are the unit's report (its
 * rules, its round), kept as entered by the office: in the change log and as the 填报人.
 */
async function enteredForUnit(
  ledger: Ledger,
  actor: Actor,
  body: { baseRevision: number; rows: JsonRow[]; reporter?: { name: string; phone: string }; onBehalfOf: string },
): Promise<Input> {
  if (!permits('enterForUnit', actor))
    throw new LedgerError('forbidden', '只有办公室可以代单位填报。Only the office enters on behalf of a unit.');
  const unit = unitOf(await ledger.unitNames(), actor, body.onBehalfOf);
  const office = `${actorName(actor)}代填`;
  const caller = xmlSafe(body.reporter?.name ?? '').trim();
  const input = await fromRows(
    ledger,
    { kind: 'unit', unit },
    {
      baseRevision: body.baseRevision,
      rows: body.rows.map(({ unit: _whose, ...row }) => row),
      reporter: { name: caller ? `${caller}（${office}）` : office, phone: body.reporter?.phone ?? '' },
    },
    [],
  );
  return { ...input, source: 'office-entered', loggedAs: `${unit}（${office}）` };
}

export async function fromWorkbook(
  ledger: Ledger,
  actor: Actor,
  workbook: LedgerWorkbook,
  form: { unit?: string; baseRevision?: number },
): Promise<Input> {
  const { stamp, table } = workbook;
  if (stamp && stamp.ledgerId !== ledger.ledgerId) {
    throw new LedgerError(
      'other-ledger',
      '这个工作簿来自另一本台账，不能提交到本台账。The workbook belongs to another ledger.',
    );
  }
  if (stamp?.kind === 'master' && actor.kind === 'unit') {
    throw new LedgerError(
      'unit-sheet-required',
      `这是办公室的汇总表，不能作为${actor.unit}的报表提交：请下载本单位报表（${actor.unit}的整改台账），在其中填写后再提交。This is the consolidated master: download your own sheet.`,
    );
  }
  const written = stamp?.unit || form.unit;
  const owner = written ? unitOf(await ledger.unitNames(), { kind: 'office' }, written) : undefined;
  if (actor.kind === 'unit' && owner && owner !== actor.unit) {
    throw new LedgerError('forbidden', `这是${owner}的报表，${actor.unit}不能提交。The sheet belongs to another unit.`);
  }
  const { rows, warnings } = sheetRows(table, stamp);
  if (rows.length > LIMITS.rows) {
    throw new LedgerError(
      'too-many-rows',
      `一次最多提交${LIMITS.rows}行，这个工作簿有${rows.length}行。At most ${LIMITS.rows} rows per submission.`,
    );
  }
  warnings.unshift(...workbook.notes);

  let baseRevision = stamp?.revision;
  if (baseRevision === undefined || !Number.isInteger(baseRevision)) {
    baseRevision = form.baseRevision ?? IMPORT_REVISION;
    warnings.push(
      form.baseRevision === undefined
        ? `工作簿没有台账版本标识（隐藏的“_ledger”工作表被删除或不是从本服务下载的），按导入时的第${IMPORT_REVISION}版合并：此后他人修改过的单元格都作为冲突交办公室裁定，不会覆盖。` +
            `The workbook has no stamp; merged against the import, so later changes by others become conflicts.`
        : `工作簿没有台账版本标识，按提交时给出的第${baseRevision}版合并。The workbook has no stamp; merged against the given base revision.`,
    );
  }
  const forOffice = actor.kind !== 'unit' && owner && stamp?.kind !== 'master';
  const submission: Submission = {
    actor,
    baseRevision,
    rows: cleaned(forOffice ? rows.map((r) => ({ ...r, unit: owner })) : rows, warnings),
    wholeSheet: actor.kind === 'unit',
    ...(stamp?.copy ? { copy: stamp.copy, savedAt: workbook.savedAt } : {}),
    ...(table.reporter || table.phone
      ? { reporter: { name: xmlSafe(table.reporter), phone: xmlSafe(table.phone) } }
      : {}),
  };
  return { submission, warnings, source: 'xlsx' };
}

/** The revision the plan's import made: the oldest base any sheet can have. */
export const IMPORT_REVISION = 1;

export const KNOWN_ROW_KEYS = new Set<string>([...FIELDS, 'id', 'unit']);
