// 印章管理 on the sandbox: card holders, signed saves, 停用 before 删除, and who may write.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, cardHolderSchema, declarantSchema, markPaths, sealSchema, type SealDto } from '../../main/net/contract';
import { startSandbox, type Sandbox, type SoftCard } from './server';
import { ApiClient, json, tempDir, type HttpResult } from './test-client';
import { markPng, sealRequest } from './test-marks';

const refusal = (result: HttpResult): { status: number; code: string; message: string } => {
  const { error } = apiErrorSchema.parse(json(result));
  return { status: result.status, code: error.code, message: error.message };
};

describe('seals on the sandbox', () => {
  const dir = tempDir('sandbox-marks');
  let sandbox: Sandbox;
  let legal: ApiClient;
  let legalCard: SoftCard;
  let operatorCard: SoftCard;
  let png: Buffer;
  const seals = async (): Promise<SealDto[]> => sealSchema.array().parse(await legal.getJson(markPaths.seals));

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 3, certificateCount: 20, tickIntervalMs: 0 });
    legalCard = sandbox.softCards.get('u_legal')!;
    operatorCard = sandbox.softCards.get('u_operator')!;
    legal = new ApiClient(sandbox.url, sandbox.caCertPem);
    await legal.loginWithCard(legalCard);
    png = await markPng('seal');
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('lists the legal-person and operator card holders with their certificate validity, and the declarants', async () => {
    const holders = cardHolderSchema.array().parse(await legal.getJson(markPaths.cardHolders));
    expect(holders).toEqual([
      expect.objectContaining({ operatorId: legalCard.operatorId, name: '王建国', role: 'legal-person', certificateValidFrom: '2025-01-01', certificateValidTo: '2028-12-31' }),
      expect.objectContaining({ operatorId: operatorCard.operatorId, name: '李强', role: 'operator' }),
    ]);
    const declarants = declarantSchema.array().parse(await legal.getJson(markPaths.declarants));
    expect(declarants.map((declarant) => declarant.name)).toContain('张敏');
  });

  it('saves a seal signed by the legal-person card, serves its image, then 停用 before 删除', async () => {
    const request = sealRequest(legalCard, png);
    const saved = await legal.write(markPaths.seals, request);
    expect(saved.status).toBe(201);
    const seal = sealSchema.parse(json(saved));
    expect(seal).toMatchObject({ sealId: request.sealId, status: 'active', operatorName: '王建国', widthMm: 40, isDefault: false });
    const image = await legal.raw(markPaths.sealImage(seal.sealId));
    expect(image.body.equals(png)).toBe(true);
    expect(refusal(await legal.write(markPaths.sealDelete(seal.sealId), {}))).toMatchObject({ status: 409, message: '请先停用再删除' });
    expect(sealSchema.parse(json(await legal.write(markPaths.sealDisable(seal.sealId), {}))).status).toBe('disabled');
    expect((await legal.write(markPaths.sealDelete(seal.sealId), {})).status).toBe(200);
    expect((await seals()).some((candidate) => candidate.sealId === seal.sealId)).toBe(false);
  });

  it('accepts the operator card holder as 印章操作员, and a SHA1withRSA signature as the e-port control makes it', async () => {
    const request = sealRequest(legalCard, png, { operatorId: operatorCard.operatorId }, { algorithm: 'SHA1withRSA' });
    const saved = await legal.write(markPaths.seals, request);
    expect(saved.status).toBe(201);
    expect(sealSchema.parse(json(saved)).operatorName).toBe('李强');
  });

  it('refuses a save whose signature does not cover what is sent', async () => {
    const tampered = sealRequest(legalCard, png, {}, { overrides: { name: '被篡改的名称' } });
    expect(refusal(await legal.write(markPaths.seals, tampered))).toMatchObject({ status: 403, code: 'BAD_SIGNATURE', message: '法人卡签名校验失败' });
    const otherCard = sealRequest(operatorCard, png);
    expect(refusal(await legal.write(markPaths.seals, otherCard))).toMatchObject({ status: 403, code: 'BAD_SIGNATURE', message: '签名证书不是本企业法人卡的证书' });
  });

  it('refuses a validity outside the card certificate, and a seal larger than the rules allow', async () => {
    const before = (await seals()).length;
    expect(refusal(await legal.write(markPaths.seals, sealRequest(legalCard, png, { validTo: '2030-01-01' })))).toMatchObject({
      status: 400, code: 'VALIDATION', message: '印章有效期必须在印章操作员卡证书有效期内',
    });
    expect(refusal(await legal.write(markPaths.seals, sealRequest(legalCard, png, { widthMm: 50, heightMm: 50 })))).toMatchObject({
      status: 400, code: 'VALIDATION', message: '印章尺寸超出规格',
    });
    expect(await seals()).toHaveLength(before);
  });

  it('refuses every write from a session that is not a legal-person card session, even the legal person by password', async () => {
    const before = (await seals()).length;
    const operator = new ApiClient(sandbox.url, sandbox.caCertPem);
    expect((await operator.loginWithCard(operatorCard)).user.role).toBe('operator');
    const byPassword = new ApiClient(sandbox.url, sandbox.caCertPem);
    expect((await byPassword.login('legal', 'legal123')).user.role).toBe('password');
    for (const client of [operator, byPassword]) {
      const result = refusal(await client.write(markPaths.seals, sealRequest(legalCard, png)));
      expect(result).toMatchObject({ status: 403, code: 'FORBIDDEN', message: '印章、签名的制作和修改需要使用电子口岸法人卡登录' });
    }
    expect(await seals()).toHaveLength(before);
  });
});
