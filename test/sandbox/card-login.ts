// 卡介质登录 on the customs side: a one-time challenge, signed by the card after its PIN
// (cardSigningPayload('card-login', …)), verified against a certificate the sandbox CA
// issued and registered to a user. The session gets the card's role. Every failure is
// 401 BAD_CREDENTIALS with the reason in Chinese, and a challenge is good for exactly one
// attempt, successful or not, so a captured signature cannot be replayed.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { cardChallengeRequestSchema, cardLoginRequestSchema, cardSigningPayload, type CardChallenge } from '../../main/net/contract';
import { cardSignatureVerifies, parseCertificate } from './cards';
import { ApiFailure, jsonReply, readJsonBody, type Reply } from './http';
import { parse, startSession, type ApiContext } from './routes';

export const CARD_CHALLENGE_TTL_MS = 120_000;

export const CARD_LOGIN_REFUSALS = {
  challenge: '登录已失效,请重新登录',
  certificate: '电子口岸卡证书无效或已过期',
  unregistered: '该卡未在单一窗口注册',
  signature: '卡签名校验失败',
} as const;

/** Open challenges, in memory: they live two minutes, so a restart losing them only means signing in again. */
export class CardChallenges {
  private readonly open = new Map<string, { challenge: string; expiresAt: number }>();

  issue(nowMs: number): CardChallenge {
    for (const [id, entry] of this.open) if (entry.expiresAt <= nowMs) this.open.delete(id);
    const challengeId = `ch_${randomBytes(16).toString('base64url')}`;
    const entry = { challenge: randomBytes(32).toString('base64'), expiresAt: nowMs + CARD_CHALLENGE_TTL_MS };
    this.open.set(challengeId, entry);
    return { challengeId, challenge: entry.challenge, expiresAt: new Date(entry.expiresAt).toISOString() };
  }

  /** Removes the challenge and returns it if it was still valid. */
  take(challengeId: string, nowMs: number): string | null {
    const entry = this.open.get(challengeId);
    this.open.delete(challengeId);
    return entry && nowMs < entry.expiresAt ? entry.challenge : null;
  }
}

export async function cardChallenge(ctx: ApiContext, req: IncomingMessage): Promise<Reply> {
  parse(cardChallengeRequestSchema, await readJsonBody(req));
  return jsonReply(200, ctx.challenges.issue(ctx.clock().getTime()));
}

function refuse(message: string): never {
  throw new ApiFailure(401, 'BAD_CREDENTIALS', message);
}

export async function cardLogin(ctx: ApiContext, req: IncomingMessage): Promise<Reply> {
  const body = parse(cardLoginRequestSchema, await readJsonBody(req));
  const now = ctx.clock();
  const challenge = ctx.challenges.take(body.challengeId, now.getTime()) ?? refuse(CARD_LOGIN_REFUSALS.challenge);
  const certificate = parseCertificate(body.signature.certificatePem);
  if (!certificate || !ctx.cards.issued(certificate, now)) refuse(CARD_LOGIN_REFUSALS.certificate);
  const card = ctx.cards.byCertificate(certificate) ?? refuse(CARD_LOGIN_REFUSALS.unregistered);
  const payload = cardSigningPayload('card-login', { challengeId: body.challengeId, challenge });
  if (!cardSignatureVerifies(body.signature, payload, certificate)) refuse(CARD_LOGIN_REFUSALS.signature);
  const user = ctx.store.userById(card.userId) ?? refuse(CARD_LOGIN_REFUSALS.unregistered);
  return startSession(ctx, user, card.role);
}
