/** The consolidated workbook's 评分 sheet: the round's ranking with each unit's points explained, the rule table beneath. */
import type ExcelJS from 'exceljs';
import { reasonsText } from '../../../core/score-notice.ts';
import { itemName, SCORE_ITEM_KEYS, signed } from '../../../core/scoring.ts';
import type { RoundScores } from '../../cases/scoring.ts';
import { filtered, table, titled } from './master-sheets.ts';

const WIDTHS = [6, 34, 8, 8, 72];

export function addScoreSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, scores: RoundScores): void {
  const when = scores.frozen ? '本轮已结束，得分已固定' : `按${scores.judgedOn}判定`;
  const sheet = titled(workbook, '评分', `通报评分：${scores.round.period}（${when}）`, WIDTHS);
  table(
    sheet,
    ['排名', '单位', '类别', '得分', '得分说明'],
    scores.units.map((u) => [u.rank, u.unit, u.kind, u.score, reasonsText(u)]),
    WIDTHS,
  );
  filtered(sheet, WIDTHS.length);
  sheet.addRow([]).commit();
  table(
    sheet,
    ['', '评分规则', '', '分值', scores.rules.byKind ? '部门和乡镇分别排名' : ''],
    SCORE_ITEM_KEYS.map((k) => ['', itemName(k), '', signed(scores.rules.points[k]), '']),
    WIDTHS,
  );
  // The formula across the table's width, wrapped: a long line would print past the page.
  const formula = sheet.addRow(['', scores.formula]);
  sheet.mergeCells(formula.number, 2, formula.number, WIDTHS.length);
  formula.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  formula.height = 36;
  formula.commit();
  sheet.commit();
}
