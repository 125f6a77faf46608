/**
 * The county's time zone (LEDGER_TZ, Asia/Shanghai by default): "today", lateness against a
 * round's deadline, and every time the service writes for people are in it, whatever zone the
 * server's clock runs in.
 */
import type { IsoDate } from './deadline.ts';

export const DEFAULT_ZONE = 'Asia/Shanghai';

let zone = DEFAULT_ZONE;

const formats = new Map<string, Intl.DateTimeFormat>();
function format(name: string): Intl.DateTimeFormat {
  let found = formats.get(name);
  if (!found) {
    found = new Intl.DateTimeFormat('en-CA', {
      timeZone: name,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(name, found);
  }
  return found;
}

/** Sets the county's zone; throws a clear error for a name the runtime does not know. */
export function setCountyZone(name: string): void {
  try {
    format(name);
  } catch {
    throw new RangeError(`LEDGER_TZ“${name}”不是时区名称，例如 Asia/Shanghai。Unknown time zone "${name}".`);
  }
  zone = name;
}

export const countyZone = () => zone;

/** Times already written, by their UTC minute: a submission's hundreds of changes share one. */
const written = new Map<string, string>();

/** An instant's date and time in the county: 2019-10-15 14:03. */
export function countyTime(instant: string | Date): string {
  // The service's own instants are already UTC ISO strings; anything else is normalised first.
  const iso = typeof instant === 'string' && /Z$/.test(instant) ? instant : new Date(instant).toISOString();
  // Every zone is a whole number of minutes from UTC, so one UTC minute is one county minute.
  const minute = `${zone} ${iso.slice(0, 16)}`;
  const known = written.get(minute);
  if (known) return known;
  if (written.size > 10_000) written.clear();
  const time = countyMinute(iso);
  written.set(minute, time);
  return time;
}

function countyMinute(instant: string): string {
  const parts = Object.fromEntries(
    format(zone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** An instant's county time to the second, for telling apart files saved minutes apart: 2019-10-15 14:03:41. */
export function countySecond(instant: string | Date): string {
  const iso = typeof instant === 'string' && /Z$/.test(instant) ? instant : new Date(instant).toISOString();
  return `${countyTime(iso)}:${iso.slice(17, 19)}`;
}

/** An instant's calendar day in the county. */
export const countyDate = (instant: string | Date): IsoDate => countyTime(instant).slice(0, 10);

/** Today in the county. */
export const countyToday = (now: Date = new Date()): IsoDate => countyDate(now);
