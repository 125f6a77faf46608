/**
 * The WPS add-in's self-test results, as the pages inside real WPS builds post them: a dated
 * record per run (who, which build, which system, each method passed or failed), newest first,
 * for the office's dashboard. The county keeps the latest RECORDS_KEPT.
 */
import { actorName, type Actor } from '../../core/policy.ts';
import type { CountyStore } from '../store/county-store.ts';
import { now } from '../clock.ts';

const KEY = 'wps-self-tests';
export const RECORDS_KEPT = 100;

export interface HostCheck {
  name: string;
  label: string;
  passed: boolean;
  detail?: string;
}

export interface HostCheckReport {
  /** The WPS build, as it says: 12.1.0.17827. */
  version: string;
  /** The operating system, as the page's browser says (统信UOS, 麒麟, Windows). */
  system: string;
  checks: HostCheck[];
}

export interface HostCheckRecord extends HostCheckReport {
  at: string;
  by: string;
  passed: number;
  failed: number;
}

export async function hostChecks(store: CountyStore): Promise<HostCheckRecord[]> {
  const saved = await store.meta(KEY);
  return saved ? (JSON.parse(saved) as HostCheckRecord[]) : [];
}

export async function recordHostCheck(
  store: CountyStore,
  report: HostCheckReport,
  by: Actor,
): Promise<HostCheckRecord> {
  return store.transaction(async () => {
    const passed = report.checks.filter((c) => c.passed).length;
    const record: HostCheckRecord = {
      ...report,
      at: now(),
      by: actorName(by),
      passed,
      failed: report.checks.length - passed,
    };
    await store.setMeta(KEY, JSON.stringify([record, ...(await hostChecks(store))].slice(0, RECORDS_KEPT)));
    await store.record(
      record.by,
      'wps-self-test',
      `WPS ${report.version}：${passed} 项通过，${record.failed} 项未通过`,
    );
    return record;
  });
}
