import { describe, expect, it } from 'vitest';
import { refusePrint } from '../../main/core/print-rules';
import { certificateProblems, selfPrintStatus } from '../../main/core/self-print';

const SINCE = Date.parse('2024-03-01T10:15:00+08:00');
const own = { relation: 'self' as const, selfPrintSinceMs: SINCE, revokedAt: null };

describe('the authorization-order rule', () => {
  it('allows a certificate approved strictly after the authorization receipt, and only that', () => {
    expect(selfPrintStatus(SINCE + 1000, own, true)).toBe('ok');
    expect(selfPrintStatus(SINCE, own, true)).toBe('approved-before-authorization');
    expect(selfPrintStatus(SINCE - 86_400_000, own, true)).toBe('approved-before-authorization');
  });

  it('needs an authorization in force, and for a principal a grant in force', () => {
    expect(selfPrintStatus(SINCE + 1000, { ...own, selfPrintSinceMs: null }, true)).toBe('not-authorized');
    expect(selfPrintStatus(SINCE + 1000, null, true)).toBe('proxy-not-granted');
    expect(selfPrintStatus(SINCE + 1000, { relation: 'principal', selfPrintSinceMs: SINCE, revokedAt: '2024-05-01T00:00:00Z' }, true)).toBe('proxy-not-granted');
    expect(selfPrintStatus(SINCE + 1000, { relation: 'principal', selfPrintSinceMs: SINCE, revokedAt: null }, true)).toBe('ok');
  });

  it('says nothing before the authorizations are known', () => {
    expect(selfPrintStatus(0, null, false)).toBe('unknown');
  });

  it('refuses to print in the server’s order: archived, layout, authorization, original once', () => {
    const certificate = { archiveStatus: 'unarchived', layoutStatus: 'received', printStatus: 'printed' } as const;
    expect(refusePrint(certificate, 'original', false, 'approved-before-authorization')?.code).toBe('NOT_SELF_PRINTABLE');
    expect(refusePrint(certificate, 'original', false, 'approved-before-authorization')?.message).toMatch(/退回后重新审核通过/);
    expect(refusePrint({ ...certificate, layoutStatus: 'sending' }, 'copy', false, 'not-authorized')?.code).toBe('LAYOUT_NOT_READY');
    expect(refusePrint(certificate, 'original', false, 'ok')?.code).toBe('ORIGINAL_ALREADY_PRINTED');
    expect(refusePrint(certificate, 'copy', false, 'unknown')).toBeNull();
    expect(refusePrint(certificate, 'copy', false, 'proxy-not-granted')?.message).toMatch(/代理打印授权/);
  });

  it('lists every problem for 查看解决办法, most fundamental first', () => {
    expect(certificateProblems({ archiveStatus: 'archived', layoutStatus: 'received', printStatus: 'printed', selfPrint: 'ok' })).toEqual(['archived']);
    expect(certificateProblems({ archiveStatus: 'unarchived', layoutStatus: 'sending', printStatus: 'pending', selfPrint: 'not-authorized' })).toEqual([
      'layout-not-ready',
      'not-authorized',
    ]);
    expect(certificateProblems({ archiveStatus: 'unarchived', layoutStatus: 'received', printStatus: 'printed', selfPrint: 'unknown' })).toEqual(['original-printed']);
    expect(certificateProblems({ archiveStatus: 'unarchived', layoutStatus: 'received', printStatus: 'pending', selfPrint: 'ok' })).toEqual([]);
  });
});
