/**
 * Where the pane keeps things. The marks record travels with the workbook (document settings),
 * so 清除标记 works after the file is reopened. The unit's token stays on this computer
 * (localStorage): a token must not travel inside a workbook that units mail around.
 */
import type { MarkStore } from './host.ts';
import type { ServiceSettings } from './api.ts';
import type { MarkRecord } from './marking.ts';

const MARKS = 'ledger-marks:';
const SERVICE = 'ledger-service';

export function documentMarkStore(settings: Office.Settings): MarkStore {
  const save = () =>
    new Promise<void>((resolve, reject) =>
      settings.saveAsync((r) => (r.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(r.error))),
    );
  return {
    get: (sheet) => (settings.get(MARKS + sheet) as MarkRecord | null) ?? undefined,
    set: (record) => {
      settings.set(MARKS + record.sheet, record);
      return save();
    },
    remove: (sheet) => {
      settings.remove(MARKS + sheet);
      return save();
    },
  };
}

/** The saved settings, parsed: anything else in storage (an older shape, a hand edit) gives the defaults. */
export function loadServiceSettings(): ServiceSettings {
  let saved: unknown = null;
  try {
    saved = JSON.parse(localStorage.getItem(SERVICE) ?? 'null');
  } catch {
    // unreadable: the defaults
  }
  const field = (key: keyof ServiceSettings) => {
    const value = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' ? value : '';
  };
  // The pane talks to the service it was loaded from: the manifest points Office at it.
  return { url: location.origin, token: field('token') };
}

export function saveServiceSettings(settings: Pick<ServiceSettings, 'token'>): void {
  localStorage.setItem(SERVICE, JSON.stringify({ token: settings.token }));
}
