// 印章签名授权 and 代理打印授权 below the UI: the app's services against the real
// sandbox over HTTPS, with a real cache. The clock that counts the 120 s is injected.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/log/logger';
import type { ApiClient } from '../../main/net/client';
import { cardSigningPayload } from '../../main/net/contract';
import { AuthorizationService, RESULT_COUNTDOWN_MS } from '../../main/services/authorization/authorization-service';
import { ProxyService } from '../../main/services/authorization/proxy-service';
import { SoftCardProvider } from '../../main/services/card/soft-card';
import type { Profile } from '../../main/services/session/session-service';
import { AGENT_ENTERPRISE, DEMO_ENTERPRISE, SOFT_CARD_PIN, startSandbox, type Sandbox } from '../sandbox/server';
import { markPng, sealRequest, signatureRequest } from '../sandbox/test-marks';
import { openTestProfile, removeTestProfiles, testApi } from '../support/app-services';

let sandbox: Sandbox;
let dir: string;
let api: ApiClient;
let profile: Profile;
let proxy: ProxyService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'co-authorization-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), seed: 4, certificateCount: 60, tickIntervalMs: 0 });
  sandbox.control.setReceiptFaults({ failureRate: 0 });
  api = testApi(sandbox.url, sandbox.caCertPem);
  // 卡介质登录 as the app does it: the card signs the server's challenge.
  const card = new SoftCardProvider(sandbox.softCards.get('u_legal')?.p12Path ?? '');
  const { challengeId, challenge } = await api.cardChallenge();
  const session = await api.cardLogin({ challengeId, signature: await card.sign(cardSigningPayload('card-login', { challengeId, challenge }), SOFT_CARD_PIN) });
  expect(session.user.role).toBe('legal-person');
  api.setToken(session.token);
  profile = openTestProfile();
  proxy = new ProxyService({ api, profile: () => profile, log: silentLogger });
});

afterAll(async () => {
  await profile?.db.close();
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
  removeTestProfiles();
});

describe('AuthorizationService', () => {
  it('authorizes the defaults, opens 授权结果 120 s after 授权 on this workstation’s clock, and follows the receipts into the cache', async () => {
    const legal = sandbox.softCards.get('u_legal');
    if (!legal) throw new Error('no legal-person card');
    const seal = await api.createSeal(sealRequest(legal, await markPng('seal')));
    const signature = await api.createSignature(signatureRequest(legal, await markPng('signature')));
    // A first authorization: the demo enterprise's seeded history is wiped.
    sandbox.control.setSelfPrintSince(DEMO_ENTERPRISE.code, null);
    let now = Date.parse('2026-12-01T08:00:00Z');
    const service = new AuthorizationService({ api, profile: () => profile, refreshAuthorizations: (p) => proxy.refresh(p), log: silentLogger, now: () => new Date(now) });

    await expect(service.submit()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('默认印章') });
    await service.setDefault('seal', seal.sealId);
    await service.setDefault('signature', signature.signatureId);
    const submitted = await service.submit();
    expect(submitted).toMatchObject({ sealName: seal.name, signatureName: signature.name, sealReceipt: { status: 'pending' }, signatureReceipt: { status: 'pending' } });
    expect(Date.parse(submitted.resultAvailableAt)).toBe(now + RESULT_COUNTDOWN_MS);

    // Later, another instance (a restart) still counts from the moment 授权 was pressed here.
    now += 30_000;
    const restarted = new AuthorizationService({ api, profile: () => profile, refreshAuthorizations: (p) => proxy.refresh(p), log: silentLogger, now: () => new Date(now) });
    const pending = await restarted.state();
    expect(pending.latest?.resultAvailableAt).toBe(submitted.resultAvailableAt);
    expect(pending.selfPrintSince).toBeNull();
    const [own] = sandbox.control.insertCertificates([{}]);
    await profile.db.call('upsertCertificates', [own!]);
    expect(await profile.db.call('certificateSelfPrint', own!.certificateId)).toBe('not-authorized');

    expect(sandbox.control.deliverReceipts()).toBe(2);
    const inForce = await restarted.state();
    expect(inForce.latest).toMatchObject({ sealReceipt: { status: 'received', message: '接收成功' }, signatureReceipt: { status: 'received' } });
    expect(inForce.selfPrintSince).not.toBeNull();
    // The cache learnt it with the state: the certificate approved before the receipt is now flagged as such.
    expect(await profile.db.call('certificateSelfPrint', own!.certificateId)).toBe('approved-before-authorization');
  });
});

describe('ProxyService', () => {
  it('checks a code before asking the server, and says plainly when no enterprise has it', async () => {
    await expect(proxy.lookup('91330201MA2H3XK7Q1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('校验位') });
    await expect(proxy.lookup('12345')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('18 位') });
    await expect(proxy.lookup('9999ABCDEF')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('未找到该企业') });
    await expect(proxy.lookup(` ${AGENT_ENTERPRISE.code.toLowerCase()} `)).resolves.toMatchObject({ code: AGENT_ENTERPRISE.code, name: AGENT_ENTERPRISE.nameCn });
    await expect(proxy.lookup(AGENT_ENTERPRISE.customsCode)).resolves.toMatchObject({ code: AGENT_ENTERPRISE.code });
  });

  it('grants once, refuses a second grant in force, revokes', async () => {
    const grant = await proxy.grant(AGENT_ENTERPRISE.code);
    expect(grant).toMatchObject({ agent: { code: AGENT_ENTERPRISE.code }, revokedAt: null });
    await expect(proxy.grant(AGENT_ENTERPRISE.customsCode)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('无需重复授权') });
    expect((await proxy.grants()).map((g) => g.grantId)).toContain(grant.grantId);
    await expect(proxy.revoke(grant.grantId)).resolves.toMatchObject({ grantId: grant.grantId, revokedAt: expect.any(String) });
  });

  it('shows the principals from the server, and from the cache when the server cannot be reached', async () => {
    const online = await proxy.principals();
    expect(online.length).toBeGreaterThan(100);
    sandbox.control.setFaults({ errorRate: 1 });
    try {
      await expect(proxy.principals()).resolves.toEqual(online);
    } finally {
      sandbox.control.clearFaults();
    }
  });
});
