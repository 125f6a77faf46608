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
import { type EvidenceStore, evidenceStore } from '../store/evidence-store.ts';
import { openSqliteLedger } from '../store/sqlite-schema.ts';
import { type Storage, storageFromSettings } from '../store/storage.ts';

export function dataDir(): string {
  return resolve(process.env.DATA_DIR ?? './data');
}

export interface Opened {
  county: County;
  /** What this start did: imported the demo, took over an older folder, or only opened. */
  event: 'seeded' | 'migrated' | 'opened' | 'empty';
}

export const DEMO_SOURCE = '内置演示方案（栾川县，2019年）';

export interface OpenOptions {
  /** Import the demo ledger into an empty county (LEDGER_SEED, on by default). */
  seed?: boolean;
  evidence?: EvidenceStore;
  /** The county's databases: as the settings say (DATABASE_URL, else SQLite in the folder) unless given. */
  storage?: Storage;
}

export async function openCounty(dir = dataDir(), options: OpenOptions = {}): Promise<Opened> {
  const { seed = process.env.LEDGER_SEED !== 'off', evidence = evidenceStore(dir) } = options;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const storage = options.storage ?? (await storageFromSettings(dir));
  return storage.firstStart(async (fresh) => {
    const county = await County.open(storage, evidence);
    if (!fresh) return { county, event: 'opened' };
    const demoRoster = JSON.parse(readFileSync(SEED_REGISTRY, 'utf8')) as RegistryData;
    if (storage.kind === 'sqlite' && existsSync(join(dir, 'ledger.sqlite'))) {
      await takeOver(county, dir, demoRoster);
      return { county, event: 'migrated' };
    }
    if (!seed) return { county, event: 'empty' };
    await county.setRegistry(demoRoster, { kind: 'import' }, 'roster-imported');
    const plan = parsePlan(readFileSync(SEED_PLAN, 'utf8'));
    await county.createLedger({ title: plan.title, tasks: plan.tasks, source: DEMO_SOURCE }, { kind: 'import' });
    return { county, event: 'seeded' };
  });
}

/** The single-ledger folder: its database becomes the first ledger, its tokens the county's. */
async function takeOver(county: County, dir: string, roster: RegistryData): Promise<void> {
  const legacy = join(dir, 'ledger.sqlite');
  const old = openSqliteLedger(legacy);
  const id = (await old.meta('ledger_id')) ?? 'legacy';
  const officeHash = await old.meta('office_token_hash');
  const units = await old.db.all('SELECT name, token_hash FROM units WHERE token_hash IS NOT NULL');
  const unitHashes = units.map((u) => ({ unit: String(u.name), hash: String(u.token_hash) }));
  await old.close();
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(legacy + suffix)) renameSync(legacy + suffix, join(dir, 'ledgers', `${id}.sqlite${suffix}`));
  }
  await county.setRegistry(roster, { kind: 'import' }, 'roster-imported');
  await county.adoptLedger(id, 'ledger.sqlite（旧版数据目录）');
  if (officeHash) await county.store.addToken({ hash: officeHash, kind: 'office', label: '服务设置', by: '迁移' });
  for (const u of unitHashes) await county.store.addToken({ hash: u.hash, kind: 'unit', unit: u.unit, by: '迁移' });
}
