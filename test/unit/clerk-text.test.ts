import { describe, expect, it } from 'vitest';
import { chineseOnly } from '../../addin/i18n.ts';
import { tokenOf } from '../../core/sign-in.ts';

describe('what a clerk pastes to sign in', () => {
  it('is the sign-in link the office sent, or the bare token', () => {
    expect(tokenOf('https://dcb.example.gov.cn/u/#token=abc-DEF_123')).toBe('abc-DEF_123');
    expect(tokenOf('  abc-DEF_123 \n')).toBe('abc-DEF_123');
  });
});

describe('a message for a clerk who reads Chinese', () => {
  it('keeps the Chinese and drops the English that follows it', () => {
    expect(chineseOnly('令牌无效或已被更换，请向办公室索取新的令牌。The token is not valid.')).toBe(
      '令牌无效或已被更换，请向办公室索取新的令牌。',
    );
    expect(chineseOnly('已报送：采用 3 处。')).toBe('已报送：采用 3 处。');
  });
});
