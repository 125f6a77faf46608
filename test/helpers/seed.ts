import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRegistry, type RegistryData } from '../../core/registry.ts';

export const SEED_PLAN_PATH = fileURLToPath(
  new URL('../../seeds/luanchuan-2019-rectification-plan.txt', import.meta.url),
);
export const seedPlanText = () => readFileSync(SEED_PLAN_PATH, 'utf8');
export const seedRegistryData = (): RegistryData =>
  JSON.parse(readFileSync(new URL('../../seeds/registry.json', import.meta.url), 'utf8'));
export const seedRegistry = () => createRegistry(seedRegistryData());

/** The seed county's fourteen townships (12 towns and 2 rural townships), as its roster names them. */
export const SEED_TOWNSHIPS = seedRegistryData()
  .units.filter((u) => u.kind === 'township')
  .map((u) => u.name);
