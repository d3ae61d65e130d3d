// 证书展示 and 预览/下载副本: queries over the local cache (online or offline) and
// the layouts behind them.

import type { CertificateDiagnosis, CertificatePage, CertificateQuery, LayoutDocument, LayoutKind } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import { MESSAGES } from '../../core/messages';
import type { CertificateDto } from '../../net/contract';
import type { LayoutStore } from './layout-store';
import type { Profile } from '../session/session-service';

export interface CertificateServiceDeps {
  profile(): Profile;
  layouts: LayoutStore;
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
}

export class CertificateService {
  constructor(private readonly deps: CertificateServiceDeps) {}

  search(query: CertificateQuery): Promise<CertificatePage> {
    return this.deps.profile().db.call('searchCertificates', query);
  }

  async get(certificateId: string): Promise<CertificateDto> {
    const certificate = await this.deps.profile().db.call('getCertificate', certificateId);
    if (!certificate) throw new AppFailure('NOT_FOUND', MESSAGES.NOT_FOUND);
    return certificate;
  }

  async layout(certificateId: string, kind: LayoutKind): Promise<LayoutDocument> {
    const certificate = await this.get(certificateId);
    const bytes = await this.deps.layouts.read(this.deps.profile(), certificate, kind);
    return { certificateId, kind, fileName: layoutFileName(certificate.number, kind), pdf: new Uint8Array(bytes) };
  }

  /** 查看解决办法: what stops this certificate from being printed, from the cache (online or offline). */
  async diagnose(certificateId: string): Promise<CertificateDiagnosis> {
    const diagnosis = await this.deps.profile().db.call('diagnoseCertificate', certificateId);
    if (!diagnosis) throw new AppFailure('NOT_FOUND', MESSAGES.NOT_FOUND);
    return diagnosis;
  }

  /** 下载副本: only the copy may be saved; the original exists once, on paper. */
  async saveCopy(certificateId: string): Promise<{ savedTo: string } | null> {
    const document = await this.layout(certificateId, 'copy');
    const savedTo = await this.deps.saveFile(document.fileName, document.pdf);
    return savedTo === null ? null : { savedTo };
  }
}

export function layoutFileName(number: string, kind: LayoutKind): string {
  return `${number}-${kind === 'original' ? '正本' : '副本'}.pdf`;
}
