// A small real HTTPS client for the sandbox's own tests: node:https with the sandbox CA,
// no connection reuse (so an injected fault on one request cannot leak into the next).

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  API_PREFIX, IDEMPOTENCY_HEADER, cardChallengeSchema, cardSigningPayload, paths, sessionSchema,
  type CardChallenge, type CardSignature, type SessionDto,
} from '../../main/net/contract';
import { SOFT_CARD_PIN, signWithSoftCard, type SoftCard } from './cards';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The CA to trust; undefined means Node's default trust store only. */
  ca?: string;
}

/** Rejects on any transport failure, including a response that ends before its content-length. */
export function httpsRequest(url: string, options: RequestOptions = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const declared = res.headers['content-length'];
        if (declared !== undefined && Number(declared) !== body.length) {
          reject(new Error(`truncated: got ${body.length} of ${declared} bytes`));
          return;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function json(result: HttpResult): unknown {
  return JSON.parse(result.body.toString('utf8')) as unknown;
}

export class ApiClient {
  token: string | null = null;

  constructor(
    readonly baseUrl: string,
    readonly ca: string,
  ) {}

  raw(path: string, options: Omit<RequestOptions, 'ca'> = {}): Promise<HttpResult> {
    const headers: Record<string, string> = { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...options.headers };
    return httpsRequest(this.baseUrl + path, { ...options, headers, ca: this.ca });
  }

  async login(username: string, password: string): Promise<SessionDto> {
    const result = await this.postJson(`${API_PREFIX}/session/password`, { username, password });
    if (result.status !== 200) throw new Error(`login failed: ${result.status} ${result.body.toString()}`);
    const session = sessionSchema.parse(json(result));
    this.token = session.token;
    return session;
  }

  /**
   * 卡介质登录 as the client does it: a challenge, the card's signature over the
   * contract's payload, the sign-in. Answers the raw result so tests can check refusals;
   * a success becomes this client's session.
   */
  async cardLogin(signPayload: (payload: Uint8Array, challenge: CardChallenge) => CardSignature): Promise<HttpResult> {
    const issued = await this.postJson(paths.cardChallenge, {});
    if (issued.status !== 200) throw new Error(`card challenge failed: ${issued.status} ${issued.body.toString()}`);
    const challenge = cardChallengeSchema.parse(json(issued));
    const payload = cardSigningPayload('card-login', { challengeId: challenge.challengeId, challenge: challenge.challenge });
    const result = await this.postJson(paths.cardLogin, { challengeId: challenge.challengeId, signature: signPayload(payload, challenge) });
    if (result.status === 200) this.token = sessionSchema.parse(json(result)).token;
    return result;
  }

  /** Signs in with a soft card (right PIN); throws unless it succeeds. */
  async loginWithCard(card: SoftCard, algorithm: CardSignature['algorithm'] = 'SHA256withRSA'): Promise<SessionDto> {
    const result = await this.cardLogin((payload) => signWithSoftCard(card.p12Path, SOFT_CARD_PIN, payload, algorithm));
    if (result.status !== 200) throw new Error(`card login failed: ${result.status} ${result.body.toString()}`);
    return sessionSchema.parse(json(result));
  }

  /** GET a JSON answer; throws unless it is 200. */
  async getJson(path: string): Promise<unknown> {
    const result = await this.raw(path);
    if (result.status !== 200) throw new Error(`GET ${path} failed: ${result.status} ${result.body.toString()}`);
    return json(result);
  }

  postJson(path: string, body: unknown, idempotencyKey?: string): Promise<HttpResult> {
    return this.raw(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(idempotencyKey ? { [IDEMPOTENCY_HEADER]: idempotencyKey } : {}) },
      body: JSON.stringify(body),
    });
  }

  /** A write with a fresh idempotency key. */
  write(path: string, body: unknown): Promise<HttpResult> {
    return this.postJson(path, body, randomUUID());
  }
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A clock tests move by hand. */
export function manualClock(start: string): { now: () => Date; advance(ms: number): void } {
  let ms = Date.parse(start);
  return { now: () => new Date(ms), advance: (by) => (ms += by) };
}
