// 印章制作 and 签名制作: the local check of a scan, then the signed save of exactly
// the image that was checked. A check result is kept here under a checkId for a
// while, so the renderer never uploads bytes of its own: the save takes the cleaned
// image the checker produced.

import { createHash, randomUUID } from 'node:crypto';
import type {
  CardHolder,
  Declarant,
  NewSeal,
  NewSignature,
  ScanCheckResult,
  ScanKind,
  SealView,
  SignatureView,
} from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import type { CheckOptions } from '../../images/scan-check-client';
import type { ScanReport } from '../../images/scan-report';
import { SCAN_RULES } from '../../images/scan-rules';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';
import { cardSigningPayload, type SealDto, type SignatureDto } from '../../net/contract';
import type { CardProvider } from '../card/card-provider';

/** The scan checker (main/images/scan-check-client.ts), as this service uses it. */
export interface ScanCheckerLike {
  check(bytes: Uint8Array, kind: ScanKind, options?: CheckOptions): Promise<ScanReport>;
}

interface HeldCheck {
  kind: ScanKind;
  report: ScanReport & { cleanedPng: Uint8Array; widthCm: number; heightCm: number };
  expiresAt: number;
}

const HOLD_MS = 30 * 60_000;
const MAX_HELD = 8;

export interface MarksServiceDeps {
  api: ApiClient;
  checker: ScanCheckerLike;
  card: CardProvider;
  log: Logger;
  now?: () => number;
}

export class MarksService {
  private readonly held = new Map<string, HeldCheck>();

  constructor(private readonly deps: MarksServiceDeps) {}

  async check(kind: ScanKind, bytes: Uint8Array): Promise<ScanCheckResult> {
    // The bytes came over IPC for this check alone: they move to the checker's worker.
    const report = await this.deps.checker.check(bytes, kind, { handOver: true });
    if (!report.accepted || !report.cleanedPng || report.widthCm === null || report.heightCm === null) {
      return { ...report, checkId: null };
    }
    this.forgetExpired();
    const checkId = randomUUID();
    this.held.set(checkId, {
      kind,
      report: { ...report, cleanedPng: report.cleanedPng, widthCm: report.widthCm, heightCm: report.heightCm },
      expiresAt: this.now() + HOLD_MS,
    });
    // A user checking file after file keeps only the latest few in memory.
    while (this.held.size > MAX_HELD) this.held.delete(this.held.keys().next().value as string);
    return { ...report, checkId };
  }

  holders(): Promise<CardHolder[]> {
    return this.deps.api.cardHolders();
  }

  declarants(): Promise<Declarant[]> {
    return this.deps.api.declarants();
  }

  async seals(): Promise<SealView[]> {
    return (await this.deps.api.seals()).map(toSealView);
  }

  async signatures(): Promise<SignatureView[]> {
    return (await this.deps.api.signatures()).map(toSignatureView);
  }

  async createSeal(request: NewSeal): Promise<SealView> {
    const held = this.take(request.checkId, 'seal');
    const holder = (await this.deps.api.cardHolders()).find((candidate) => candidate.operatorId === request.operatorId);
    if (!holder) throw new AppFailure('INVALID_ARGUMENT', '请选择印章操作员。');
    if (request.validFrom > request.validTo || request.validFrom < holder.certificateValidFrom || request.validTo > holder.certificateValidTo) {
      throw new AppFailure(
        'INVALID_ARGUMENT',
        `印章有效期必须在印章操作员卡证书有效期内(${holder.certificateValidFrom} 至 ${holder.certificateValidTo})。`,
      );
    }
    const { report } = held;
    if (!report.shape || (report.color !== 'red' && report.color !== 'blue')) throw new AppFailure('SCAN_REFUSED', '只能提取红色或蓝色印章。');
    const image = Buffer.from(report.cleanedPng);
    const fields = {
      sealId: randomUUID(),
      name: request.name,
      operatorId: request.operatorId,
      validFrom: request.validFrom,
      validTo: request.validTo,
      shape: report.shape,
      color: report.color,
      widthMm: toMm(report.widthCm),
      heightMm: toMm(report.heightCm),
    };
    const signature = await this.deps.card.sign(
      cardSigningPayload('create-seal', { ...fields, imageSha256: sha256(image) }),
      request.pin,
    );
    const saved = await this.deps.api.createSeal({ ...fields, imagePng: image.toString('base64'), signature });
    this.held.delete(request.checkId);
    this.deps.log.info('seal saved', { sealId: saved.sealId });
    return toSealView(saved);
  }

  async createSignature(request: NewSignature): Promise<SignatureView> {
    const held = this.take(request.checkId, 'signature');
    const declarants = await this.deps.api.declarants();
    if (!declarants.some((declarant) => declarant.declarantId === request.declarantId)) {
      throw new AppFailure('INVALID_ARGUMENT', '请选择签名申报员;下拉列表中没有的申报员,请先新增无卡操作员。');
    }
    const image = Buffer.from(held.report.cleanedPng);
    const fields = {
      signatureId: randomUUID(),
      name: request.name,
      declarantId: request.declarantId,
      widthMm: toMm(held.report.widthCm),
      heightMm: toMm(held.report.heightCm),
    };
    const signature = await this.deps.card.sign(
      cardSigningPayload('create-signature', { ...fields, imageSha256: sha256(image) }),
      request.pin,
    );
    const saved = await this.deps.api.createSignature({ ...fields, imagePng: image.toString('base64'), signature });
    this.held.delete(request.checkId);
    this.deps.log.info('signature saved', { signatureId: saved.signatureId });
    return toSignatureView(saved);
  }

  async disableSeal(sealId: string): Promise<SealView> {
    return toSealView(await this.deps.api.disableSeal(sealId, {}, `disable-seal-${sealId}`));
  }

  async disableSignature(signatureId: string): Promise<SignatureView> {
    return toSignatureView(await this.deps.api.disableSignature(signatureId, {}, `disable-signature-${signatureId}`));
  }

  async delete(kind: ScanKind, markId: string): Promise<void> {
    await this.deps.api.deleteMark(kind, markId, {}, `delete-${kind}-${markId}`);
  }

  /** The stored image of a seal or signature, for the list's true-size preview. */
  async image(kind: ScanKind, markId: string): Promise<{ png: Uint8Array; dpi: number }> {
    const marks: (SealDto | SignatureDto)[] = kind === 'seal' ? await this.deps.api.seals() : await this.deps.api.signatures();
    const mark = marks.find((candidate) => ('sealId' in candidate ? candidate.sealId : candidate.signatureId) === markId);
    if (!mark) throw new AppFailure('NOT_FOUND', kind === 'seal' ? '印章不存在。' : '签名不存在。');
    const png = await this.deps.api.markImage(kind, markId, mark.imageSha256);
    return { png: new Uint8Array(png), dpi: SCAN_RULES.cleanedDpi };
  }

  private take(checkId: string, kind: ScanKind): HeldCheck {
    this.forgetExpired();
    const held = this.held.get(checkId);
    if (!held || held.kind !== kind) throw new AppFailure('CHECK_EXPIRED', '检查结果已失效,请重新选择图片。');
    return held;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [checkId, held] of this.held) if (held.expiresAt <= now) this.held.delete(checkId);
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }
}

function toMm(cm: number): number {
  return Math.round(cm * 100) / 10;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function toSealView(seal: SealDto): SealView {
  const { imageSha256: _hash, ...view } = seal;
  return view;
}

function toSignatureView(signature: SignatureDto): SignatureView {
  const { imageSha256: _hash, ...view } = signature;
  return view;
}
