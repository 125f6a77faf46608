import { describe, expect, it } from 'vitest';
import { tokenOf } from '../../core/sign-in.ts';

describe('what a clerk pastes to sign in', () => {
  it('is the sign-in link the office sent, or the bare token', () => {
    expect(tokenOf('https://dcb.example.gov.cn/u/#token=abc-DEF_123')).toBe('abc-DEF_123');
    expect(tokenOf('  abc-DEF_123 \n')).toBe('abc-DEF_123');
  });
});
