import { verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoCardSigner, SoftCardSigner } from '../../main/services/card/card-signer';
import { ensureSoftCard, SOFT_CARD_PIN, type SoftCard } from '../sandbox/cards';
import { ensureTls } from '../sandbox/tls';

let dir: string;
let card: SoftCard;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'co-card-'));
  const tls = ensureTls(dir, new Date());
  card = ensureSoftCard(dir, { certPem: tls.caCertPem, keyPem: tls.caKeyPem }, { userId: 'u_test', name: '王建国', enterpriseCode: '91330201MA2H3XK7QE' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SoftCardSigner', () => {
  it('signs with the card key after the right PIN; the signature verifies against the card certificate', async () => {
    const data = new TextEncoder().encode('保存印章');
    const signature = await new SoftCardSigner(card.p12Path).sign(data, SOFT_CARD_PIN);
    const certificate = new X509Certificate(signature.certificatePem);
    expect(certificate.fingerprint256).toBe(new X509Certificate(card.certificatePem).fingerprint256);
    expect(verify('sha256', data, certificate.publicKey, Buffer.from(signature.value, 'base64'))).toBe(true);
    expect(verify('sha256', new TextEncoder().encode('别的内容'), certificate.publicKey, Buffer.from(signature.value, 'base64'))).toBe(false);
  });

  it('answers WRONG_PIN for a wrong PIN', async () => {
    await expect(new SoftCardSigner(card.p12Path).sign(new Uint8Array([1]), '00000000')).rejects.toMatchObject({ code: 'WRONG_PIN' });
  });

  it('answers CARD_UNAVAILABLE for a missing or damaged card file', async () => {
    await expect(new SoftCardSigner(join(dir, 'missing.p12')).sign(new Uint8Array([1]), SOFT_CARD_PIN)).rejects.toMatchObject({ code: 'CARD_UNAVAILABLE' });
    const damaged = join(dir, 'damaged.p12');
    writeFileSync(damaged, Buffer.from('not a pkcs12 file'));
    await expect(new SoftCardSigner(damaged).sign(new Uint8Array([1]), SOFT_CARD_PIN)).rejects.toMatchObject({ code: 'CARD_UNAVAILABLE' });
    await expect(new NoCardSigner().sign()).rejects.toMatchObject({ code: 'CARD_UNAVAILABLE' });
  });
});
