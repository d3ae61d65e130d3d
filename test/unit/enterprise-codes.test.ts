import { describe, expect, it } from 'vitest';
import { checkEnterpriseCode, usccCheckChar } from '../../main/core/enterprise-codes';

describe('enterprise codes (代理打印授权)', () => {
  // A published example code: 91350100M000100Y43 (its check character is 3).
  it('computes the GB 32100-2015 check character', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(() => usccCheckChar('91350100M000100Y')).toThrow();
    expect(() => usccCheckChar('91350100M000100I4')).toThrow(/character/);
  });

  it('accepts a valid credit code, normalised, and a 10-character customs code', () => {
    expect(checkEnterpriseCode(' 91350100m000100y43 ')).toEqual({ ok: true, kind: 'uscc', code: '91350100M000100Y43' });
    expect(checkEnterpriseCode('3302960ABC')).toEqual({ ok: true, kind: 'customs', code: '3302960ABC' });
  });

  it.each([
    ['a wrong check character', '91350100M000100Y44', '校验位'],
    ['a letter the standard does not use', '91350100M000100O43', '不允许的字符'],
    ['a customs code not starting with its 4-digit area', 'AB02960ABC', '前 4 位为数字'],
    ['any other length', '9135010', '18 位'],
    ['nothing', '', '18 位'],
  ])('refuses %s with a Chinese reason', (_name, input, reason) => {
    const result = checkEnterpriseCode(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });
});
