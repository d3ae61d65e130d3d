// Soft cards: PKCS#12 files standing in for the e-port card (电子口岸卡) in the
// sandbox and in training. Each holds a key and a certificate that the sandbox CA
// issues to a card holder, protected by the card PIN. The server side keeps the
// certificates as its card registry: card sign-in and signed writes (印章/签名 saves)
// are verified against them. The e-port control stand-in (eport-control.ts) signs with
// the same files.

import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, verify, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import type { CardSignature } from '../../main/net/contract';
import { openPkcs12 } from '../../main/services/card/soft-card';

export const SOFT_CARD_PIN = '88888888';

/** 法人卡 may make seals and signatures and authorize; 操作员卡 may print and apply for exceptions. */
export type CardRole = 'legal-person' | 'operator';

export interface SoftCard {
  userId: string;
  role: CardRole;
  /** The card number (卡号) the e-port control reports. */
  cardId: string;
  /** The card holder as 印章操作员. */
  operatorId: string;
  holderName: string;
  enterpriseCode: string;
  p12Path: string;
  /** Also written beside the .p12 as `<userId>.pem`: a PKCS#12 file hides its certificate behind the PIN. */
  certificatePem: string;
  /** Upper-case hex, as node:crypto reports it. */
  serialNumber: string;
  validFrom: string;
  validTo: string;
}

/** 16 digits derived from the user id, so a card keeps its number across data dirs. */
function cardNumber(userId: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(userId).digest('hex').slice(0, 16)}`).toString().padStart(14, '0');
  return `89${digits.slice(-14)}`;
}

/** An existing card is reused only if the current CA issued it to this holder (a CA can be renewed, a name fixed). */
function reusable(p12Path: string, certPath: string, caCertPem: string, holderName: string): boolean {
  if (!existsSync(p12Path) || !existsSync(certPath)) return false;
  const certificate = parseCertificate(readFileSync(certPath, 'utf8'));
  const ca = new X509Certificate(caCertPem);
  const commonName = /(?:^|\n)CN=([^\n]+)/.exec(certificate?.subject ?? '')?.[1];
  return !!certificate && commonName === holderName && certificate.checkIssued(ca) && certificate.verify(ca.publicKey);
}

/** Creates (or reuses) the soft card of a card holder, issued by the sandbox CA. */
export function ensureSoftCard(
  dataDir: string,
  ca: { certPem: string; keyPem: string },
  holder: { userId: string; name: string; enterpriseCode: string; role?: CardRole },
): SoftCard {
  const dir = join(dataDir, 'cards');
  mkdirSync(dir, { recursive: true });
  const p12Path = join(dir, `${holder.userId}.p12`);
  const certPath = join(dir, `${holder.userId}.pem`);
  // Fixed validity so card-bound dates (印章有效期) are the same on every run.
  const validFrom = '2025-01-01';
  const validTo = '2028-12-31';
  if (!reusable(p12Path, certPath, ca.certPem, holder.name)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const serial = randomBytes(16);
    serial[0] = (serial[0] ?? 0) & 0x7f;
    cert.serialNumber = serial.toString('hex');
    cert.validity.notBefore = new Date(`${validFrom}T00:00:00Z`);
    cert.validity.notAfter = new Date(`${validTo}T23:59:59Z`);
    // A Chinese name must be a UTF8String; forge encodes the value itself when tagged so
    // (its typings call valueTagClass a Class; it takes the ASN.1 type).
    cert.setSubject([
      { name: 'commonName', value: holder.name, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
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
  const certificatePem = readFileSync(certPath, 'utf8');
  return {
    userId: holder.userId,
    role: holder.role ?? 'legal-person',
    cardId: cardNumber(holder.userId),
    operatorId: `op_${holder.userId}`,
    holderName: holder.name,
    enterpriseCode: holder.enterpriseCode,
    p12Path,
    certificatePem,
    serialNumber: new X509Certificate(certificatePem).serialNumber,
    validFrom,
    validTo,
  };
}

const HASH_OF: Record<CardSignature['algorithm'], 'sha1' | 'sha256'> = { SHA1withRSA: 'sha1', SHA256withRSA: 'sha256' };

/** Signs like the card does: opens the PKCS#12 file with the PIN (a wrong one throws WRONG_PIN) and signs `data`. */
export function signWithSoftCard(p12Path: string, pin: string, data: Uint8Array, algorithm: CardSignature['algorithm']): CardSignature {
  const { keyPem, certificatePem } = openPkcs12(readFileSync(p12Path), pin);
  const value = sign(HASH_OF[algorithm], data, createPrivateKey(keyPem)).toString('base64');
  return { algorithm, certificatePem, value };
}

/** Whether `signature` is the declared algorithm's signature over `payload` by the key of `certificate`. */
export function cardSignatureVerifies(signature: CardSignature, payload: Uint8Array, certificate: X509Certificate): boolean {
  try {
    return verify(HASH_OF[signature.algorithm], payload, certificate.publicKey, Buffer.from(signature.value, 'base64'));
  } catch {
    // A key that cannot verify at all (not RSA, damaged) is a failed verification, not a server error.
    return false;
  }
}

/** Parses a presented card certificate; null when it is not a certificate at all. */
export function parseCertificate(pem: string): X509Certificate | null {
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}

/** The customs side's record of the cards it issued: which certificate belongs to which user. */
export class CardRegistry {
  private readonly ca: X509Certificate;
  private readonly byFingerprint: ReadonlyMap<string, SoftCard>;

  constructor(
    /** By user id. */
    readonly cards: ReadonlyMap<string, SoftCard>,
    caCertPem: string,
  ) {
    this.ca = new X509Certificate(caCertPem);
    this.byFingerprint = new Map([...cards.values()].map((card) => [new X509Certificate(card.certificatePem).fingerprint256, card]));
  }

  ofUser(userId: string): SoftCard | undefined {
    return this.cards.get(userId);
  }

  /** The registered card this certificate was issued for, if any. */
  byCertificate(certificate: X509Certificate): SoftCard | undefined {
    return this.byFingerprint.get(certificate.fingerprint256);
  }

  /** Issued by the sandbox CA (name and signature) and valid at `now`, the sandbox clock. */
  issued(certificate: X509Certificate, now: Date): boolean {
    const valid = Date.parse(certificate.validFrom) <= now.getTime() && now.getTime() <= Date.parse(certificate.validTo);
    return valid && certificate.checkIssued(this.ca) && certificate.verify(this.ca.publicKey);
  }

  /** An enterprise's card holders, legal-person cards first. */
  ofEnterprise(enterpriseCode: string): SoftCard[] {
    return [...this.cards.values()]
      .filter((card) => card.enterpriseCode === enterpriseCode)
      .sort((a, b) => Number(a.role !== 'legal-person') - Number(b.role !== 'legal-person'));
  }
}
