/**
 * What the office sets for its county, with the defaults a new county starts with. Stored as
 * one JSON value; a value missing (a county from before it existed) is the default.
 */
export interface OfficeSettings {
  /** Days a removed evidence file is kept (and counted) before its bytes are purged. */
  evidenceRetentionDays: number;
  /** 预警 level 1: working days before a milestone, the first and the second warning. */
  alertFirst: number;
  alertSecond: number;
  /** 预警 level 3 again every this many working days while a task stays overdue. */
  alertOverdueEvery: number;
  /** The hour (county time, 7 to 21) the day's 预警 digest goes to the group bot. */
  alertDigestHour: number;
}

export const DEFAULT_SETTINGS: OfficeSettings = {
  evidenceRetentionDays: 30,
  alertFirst: 7,
  alertSecond: 3,
  alertOverdueEvery: 5,
  alertDigestHour: 9,
};

/** The limits a value must keep, and what it is called on the dashboard and in the county's log. */
export const SETTING_RANGES = {
  evidenceRetentionDays: { min: 1, max: 3650, label: '删除的佐证材料保留天数' },
  alertFirst: { min: 1, max: 30, label: '第一次临期预警（到期前工作日）' },
  alertSecond: { min: 1, max: 30, label: '第二次临期预警（到期前工作日）' },
  alertOverdueEvery: { min: 1, max: 30, label: '逾期后每隔几个工作日再预警' },
  alertDigestHour: { min: 7, max: 21, label: '每日预警推送时间（时）' },
} as const;

/** A change as the county's log says it: `保留天数：30 → 60`. */
export const describeChange = (before: OfficeSettings, after: OfficeSettings) =>
  (Object.keys(SETTING_RANGES) as (keyof OfficeSettings)[])
    .filter((key) => before[key] !== after[key])
    .map((key) => `${SETTING_RANGES[key].label}：${before[key]} → ${after[key]}`)
    .join('；');

/** Stored settings over the defaults: a value that is not a number in range is the default. */
export function settingsFrom(saved: unknown): OfficeSettings {
  const out = { ...DEFAULT_SETTINGS };
  if (typeof saved !== 'object' || saved === null) return out;
  const ranges = Object.entries(SETTING_RANGES) as [keyof OfficeSettings, { min: number; max: number }][];
  for (const [key, { min, max }] of ranges) {
    const value = (saved as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) out[key] = value;
  }
  return out;
}
