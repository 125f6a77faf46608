/**
 * Red–amber–green, as supervision offices colour a ledger: a pure function of the task, the
 * judging date and the settings, with the reason in words.
 */
import { daysBetween, parseDeadline, type Deadline, type IsoDate } from './deadline.ts';
import { isFinished } from './status.ts';

export type RowColour = 'done' | 'overdue' | 'due-soon' | 'ongoing' | 'pending';

export interface ColourSettings {
  /** Amber when the deadline is this many days away or fewer. */
  dueSoonDays: number;
}

export const DEFAULT_COLOUR_SETTINGS: ColourSettings = { dueSoonDays: 30 };

export interface Colouring {
  colour: RowColour;
  reason: string;
  judgedOn: IsoDate;
}

/** Fill and font colours (ARGB-less hex), the legend's words, in both languages. */
export const COLOUR_STYLE: Record<RowColour, { fill: string; font: string; label: string; labelEn: string }> = {
  done: { fill: 'C6EFCE', font: '006100', label: '绿：已完成或已销号', labelEn: 'green: done or closed off' },
  overdue: { fill: 'FFC7CE', font: '9C0006', label: '红：已逾期、未完成', labelEn: 'red: overdue, not done' },
  'due-soon': { fill: 'FFEB9C', font: '9C5700', label: '黄：临近时限、未完成', labelEn: 'amber: due soon, not done' },
  ongoing: { fill: 'DDEBF7', font: '1F4E79', label: '蓝：持续推进、长期坚持', labelEn: 'blue: ongoing, no end date' },
  pending: { fill: 'FFFFFF', font: '000000', label: '无色：未到时限', labelEn: 'plain: time left' },
};

/** How a cell with an error is marked, apart from the row's colour. */
export const ERROR_MARK = {
  fill: 'E4C1F9',
  font: '7030A0',
  label: '紫：该单元格有错误，见批注',
  labelEn: 'purple: this cell has an error, see its note',
};

export function colourOf(
  task: { status: string; deadline: string },
  today: IsoDate,
  settings: ColourSettings = DEFAULT_COLOUR_SETTINGS,
  /** How to read the deadline; a pass over many rows hands in a remembered parser. */
  readDeadline: (text: string) => Deadline = parseDeadline,
): Colouring {
  const status = task.status.trim();
  const deadline = readDeadline(task.deadline);
  const result = (colour: RowColour, reason: string): Colouring => ({ colour, reason, judgedOn: today });

  if (isFinished(status)) return result('done', `完成状态为“${status}”`);
  switch (deadline.kind) {
    case 'dated': {
      const days = daysBetween(today, deadline.due);
      if (days < 0) return result('overdue', `时限${deadline.due}已过${-days}天，状态为“${status || '未填写'}”`);
      if (days <= settings.dueSoonDays) return result('due-soon', `距时限${deadline.due}还有${days}天，尚未完成`);
      return result('pending', `距时限${deadline.due}还有${days}天`);
    }
    case 'ongoing':
      return result('ongoing', `整改时限为“${deadline.text}”，无截止日期`);
    case 'done-ongoing':
      return result('ongoing', `整改时限为“${deadline.text}”：已完成，需长期坚持`);
    case 'unreadable':
      return result('pending', `整改时限“${deadline.text}”无法识别，不判定颜色`);
    case 'empty':
      return result('pending', '没有整改时限，不判定颜色');
  }
}
