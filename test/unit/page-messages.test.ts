import { describe, expect, it } from 'vitest';
import { chineseOnly } from '../../server/pages/dom.ts';

describe('what the pages say when something goes wrong', () => {
  it("shows the service's Chinese message without its English tail", () => {
    expect(
      chineseOnly('判定日期“2019-13-01”不是有效日期，应为 YYYY-MM-DD。today must be a real YYYY-MM-DD date.'),
    ).toBe('判定日期“2019-13-01”不是有效日期，应为 YYYY-MM-DD。');
    expect(chineseOnly('无法连接同步服务（https://x.gov.cn）：请稍后再试。The service cannot be reached.')).toBe(
      '无法连接同步服务（https://x.gov.cn）：请稍后再试。',
    );
  });

  it('keeps a message that has no English tail, or no Chinese at all', () => {
    expect(chineseOnly('请在 Excel 中打开 sheet.xlsx 后再试。')).toBe('请在 Excel 中打开 sheet.xlsx 后再试。');
    expect(chineseOnly('已保存 3 个')).toBe('已保存 3 个');
    expect(chineseOnly('Failed to fetch')).toBe('Failed to fetch');
  });
});
