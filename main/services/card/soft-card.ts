// The PKCS#12 soft card: a file standing in for the e-port card in the sandbox and in
// training. Its key is protected by the card PIN; its certificate also sits beside it
// as `<name>.pem`, so the card can be described before the PIN is entered (a PKCS#12
// file hides its certificate behind the same password).

import { X509Certificate, createPrivateKey, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import forge from 'node-forge';
import type { CardInfo } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import type { CardSignature } from '../../net/contract';
import type { CardProvider } from './card-provider';

export class SoftCardProvider implements CardProvider {
  constructor(private readonly p12Path: string) {}

  async read(): Promise<CardInfo> {
    await this.file();
    const cardId = basename(this.p12Path).replace(/\.p12$/i, '');
    let pem: string;
    try {
      pem = await readFile(this.p12Path.replace(/\.p12$/i, '.pem'), 'utf8');
    } catch {
      return { cardId, holderName: null, validTo: null };
    }
    return { cardId, ...describeCertificatePem(pem) };
  }

  async sign(data: Uint8Array, pin: string): Promise<CardSignature> {
    const { keyPem, certificatePem } = openPkcs12(await this.file(), pin);
    const value = sign('sha256', data, createPrivateKey(keyPem)).toString('base64');
    return { algorithm: 'SHA256withRSA', certificatePem, value };
  }

  private async file(): Promise<Buffer> {
    try {
      return await readFile(this.p12Path);
    } catch (error) {
      throw new AppFailure('CARD_UNAVAILABLE', '未找到电子口岸卡(软卡文件),请检查卡的设置。', { cause: error });
    }
  }
}

/** The key and certificate of a PKCS#12 card file; a wrong PIN is WRONG_PIN, anything else CARD_UNAVAILABLE. */
export function openPkcs12(file: Buffer, pin: string): { keyPem: string; certificatePem: string } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(file.toString('binary'))), pin);
  } catch (error) {
    // forge reports a MAC mismatch for a wrong password; anything else is a damaged file.
    if (error instanceof Error && /MAC could not be verified|Invalid password/i.test(error.message)) {
      throw new AppFailure('WRONG_PIN', '卡密码错误,请重新输入。');
    }
    throw new AppFailure('CARD_UNAVAILABLE', '电子口岸卡无法读取。', { cause: error });
  }
  const keyBag = forge.pki.oids.pkcs8ShroudedKeyBag ?? '';
  const certBag = forge.pki.oids.certBag ?? '';
  const key = p12.getBags({ bagType: keyBag })[keyBag]?.[0]?.key;
  const certificate = p12.getBags({ bagType: certBag })[certBag]?.[0]?.cert;
  if (!key || !certificate) throw new AppFailure('CARD_UNAVAILABLE', '电子口岸卡中没有签名证书。');
  return { keyPem: forge.pki.privateKeyToPem(key), certificatePem: forge.pki.certificateToPem(certificate) };
}

/** Holder (the certificate's CN) and validity end of a card certificate. */
export function describeCertificatePem(certificatePem: string): Pick<CardInfo, 'holderName' | 'validTo'> {
  const certificate = new X509Certificate(certificatePem);
  const commonName = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1] ?? null;
  return { holderName: commonName, validTo: new Date(certificate.validTo).toISOString().slice(0, 10) };
}
