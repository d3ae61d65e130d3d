import type { TFunction } from 'i18next';

/** The type letters of the certificate number, in the order of the announcement's list. */
export const CERT_TYPES = ['C', 'E', 'B', 'K', 'A', 'N', 'P', 'F', 'S', 'I', 'GE', 'X', 'H', 'MU', 'RC', 'BR', 'R', 'L', 'T', 'TR', 'PR'] as const;
export type CertTypeCode = (typeof CERT_TYPES)[number];

export function isCertType(value: string): value is CertTypeCode {
  return (CERT_TYPES as readonly string[]).includes(value);
}

/** "E 中国-东盟"; an unknown code (a type added by a later announcement) is shown as is. */
export function certTypeLabel(code: string, t: TFunction): string {
  return isCertType(code) ? `${code} ${t(`certTypes.${code}`)}` : code;
}
