/** The per-cell decision and the merge over random histories: no acknowledged value is lost. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryMaster } from '../../core/memory-master.ts';
import type { Actor, CellKey } from '../../core/merge.ts';
import { decideCell } from '../../core/three-way.ts';

const value = fc.constantFrom('', 'a', 'b', 'c', 'd');

describe('the per-cell decision', () => {
  it('never lets a value the submitter did not change replace what the master holds', () => {
    fc.assert(
      fc.property(value, value, fc.boolean(), (base, current, alreadySent) => {
        expect(decideCell({ base, current, incoming: base, alreadySent })).toBe('unchanged');
      }),
    );
  });

  it('applies only over the value the submitter started from', () => {
    fc.assert(
      fc.property(value, value, value, fc.boolean(), (base, current, incoming, alreadySent) => {
        const decision = decideCell({ base, current, incoming, alreadySent });
        if (decision === 'apply') expect(current).toBe(base);
        if (decision === 'conflict') expect(new Set([base, current, incoming]).size).toBe(3);
      }),
    );
  });

  it('keeps every real disagreement: a changed value is applied, kept as a conflict, or known to be a resend', () => {
    fc.assert(
      fc.property(value, value, value, fc.boolean(), (base, current, incoming, alreadySent) => {
        const decision = decideCell({ base, current, incoming, alreadySent });
        if (incoming !== base && incoming !== current)
          expect(decision === 'superseded' ? alreadySent : ['apply', 'conflict'].includes(decision)).toBe(true);
      }),
    );
  });
});

const UNITS = ['甲', '乙', '丙'];
const TASKS = ['1', '2'];
const FIELDS = ['progress', 'status'] as const;
const statusOf: Record<string, string> = { '': '', a: '未启动', b: '正在推进', c: '已完成', d: '持续推进' };

const step = fc.record({
  who: fc.constantFrom(...UNITS, '办公室'),
  owner: fc.constantFrom(...UNITS),
  task: fc.constantFrom(...TASKS),
  field: fc.constantFrom(...FIELDS),
  value,
  lag: fc.nat(4),
  copy: fc.constantFrom(undefined, 'x', 'y'),
});

describe('the merge over any order of submissions from several units and the office', () => {
  it('replaces a value only for a submitter who saw it, and drops nothing silently', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const master = new MemoryMaster();
        for (const [i, id] of TASKS.entries())
          master.addTask({ id, no: i + 1, leadUnits: [UNITS[0]!], units: UNITS.slice(1) });
        master.set(
          TASKS.map((id, i) => ({ taskId: id, unit: '', field: 'no' as const, value: String(i + 1) })),
          '导入',
        );
        for (const s of steps) {
          const actor: Actor = s.who === '办公室' ? { kind: 'office' } : { kind: 'unit', unit: s.who };
          const unit = s.who === '办公室' ? s.owner : s.who;
          const text = s.field === 'status' ? statusOf[s.value]! : s.value;
          const baseRevision = Math.max(1, master.revision - s.lag);
          const key: CellKey = { taskId: s.task, unit, field: s.field };
          const current = master.current(key)?.value ?? '';
          const mine = s.copy ? master.fromCopy(key, `${s.who}-${s.copy}`) : undefined;
          const base = (mine && mine.revision > baseRevision ? mine : master.at(key, baseRevision))?.value ?? '';
          const result = master.submit({
            actor,
            baseRevision,
            rows: [{ taskId: s.task, ...(actor.kind === 'office' ? { unit } : {}), values: { [s.field]: text } }],
            ...(s.copy ? { copy: `${s.who}-${s.copy}` } : {}),
          });
          for (const applied of result.applied) expect(applied.old).toBe(base);
          if (text !== current && text !== base) {
            expect(result.applied.length + result.conflicts.length + result.rejected.length).toBe(1);
          } else {
            expect(result.applied).toEqual([]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
