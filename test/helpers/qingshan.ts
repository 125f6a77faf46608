/** A second county of our own making, for the tests that set a county up: its plan and its roster. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistryData } from '../../core/registry.ts';

export const QINGSHAN_PLAN_PATH = join(import.meta.dirname, '..', 'fixtures', 'qingshan-plan.txt');
export const QINGSHAN_PLAN = readFileSync(QINGSHAN_PLAN_PATH, 'utf8');

/** The roster as the office types it before its first plan: some units, the townships, the group of them. */
export const QINGSHAN_ROSTER: RegistryData = {
  county: '青山县',
  units: [
    { name: '县住房和城乡建设局', kind: 'government' },
    { name: '县自然资源局', kind: 'government' },
    { name: '县农业农村局', kind: 'government' },
    { name: '东坪镇', kind: 'township' },
    { name: '西河乡', kind: 'township' },
  ],
  groups: [{ name: '各乡镇人民政府', aliases: ['各乡镇'], memberKinds: ['township'] }],
  leaders: [{ name: '李明' }, { name: '赵刚' }],
};
