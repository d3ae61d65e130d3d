// Enterprise identifiers as 代理打印授权 takes them: the 18-character unified social
// credit code (统一社会信用代码, GB 32100-2015, with its check character) or the
// 10-character customs registration code (海关编码). Pure: no I/O.

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of a unified social credit code from its first 17 characters. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('a unified social credit code body has 17 characters');
  let sum = 0;
  for (let index = 0; index < 17; index++) {
    const value = USCC_ALPHABET.indexOf(first17[index] ?? '');
    if (value < 0) throw new Error(`not a unified social credit code character: ${first17[index] ?? ''}`);
    sum += value * (USCC_WEIGHTS[index] ?? 0);
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] ?? '0';
}

export type EnterpriseCodeCheck =
  | { ok: true; kind: 'uscc' | 'customs'; code: string }
  | { ok: false; reason: string };

/** Normalises (trim, upper case) and checks an enterprise code, with the reason in Chinese. */
export function checkEnterpriseCode(input: string): EnterpriseCodeCheck {
  const code = input.trim().toUpperCase();
  if (code.length === 18) {
    if (![...code].every((character) => USCC_ALPHABET.includes(character))) {
      return { ok: false, reason: '统一社会信用代码含有不允许的字符(不使用 I、O、Z、S、V)。' };
    }
    if (usccCheckChar(code.slice(0, 17)) !== code[17]) {
      return { ok: false, reason: '统一社会信用代码校验位不正确,请核对后重新输入。' };
    }
    return { ok: true, kind: 'uscc', code };
  }
  if (code.length === 10) {
    // 4-digit customs area, then the enterprise's type and serial.
    if (!/^\d{4}[0-9A-Z]{6}$/.test(code)) return { ok: false, reason: '海关编码应为 10 位,前 4 位为数字。' };
    return { ok: true, kind: 'customs', code };
  }
  return { ok: false, reason: '请输入 18 位统一社会信用代码或 10 位海关编码。' };
}
