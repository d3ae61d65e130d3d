// 卡介质登录 on the sandbox: signatures made by node:crypto with the soft cards' keys
// (opened from their PKCS#12 files with the PIN), every refusal, and the session role.

import { createPrivateKey, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiErrorSchema, cardChallengeSchema, cardSigningPayload, currentSessionSchema, paths, sessionSchema, type CardSignature,
} from '../../main/net/contract';
import { ensureSoftCard, signWithSoftCard } from './cards';
import { CARD_CHALLENGE_TTL_MS, CARD_LOGIN_REFUSALS, DEMO_ENTERPRISE, SOFT_CARD_PIN, startSandbox, type Sandbox, type SoftCard } from './server';
import { ApiClient, json, manualClock, tempDir, type HttpResult } from './test-client';
import { ensureTls } from './tls';

const START = '2026-11-20T02:00:00.000Z';

function expectRefused(result: HttpResult, message: string): void {
  expect(result.status).toBe(401);
  expect(apiErrorSchema.parse(json(result)).error).toEqual({ code: 'BAD_CREDENTIALS', message });
}

describe('card sign-in (卡介质登录)', () => {
  const dir = tempDir('sandbox-card-login');
  const foreignDir = tempDir('sandbox-card-login-foreign');
  const clock = manualClock(START);
  let sandbox: Sandbox;
  let legalCard: SoftCard;
  let operatorCard: SoftCard;
  const client = (): ApiClient => new ApiClient(sandbox.url, sandbox.caCertPem);
  const signedBy = (card: SoftCard, algorithm: CardSignature['algorithm'] = 'SHA256withRSA') => (payload: Uint8Array) =>
    signWithSoftCard(card.p12Path, SOFT_CARD_PIN, payload, algorithm);

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 7, certificateCount: 30, clock: clock.now, tickIntervalMs: 0 });
    legalCard = sandbox.softCards.get('u_legal')!;
    operatorCard = sandbox.softCards.get('u_operator')!;
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
    foreignDir.remove();
  });

  it('signs in with the legal-person card: the session has the card role, and GET /session describes it', async () => {
    const api = client();
    const result = await api.cardLogin(signedBy(legalCard));
    expect(result.status).toBe(200);
    const session = sessionSchema.parse(json(result));
    expect(session.user).toEqual({ userId: 'u_legal', name: '王建国', role: 'legal-person', enterpriseCode: DEMO_ENTERPRISE.code, enterpriseName: DEMO_ENTERPRISE.nameCn });
    const current = currentSessionSchema.parse(await api.getJson(paths.session));
    expect(current).toEqual({ expiresAt: session.expiresAt, user: session.user });
    expect(Date.parse(current.expiresAt) - clock.now().getTime()).toBe(8 * 3600 * 1000);
  });

  it('takes SHA1withRSA, as the e-port control signs, and gives the operator card its own role', async () => {
    const session = await client().loginWithCard(operatorCard, 'SHA1withRSA');
    expect(session.user).toMatchObject({ userId: 'u_operator', name: '李强', role: 'operator' });
  });

  it('gives a password sign-in role password, also for the legal person', async () => {
    const api = client();
    expect((await api.login('legal', 'legal123')).user.role).toBe('password');
    expect(currentSessionSchema.parse(await api.getJson(paths.session)).user.role).toBe('password');
  });

  it('answers GET /session only for a live token', async () => {
    const anonymous = client();
    const missing = await anonymous.raw(paths.session);
    expect(missing.status).toBe(401);
    expect(apiErrorSchema.parse(json(missing)).error.code).toBe('UNAUTHENTICATED');
    const api = client();
    await api.login('demo', 'demo123');
    expect((await api.raw(paths.session, { method: 'DELETE' })).status).toBe(204);
    expect((await api.raw(paths.session)).status).toBe(401);
  });

  it('hands out one-time challenges of 32 random bytes that expire after 120 s', async () => {
    const api = client();
    const first = cardChallengeSchema.parse(json(await api.postJson(paths.cardChallenge, {})));
    const second = cardChallengeSchema.parse(json(await api.postJson(paths.cardChallenge, {})));
    expect(Buffer.from(first.challenge, 'base64')).toHaveLength(32);
    expect(first.challenge).not.toBe(second.challenge);
    expect(first.challengeId).not.toBe(second.challengeId);
    expect(Date.parse(first.expiresAt) - clock.now().getTime()).toBe(CARD_CHALLENGE_TTL_MS);
    expect((await api.postJson(paths.cardChallenge, { extra: 1 })).status).toBe(400);
    const malformed = await api.postJson(paths.cardLogin, { challengeId: first.challengeId, signature: { algorithm: 'MD5withRSA' } });
    expect(malformed.status).toBe(400);
    expect(apiErrorSchema.parse(json(malformed)).error.code).toBe('VALIDATION');
  });

  it('refuses a challenge used once already, whether that attempt succeeded or failed', async () => {
    const api = client();
    let replay: { challengeId: string; signature: CardSignature } | null = null;
    expect((await api.cardLogin((payload, challenge) => {
      const signature = signedBy(legalCard)(payload);
      replay = { challengeId: challenge.challengeId, signature };
      return signature;
    })).status).toBe(200);
    expectRefused(await client().postJson(paths.cardLogin, replay), CARD_LOGIN_REFUSALS.challenge);

    // A failed attempt uses the challenge up too: the right signature afterwards is refused.
    const challenge = cardChallengeSchema.parse(json(await api.postJson(paths.cardChallenge, {})));
    const payload = cardSigningPayload('card-login', { challengeId: challenge.challengeId, challenge: challenge.challenge });
    const wrong = signWithSoftCard(legalCard.p12Path, SOFT_CARD_PIN, new TextEncoder().encode('something else'), 'SHA256withRSA');
    expectRefused(await api.postJson(paths.cardLogin, { challengeId: challenge.challengeId, signature: wrong }), CARD_LOGIN_REFUSALS.signature);
    const right = signedBy(legalCard)(payload);
    expectRefused(await api.postJson(paths.cardLogin, { challengeId: challenge.challengeId, signature: right }), CARD_LOGIN_REFUSALS.challenge);
    expectRefused(await api.postJson(paths.cardLogin, { challengeId: 'ch_never_issued', signature: right }), CARD_LOGIN_REFUSALS.challenge);
  });

  it('refuses an expired challenge (sandbox clock)', async () => {
    const result = await client().cardLogin((payload) => {
      clock.advance(CARD_CHALLENGE_TTL_MS);
      return signedBy(legalCard)(payload);
    });
    expectRefused(result, CARD_LOGIN_REFUSALS.challenge);
  });

  it('refuses a signature over anything but the challenge, or made with another algorithm than declared', async () => {
    expectRefused(await client().cardLogin(() => signedBy(legalCard)(new TextEncoder().encode('{"action":"card-login"}'))), CARD_LOGIN_REFUSALS.signature);
    const declaredWrong = await client().cardLogin((payload) => ({ ...signedBy(legalCard, 'SHA1withRSA')(payload), algorithm: 'SHA256withRSA' }));
    expectRefused(declaredWrong, CARD_LOGIN_REFUSALS.signature);
    // Signed by the operator's key, presented with the legal person's certificate.
    const swapped = await client().cardLogin((payload) => ({ ...signedBy(operatorCard)(payload), certificatePem: legalCard.certificatePem }));
    expectRefused(swapped, CARD_LOGIN_REFUSALS.signature);
  });

  it('refuses a foreign self-signed certificate and anything that is not a certificate', async () => {
    const foreign = ensureTls(foreignDir.path, new Date());
    const selfSigned = await client().cardLogin((payload) => ({
      algorithm: 'SHA256withRSA',
      certificatePem: foreign.caCertPem,
      value: sign('sha256', payload, createPrivateKey(foreign.caKeyPem)).toString('base64'),
    }));
    expectRefused(selfSigned, CARD_LOGIN_REFUSALS.certificate);
    const garbage = await client().cardLogin((payload) => ({ ...signedBy(legalCard)(payload), certificatePem: `-----BEGIN CERTIFICATE-----\n${'A'.repeat(120)}\n-----END CERTIFICATE-----` }));
    expectRefused(garbage, CARD_LOGIN_REFUSALS.certificate);
  });

  it('refuses a card the sandbox CA issued but nobody registered', async () => {
    // The same CA (ensureTls reuses the sandbox's), a card for a holder the server does not know.
    const tls = ensureTls(dir.path, new Date());
    const stranger = ensureSoftCard(foreignDir.path, { certPem: tls.caCertPem, keyPem: tls.caKeyPem }, { userId: 'u_stranger', name: '路人甲', enterpriseCode: DEMO_ENTERPRISE.code });
    expectRefused(await client().cardLogin(signedBy(stranger)), CARD_LOGIN_REFUSALS.unregistered);
  });

  it('refuses a card certificate that has expired by the sandbox clock', async () => {
    clock.advance(Date.parse('2029-01-02T00:00:00Z') - clock.now().getTime());
    expectRefused(await client().cardLogin(signedBy(legalCard)), CARD_LOGIN_REFUSALS.certificate);
  });
});
