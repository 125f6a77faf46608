/**
 * Red–amber–green, as supervision offices colour a ledger: a pure function of the task, the
 * judging date and the settings, with the reason in words.
 */
import { parseDeadline, type Deadline, type IsoDate } from './deadline.ts';
import { judgedMilestone } from './overdue.ts';
import { isFinished } from './status.ts';

export type RowColour = 'closed' | 'done' | 'overdue' | 'unreported' | 'due-soon' | 'ongoing' | 'pending';

export interface ColourSettings {
  /** Amber when the nearest milestone is this many days away or fewer. */
  dueSoonDays: number;
}

export const DEFAULT_COLOUR_SETTINGS: ColourSettings = { dueSoonDays: 30 };

export interface Colouring {
  colour: RowColour;
  reason: string;
  judgedOn: IsoDate;
}

/** Fill and font colours, the legend's words, and the word a chip shows, in both languages. */
export const COLOUR_STYLE: Record<
  RowColour,
  { fill: string; font: string; label: string; labelEn: string; word: string; wordEn: string }
> = {
  closed: {
    fill: 'D9D9D9',
    font: '404040',
    label: '灰：已销号',
    labelEn: 'grey: closed off',
    word: '已销号',
    wordEn: 'closed',
  },
  done: { fill: 'C6EFCE', font: '006100', label: '绿：已完成', labelEn: 'green: done', word: '已完成', wordEn: 'done' },
  overdue: {
    fill: 'FFC7CE',
    font: '9C0006',
    label: '红：已逾期、未完成',
    labelEn: 'red: overdue, not done',
    word: '逾期',
    wordEn: 'overdue',
  },
  unreported: {
    fill: 'F8CBAD',
    font: '833C0B',
    label: '橙：本轮截止后未报进展',
    labelEn: 'orange: no progress reported this round',
    word: '未报进展',
    wordEn: 'not reported',
  },
  'due-soon': {
    fill: 'FFEB9C',
    font: '9C5700',
    label: '黄：临近时限、未完成',
    labelEn: 'amber: due soon, not done',
    word: '临近时限',
    wordEn: 'due soon',
  },
  ongoing: {
    fill: 'DDEBF7',
    font: '1F4E79',
    label: '蓝：持续推进、长期坚持',
    labelEn: 'blue: ongoing, no end date',
    word: '持续推进',
    wordEn: 'ongoing',
  },
  pending: {
    fill: 'FFFFFF',
    font: '000000',
    label: '无色：未到时限',
    labelEn: 'plain: time left',
    word: '未到时限',
    wordEn: 'time left',
  },
};

/** The legend's order: most urgent first. */
export const COLOURS: readonly RowColour[] = [
  'overdue',
  'unreported',
  'due-soon',
  'ongoing',
  'done',
  'closed',
  'pending',
];

/** How a cell with an error is marked, apart from the row's colour. */
export const ERROR_MARK = {
  fill: 'E4C1F9',
  font: '7030A0',
  label: '紫：该单元格有错误，见批注',
  labelEn: 'purple: this cell has an error, see its note',
};

/**
 * The colour of a task on a date. A deadline with several milestones is judged on the nearest
 * one not yet met: while the task is not done, none is met, so the first milestone counts until
 * it is. `unreported` says that this round's reporting deadline has passed with no progress on
 * the task: marked so unless the task is already red.
 */
export function colourOf(
  task: { status: string; deadline: string; unreported?: boolean },
  today: IsoDate,
  settings: ColourSettings = DEFAULT_COLOUR_SETTINGS,
  /** How to read the deadline; a pass over many rows hands in a remembered parser. */
  readDeadline: (text: string) => Deadline = parseDeadline,
): Colouring {
  const status = task.status.trim();
  const deadline = readDeadline(task.deadline);
  const result = (colour: RowColour, reason: string): Colouring => ({ colour, reason, judgedOn: today });
  const unreported = (colour: RowColour, reason: string): Colouring =>
    task.unreported ? result('unreported', `本轮报送截止后仍未报进展；${reason}`) : result(colour, reason);

  if (status === '已销号') return result('closed', '已销号');
  if (isFinished(status)) return result('done', `完成状态为“${status}”`);
  switch (deadline.kind) {
    case 'dated': {
      const { which, days } = judgedMilestone(deadline, today);
      if (days < 0) return result('overdue', `${which}已过${-days}天，状态为“${status || '未填写'}”`);
      if (days <= settings.dueSoonDays) return unreported('due-soon', `距${which}还有${days}天，尚未完成`);
      return unreported('pending', `距${which}还有${days}天`);
    }
    case 'ongoing':
      return unreported('ongoing', `整改时限为“${deadline.text}”，无截止日期`);
    case 'done-ongoing':
      return unreported('ongoing', `整改时限为“${deadline.text}”：已完成，需长期坚持`);
    case 'unreadable':
      return unreported('pending', `整改时限“${deadline.text}”无法识别，不判定颜色`);
    case 'empty':
      return unreported('pending', '没有整改时限，不判定颜色');
  }
}
