import { describe, expect, it } from 'vitest';
import { combineByUnit } from '../../core/consolidate.ts';
import { echoes, splitDerived, suggestedSide } from '../../core/echo.ts';

describe("a unit's own words coming back from the consolidated master", () => {
  it('is an echo with its own name in front, the closing stop aside', () => {
    expect(echoes('县水利局：截污工程完工', '截污工程完工。', '县水利局')).toBe(true);
    expect(echoes('县水利局：截污工程完工。', '截污工程完工。', '县水利局')).toBe(true);
  });

  it("is not an echo under another unit's name, with other words, or with no name", () => {
    expect(echoes('县环境保护局：截污工程完工。', '截污工程完工。', '县水利局')).toBe(false);
    expect(echoes('县水利局：截污工程过半。', '截污工程完工。', '县水利局')).toBe(false);
    expect(echoes('截污工程完工。', '截污工程完工。', '')).toBe(false);
  });

  it('offers the master first when the incoming value is blank or an echo, else the incoming value', () => {
    expect(suggestedSide({ incoming: '  ', master: '办公室核实稿', unit: '县水利局' })).toBe('master');
    expect(suggestedSide({ incoming: '县水利局：办公室核实稿', master: '办公室核实稿', unit: '县水利局' })).toBe(
      'master',
    );
    expect(suggestedSide({ incoming: '新的进展', master: '办公室核实稿', unit: '县水利局' })).toBe('incoming');
  });

  it("splits a copied master cell into the sender's words and the others' lines, a unit's words running on below its name", () => {
    const cell = '办公室：核实中\n县水利局：截污完成\n第二段\n城关镇：排查3处\n（另有2个单位报送，见进展明细）';
    expect(splitDerived(cell, '城关镇', ['办公室', '县水利局', '城关镇'])).toEqual({
      own: '排查3处',
      derived: ['办公室', '县水利局', '（另有2个单位报送，见进展明细）'],
    });
    expect(splitDerived('排查3处\n县水利局：截污完成', '城关镇', ['县水利局'])).toEqual({
      own: '排查3处',
      derived: ['县水利局'],
    });
    expect(splitDerived('截污完成：第一段', '城关镇', ['县水利局'])).toEqual({ own: '截污完成：第一段', derived: [] });
  });

  it("does not double a unit's name that the unit typed itself", () => {
    expect(combineByUnit([{ unit: '县环境保护局', text: '县环境保护局：监测达标' }])).toBe('县环境保护局：监测达标');
    expect(combineByUnit([{ unit: '县水利局', text: '截污完成' }])).toBe('县水利局：截污完成');
  });
});
