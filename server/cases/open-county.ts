/**
 * Opens the county in DATA_DIR. On a first start with an empty folder the bundled plan is
 * imported as a demo ledger, with its county's roster (LEDGER_SEED=off starts empty). A folder
 * from the single-ledger layout (ledger.sqlite) is taken over as the county's first ledger.
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePlan } from '../../core/plan.ts';
import type { RegistryData } from '../../core/registry.ts';
import { County } from './county.ts';
import { SEED_PLAN, SEED_REGISTRY } from '../seeds.ts';
import { CountyStore } from '../store/county-store.ts';
import { type EvidenceStore, evidenceStore } from '../store/evidence-store.ts';
import { Store } from '../store/store.ts';

export function dataDir(): string {
  return resolve(process.env.DATA_DIR ?? './data');
}

export interface Opened {
  county: County;
  /** What this start did: imported the demo, took over an older folder, or only opened. */
  event: 'seeded' | 'migrated' | 'opened' | 'empty';
}

export const DEMO_SOURCE = '内置演示方案（栾川县，2019年）';

export function openCounty(
  dir = dataDir(),
  seed = process.env.LEDGER_SEED !== 'off',
  evidence: EvidenceStore = evidenceStore(dir),
): Opened {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fresh = !existsSync(join(dir, 'county.sqlite'));
  const county = new County(dir, new CountyStore(join(dir, 'county.sqlite')), evidence);
  if (!fresh) return { county, event: 'opened' };
  const demoRoster = JSON.parse(readFileSync(SEED_REGISTRY, 'utf8')) as RegistryData;
  if (existsSync(join(dir, 'ledger.sqlite'))) {
    takeOver(county, dir, demoRoster);
    return { county, event: 'migrated' };
  }
  if (!seed) return { county, event: 'empty' };
  county.setRegistry(demoRoster, { kind: 'import' }, 'roster-imported');
  const plan = parsePlan(readFileSync(SEED_PLAN, 'utf8'));
  county.createLedger({ title: plan.title, tasks: plan.tasks, source: DEMO_SOURCE }, { kind: 'import' });
  return { county, event: 'seeded' };
}

/** The single-ledger folder: its database becomes the first ledger, its tokens the county's. */
function takeOver(county: County, dir: string, roster: RegistryData): void {
  const legacy = join(dir, 'ledger.sqlite');
  const old = new Store(legacy);
  const id = old.meta('ledger_id') ?? 'legacy';
  const officeHash = old.meta('office_token_hash');
  const unitHashes = old.units().flatMap((u) => (u.token_hash ? [{ unit: u.name, hash: u.token_hash }] : []));
  old.db.pragma('wal_checkpoint(TRUNCATE)');
  old.close();
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(legacy + suffix)) renameSync(legacy + suffix, join(dir, 'ledgers', `${id}.sqlite${suffix}`));
  }
  county.setRegistry(roster, { kind: 'import' }, 'roster-imported');
  county.adoptLedger(id, 'ledger.sqlite（旧版数据目录）');
  if (officeHash) county.store.addToken({ hash: officeHash, kind: 'office', label: '服务设置', by: '迁移' });
  for (const u of unitHashes) county.store.addToken({ hash: u.hash, kind: 'unit', unit: u.unit, by: '迁移' });
}
