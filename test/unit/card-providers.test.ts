// The card providers against real cards: the PKCS#12 soft card, and the e-port
// client control's websocket protocol spoken to the sandbox's stand-in (a real
// websocket server backed by a soft card, with a PIN counter and a lock).

import { verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { EportCardProvider } from '../../main/services/card/eport-card';
import { EPORT_METHODS } from '../../main/services/card/eport-protocol';
import { SoftCardProvider } from '../../main/services/card/soft-card';
import { ensureSoftCard, SOFT_CARD_PIN, type SoftCard } from '../sandbox/cards';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { ensureTls } from '../sandbox/tls';

let dir: string;
let card: SoftCard;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'co-card-'));
  const tls = ensureTls(dir, new Date());
  card = ensureSoftCard(dir, { certPem: tls.caCertPem, keyPem: tls.caKeyPem }, { userId: 'u_test', name: '王建国', enterpriseCode: '91330201MA2H3XK7QE', role: 'legal-person' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SoftCardProvider', () => {
  it('signs with the card key after the right PIN; the signature verifies against the card certificate', async () => {
    const data = new TextEncoder().encode('保存印章');
    const signature = await new SoftCardProvider(card.p12Path).sign(data, SOFT_CARD_PIN);
    expect(signature.algorithm).toBe('SHA256withRSA');
    const certificate = new X509Certificate(signature.certificatePem);
    expect(certificate.fingerprint256).toBe(new X509Certificate(card.certificatePem).fingerprint256);
    expect(verify('sha256', data, certificate.publicKey, Buffer.from(signature.value, 'base64'))).toBe(true);
    expect(verify('sha256', new TextEncoder().encode('别的内容'), certificate.publicKey, Buffer.from(signature.value, 'base64'))).toBe(false);
  });

  it('describes the card without its PIN, from the certificate beside it', async () => {
    await expect(new SoftCardProvider(card.p12Path).read()).resolves.toEqual({ cardId: 'u_test', holderName: '王建国', validTo: '2028-12-31' });
  });

  it('answers WRONG_PIN for a wrong PIN', async () => {
    await expect(new SoftCardProvider(card.p12Path).sign(new Uint8Array([1]), '00000000')).rejects.toMatchObject({ code: 'WRONG_PIN' });
  });

  it('answers CARD_UNAVAILABLE for a missing or damaged card file', async () => {
    await expect(new SoftCardProvider(join(dir, 'missing.p12')).sign(new Uint8Array([1]), SOFT_CARD_PIN)).rejects.toMatchObject({ code: 'CARD_UNAVAILABLE' });
    await expect(new SoftCardProvider(join(dir, 'missing.p12')).read()).rejects.toMatchObject({ code: 'CARD_UNAVAILABLE' });
    const damaged = join(dir, 'damaged.p12');
    writeFileSync(damaged, Buffer.from('not a pkcs12 file'));
    await expect(new SoftCardProvider(damaged).sign(new Uint8Array([1]), SOFT_CARD_PIN)).rejects.toMatchObject({ code: 'CARD_UNAVAILABLE' });
  });
});

describe('EportCardProvider (the e-port client control, spoken to the sandbox stand-in)', () => {
  let sandbox: Sandbox;
  let legal: SoftCard;

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), seed: 2, certificateCount: 10, tickIntervalMs: 0 });
    const card = sandbox.softCards.get('u_legal');
    if (!card) throw new Error('the sandbox has no legal-person card');
    legal = card;
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  const provider = (timeoutMs?: number) => new EportCardProvider({ url: sandbox.cardService.url, timeoutMs });

  it('reads the inserted card without its PIN', async () => {
    sandbox.cardService.insert('u_legal');
    const info = await provider().read();
    expect(info).toMatchObject({ holderName: '王建国', validTo: '2028-12-31' });
    expect(info.cardId).not.toBe('');
  });

  it('signs with SHA1withRSA on the card; the signature verifies against the card certificate it hands back', async () => {
    const data = new TextEncoder().encode(JSON.stringify({ action: 'card-login', fields: [['challenge', 'abc=']] }));
    const signature = await provider().sign(data, SOFT_CARD_PIN);
    expect(signature.algorithm).toBe('SHA1withRSA');
    const certificate = new X509Certificate(signature.certificatePem);
    expect(certificate.fingerprint256).toBe(new X509Certificate(legal.certificatePem).fingerprint256);
    expect(verify('sha1', data, certificate.publicKey, Buffer.from(signature.value, 'base64'))).toBe(true);
  });

  it('counts wrong PINs down, locks the card after the last one, and works again once unlocked', async () => {
    sandbox.cardService.unlock('u_legal');
    const data = new TextEncoder().encode('{}');
    const first = await provider().sign(data, '11111111').catch((error: unknown) => error);
    expect(first).toMatchObject({ code: 'WRONG_PIN', message: expect.stringContaining('还可尝试 4 次') });
    for (let attempt = 2; attempt <= 5; attempt++) await provider().sign(data, '11111111').catch(() => undefined);
    await expect(provider().sign(data, SOFT_CARD_PIN)).rejects.toMatchObject({ code: 'CARD_LOCKED', message: expect.stringContaining('数据分中心') });
    sandbox.cardService.unlock('u_legal');
    await expect(provider().sign(data, SOFT_CARD_PIN)).resolves.toMatchObject({ algorithm: 'SHA1withRSA' });
  });

  it('says so when no card is inserted, when the control is not running, and when it does not answer', async () => {
    sandbox.cardService.remove();
    try {
      await expect(provider().read()).rejects.toMatchObject({ code: 'CARD_UNAVAILABLE', message: expect.stringContaining('插入') });
    } finally {
      sandbox.cardService.insert('u_legal');
    }
    const closed = await freePort();
    await expect(new EportCardProvider({ url: `ws://127.0.0.1:${closed}` }).read()).rejects.toMatchObject({
      code: 'CARD_UNAVAILABLE',
      message: expect.stringContaining('客户端控件'),
    });
    sandbox.cardService.setUnresponsive(true);
    try {
      await expect(provider(500).sign(new Uint8Array([0x7b, 0x7d]), SOFT_CARD_PIN)).rejects.toMatchObject({ code: 'CARD_UNAVAILABLE', message: expect.stringContaining('没有响应') });
    } finally {
      sandbox.cardService.setUnresponsive(false);
    }
  });

  it('takes nothing from a service that answers garbage, and never crashes on it', async () => {
    for (const answer of ['not json', JSON.stringify({ _method: EPORT_METHODS.getCardId, _args: { Result: 'yes' } }), Buffer.from([1, 2, 3])]) {
      const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      server.on('connection', (socket) => socket.on('message', () => socket.send(answer)));
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        await expect(new EportCardProvider({ url: `ws://127.0.0.1:${port}`, timeoutMs: 2000 }).read()).rejects.toMatchObject({ code: 'CARD_UNAVAILABLE' });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });

  it('talks only to a ws:// service on this machine: the PIN goes there', () => {
    for (const url of ['ws://192.0.2.1:61232', 'wss://127.0.0.1:61232', 'ws://127.0.0.1.example:61232', 'http://127.0.0.1:61232']) {
      expect(() => new EportCardProvider({ url })).toThrow(/card service/);
    }
    expect(() => new EportCardProvider({ url: 'ws://localhost:61232' })).not.toThrow();
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
