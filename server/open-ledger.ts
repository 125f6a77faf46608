/** Opens the ledger in DATA_DIR, importing the seeded plan into an empty master on first use. */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ledger } from './ledger.ts';
import { loadRegistry, SEED_PLAN } from './seeds.ts';
import { Store } from './store/store.ts';

export function dataDir(): string {
  return resolve(process.env.DATA_DIR ?? './data');
}

export function openLedger(dir = dataDir()): { ledger: Ledger; seeded: boolean } {
  mkdirSync(dir, { recursive: true });
  const ledger = new Ledger(new Store(join(dir, 'ledger.sqlite')), loadRegistry());
  const seeded = ledger.seedFromPlan(readFileSync(SEED_PLAN, 'utf8'));
  return { ledger, seeded };
}
