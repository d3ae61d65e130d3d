// The e-port control stand-in over real websockets: the handshake, the three methods,
// the PIN counter and lock, a card taken out, bad messages, a hung service, and a card
// sign-in made entirely through it.

import { verify, X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiErrorSchema, cardSigningPayload, paths, sessionSchema } from '../../main/net/contract';
import {
  EPORT_ERROR_PATTERNS, EPORT_METHODS, eportReplySchema, triesLeftIn, type EportReply,
} from '../../main/services/card/eport-protocol';
import { CONTROL_TOKEN_HEADER, EPORT_ERRORS, PIN_TRIES, SOFT_CARD_PIN, startSandbox, type Sandbox, type SoftCard } from './server';
import { ApiClient, httpsRequest, json, tempDir } from './test-client';

/** A connection to the stand-in that hands out its messages in order. */
class EportConnection {
  private readonly queue: EportReply[] = [];
  private readonly waiting: ((reply: EportReply) => void)[] = [];
  private nextId = 1;
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const reply = eportReplySchema.parse(JSON.parse(data.toString('utf8')));
      const waiter = this.waiting.shift();
      if (waiter) waiter(reply);
      else this.queue.push(reply);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
  }

  static async open(url: string): Promise<EportConnection> {
    const socket = new WebSocket(url);
    const connection = new EportConnection(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return connection;
  }

  /** The next message, or null if none comes within `ms`. */
  next(ms = 2_000): Promise<EportReply | null> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        resolve(null);
      }, ms);
      const waiter = (reply: EportReply): void => {
        clearTimeout(timer);
        resolve(reply);
      };
      this.waiting.push(waiter);
    });
  }

  async call(method: string, args: Record<string, string> = {}): Promise<EportReply> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ _id: id, _method: method, args }));
    const reply = await this.next();
    if (!reply) throw new Error(`no answer to ${method}`);
    expect(reply).toMatchObject({ _id: id, _method: method, _status: '00' });
    return reply;
  }

  close(): void {
    this.socket.close();
  }
}

describe('e-port control stand-in', () => {
  const dir = tempDir('sandbox-eport');
  let sandbox: Sandbox;
  let legalCard: SoftCard;
  let operatorCard: SoftCard;
  const connections: EportConnection[] = [];
  /** A connection whose greeting has been checked. */
  const connect = async (): Promise<EportConnection> => {
    const connection = await EportConnection.open(sandbox.cardService.url);
    connections.push(connection);
    expect(await connection.next()).toEqual({ _id: 0, _method: 'open', _status: '00', _args: { Result: true, Data: [], Error: [] } });
    return connection;
  };
  const sign = (connection: EportConnection, inData: string, passwd: string) => connection.call(EPORT_METHODS.signDataAsPem, { inData, passwd });
  const control = (path: string, method: string, body: unknown) =>
    httpsRequest(`${sandbox.url}/__sandbox${path}`, {
      method, ca: sandbox.caCertPem, body: JSON.stringify(body),
      headers: { [CONTROL_TOKEN_HEADER]: sandbox.controlToken, 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 9, certificateCount: 20, tickIntervalMs: 0 });
    legalCard = sandbox.softCards.get('u_legal')!;
    operatorCard = sandbox.softCards.get('u_operator')!;
  });
  afterEach(() => {
    for (const connection of connections.splice(0)) connection.close();
    sandbox.cardService.setUnresponsive(false);
    sandbox.cardService.insert('u_legal');
    sandbox.cardService.unlock('u_legal');
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('listens on loopback, greets with open, and reads the inserted card (the legal person’s at start)', async () => {
    expect(sandbox.cardService.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.cardService.inserted()).toBe('u_legal');
    const connection = await connect();
    const id = await connection.call(EPORT_METHODS.getCardId);
    expect(id._args).toEqual({ Result: true, Data: [legalCard.cardId], Error: [] });
    expect(legalCard.cardId).toMatch(/^\d{16}$/);
    const certificate = await connection.call(EPORT_METHODS.getSignCertAsPem);
    const [der] = certificate._args?.Data ?? [];
    expect(typeof der).toBe('string');
    expect(String(der)).not.toContain('BEGIN');
    const presented = new X509Certificate(Buffer.from(String(der), 'base64'));
    expect(presented.fingerprint256).toBe(new X509Certificate(legalCard.certificatePem).fingerprint256);
    // The holder's name is a real UTF8String, as the client shows it (卡持有人).
    expect(presented.subject).toContain('CN=王建国');
  });

  it('signs the UTF-8 bytes of inData with SHA1withRSA after the right PIN, and says which certificate', async () => {
    const connection = await connect();
    const inData = '{"action":"create-seal","fields":[["name","合同专用章"]]}';
    const reply = await sign(connection, inData, SOFT_CARD_PIN);
    expect(reply._args?.Result).toBe(true);
    const [signature, serial] = reply._args?.Data ?? [];
    expect(serial).toBe(legalCard.serialNumber);
    const key = new X509Certificate(legalCard.certificatePem).publicKey;
    expect(verify('sha1', Buffer.from(inData, 'utf8'), key, Buffer.from(String(signature), 'base64'))).toBe(true);
    expect(verify('sha1', Buffer.from(`${inData} `, 'utf8'), key, Buffer.from(String(signature), 'base64'))).toBe(false);
  });

  it('signs a card sign-in the server accepts', async () => {
    const connection = await connect();
    const api = new ApiClient(sandbox.url, sandbox.caCertPem);
    const der = String((await connection.call(EPORT_METHODS.getSignCertAsPem))._args?.Data[0]);
    const certificatePem = `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
    const challenge = json(await api.postJson(paths.cardChallenge, {})) as { challengeId: string; challenge: string };
    const payload = cardSigningPayload('card-login', { challengeId: challenge.challengeId, challenge: challenge.challenge });
    const signed = await sign(connection, new TextDecoder().decode(payload), SOFT_CARD_PIN);
    const value = String(signed._args?.Data[0]);
    const result = await api.postJson(paths.cardLogin, { challengeId: challenge.challengeId, signature: { algorithm: 'SHA1withRSA', certificatePem, value } });
    expect(result.status).toBe(200);
    expect(sessionSchema.parse(json(result)).user.role).toBe('legal-person');
  });

  it('counts wrong PINs down from 5, locks the card on the fifth, and unlock() lifts it', async () => {
    const connection = await connect();
    const errors: string[] = [];
    for (let attempt = 0; attempt < PIN_TRIES; attempt++) {
      const reply = await sign(connection, 'x', '00000000');
      expect(reply._args?.Result).toBe(false);
      errors.push(reply._args?.Error[0] ?? '');
    }
    expect(errors.slice(0, 4).map(triesLeftIn)).toEqual([4, 3, 2, 1]);
    for (const error of errors.slice(0, 4)) {
      expect(error).toMatch(EPORT_ERROR_PATTERNS.wrongPin);
      expect(error).not.toMatch(EPORT_ERROR_PATTERNS.locked);
    }
    expect(errors[4]).toBe(EPORT_ERRORS.locked);
    expect(errors[4]).toMatch(EPORT_ERROR_PATTERNS.locked);
    // Locked: even the right PIN is refused, and the card still says who it is.
    expect((await sign(connection, 'x', SOFT_CARD_PIN))._args).toEqual({ Result: false, Data: [], Error: ['卡已锁定,请到发卡的数据分中心解锁'] });
    expect(sandbox.cardService.cards().find((card) => card.userId === 'u_legal')).toMatchObject({ triesLeft: 0, locked: true });
    // Another card has its own counter.
    sandbox.cardService.insert('u_operator');
    expect((await sign(connection, 'x', SOFT_CARD_PIN))._args?.Result).toBe(true);
    sandbox.cardService.insert('u_legal');
    sandbox.cardService.unlock('u_legal');
    expect((await sign(connection, 'x', SOFT_CARD_PIN))._args?.Result).toBe(true);
  });

  it('resets the counter after a right PIN', async () => {
    const connection = await connect();
    expect(triesLeftIn((await sign(connection, 'x', '11111111'))._args?.Error[0] ?? '')).toBe(4);
    expect(triesLeftIn((await sign(connection, 'x', '11111111'))._args?.Error[0] ?? '')).toBe(3);
    expect((await sign(connection, 'x', SOFT_CARD_PIN))._args?.Result).toBe(true);
    expect((await sign(connection, 'x', '11111111'))._args?.Error).toEqual([EPORT_ERRORS.wrongPin(4)]);
  });

  it('answers without a card as a reader with nothing in it', async () => {
    sandbox.cardService.remove();
    const connection = await connect();
    for (const reply of [await connection.call(EPORT_METHODS.getCardId), await sign(connection, 'x', SOFT_CARD_PIN)]) {
      expect(reply._args).toEqual({ Result: false, Data: [], Error: ['未检测到电子口岸卡,请插入卡后重试'] });
    }
    sandbox.cardService.insert('u_operator');
    expect((await connection.call(EPORT_METHODS.getCardId))._args?.Data).toEqual([operatorCard.cardId]);
  });

  it('refuses unknown methods, garbage and requests without arguments, and keeps the connection', async () => {
    const connection = await connect();
    const unknown = await connection.call('cus-sec_SpcFormatDisk');
    expect(unknown._args).toMatchObject({ Result: false, Data: [] });
    expect(unknown._args?.Error[0]).toContain('cus-sec_SpcFormatDisk');
    connection.socket.send('not json {');
    expect((await connection.next())?._args).toEqual({ Result: false, Data: [], Error: [EPORT_ERRORS.badRequest] });
    connection.socket.send(JSON.stringify({ _id: 41, _method: EPORT_METHODS.signDataAsPem, args: { inData: 7 } }));
    expect(await connection.next()).toMatchObject({ _id: 41, _method: EPORT_METHODS.signDataAsPem, _args: { Result: false } });
    expect((await connection.call(EPORT_METHODS.signDataAsPem, { inData: 'x' }))._args?.Error).toEqual([EPORT_ERRORS.missingArgument('passwd')]);
    expect((await connection.call(EPORT_METHODS.getCardId))._args?.Result).toBe(true);
  });

  it('closes a connection that sends more than 1 MB', async () => {
    const connection = await connect();
    connection.socket.send(JSON.stringify({ _id: 1, _method: EPORT_METHODS.signDataAsPem, args: { inData: 'x'.repeat(1024 * 1024 + 1), passwd: SOFT_CARD_PIN } }));
    expect(await connection.closed).toBe(1009);
    // The service itself carries on.
    const again = await connect();
    expect((await again.call(EPORT_METHODS.getCardId))._args?.Result).toBe(true);
  });

  it('when unresponsive, accepts the connection and never says anything', async () => {
    sandbox.cardService.setUnresponsive(true);
    const hung = await EportConnection.open(sandbox.cardService.url);
    connections.push(hung);
    expect(await hung.next(300)).toBeNull();
    hung.socket.send(JSON.stringify({ _id: 1, _method: EPORT_METHODS.getCardId, args: {} }));
    expect(await hung.next(300)).toBeNull();
    sandbox.cardService.setUnresponsive(false);
    const fine = await connect();
    expect((await fine.call(EPORT_METHODS.getCardId))._args?.Result).toBe(true);
  });

  it('is switched over HTTPS: PUT /__sandbox/card, POST /__sandbox/card/unlock', async () => {
    const connection = await connect();
    expect((await control('/card', 'PUT', { userId: 'u_operator' })).status).toBe(200);
    expect((await connection.call(EPORT_METHODS.getCardId))._args?.Data).toEqual([operatorCard.cardId]);
    const removed = await control('/card', 'PUT', { userId: null });
    expect(json(removed)).toMatchObject({ inserted: null });
    expect((await connection.call(EPORT_METHODS.getCardId))._args?.Result).toBe(false);
    const unknown = await control('/card', 'PUT', { userId: 'u_demo' });
    expect(unknown.status).toBe(404);
    expect(apiErrorSchema.parse(json(unknown)).error.code).toBe('NOT_FOUND');

    sandbox.cardService.insert('u_legal');
    for (let attempt = 0; attempt < PIN_TRIES; attempt++) await sign(connection, 'x', '00000000');
    expect((await sign(connection, 'x', SOFT_CARD_PIN))._args?.Error).toEqual([EPORT_ERRORS.locked]);
    expect((await control('/card/unlock', 'POST', { userId: 'u_legal' })).status).toBe(200);
    expect((await sign(connection, 'x', SOFT_CARD_PIN))._args?.Result).toBe(true);
    expect((await control('/card/unresponsive', 'PUT', { unresponsive: true })).status).toBe(200);
    expect(sandbox.cardService.isUnresponsive()).toBe(true);
  });
});
