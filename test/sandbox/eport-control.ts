// A stand-in for the e-port client control's local signing service (中国电子口岸客户端
// 控件): a real websocket server on 127.0.0.1 speaking main/services/card/eport-protocol.ts,
// with the sandbox's soft cards as the cards. It behaves like a reader with a card in it:
// one card inserted at a time, the PIN checked by the card itself (the PKCS#12 file opens
// only with it), 5 tries and then the card locks until it is unlocked (at the 数据分中心,
// here: unlock()). `unresponsive` accepts connections and never says anything, for the
// client's timeouts.

import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppFailure } from '../../main/core/errors';
import {
  EPORT_METHODS, EPORT_OPEN_METHOD, eportRequestSchema, type EportArgs, type EportReply, type EportRequest,
} from '../../main/services/card/eport-protocol';
import { signWithSoftCard, type SoftCard } from './cards';

export const PIN_TRIES = 5;
/** The service refuses larger messages (ws closes the connection with 1009). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export const EPORT_ERRORS = {
  noCard: '未检测到电子口岸卡,请插入卡后重试',
  locked: '卡已锁定,请到发卡的数据分中心解锁',
  wrongPin: (triesLeft: number) => `卡密码(口令)错误,还可尝试 ${triesLeft} 次`,
  unreadable: '电子口岸卡无法读取',
  unknownMethod: (method: string) => `不支持的方法: ${method}`,
  badRequest: '请求格式错误,无法解析',
  missingArgument: (name: string) => `缺少参数 ${name}`,
} as const;

export interface CardState {
  userId: string;
  cardId: string;
  triesLeft: number;
  locked: boolean;
}

/** What tests and the control endpoints can do with the stand-in. */
export interface EportControl {
  /** ws://127.0.0.1:PORT */
  readonly url: string;
  /** Puts this user's card in the reader (taking out whatever was there). */
  insert(userId: string): void;
  remove(): void;
  /** The user whose card is in the reader, or null. */
  inserted(): string | null;
  /** Resets the card's PIN tries to 5 and lifts a lock. */
  unlock(userId: string): void;
  /** When on, connections are accepted and then nothing is ever sent (not even the open greeting) and nothing is read. */
  setUnresponsive(unresponsive: boolean): void;
  isUnresponsive(): boolean;
  cards(): CardState[];
  close(): Promise<void>;
}

const ok = (data: unknown[]): EportArgs => ({ Result: true, Data: data, Error: [] });
const fail = (error: string): EportArgs => ({ Result: false, Data: [], Error: [error] });

/** `_id` and `_method` of a message that did not pass the schema, to answer it as closely as possible. */
function looseHeader(text: string): { _id: number; _method: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object') {
      const { _id, _method } = value as Record<string, unknown>;
      return { _id: typeof _id === 'number' ? _id : 0, _method: typeof _method === 'string' ? _method.slice(0, 100) : '' };
    }
  } catch {
    // Not JSON at all.
  }
  return { _id: 0, _method: '' };
}

export async function startEportControl(options: {
  cards: ReadonlyMap<string, SoftCard>;
  /** The card in the reader at start; null for none. */
  insertedUserId: string | null;
  port?: number;
  log?: (line: string) => void;
}): Promise<EportControl> {
  const log = options.log ?? (() => undefined);
  const tries = new Map([...options.cards.keys()].map((userId) => [userId, PIN_TRIES]));
  let inserted = options.insertedUserId;
  let unresponsive = false;

  const cardOf = (userId: string): SoftCard => {
    const card = options.cards.get(userId);
    if (!card) throw new Error(`user ${userId} has no e-port card`);
    return card;
  };

  const signData = (card: SoftCard, args: Record<string, string>): EportArgs => {
    const inData = args.inData;
    const passwd = args.passwd;
    if (inData === undefined) return fail(EPORT_ERRORS.missingArgument('inData'));
    if (passwd === undefined) return fail(EPORT_ERRORS.missingArgument('passwd'));
    const left = tries.get(card.userId) ?? 0;
    if (left <= 0) return fail(EPORT_ERRORS.locked);
    let signature: string;
    try {
      // cus-sec_SpcSignDataAsPEM: SHA1withRSA over the UTF-8 bytes of inData.
      signature = signWithSoftCard(card.p12Path, passwd, Buffer.from(inData, 'utf8'), 'SHA1withRSA').value;
    } catch (error) {
      if (!(error instanceof AppFailure) || error.code !== 'WRONG_PIN') return fail(EPORT_ERRORS.unreadable);
      tries.set(card.userId, left - 1);
      // The try that uses up the last one locks the card; the answer says so.
      return fail(left - 1 <= 0 ? EPORT_ERRORS.locked : EPORT_ERRORS.wrongPin(left - 1));
    }
    tries.set(card.userId, PIN_TRIES);
    return ok([signature, card.serialNumber]);
  };

  const answer = (request: EportRequest): EportArgs => {
    const known = Object.values(EPORT_METHODS) as string[];
    if (!known.includes(request._method)) return fail(EPORT_ERRORS.unknownMethod(request._method));
    if (inserted === null) return fail(EPORT_ERRORS.noCard);
    const card = cardOf(inserted);
    switch (request._method) {
      case EPORT_METHODS.getCardId:
        return ok([card.cardId]);
      case EPORT_METHODS.getSignCertAsPem:
        // Base64 DER without PEM armour, as the control sends it.
        return ok([new X509Certificate(card.certificatePem).raw.toString('base64')]);
      default:
        return signData(card, request.args);
    }
  };

  const reply = (socket: WebSocket, message: EportReply): void => socket.send(JSON.stringify(message));

  const server = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0, maxPayload: MAX_MESSAGE_BYTES });
  server.on('connection', (socket) => {
    socket.on('error', (error) => log(`[eport] socket error: ${error.message}`));
    if (!unresponsive) reply(socket, { _id: 0, _method: EPORT_OPEN_METHOD, _status: '00', _args: ok([]) });
    socket.on('message', (data) => {
      // Not even read: a hung control takes no PIN tries either.
      if (unresponsive) return;
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const request = eportRequestSchema.safeParse(parsed);
      if (!request.success) {
        reply(socket, { ...looseHeader(text), _status: '00', _args: fail(EPORT_ERRORS.badRequest) });
        return;
      }
      reply(socket, { _id: request.data._id, _method: request.data._method, _status: '00', _args: answer(request.data) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `ws://127.0.0.1:${port}`,
    insert(userId) {
      cardOf(userId);
      inserted = userId;
    },
    remove() {
      inserted = null;
    },
    inserted: () => inserted,
    unlock(userId) {
      cardOf(userId);
      tries.set(userId, PIN_TRIES);
    },
    setUnresponsive(value) {
      unresponsive = value;
    },
    isUnresponsive: () => unresponsive,
    cards: () =>
      [...options.cards.values()].map((card) => {
        const left = tries.get(card.userId) ?? 0;
        return { userId: card.userId, cardId: card.cardId, triesLeft: left, locked: left <= 0 };
      }),
    async close() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
