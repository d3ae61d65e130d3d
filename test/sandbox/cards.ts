// Soft cards: PKCS#12 files standing in for the e-port card (电子口岸卡) in the
// sandbox and in training. Each holds a key and a certificate that the sandbox CA
// issues to a card holder, protected by the card PIN. The server side keeps the
// certificate to verify signed writes (印章/签名 saves).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import forge from 'node-forge';

export const SOFT_CARD_PIN = '88888888';

export interface SoftCard {
  userId: string;
  /** The card holder as 印章操作员. */
  operatorId: string;
  holderName: string;
  enterpriseCode: string;
  p12Path: string;
  certificatePem: string;
  validFrom: string;
  validTo: string;
}

/** Creates (or reuses) the soft card of a legal-person user, issued by the sandbox CA. */
export function ensureSoftCard(
  dataDir: string,
  ca: { certPem: string; keyPem: string },
  holder: { userId: string; name: string; enterpriseCode: string },
): SoftCard {
  const dir = join(dataDir, 'cards');
  mkdirSync(dir, { recursive: true });
  const p12Path = join(dir, `${holder.userId}.p12`);
  const certPath = join(dir, `${holder.userId}.pem`);
  // Fixed validity so card-bound dates (印章有效期) are the same on every run.
  const validFrom = '2025-01-01';
  const validTo = '2028-12-31';
  if (!existsSync(p12Path) || !existsSync(certPath)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const serial = randomBytes(16);
    serial[0] = (serial[0] ?? 0) & 0x7f;
    cert.serialNumber = serial.toString('hex');
    cert.validity.notBefore = new Date(`${validFrom}T00:00:00Z`);
    cert.validity.notAfter = new Date(`${validTo}T23:59:59Z`);
    // forge works on byte strings: a Chinese name must be UTF-8 encoded and tagged so
    // (its typings call valueTagClass a Class; it takes the ASN.1 type).
    cert.setSubject([
      { name: 'commonName', value: forge.util.encodeUtf8(holder.name), valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
      { name: 'organizationName', value: holder.enterpriseCode },
    ]);
    cert.setIssuer(forge.pki.certificateFromPem(ca.certPem).subject.attributes);
    cert.setExtensions([{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true }]);
    cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
    const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], SOFT_CARD_PIN, { algorithm: '3des' });
    writeFileSync(p12Path, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), { mode: 0o600 });
    writeFileSync(certPath, forge.pki.certificateToPem(cert));
  }
  return {
    userId: holder.userId,
    operatorId: `op_${holder.userId}`,
    holderName: holder.name,
    enterpriseCode: holder.enterpriseCode,
    p12Path,     certificatePem: readFileSync(certPath, 'utf8'),
    validFrom,
    validTo,
  };
}
