// The rules that decide whether a certificate may be printed now. Pure: the
// printing service feeds it what the cache and the local print records say.

import { refusesSelfPrint, type ErrorCode, type PrintKind, type SelfPrintRefusal, type SelfPrintStatus } from '../../preload/contract';
import type { CertificateDto } from '../net/contract';
import { MESSAGES } from './messages';

export interface PrintRefusal {
  code: Extract<ErrorCode, 'ARCHIVED' | 'LAYOUT_NOT_READY' | 'NOT_SELF_PRINTABLE' | 'ORIGINAL_ALREADY_PRINTED'>;
  message: string;
}

/** Why the authorizations stop a self-print, in the words 查看解决办法 expands on. */
const SELF_PRINT_REFUSALS: Record<SelfPrintRefusal, string> = {
  'approved-before-authorization':
    '该证书审批通过时间早于印章签名授权回执时间,不能自助打印。请联系签证机构将证书退回后重新审核通过,或采用现行的打印方式。',
  'not-authorized': '申请人尚未完成印章签名授权(授权回执不是"接收成功"),证书不能自助打印。',
  'proxy-not-granted': '委托企业尚未对本企业进行代理打印授权(或已撤销授权),不能代理打印该证书。',
};

export function includesOriginal(kind: PrintKind): boolean {
  return kind === 'original' || kind === 'both';
}

/**
 * Why this certificate cannot be printed in this kind, or null if it can; checked
 * in the order the server checks them. `originalPrintedLocally` covers an original
 * spooled here whose registration the cache has not caught up with yet; `selfPrint`
 * is what the authorizations allow ('unknown' before they are synced: the server decides).
 * `exceptionAllowed`: an approved 打印异常申请 allows one more original.
 */
export function refusePrint(
  certificate: Pick<CertificateDto, 'archiveStatus' | 'layoutStatus' | 'printStatus'>,
  kind: PrintKind,
  originalPrintedLocally: boolean,
  selfPrint: SelfPrintStatus,
  exceptionAllowed = false,
): PrintRefusal | null {
  if (certificate.archiveStatus === 'archived') return { code: 'ARCHIVED', message: MESSAGES.ARCHIVED };
  if (certificate.layoutStatus !== 'received') return { code: 'LAYOUT_NOT_READY', message: MESSAGES.LAYOUT_NOT_READY };
  if (refusesSelfPrint(selfPrint)) return { code: 'NOT_SELF_PRINTABLE', message: SELF_PRINT_REFUSALS[selfPrint] };
  if (includesOriginal(kind) && (certificate.printStatus === 'printed' || originalPrintedLocally) && !exceptionAllowed) {
    return { code: 'ORIGINAL_ALREADY_PRINTED', message: MESSAGES.ORIGINAL_ALREADY_PRINTED };
  }
  return null;
}
