import { describe, expect, it } from 'vitest';
import { echoes, suggestedSide } from '../../core/echo.ts';

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
});
