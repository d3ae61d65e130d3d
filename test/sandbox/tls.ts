// TLS material for the sandbox: a self-signed CA and a server certificate it signs for
// 127.0.0.1 and localhost. Clients trust the CA explicitly (its PEM is written to
// `${dataDir}/sandbox-ca.pem`); certificate verification stays on everywhere.
// Keys come from node:crypto (native and fast); node-forge builds the X.509 structures.

import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface TlsMaterial {
  caCertPath: string;
  caCertPem: string;
  /** The CA's key signs the soft cards too (test/sandbox/cards.ts). */
  caKeyPem: string;
  certPem: string;
  keyPem: string;
}

const DAY_MS = 86_400_000;

function newKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function serialNumber(): string {
  // Positive (high bit clear) 16-byte serial, as RFC 5280 asks.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function createCa(now: Date): { certPem: string; keyPem: string } {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  cert.validity.notAfter = new Date(now.getTime() + 3650 * DAY_MS);
  const subject = [
    { name: 'commonName', value: 'CO Self-Print Sandbox CA' },
    { name: 'organizationName', value: 'co-self-print sandbox' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKeyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
}

function createServerCert(ca: { certPem: string; keyPem: string }, now: Date): { certPem: string; keyPem: string } {
  const keys = newKeyPair();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  // Under 398 days: the limit clients apply to server certificates.
  cert.validity.notAfter = new Date(now.getTime() + 397 * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
}

function usable(certPem: string, keyPem: string, now: Date, issuer?: X509Certificate): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const margin = 7 * DAY_MS;
    if (Date.parse(cert.validTo) - margin < now.getTime() || Date.parse(cert.validFrom) > now.getTime()) return false;
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return false;
    if (issuer && !(cert.checkIssued(issuer) && cert.verify(issuer.publicKey))) return false;
    if (issuer && !cert.checkIP('127.0.0.1')) return false;
    return true;
  } catch {
    return false;
  }
}

/** Reuses the CA and server certificate in dataDir when still valid, otherwise creates them. */
export function ensureTls(dataDir: string, now: Date): TlsMaterial {
  mkdirSync(dataDir, { recursive: true });
  const paths = {
    caCert: join(dataDir, 'sandbox-ca.pem'),
    caKey: join(dataDir, 'sandbox-ca-key.pem'),
    cert: join(dataDir, 'sandbox-server.pem'),
    key: join(dataDir, 'sandbox-server-key.pem'),
  };
  const read = (path: string): string | null => (existsSync(path) ? readFileSync(path, 'utf8') : null);

  let ca = { certPem: read(paths.caCert), keyPem: read(paths.caKey) };
  let caFresh = false;
  if (!ca.certPem || !ca.keyPem || !usable(ca.certPem, ca.keyPem, now)) {
    const created = createCa(now);
    ca = created;
    caFresh = true;
    // Private keys are readable by the owner only.
    writeFileSync(paths.caKey, created.keyPem, { mode: 0o600 });
    writeFileSync(paths.caCert, created.certPem);
  }
  const caPem = ca.certPem ?? '';
  const caKey = ca.keyPem ?? '';
  let server = { certPem: read(paths.cert), keyPem: read(paths.key) };
  if (caFresh || !server.certPem || !server.keyPem || !usable(server.certPem, server.keyPem, now, new X509Certificate(caPem))) {
    const created = createServerCert({ certPem: caPem, keyPem: caKey }, now);
    server = created;
    writeFileSync(paths.key, created.keyPem, { mode: 0o600 });
    writeFileSync(paths.cert, created.certPem);
  }
  return { caCertPath: paths.caCert, caCertPem: caPem, caKeyPem: caKey, certPem: server.certPem ?? '', keyPem: server.keyPem ?? '' };
}
