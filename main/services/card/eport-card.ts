// The production card provider: the e-port client control's local signing service
// (eport-protocol.ts). Each operation opens its own connection, waits for the
// service's greeting, asks, and closes: the control is a separate program the user
// may start, stop or update at any time, so nothing is kept open between calls.
// The PIN travels only over loopback to the control, once per signature.

import WebSocket from 'ws';
import type { CardInfo } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import type { CardSignature } from '../../net/contract';
import type { CardProvider } from './card-provider';
import {
  EPORT_ERROR_PATTERNS,
  EPORT_METHODS,
  EPORT_OPEN_METHOD,
  eportReplySchema,
  triesLeftIn,
  type EportArgs,
  type EportMethod,
} from './eport-protocol';
import { describeCertificatePem } from './soft-card';

export interface EportCardOptions {
  /** ws://127.0.0.1:61232 in production; the sandbox stand-in's URL in development and tests. */
  url: string;
  /** How long one operation may take, connection included. A PIN check on a real card takes a second or two. */
  timeoutMs?: number;
}

const NOT_RUNNING = '未检测到中国电子口岸客户端控件,请安装(1.5.15 及以上版本)并启动后重试。';
const MAX_MESSAGE_BYTES = 1024 * 1024;

export class EportCardProvider implements CardProvider {
  private readonly url: string;
  private nextId = 1;

  constructor(private readonly options: EportCardOptions) {
    this.url = loopbackUrl(options.url);
  }

  async read(): Promise<CardInfo> {
    const [cardId] = await this.call(EPORT_METHODS.getCardId, {});
    const certificatePem = await this.certificate();
    if (typeof cardId !== 'string' || cardId === '') throw unavailable('电子口岸卡没有返回卡号。');
    return { cardId, ...describeCertificatePem(certificatePem) };
  }

  async sign(data: Uint8Array, pin: string): Promise<CardSignature> {
    // The control signs text; every payload the app signs is UTF-8 JSON (cardSigningPayload).
    const inData = new TextDecoder('utf-8', { fatal: true }).decode(data);
    const [value] = await this.call(EPORT_METHODS.signDataAsPem, { inData, passwd: pin });
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/\r\n]+={0,2}$/.test(value)) throw unavailable('电子口岸卡返回的签名无法识别。');
    return { algorithm: 'SHA1withRSA', certificatePem: await this.certificate(), value: value.replace(/\s+/g, '') };
  }

  private async certificate(): Promise<string> {
    const [body] = await this.call(EPORT_METHODS.getSignCertAsPem, {});
    if (typeof body !== 'string') throw unavailable('电子口岸卡没有返回签名证书。');
    const pem = toPem(body);
    try {
      describeCertificatePem(pem);
    } catch (error) {
      throw unavailable('电子口岸卡返回的签名证书无法识别。', error);
    }
    return pem;
  }

  /** One request on its own connection; resolves with Data of a successful answer. */
  private call(method: EportMethod, args: Record<string, string>): Promise<unknown[]> {
    const id = this.nextId++;
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    return new Promise<unknown[]>((resolve, reject) => {
      const socket = new WebSocket(this.url, { handshakeTimeout: timeoutMs, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, followRedirects: false });
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners();
        // The socket may still be connecting; an error after this point is nobody's business.
        socket.on('error', () => undefined);
        socket.terminate();
        outcome();
      };
      const timer = setTimeout(() => finish(() => reject(unavailable('中国电子口岸客户端控件没有响应,请重启控件后重试。'))), timeoutMs);
      socket.on('error', (error) => finish(() => reject(unavailable(NOT_RUNNING, error))));
      socket.on('close', () => finish(() => reject(unavailable(NOT_RUNNING))));
      socket.on('message', (raw, isBinary) => {
        const reply = parseReply(isBinary ? null : raw.toString());
        if (!reply) return finish(() => reject(unavailable('中国电子口岸客户端控件返回了无法识别的数据。')));
        // Some versions greet first, some answer straight away; a greeting is only ever 'open'.
        if (reply._method === EPORT_OPEN_METHOD) return;
        if (reply._method !== method || (reply._id !== undefined && Number(reply._id) !== id)) return;
        const replyArgs = reply._args;
        if (!replyArgs) return finish(() => reject(unavailable('中国电子口岸客户端控件返回了无法识别的数据。')));
        finish(() => (replyArgs.Result ? resolve(replyArgs.Data) : reject(refusal(replyArgs))));
      });
      socket.on('open', () => socket.send(JSON.stringify({ _id: id, _method: method, args })));
    });
  }
}

function parseReply(text: string | null): ReturnType<typeof eportReplySchema.parse> | null {
  if (text === null) return null;
  try {
    const parsed = eportReplySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A refusal by the card, in the words of the control where they say more than ours. */
function refusal(args: EportArgs): AppFailure {
  const text = args.Error.join(' ').trim();
  if (EPORT_ERROR_PATTERNS.locked.test(text)) {
    return new AppFailure('CARD_LOCKED', '电子口岸卡已锁定(卡密码错误次数过多),请到发卡的数据分中心解锁后再登录。');
  }
  if (EPORT_ERROR_PATTERNS.wrongPin.test(text)) {
    const left = triesLeftIn(text);
    return new AppFailure('WRONG_PIN', left === null ? '卡密码错误,请重新输入。' : `卡密码错误,还可尝试 ${left} 次,多次输错将锁卡。`);
  }
  return unavailable(text === '' ? '电子口岸卡无法完成操作,请检查读卡器和卡。' : `电子口岸卡无法完成操作:${text.slice(0, 200)}`);
}

function unavailable(message: string, cause?: unknown): AppFailure {
  return new AppFailure('CARD_UNAVAILABLE', message, { cause });
}

function toPem(body: string): string {
  if (body.includes('-----BEGIN CERTIFICATE-----')) return body;
  const base64 = body.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
}

/**
 * The service must be on this machine: the PIN goes to it. The address is parsed and
 * its host compared exactly (never a substring test), and only ws: is accepted.
 */
export function loopbackUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`the card service address is not a URL: ${value}`);
  }
  if (url.protocol !== 'ws:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`the card service must be a ws:// address on this machine: ${value}`);
  }
  return url.toString();
}
