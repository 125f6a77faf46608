/**
 * Random months of one unit's files: 2–3 downloads (copies), files saved from each other,
 * office corrections in between, files sent in any order and again. Held against both
 * implementations of the master: the in-memory one and the service's SQLite one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryMaster } from '../../core/memory-master.ts';
import type { CellKey, MergeResult, Submission } from '../../core/merge.ts';
import { taskRef } from '../../core/ownership.ts';
import { parsePlan } from '../../core/plan.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderEvidence } from '../../server/store/evidence-folder.ts';
import { Ledger } from '../../server/cases/ledger.ts';
import { openSqliteLedger } from '../../server/store/sqlite-schema.ts';
import { seedPlanText, seedRegistry } from '../helpers/seed.ts';

const UNIT = '县水利局';
const TASKS = [7, 8, 10];
const FIELDS = ['progress', 'remarks'] as const;
const WORDS = ['', '甲', '乙', '丙', '丁'];
const registry = seedRegistry();
const plan = parsePlan(seedPlanText());

/** One of the two masters, driven the same way. */
interface Master {
  revision(): number | Promise<number>;
  value(key: CellKey): string | Promise<string>;
  submit(submission: Submission): MergeResult | Promise<MergeResult>;
}

function memoryMaster(): Master {
  const master = new MemoryMaster();
  for (const t of plan.tasks) master.addTask(taskRef(t, registry));
  master.set(
    plan.tasks.map((t) => ({ taskId: t.id, unit: '', field: 'no' as const, value: String(t.no) })),
    '导入',
  );
  return {
    revision: () => master.revision,
    value: (key) => master.current(key)?.value ?? '',
    submit: (submission) => master.submit(submission),
  };
}

async function sqlMaster(): Promise<Master> {
  const store = openSqliteLedger(':memory:');
  const files = new FolderEvidence(join(tmpdir(), 'ledger-property-evidence'));
  const ledger = await Ledger.open('property', store, registry, files);
  await ledger.seed(plan);
  return {
    revision: () => ledger.revision(),
    value: async (key) => (await store.withMaster(await ledger.taskRefs(), (view) => view.current(key)))?.value ?? '',
    submit: async (submission) => (await ledger.write(submission, 'xlsx')).result,
  };
}

/** Every cell's value now, by cell. */
const valuesOf = async (master: Master) =>
  new Map(await Promise.all(CELLS.map(async (k) => [id(k), await master.value(k)] as const)));

const taskId = (no: number) => plan.tasks.find((t) => t.no === no)!.id;
const CELLS: CellKey[] = TASKS.flatMap((no) => FIELDS.map((field) => ({ taskId: taskId(no), unit: UNIT, field })));
const id = (k: CellKey) => `${k.taskId}|${k.field}`;

interface File {
  savedAt: string | null;
  cells: Map<string, string>;
}
interface Copy {
  id: string;
  base: number;
  files: File[];
  /** The files taken from this copy, in the order sent (a file recognised as older is not). */
  sent: File[];
}

const step = fc.oneof(
  fc.record({ kind: fc.constant('download' as const) }),
  fc.record({
    kind: fc.constant('save' as const),
    copy: fc.nat(),
    file: fc.nat(),
    edits: fc.array(fc.record({ cell: fc.nat(CELLS.length - 1), word: fc.constantFrom(...WORDS) }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({ kind: fc.constant('send' as const), copy: fc.nat(), file: fc.nat() }),
  fc.record({ kind: fc.constant('office' as const), cell: fc.nat(CELLS.length - 1), word: fc.constantFrom(...WORDS) }),
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const same = (a: File, b: File) => CELLS.every((k) => a.cells.get(id(k)) === b.cells.get(id(k)));

async function run(master: Master, steps: Step[]): Promise<void> {
  const copies: Copy[] = [];
  let clock = 0;
  let officeWrote = false;
  const pick = <T>(list: T[], n: number) => list[n % list.length];
  for (const s of steps) {
    if (s.kind === 'download') {
      const download = { savedAt: null, cells: await valuesOf(master) };
      copies.push({ id: `copy-${copies.length}`, base: await master.revision(), files: [download], sent: [] });
    } else if (s.kind === 'office') {
      const key = CELLS[s.cell]!;
      await master.submit({
        actor: { kind: 'office' },
        baseRevision: await master.revision(),
        rows: [{ taskId: key.taskId, unit: UNIT, values: { [key.field]: `办公室${s.word}` } }],
      });
      officeWrote = true;
    } else if (copies.length > 0) {
      const copy = pick(copies, s.copy)!;
      const file = pick(copy.files, s.file)!;
      if (s.kind === 'save') {
        const cells = new Map(file.cells);
        for (const e of s.edits) cells.set(id(CELLS[e.cell]!), e.word);
        clock += 60_000;
        copy.files.push({ savedAt: new Date(Date.UTC(2019, 8, 1) + clock).toISOString(), cells });
      } else {
        await send(master, copy, file, copies.length === 1 && !officeWrote);
      }
    }
  }
}

async function send(master: Master, copy: Copy, file: File, alone: boolean): Promise<void> {
  const before = await valuesOf(master);
  const result = await master.submit({
    actor: { kind: 'unit', unit: UNIT },
    baseRevision: copy.base,
    copy: copy.id,
    savedAt: file.savedAt,
    wholeSheet: true,
    rows: TASKS.map((no) => ({
      taskId: taskId(no),
      values: Object.fromEntries(
        FIELDS.map((field) => [field, file.cells.get(id({ taskId: taskId(no), unit: UNIT, field }))!]),
      ),
    })),
  });

  // Nothing silent: every cell that changed is in the answer, as it changed.
  const after = await valuesOf(master);
  for (const k of CELLS) {
    const applied = result.applied.find((a) => a.taskId === k.taskId && a.field === k.field);
    const now = after.get(id(k));
    if (applied) expect([applied.old, applied.value]).toEqual([before.get(id(k)), now]);
    else expect(now).toBe(before.get(id(k)));
  }

  // An older version changes nothing: saved before a file already taken, the untouched download,
  // or a file taken before and superseded since.
  const newestSaved = copy.sent.reduce<string | null>(
    (m, f) => (f.savedAt && (!m || f.savedAt > m) ? f.savedAt : m),
    null,
  );
  const last = copy.sent.at(-1);
  const sameAsOlder =
    last !== undefined && !same(file, last) && (same(file, copy.files[0]!) || copy.sent.some((f) => same(f, file)));
  const older =
    file.savedAt !== null && newestSaved !== null && file.savedAt !== newestSaved
      ? file.savedAt < newestSaved
      : sameAsOlder;
  if (older) expect(result.applied).toEqual([]);

  // No value the unit did not see is overwritten: only what this copy held, downloaded or sent.
  const seen = (k: CellKey) => new Set([copy.files[0]!, ...copy.sent].map((f) => f.cells.get(id(k))));
  for (const a of result.applied) expect(seen(a).has(a.old)).toBe(true);

  // One copy and no office corrections: the newest file's words are the master's, or the answer
  // says why not (a word an older file had, replaced since, is not taken back silently).
  const newest = copy.files.every((f) => f === file || (f.savedAt ?? '') < (file.savedAt ?? ''));
  if (alone && newest && file.savedAt !== null)
    for (const k of CELLS) {
      const told = [...result.rejected, ...result.conflicts].some(
        (r) => r.no === TASKS.find((no) => taskId(no) === k.taskId) && r.field === k.field,
      );
      if (!told) expect(after.get(id(k))).toBe(file.cells.get(id(k)));
    }

  if (!older) copy.sent.push(file);
}

describe.each([
  ['in memory', memoryMaster],
  ['in SQLite', sqlMaster],
])('versions of a copy, sent in any order (%s)', (_name, make) => {
  it('an older version changes nothing, nothing changes silently, nothing unseen is overwritten', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 24 }), async (steps) => run(await make(), steps)),
      { numRuns: 120 },
    );
  });
});
