// The e-port card signs writes that need the legal person's authority (印章/签名).
// One interface, two providers: the e-port client control's local signing service
// in production (issue 4), and a PKCS#12 "soft card" for the sandbox and training.
// The PIN is used for one signature and never kept.

import { readFile } from 'node:fs/promises';
import { createPrivateKey, sign } from 'node:crypto';
import forge from 'node-forge';
import { AppFailure } from '../../core/errors';
import type { CardSignature } from '../../net/contract';

export interface CardSigner {
  /** Signs `data` with the card's key after checking the PIN. */
  sign(data: Uint8Array, pin: string): Promise<CardSignature>;
}

export class SoftCardSigner implements CardSigner {
  constructor(private readonly p12Path: string) {}

  async sign(data: Uint8Array, pin: string): Promise<CardSignature> {
    let file: Buffer;
    try {
      file = await readFile(this.p12Path);
    } catch (error) {
      throw new AppFailure('CARD_UNAVAILABLE', '未找到电子口岸卡(软卡文件),请检查卡的设置。', { cause: error });
    }
    const { keyPem, certificatePem } = openPkcs12(file, pin);
    const value = sign('sha256', data, createPrivateKey(keyPem)).toString('base64');
    return { algorithm: 'SHA256withRSA', certificatePem, value };
  }
}

function openPkcs12(file: Buffer, pin: string): { keyPem: string; certificatePem: string } {
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

/** Where no card is configured: every signing attempt says so. */
export class NoCardSigner implements CardSigner {
  async sign(): Promise<CardSignature> {
    throw new AppFailure('CARD_UNAVAILABLE', '未检测到电子口岸卡,请插入法人卡并启动中国电子口岸客户端控件。');
  }
}
