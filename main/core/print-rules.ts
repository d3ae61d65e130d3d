// The rules that decide whether a certificate may be printed now. Pure: the
// printing service feeds it what the cache and the local print records say.

import type { ErrorCode, PrintKind } from '../../preload/contract';
import type { CertificateDto } from '../net/contract';
import { MESSAGES } from './messages';

export interface PrintRefusal {
  code: Extract<ErrorCode, 'ARCHIVED' | 'LAYOUT_NOT_READY' | 'ORIGINAL_ALREADY_PRINTED'>;
  message: string;
}

export function includesOriginal(kind: PrintKind): boolean {
  return kind === 'original' || kind === 'both';
}

/**
 * Why this certificate cannot be printed in this kind, or null if it can.
 * `originalPrintedLocally` covers an original spooled here whose registration the
 * cache has not caught up with yet.
 */
export function refusePrint(
  certificate: Pick<CertificateDto, 'archiveStatus' | 'layoutStatus' | 'printStatus'>,
  kind: PrintKind,
  originalPrintedLocally: boolean,
): PrintRefusal | null {
  if (certificate.archiveStatus === 'archived') return { code: 'ARCHIVED', message: MESSAGES.ARCHIVED };
  if (certificate.layoutStatus !== 'received') return { code: 'LAYOUT_NOT_READY', message: MESSAGES.LAYOUT_NOT_READY };
  if (includesOriginal(kind) && (certificate.printStatus === 'printed' || originalPrintedLocally)) {
    return { code: 'ORIGINAL_ALREADY_PRINTED', message: MESSAGES.ORIGINAL_ALREADY_PRINTED };
  }
  return null;
}
