/**
 * Where the pane finds WPS: inside WPS 表格, a page its add-in opens has the ET Application as
 * `window.Application` (or `wps.EtApplication()` in some builds) and its events as `wps.ApiEvent`.
 */
import { read, type EtApiEvent, type EtApplication } from './et.ts';

interface WpsWindow {
  Application?: EtApplication;
  wps?: { EtApplication?: () => EtApplication; ApiEvent?: EtApiEvent };
}

/** The ET Application when the page runs in WPS 表格; undefined elsewhere (Excel, a browser). */
export function wpsApplication(window: WpsWindow = globalThis as WpsWindow): EtApplication | undefined {
  const app = window.wps?.EtApplication?.() ?? window.Application;
  return app && typeof app === 'object' && 'ActiveWorkbook' in app ? app : undefined;
}

export function wpsEvents(window: WpsWindow = globalThis as WpsWindow): EtApiEvent | undefined {
  return window.wps?.ApiEvent ?? wpsApplication(window)?.ApiEvent;
}

/** The build, as WPS gives it: 12.1.0.17827. */
export function wpsVersion(app: EtApplication): string {
  for (const member of ['Build', 'Version'] as const) {
    try {
      const value = read<string | undefined>(app, member);
      if (value) return String(value);
    } catch {
      // a build without it
    }
  }
  return '';
}
