/** Where the seeds live, and the registry loaded from them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRegistry, type Registry, type RegistryData } from '../core/registry.ts';

export const SEEDS_DIR = fileURLToPath(new URL('../seeds/', import.meta.url));
export const SEED_PLAN = `${SEEDS_DIR}luanchuan-2019-rectification-plan.txt`;
export const SEED_REGISTRY = `${SEEDS_DIR}registry.json`;

export function loadRegistry(path = SEED_REGISTRY): Registry {
  return createRegistry(JSON.parse(readFileSync(path, 'utf8')) as RegistryData);
}
