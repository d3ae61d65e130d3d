// Signed seal and signature saves for the sandbox's own tests: the bodies the client
// sends, signed by a soft card over the contract's payload.

import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { cardSigningPayload, type CardSignature, type NewSealRequest, type NewSignatureRequest } from '../../main/net/contract';
import { SOFT_CARD_PIN, signWithSoftCard, type SoftCard } from './cards';

/** A transparent PNG with one shape drawn on it (a red ring for a seal, a black stroke for a signature). */
export function markPng(kind: 'seal' | 'signature'): Promise<Buffer> {
  const svg =
    kind === 'seal'
      ? '<svg xmlns="http://www.w3.org/2000/svg" width="945" height="945"><circle cx="472" cy="472" r="440" fill="none" stroke="red" stroke-width="30"/></svg>'
      : '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><path d="M20 250 C 150 20, 300 280, 580 40" fill="none" stroke="black" stroke-width="12"/></svg>';
  const [width, height] = kind === 'seal' ? [945, 945] : [600, 300];
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: Buffer.from(svg) }])
    .png()
    .toBuffer();
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export type SealFields = Omit<NewSealRequest, 'imagePng' | 'signature'>;

/** A 合同专用章-like round seal by the card's holder, signed by `card`; `overrides` replace fields AFTER signing (to tamper). */
export function sealRequest(
  card: SoftCard,
  png: Buffer,
  fields: Partial<SealFields> = {},
  options: { overrides?: Partial<NewSealRequest>; algorithm?: CardSignature['algorithm'] } = {},
): NewSealRequest {
  const base: SealFields = {
    sealId: `seal-${randomUUID()}`, name: '合同专用章', operatorId: card.operatorId, validFrom: '2026-01-01', validTo: '2027-12-31',
    shape: 'round', color: 'red', widthMm: 40, heightMm: 40, ...fields,
  };
  const signature = signWithSoftCard(card.p12Path, SOFT_CARD_PIN, cardSigningPayload('create-seal', { ...base, imageSha256: sha256(png) }), options.algorithm ?? 'SHA256withRSA');
  return { ...base, imagePng: png.toString('base64'), signature, ...options.overrides };
}

export type SignatureFields = Omit<NewSignatureRequest, 'imagePng' | 'signature'>;

/** A declarant signature (申报员 张敏 by default), signed by `card`. */
export function signatureRequest(card: SoftCard, png: Buffer, fields: Partial<SignatureFields> = {}): NewSignatureRequest {
  const base: SignatureFields = { signatureId: `sig-${randomUUID()}`, name: '张敏', declarantId: 'd_zhangmin', widthMm: 30, heightMm: 15, ...fields };
  const signature = signWithSoftCard(card.p12Path, SOFT_CARD_PIN, cardSigningPayload('create-signature', { ...base, imageSha256: sha256(png) }), 'SHA256withRSA');
  return { ...base, imagePng: png.toString('base64'), signature };
}
