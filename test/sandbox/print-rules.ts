// Whether an enterprise may print a certificate now, checked in the order the web
// system reports refusals: archived → layout → self-print (proxy grant, authorization
// in force, approval after it) → original once. The print route and the control's
// "printable" lists use the same rules, so a certificate a test picks as printable is.

import type { PrintRegistration } from '../../main/net/contract';
import { ApiFailure } from './http';
import type { ExceptionStore } from './exceptions';
import type { ProxyStore } from './proxy';
import type { CertificateRow, EnterpriseRow, SandboxStore } from './store';

export const SELF_PRINT_REFUSALS = {
  noGrant: '委托企业尚未对本企业进行代理打印授权(或已撤销授权),不能代理打印该证书',
  notAuthorized: '申请人尚未完成印章签名授权(授权回执不是接收成功),不能自助打印',
  approvedBefore: '证书审批通过时间早于印章签名授权回执时间,不能自助打印;请联系签证机构退回后重新审核通过',
} as const;

export type PrintCheck =
  | {
      ok: true;
      /** The principal printed for, or null for the printer's own certificate. */
      onBehalfOf: EnterpriseRow | null;
      /** The approved 打印异常申请 this reprint of the original uses up, if it is one. */
      exceptionApplicationId?: string;
    }
  | { ok: false; failure: ApiFailure };

const refuse = (code: ApiFailure['code'], message: string): PrintCheck => ({ ok: false, failure: new ApiFailure(409, code, message) });

export function checkPrint(
  deps: { store: SandboxStore; proxy: ProxyStore; exceptions?: ExceptionStore },
  row: CertificateRow,
  printerCode: string,
  kind: PrintRegistration['kind'],
): PrintCheck {
  if (row.archive_status === 'archived') return refuse('ARCHIVED', '证书已归档，不能打印');
  if (row.layout_status !== 'received') return refuse('LAYOUT_NOT_READY', '版式尚未接收成功，不能打印');
  const content = deps.store.content(row);
  const forPrincipal = content.applicantCode !== printerCode;
  if (forPrincipal && !deps.proxy.inForce(content.applicantCode, printerCode)) return refuse('SELF_PRINT_NOT_ALLOWED', SELF_PRINT_REFUSALS.noGrant);
  // An applicant the registry does not know never authorized anything.
  const applicant = deps.store.enterprise(content.applicantCode);
  if (!applicant || applicant.self_print_since === null) return refuse('SELF_PRINT_NOT_ALLOWED', SELF_PRINT_REFUSALS.notAuthorized);
  // Instants, not strings: approvedAt carries +08:00.
  if (Date.parse(content.approvedAt) <= applicant.self_print_since) return refuse('SELF_PRINT_NOT_ALLOWED', SELF_PRINT_REFUSALS.approvedBefore);
  if ((kind === 'original' || kind === 'both') && row.print_status === 'printed') {
    // An original prints once, and once more per approved 打印异常申请.
    const allowance = deps.exceptions?.allowance(row.certificate_id);
    if (!allowance) return refuse('ORIGINAL_ALREADY_PRINTED', '正本已打印，如需重新打印请提交打印异常申请');
    return { ok: true, onBehalfOf: forPrincipal ? applicant : null, exceptionApplicationId: allowance.application_id };
  }
  return { ok: true, onBehalfOf: forPrincipal ? applicant : null };
}
