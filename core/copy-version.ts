/**
 * Every file saved from one download is a version of that copy (进展0925.xlsx, 进展0930(最终).xlsx …).
 * The service keeps what each version it took held, and when the file was saved, so that a file
 * sent after a newer one of the same copy is recognised as older and changes nothing.
 */
import type { CellKey } from './merge.ts';
import { countySecond, countyTime } from './zone.ts';

/** A file of a copy: when it was saved (null when the file does not say) and the cells it holds. */
export interface SentFile {
  savedAt: string | null;
  /** cellId → the value the file held. */
  cells: Record<string, string>;
}

/** A file of a copy the service took. */
export interface CopyVersion extends SentFile {
  receivedAt: string;
}

export const cellId = (k: CellKey): string => `${k.taskId}\u0000${k.unit}\u0000${k.field}`;

const holds = (file: SentFile, value: (id: string) => string | undefined) =>
  Object.entries(file.cells).every(([id, text]) => (value(id) ?? '') === text);

/**
 * Why this file is an older version of its copy than one already taken; undefined when it is not.
 * By the saved time when both files have one; else by content: the untouched download, or a
 * version taken before the newest, sent again.
 */
export function olderVersion(
  file: SentFile,
  versions: CopyVersion[],
  downloaded: (id: string) => string,
): string | undefined {
  const newest = versions.at(-1);
  if (!newest) return undefined;
  const newestSaved = versions.reduce<string | null>(
    (max, v) => (v.savedAt && (!max || v.savedAt > max) ? v.savedAt : max),
    null,
  );
  if (file.savedAt && newestSaved) {
    if (file.savedAt < newestSaved)
      return (
        `这份文件保存于${countySecond(file.savedAt)}，早于本单位已提交的同一份报表保存于${countySecond(newestSaved)}的版本：较早的文件不会改动台账。` +
        `如需修改，请在最新保存的文件中修改后再提交。The file was saved before a newer version of the same copy already sent; it changes nothing.`
      );
    if (file.savedAt > newestSaved) return undefined;
  }
  const sameAsNewest = holds(file, (id) => newest.cells[id]);
  if (sameAsNewest) return undefined;
  if (holds(file, downloaded))
    return (
      `这是下载后未填写的原表，本单位此后已从这份报表提交过填写内容：原表不会清除已报送的内容。` +
      `The untouched download, sent after filled versions of it; it changes nothing.`
    );
  const earlier = versions.slice(0, -1).findLast((v) => holds(file, (id) => v.cells[id]));
  if (earlier)
    return (
      `这份文件与本单位${countyTime(earlier.receivedAt)}提交过的较早版本相同，之后已提交过更新的版本：较早的文件不会改动台账。` +
      `The file is an earlier version already sent, and a newer one has been sent since; it changes nothing.`
    );
  return undefined;
}

/**
 * The version already taken that was saved at the very same time as this file and holds other
 * words (scripts and some tools keep the downloaded time): time cannot order the two.
 */
export function tiedVersion(file: SentFile, versions: CopyVersion[]): CopyVersion | undefined {
  if (!file.savedAt) return undefined;
  const tied = versions.findLast((v) => v.savedAt === file.savedAt);
  return tied && !holds(file, (id) => tied.cells[id]) ? tied : undefined;
}

/**
 * One cell of a file tied on saved time with a version already taken, judged by content: `take`
 * when the file keeps what the tied version sent (or adds to it), `older` when it holds less (the
 * download's value, a blank, a shorter draft), `office` when both changed it differently.
 */
export function tiedCell(incoming: string, sent: string | undefined, downloaded: string): 'take' | 'older' | 'office' {
  if (sent === undefined || incoming === sent || sent === downloaded) return 'take';
  if (incoming === downloaded || !incoming.trim() || sent.includes(incoming.trim())) return 'older';
  return incoming.includes(sent.trim()) ? 'take' : 'office';
}

/** Why a cell of a tied file is not taken. */
export const tiedOlder = (savedAt: string) =>
  `这份文件与本单位已提交的同一份报表保存时间相同（${countySecond(savedAt)}），但这一格少了已报送的内容：不清除已报送的内容。` +
  'Saved at the same time as a version already sent, and holding less in this cell; not taken.';
