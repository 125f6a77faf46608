import { describe, expect, it } from 'vitest';
import { newText, newWords, saysSomethingNew } from '../../core/compare.ts';

describe('month over month', () => {
  it('finds the words added at the end, in the middle, or the whole text when it is new', () => {
    expect(newText('已完成排查。', '已完成排查。已整改12处。')).toEqual({
      before: '已完成排查。',
      added: '已整改12处。',
      after: '',
    });
    expect(newText('排查5处，已整改。', '排查5处，其中3处已整改。')).toEqual({
      before: '排查5处，',
      added: '其中3处',
      after: '已整改。',
    });
    expect(newText('', '开始整改。')).toEqual({ before: '', added: '开始整改。', after: '' });
    expect(newText('同上。', '同上。')).toEqual({ before: '同上。', added: '', after: '' });
  });
});

describe('month over month, unit by unit', () => {
  it("marks each unit's new words against its own line, and a new unit's words after its name", () => {
    const last = '县水利局：截污管网完成80%。\n城关镇：排查排污口12个。';
    const now = '县水利局：截污管网完成80%。12月已全部完工。\n城关镇：排查排污口12个，整改9个。\n白河镇：已排查。';
    const pieces = newWords(last, now);
    expect(pieces.filter((p) => p.added).map((p) => p.text)).toEqual(['12月已全部完工。', '，整改9个', '已排查。']);
    expect(pieces.map((p) => p.text).join('')).toBe(now);
    expect(saysSomethingNew(newWords(last, last))).toBe(false);
  });
});
