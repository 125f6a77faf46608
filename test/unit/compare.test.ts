import { describe, expect, it } from 'vitest';
import { newText } from '../../core/compare.ts';

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
