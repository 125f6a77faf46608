/**
 * Forty units and the office, 2,000 submissions in a random order: JSON and workbooks, stale
 * bases, old copies sent again, header spellings and row orders as clerks leave them, and the
 * office settling conflicts. Afterwards every acknowledged value is in the master, replaced by
 * a later change, or in a recorded conflict; and replaying the same requests into a fresh
 * service gives the same master.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { createRegistry } from '../../core/registry.ts';
import { STATUSES } from '../../core/status.ts';
import { answerOf, type SubmissionRequest } from '../../server/http/client.ts';
import { testService } from '../helpers/service.ts';
import { bytesOf, UNIT_COLUMN, unitWorkbook, uploadAs } from '../helpers/sheets.ts';

const UNITS = Array.from({ length: 40 }, (_, i) => `县第${String(i + 1).padStart(2, '0')}局`);
const TASK_COUNT = 40; // each unit leads one
const registry = createRegistry({
  county: '测试县',
  units: UNITS.map((name) => ({ name, kind: 'government' })),
  groups: [],
  leaders: [{ name: '张三' }],
});

/** A plan of our own, in the shape plans are written. */
function plan(): string {
  const tasks = Array.from({ length: TASK_COUNT }, (_, t) => {
    const lead = UNITS[t % 40]!;
    const others = [UNITS[(t * 7 + 1) % 40]!, UNITS[(t * 11 + 3) % 40]!].filter((u) => u !== lead);
    return [
      `${t + 1}.测试问题${t + 1}：某项工作推进不到位，群众反映强烈。`,
      `整改目标：第${t + 1}项问题整改到位。`,
      '整改措施：（1）制定方案；（2）按期完成。',
      '责任领导：张三',
      `牵头单位：${lead}`,
      `责任单位：${others.join('、')}`,
      '责 任 人：各单位主要负责人',
      '整改时限：2019年12月底前',
    ].join('\n');
  });
  return ['附件', '测试县整改任务清单及责任分工', ...tasks].join('\n');
}

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}

type Request =
  | { kind: 'json'; who: string; body: SubmissionRequest }
  | { kind: 'xlsx'; who: string; bytes: Uint8Array }
  | { kind: 'settle'; id: number; value: string };

interface Sent {
  no: number;
  field: string;
  unit: string;
  value: string;
}

const PROGRESS = ['整改进展', '进展情况', '截至10月底整改进展', '整改落实情况'];
const STATUS = ['完成状态', '是否完成'];
const UNIT_STATUSES = STATUSES.filter((s) => s !== '已销号');
const HEADER_ROW = 5;

const services: Awaited<ReturnType<typeof testService>>[] = [];
afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
});

async function fresh(ledgerId?: string) {
  const s = await testService('2019-08-01', { plan: plan(), registry, ...(ledgerId ? { ledgerId } : {}) });
  services.push(s);
  return s;
}

/** The request as its sender makes it: the submission's answer, none for a settlement. */
async function send(s: Awaited<ReturnType<typeof fresh>>, request: Request) {
  if (request.kind === 'settle') {
    const settle = { param: { id: String(request.id) }, json: { value: request.value } };
    await answerOf(s.office.conflicts[':id'].resolve.$post(settle));
    return undefined;
  }
  if (request.kind === 'xlsx') return uploadAs(s, request.who, request.bytes);
  return s.submit(request.who === '办公室' ? 'office' : request.who, request.body);
}

/** A clerk's edits on a downloaded sheet: another header spelling, rows in another order, some cells filled. */
function editSheet(workbook: ExcelJS.Workbook, rnd: ReturnType<typeof random>, stamp: string): Sent[] {
  const sheet = workbook.getWorksheet('整改台账')!;
  sheet.getCell(HEADER_ROW, UNIT_COLUMN.progress).value = rnd.pick(PROGRESS);
  sheet.getCell(HEADER_ROW, UNIT_COLUMN.status).value = rnd.pick(STATUS);
  const rows: ExcelJS.CellValue[][] = [];
  for (let r = HEADER_ROW + 1; r <= sheet.rowCount; r++)
    rows.push((sheet.getRow(r).values as ExcelJS.CellValue[]).slice(1));
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const sent: Sent[] = [];
  rows.forEach((values, i) => {
    const row = sheet.getRow(HEADER_ROW + 1 + i);
    for (const [c, v] of values.entries()) row.getCell(c + 1).value = v ?? null;
    if (rnd.chance(0.5)) {
      const text = `${stamp}-第${values[0]}项`;
      row.getCell(UNIT_COLUMN.progress).value = text;
      sent.push({ no: Number(values[0]), field: 'progress', unit: '', value: text });
    }
    if (rnd.chance(0.3)) {
      const status = rnd.pick(UNIT_STATUSES);
      row.getCell(UNIT_COLUMN.status).value = status;
      sent.push({ no: Number(values[0]), field: 'status', unit: '', value: status });
    }
  });
  return sent;
}

describe('a random month of reporting', () => {
  it('keeps every acknowledged value, and replays to the same master', async () => {
    const seed = Number(process.env.MERGE_SEED ?? Date.now() % 1_000_000);
    const rnd = random(seed);
    const s = await fresh();
    const refs = await s.ledger.taskRefs();
    const tasksOf = new Map(
      UNITS.map((u) => [u, refs.filter((t) => t.leadUnits.includes(u) || t.units.includes(u)).map((t) => t.no)]),
    );
    const copies = new Map<string, { bytes: Uint8Array; sent: Sent[] }[]>();
    const bases = new Map<string, number[]>();
    const requests: Request[] = [];
    const applied: (Sent & { revision: number })[] = [];
    const conflicts: (Sent & { id: number })[] = [];

    for (let n = 0; n < 1200; n++) {
      const who = rnd.chance(0.05) ? '办公室' : rnd.pick(UNITS);
      const unitBases = bases.get(who) ?? [1];
      const revision = await s.ledger.revision();
      const baseRevision = rnd.chance(0.6) ? revision : rnd.pick(unitBases);
      bases.set(who, [...unitBases, revision].slice(-5));
      let request: Request;
      let sent: Sent[];
      const open = rnd.chance(0.03) ? await s.stored().conflicts({ open: true }) : [];
      if (open.length > 0) {
        const c = rnd.pick(open);
        request = { kind: 'settle', id: c.id, value: rnd.chance(0.5) ? c.incoming : c.master };
        sent = [];
      } else if (who !== '办公室' && rnd.chance(0.15)) {
        const own = copies.get(who) ?? [];
        const old = own.length > 0 && rnd.chance(0.3) ? rnd.pick(own) : undefined;
        if (old) {
          request = { kind: 'xlsx', who, bytes: old.bytes }; // an old file sent again
          sent = old.sent;
        } else {
          const workbook = await unitWorkbook(s, who);
          sent = editSheet(workbook, rnd, `文件${n}`).map((e) => ({ ...e, unit: who }));
          request = { kind: 'xlsx', who, bytes: await bytesOf(workbook) };
          copies.set(who, [...own, { bytes: request.bytes, sent }]);
        }
      } else {
        const owner = who === '办公室' ? rnd.pick(UNITS) : who;
        const nos = tasksOf.get(owner)!;
        const rows = nos
          .filter(() => rnd.chance(0.5))
          .slice(0, 3)
          .map((no) => {
            const row: Record<string, string | number> = { no };
            if (who === '办公室') row.unit = owner;
            row.progress = rnd.chance(0.2) ? `重发-${no}` : `第${n}次-${no}`;
            if (rnd.chance(0.3)) row.status = rnd.pick(UNIT_STATUSES);
            return row;
          });
        sent = rows.flatMap((r) =>
          ['progress', 'status']
            .filter((f) => r[f] !== undefined)
            .map((f) => ({ no: Number(r.no), field: f, unit: owner, value: String(r[f]) })),
        );
        request = {
          kind: 'json',
          who,
          body: { baseRevision, rows, ...(rnd.chance(0.5) ? { copy: `${who}-页面${n % 3}` } : {}) },
        };
      }
      const body = await send(s, request).catch((error: Error) => {
        throw new Error(`seed ${seed}, request ${n}: ${error.message}`);
      });
      requests.push(request);
      if (!body) continue;
      const valueFor = (no: number, field: string) => sent.find((e) => e.no === no && e.field === field)?.value;
      for (const a of body.applied)
        applied.push({
          no: a.no,
          field: a.field,
          unit: a.unit,
          value: valueFor(a.no, a.field)!,
          revision: body.revision,
        });
      for (const c of body.conflicts)
        conflicts.push({ no: c.no, field: c.field, unit: c.unit, value: c.incoming, id: c.id });
    }

    // Every acknowledged value: still in the master, replaced by a later change, or kept in a conflict.
    const idOf = new Map(refs.map((t) => [t.no, t.id]));
    const cells = await s.stored().cellsNow();
    const changes = await s.stored().changes();
    for (const a of applied) {
      const key = `${idOf.get(a.no)}|${a.unit}|${a.field}`;
      const later = changes.some((c) => `${c.taskId}|${c.unit}|${c.field}` === key && c.revision > a.revision);
      expect(cells.get(key) === a.value || later, `seed ${seed}: ${key} = ${a.value}`).toBe(true);
    }
    const stored = new Map((await s.stored().conflicts()).map((c) => [c.id, c]));
    for (const c of conflicts) expect(stored.get(c.id)?.incoming, `seed ${seed}: conflict ${c.id}`).toBe(c.value);
    const uploads = requests.filter((r) => r.kind === 'xlsx').length;
    console.log(
      `seed ${seed}: ${requests.length} requests (${uploads} workbooks), ${applied.length} cells applied, ${conflicts.length} conflicts`,
    );
    expect(applied.length).toBeGreaterThan(500);
    expect(conflicts.length).toBeGreaterThan(10);

    // The same requests, replayed into a fresh service of the same ledger, make the same master.
    const again = await fresh(s.ledger.ledgerId);
    for (const request of requests) await send(again, request);
    expect(await again.stored().cellsNow()).toEqual(cells);
    const decided = (list: typeof stored) => [...list.values()].map((c) => [c.id, c.incoming, c.resolvedValue]);
    expect(decided(new Map((await again.stored().conflicts()).map((c) => [c.id, c])))).toEqual(decided(stored));
  }, 600_000);
});
