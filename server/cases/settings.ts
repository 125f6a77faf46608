/** The office's settings for its county: read where they are used (another process may have saved them), saved with a log line. */
import { actorName, type Actor } from '../../core/policy.ts';
import { DEFAULT_SETTINGS, describeChange, type OfficeSettings, settingsFrom } from '../../core/settings.ts';
import type { CountyStore } from '../store/county-store.ts';

const KEY = 'settings';

export async function readSettings(store: CountyStore): Promise<OfficeSettings> {
  const saved = await store.meta(KEY);
  return saved ? settingsFrom(JSON.parse(saved)) : { ...DEFAULT_SETTINGS };
}

/** The settings with `changes` applied (the route has checked each value), and the change logged. */
export async function saveSettings(
  store: CountyStore,
  changes: Partial<OfficeSettings>,
  by: Actor,
): Promise<OfficeSettings> {
  return store.transaction(async () => {
    const before = await readSettings(store);
    const next = { ...before, ...changes };
    const said = describeChange(before, next);
    if (!said) return before;
    await store.setMeta(KEY, JSON.stringify(next));
    await store.record(actorName(by), 'settings-changed', said);
    return next;
  });
}
