// 印章管理 on the sandbox, driven by the app's own HTTPS client and soft-card signer.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../main/net/client';
import { markSigningPayload, type NewSealRequest } from '../../main/net/contract';
import { SoftCardSigner } from '../../main/services/card/card-signer';
import { testApi } from '../support/app-services';
import { SOFT_CARD_PIN, startSandbox, type Sandbox } from './server';

let dir: string;
let sandbox: Sandbox;
let legal: ApiClient;
let signer: SoftCardSigner;
let png: Buffer;

async function signedIn(username: string, password: string): Promise<ApiClient> {
  const api = testApi(sandbox.url, sandbox.caCertPem);
  api.setToken((await api.login({ username, password })).token);
  return api;
}

async function sealRequest(overrides: Partial<NewSealRequest> = {}, signWith = signer): Promise<NewSealRequest> {
  const [holder] = await legal.cardHolders();
  const base = {
    sealId: `seal-${Math.random().toString(36).slice(2)}`,
    name: '合同专用章',
    operatorId: holder!.operatorId,
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
    shape: 'round' as const,
    color: 'red' as const,
    widthMm: 40,
    heightMm: 40,
    ...overrides,
  };
  const { createHash } = await import('node:crypto');
  const imageSha256 = createHash('sha256').update(png).digest('hex');
  const { sealId, name, operatorId, validFrom, validTo, shape, color, widthMm, heightMm } = base;
  const signature = await signWith.sign(
    markSigningPayload('create-seal', { sealId, name, operatorId, validFrom, validTo, shape, color, widthMm, heightMm, imageSha256 }),
    SOFT_CARD_PIN,
  );
  return { ...base, imagePng: png.toString('base64'), signature, ...overrides };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'co-marks-'));
  sandbox = await startSandbox({ dataDir: dir, seed: 3, certificateCount: 20, tickIntervalMs: 0 });
  legal = await signedIn('legal', 'legal123');
  signer = new SoftCardSigner([...sandbox.softCards.values()][0]!.p12Path);
  png = await sharp({ create: { width: 945, height: 945, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="945" height="945"><circle cx="472" cy="472" r="440" fill="none" stroke="red" stroke-width="30"/></svg>') }])
    .png()
    .toBuffer();
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('seals on the sandbox', () => {
  it('lists the card holders with the card certificate validity, and the declarants', async () => {
    const holders = await legal.cardHolders();
    expect(holders).toEqual([expect.objectContaining({ name: '王建国', role: 'legal-person', certificateValidFrom: '2025-01-01', certificateValidTo: '2028-12-31' })]);
    expect((await legal.declarants()).map((declarant) => declarant.name)).toContain('张敏');
  });

  it('saves a seal signed by the legal-person card, serves its image, then 停用 before 删除', async () => {
    const request = await sealRequest();
    const saved = await legal.createSeal(request);
    expect(saved).toMatchObject({ sealId: request.sealId, status: 'active', operatorName: '王建国', widthMm: 40 });
    expect((await legal.markImage('seal', saved.sealId, saved.imageSha256)).equals(png)).toBe(true);
    await expect(legal.deleteMark('seal', saved.sealId, {}, `delete-${saved.sealId}-1`)).rejects.toMatchObject({ message: expect.stringContaining('请先停用再删除') });
    expect((await legal.disableSeal(saved.sealId, {}, `disable-${saved.sealId}`)).status).toBe('disabled');
    await legal.deleteMark('seal', saved.sealId, {}, `delete-${saved.sealId}-2`);
    expect((await legal.seals()).some((seal) => seal.sealId === saved.sealId)).toBe(false);
  });

  it('refuses a save whose signature does not cover what is sent', async () => {
    const request = await sealRequest();
    await expect(legal.createSeal({ ...request, name: '被篡改的名称' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('签名校验失败') });
  });

  it('refuses a validity outside the card certificate, and a seal larger than the rules allow', async () => {
    await expect(legal.createSeal(await sealRequest({ validTo: '2030-01-01' }))).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    await expect(legal.createSeal(await sealRequest({ widthMm: 50, heightMm: 50 }))).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(await legal.seals()).toHaveLength(0);
  });

  it('refuses every write from a user without the legal-person card', async () => {
    const operator = await signedIn('operator', 'operator123');
    await expect(operator.createSeal(await sealRequest())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await legal.seals()).toHaveLength(0);
  });
});
