// 默认印章 / 默认签名 and 印章签名授权 on the sandbox: who may set and authorize, the
// receipts arriving later on the sandbox clock, failed receipts, and selfPrintSince
// deciding which certificates can be self-printed.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  apiErrorSchema, authorizationPaths, authorizationSchema, authorizationStateSchema, markPaths, paths, printResponseSchema, sealSchema,
  signatureSchema, type AuthorizationDto, type AuthorizationStateDto, type CertificateDto, type SealDto, type SignatureDto,
} from '../../main/net/contract';
import {
  AGENT_ENTERPRISE, CONTROL_TOKEN_HEADER, DEMO_ENTERPRISE, SELF_PRINT_REFUSALS, startSandbox, type Sandbox, type SoftCard,
} from './server';
import { ApiClient, httpsRequest, json, manualClock, tempDir, type HttpResult } from './test-client';
import { markPng, sealRequest, signatureRequest } from './test-marks';

const refusal = (result: HttpResult) => ({ status: result.status, ...apiErrorSchema.parse(json(result)).error });
const SEAL_FAILURES = ['印章图片与企业备案信息不一致,请重新制作印章后授权', '印章图片不清晰或不完整,请重新扫描制作印章后授权'];
const SIGNATURE_FAILURES = ['申报员签名未通过审核,请重新制作签名后授权', '申报员备案信息已失效,请更新申报员信息后重新授权'];

describe('印章签名授权', () => {
  const dir = tempDir('sandbox-authorization');
  const clock = manualClock('2026-11-20T02:00:00.000Z');
  let sandbox: Sandbox;
  let legalCard: SoftCard;
  let legal: ApiClient;
  let sealPng: Buffer;
  let signaturePng: Buffer;
  let defaultSeal: SealDto;
  let defaultSignature: SignatureDto;

  const state = async (client = legal): Promise<AuthorizationStateDto> => authorizationStateSchema.parse(await client.getJson(authorizationPaths.state));
  const newSeal = async (name = '原产地证专用章'): Promise<SealDto> => {
    const result = await legal.write(markPaths.seals, sealRequest(legalCard, sealPng, { name }));
    expect(result.status).toBe(201);
    return sealSchema.parse(json(result));
  };
  const newSignature = async (): Promise<SignatureDto> => {
    const result = await legal.write(markPaths.signatures, signatureRequest(legalCard, signaturePng));
    expect(result.status).toBe(201);
    return signatureSchema.parse(json(result));
  };
  const authorize = async (authorizationId = `auth-${randomUUID()}`): Promise<AuthorizationDto> => {
    const result = await legal.postJson(authorizationPaths.authorizations, { authorizationId }, `authorize-${authorizationId}`);
    expect(result.status).toBe(201);
    return authorizationSchema.parse(json(result));
  };
  const print = (certificate: CertificateDto) =>
    legal.write(paths.prints, { printId: `p_${randomUUID()}`, certificateId: certificate.certificateId, kind: 'both', printerName: 'Printer' });
  const insertNow = (): CertificateDto => {
    const [certificate] = sandbox.control.insertCertificates([{}]);
    if (!certificate) throw new Error('insert failed');
    return certificate;
  };
  const control = (path: string, method: string, body: unknown) =>
    httpsRequest(`${sandbox.url}/__sandbox${path}`, {
      method, ca: sandbox.caCertPem, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { [CONTROL_TOKEN_HEADER]: sandbox.controlToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    });

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 13, certificateCount: 200, clock: clock.now, tickIntervalMs: 0 });
    legalCard = sandbox.softCards.get('u_legal')!;
    legal = new ApiClient(sandbox.url, sandbox.caCertPem);
    await legal.loginWithCard(legalCard);
    [sealPng, signaturePng] = await Promise.all([markPng('seal'), markPng('signature')]);
  });
  beforeEach(() => {
    sandbox.control.setReceiptFaults({ failureRate: 0 });
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('starts from the seeded history: DEMO and OTHER authorized long ago, the agent never', async () => {
    expect(await state()).toEqual({
      latest: {
        authorizationId: 'auth_seed_demo',
        submittedAt: '2024-03-01T10:13:30+08:00',
        seal: { sealId: 'seal_seed_demo', name: '王建国 法人章' },
        signature: { signatureId: 'sig_seed_demo', name: '张敏' },
        sealReceipt: { status: 'received', message: '接收成功', at: '2024-03-01T10:15:00+08:00' },
        signatureReceipt: { status: 'received', message: '接收成功', at: '2024-03-01T10:15:00+08:00' },
      },
      selfPrintSince: '2024-03-01T10:15:00+08:00',
    });
    const other = new ApiClient(sandbox.url, sandbox.caCertPem);
    await other.login('other', 'other123');
    expect((await state(other)).selfPrintSince).toBe('2024-05-20T14:00:00+08:00');
    const agent = new ApiClient(sandbox.url, sandbox.caCertPem);
    expect((await agent.login('agent', 'agent123')).user.enterpriseCode).toBe(AGENT_ENTERPRISE.code);
    expect(await state(agent)).toEqual({ latest: null, selfPrintSince: null });
  });

  it('refuses to authorize without an active default seal and default signature', async () => {
    expect(refusal(await legal.write(authorizationPaths.authorizations, { authorizationId: 'auth-none' }))).toEqual({
      status: 409, code: 'CONFLICT', message: '请先设置默认印章和默认签名',
    });
    const seal = await newSeal();
    expect((await legal.write(markPaths.sealDefault(seal.sealId), {})).status).toBe(200);
    expect(refusal(await legal.write(authorizationPaths.authorizations, { authorizationId: 'auth-seal-only' })).message).toBe('请先设置默认印章和默认签名');
    expect((await state()).latest?.authorizationId).toBe('auth_seed_demo');
  });

  it('keeps one default per kind, only an active mark, and clears it when the mark is disabled', async () => {
    const first = await newSeal('合同专用章');
    const second = await newSeal('报关专用章');
    const setFirst = await legal.write(markPaths.sealDefault(first.sealId), {});
    expect(sealSchema.parse(json(setFirst))).toMatchObject({ sealId: first.sealId, isDefault: true });
    expect(sealSchema.parse(json(await legal.write(markPaths.sealDefault(second.sealId), {}))).isDefault).toBe(true);
    const listed = sealSchema.array().parse(await legal.getJson(markPaths.seals));
    expect(listed.filter((seal) => seal.isDefault).map((seal) => seal.sealId)).toEqual([second.sealId]);

    const disabled = sealSchema.parse(json(await legal.write(markPaths.sealDisable(second.sealId), {})));
    expect(disabled).toMatchObject({ status: 'disabled', isDefault: false });
    expect(refusal(await legal.write(markPaths.sealDefault(second.sealId), {}))).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(refusal(await legal.write(markPaths.sealDefault('seal-unknown'), {}))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(sealSchema.array().parse(await legal.getJson(markPaths.seals)).some((seal) => seal.isDefault)).toBe(false);

    defaultSeal = sealSchema.parse(json(await legal.write(markPaths.sealDefault(first.sealId), {})));
    const signature = await newSignature();
    expect(signature.isDefault).toBe(false);
    defaultSignature = signatureSchema.parse(json(await legal.write(markPaths.signatureDefault(signature.signatureId), {})));
    expect(defaultSignature.isDefault).toBe(true);
  });

  it('lets only a legal-person card session set defaults or authorize; any session reads the state', async () => {
    const operator = new ApiClient(sandbox.url, sandbox.caCertPem);
    await operator.loginWithCard(sandbox.softCards.get('u_operator')!);
    const byPassword = new ApiClient(sandbox.url, sandbox.caCertPem);
    await byPassword.login('legal', 'legal123');
    for (const client of [operator, byPassword]) {
      expect(refusal(await client.write(markPaths.sealDefault(defaultSeal.sealId), {}))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(refusal(await client.write(authorizationPaths.authorizations, { authorizationId: 'auth-forbidden' }))).toEqual({
        status: 403, code: 'FORBIDDEN', message: '印章签名授权需要使用电子口岸法人卡登录',
      });
      expect((await state(client)).latest?.authorizationId).toBe('auth_seed_demo');
    }
  });

  it('answers a new authorization with both receipts pending; they arrive 20–60 s and 30–90 s later on the sandbox clock', async () => {
    const submitted = clock.now().getTime();
    const authorization = await authorize();
    expect(authorization).toMatchObject({
      seal: { sealId: defaultSeal.sealId, name: defaultSeal.name },
      signature: { signatureId: defaultSignature.signatureId, name: defaultSignature.name },
      sealReceipt: { status: 'pending', message: '处理中', at: null },
      signatureReceipt: { status: 'pending', message: '处理中', at: null },
    });
    expect(Date.parse(authorization.submittedAt)).toBe(submitted);
    expect((await state()).latest).toEqual(authorization);

    clock.advance(19_999);
    expect(sandbox.control.tick()).toBe(0);
    clock.advance(60_000 - 19_999);
    expect(sandbox.control.tick()).toBeGreaterThanOrEqual(1);
    const halfway = (await state()).latest;
    expect(halfway?.sealReceipt.status).toBe('received');
    const sealAt = Date.parse(halfway?.sealReceipt.at ?? '');
    expect(sealAt - submitted).toBeGreaterThanOrEqual(20_000);
    expect(sealAt - submitted).toBeLessThanOrEqual(60_000);

    clock.advance(30_000);
    sandbox.control.tick();
    const done = await state();
    expect(done.latest?.sealReceipt).toEqual(halfway?.sealReceipt);
    expect(done.latest?.signatureReceipt).toMatchObject({ status: 'received', message: '接收成功' });
    const signatureAt = Date.parse(done.latest?.signatureReceipt.at ?? '');
    expect(signatureAt - submitted).toBeGreaterThanOrEqual(30_000);
    expect(signatureAt - submitted).toBeLessThanOrEqual(90_000);
    // DEMO was in force already: a re-authorization does not move selfPrintSince.
    expect(done.selfPrintSince).toBe('2024-03-01T10:15:00+08:00');
    expect(sandbox.control.tick()).toBe(0);
  });

  it('replays a repeated authorization instead of submitting it twice', async () => {
    const authorizationId = `auth-${randomUUID()}`;
    const first = await legal.postJson(authorizationPaths.authorizations, { authorizationId }, `authorize-${authorizationId}`);
    const again = await legal.postJson(authorizationPaths.authorizations, { authorizationId }, `authorize-${authorizationId}`);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.equals(first.body)).toBe(true);
    expect(sandbox.control.deliverReceipts()).toBe(2);
    expect(refusal(await legal.write(authorizationPaths.authorizations, { authorizationId }))).toMatchObject({ status: 409, message: '授权编号已存在' });
  });

  it('sets selfPrintSince once, from the first authorization in force, and decides self-print by it', async () => {
    sandbox.control.setSelfPrintSince(DEMO_ENTERPRISE.code, null);
    const approvedEarlier = insertNow();
    expect(refusal(await print(approvedEarlier))).toEqual({ status: 409, code: 'SELF_PRINT_NOT_ALLOWED', message: SELF_PRINT_REFUSALS.notAuthorized });
    // Its principals authorized on their own, so DEMO may still print for them.
    const printable = sandbox.control.listPrintable(1000);
    expect(printable.length).toBeGreaterThan(0);
    expect(printable.filter((certificate) => certificate.applicantCode === DEMO_ENTERPRISE.code)).toEqual([]);

    clock.advance(5_000);
    await authorize();
    clock.advance(90_000);
    expect(sandbox.control.tick()).toBe(2);
    const inForce = await state();
    const laterReceipt = Math.max(Date.parse(inForce.latest?.sealReceipt.at ?? ''), Date.parse(inForce.latest?.signatureReceipt.at ?? ''));
    expect(Date.parse(inForce.selfPrintSince ?? '')).toBe(laterReceipt);

    expect(refusal(await print(approvedEarlier))).toEqual({ status: 409, code: 'SELF_PRINT_NOT_ALLOWED', message: SELF_PRINT_REFUSALS.approvedBefore });
    clock.advance(1_000);
    const approvedLater = insertNow();
    expect((await print(approvedLater)).status).toBe(201);
    expect(sandbox.control.findPrintable()?.certificateId).not.toBe(approvedEarlier.certificateId);

    clock.advance(60_000);
    await authorize();
    expect(sandbox.control.deliverReceipts()).toBe(2);
    expect((await state()).selfPrintSince).toBe(inForce.selfPrintSince);
  });

  it('failNext makes the next authorization’s seal (or signature) receipt fail; a failed one is not in force', async () => {
    sandbox.control.setSelfPrintSince(DEMO_ENTERPRISE.code, null);
    for (const kind of ['seal', 'signature'] as const) {
      sandbox.control.setReceiptFaults({ failureRate: 0, failNext: kind });
      const authorization = await authorize();
      expect(sandbox.control.getReceiptFaults().failNext).toBeNull();
      expect(sandbox.control.deliverReceipts()).toBe(2);
      const latest = (await state()).latest;
      expect(latest?.authorizationId).toBe(authorization.authorizationId);
      const [failed, received] = kind === 'seal' ? [latest?.sealReceipt, latest?.signatureReceipt] : [latest?.signatureReceipt, latest?.sealReceipt];
      expect(failed?.status).toBe('failed');
      expect(kind === 'seal' ? SEAL_FAILURES : SIGNATURE_FAILURES).toContain(failed?.message);
      expect(failed?.at).toBe(received?.at);
      expect(Date.parse(failed?.at ?? '')).toBe(Math.floor(clock.now().getTime() / 1000) * 1000);
      expect(received).toMatchObject({ status: 'received', message: '接收成功' });
      expect((await state()).selfPrintSince).toBeNull();
    }
    // The next one is drawn again (failure rate 0 here) and comes into force.
    await authorize();
    sandbox.control.deliverReceipts();
    expect((await state()).selfPrintSince).not.toBeNull();
  });

  it('fails one receipt of about 1 in 8 authorizations by default; faults are set over HTTPS too', async () => {
    sandbox.control.setReceiptFaults({});
    expect(sandbox.control.getReceiptFaults()).toEqual({ failureRate: 1 / 8, failNext: null });
    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++) {
      await authorize(`auth-rate-${i}`);
      sandbox.control.deliverReceipts();
      const latest = (await state()).latest;
      outcomes.push(`${latest?.sealReceipt.status}/${latest?.signatureReceipt.status}`);
    }
    const failures = outcomes.filter((outcome) => outcome.includes('failed'));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.length).toBeLessThan(15);
    expect(failures.every((outcome) => outcome === 'failed/received' || outcome === 'received/failed')).toBe(true);

    const set = await control('/receipt-faults', 'PUT', { failureRate: 1 });
    expect(json(set)).toEqual({ failureRate: 1, failNext: null });
    await authorize();
    const delivered = await control('/receipts/deliver', 'POST', undefined);
    expect(json(delivered)).toEqual({ delivered: 2 });
    const latest = (await state()).latest;
    expect([latest?.sealReceipt.status, latest?.signatureReceipt.status].filter((status) => status === 'failed')).toHaveLength(1);
    expect((await control('/receipt-faults', 'PUT', { failureRate: 2 })).status).toBe(400);
  });

  it('keeps the names it authorized after the seal is deleted', async () => {
    const authorization = await authorize();
    sandbox.control.deliverReceipts();
    expect((await legal.write(markPaths.sealDisable(defaultSeal.sealId), {})).status).toBe(200);
    expect((await legal.write(markPaths.sealDelete(defaultSeal.sealId), {})).status).toBe(200);
    expect((await state()).latest).toMatchObject({ authorizationId: authorization.authorizationId, seal: { sealId: defaultSeal.sealId, name: defaultSeal.name } });
    expect(refusal(await legal.write(authorizationPaths.authorizations, { authorizationId: 'auth-after-delete' })).message).toBe('请先设置默认印章和默认签名');
  });

  it('answers print registrations of approved-later certificates with onBehalfOf null for the enterprise itself', async () => {
    clock.advance(1_000);
    const own = insertNow();
    const response = printResponseSchema.parse(json(await print(own)));
    expect(response.onBehalfOf).toBeNull();
  });
});
