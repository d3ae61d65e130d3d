// 印章管理 end to end: the legal person signs in with the card (卡介质登录), makes a
// seal from a scanner file (a refused scan shows its reasons first), saves it with
// the card PIN, 停用 then 删除; and makes a declarant signature. Scans come from the
// realistic generator.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScan } from '../fixtures/scans/generate';
import type { AppPage } from '../support/app-page';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { SOFT_CARD_PIN } from '../sandbox/server';

let world: E2eWorld;
let app: AppPage;
let files: string;
const scans = { lowResolution: '', goodSeal: '', signature: '' };

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'co-e2e-scans-'));
  const write = async (name: string, spec: Parameters<typeof generateScan>[0]) => {
    const path = join(files, name);
    writeFileSync(path, (await generateScan(spec)).bytes);
    return path;
  };
  scans.lowResolution = await write('low.jpg', {
    name: 'low', seed: 7, dpi: 300, sheet: 'a4', format: 'jpeg', jpegQuality: 85, marks: [{ mark: { type: 'round', diameterCm: 4.2 }, ink: 'red' }],
  });
  scans.goodSeal = await write('seal.png', {
    name: 'seal', seed: 8, dpi: 600, sheet: 'a4', format: 'png', marks: [{ mark: { type: 'round', diameterCm: 4.2 }, ink: 'red', rotationDeg: 2 }],
  });
  scans.signature = await write('signature.png', {
    name: 'signature', seed: 9, dpi: 600, sheet: 'a4', format: 'png', bilevel: true, marks: [{ mark: { type: 'signature', widthCm: 3.0, heightCm: 1.4 }, ink: 'black' }],
  });
  world = await startE2eWorld({});
  app = await world.openPage();
  await app.loginByCard(SOFT_CARD_PIN);
});

afterAll(async () => {
  await world?.stop();
  rmSync(files, { recursive: true, force: true });
});

describe('印章管理', () => {
  it('refuses a 300 dpi scan with its reason, then saves a good one with the card PIN', async () => {
    const page = app.page;
    await page.getByTestId('menu-seals').click();
    await page.getByTestId('seal-add').click();
    await app.closeScanTip();
    await page.getByTestId('scan-file-input').setInputFiles(scans.lowResolution);
    await page.locator('[data-testid="scan-report"][data-accepted="false"]').waitFor({ timeout: 60_000 });
    expect((await page.getByTestId('scan-reason').allTextContents()).join(' ')).toMatch(/600/);
    await expect(page.getByTestId('mark-save').isDisabled()).resolves.toBe(true);
    await page.getByTestId('mark-back').click();

    await app.makeSeal({ holder: '王建国', validFrom: '2026-01-01', validTo: '2027-12-31', name: '合同专用章', scanPath: scans.goodSeal, pin: SOFT_CARD_PIN });
    // The true-size preview of the saved seal: 4.2 cm on screen as on paper.
    await page.locator('[data-testid="seal-row"][data-name="合同专用章"]').getByTestId('mark-thumbnail').click();
    expect(Number(await page.getByTestId('true-size-mark').getAttribute('data-width-cm'))).toBeCloseTo(4.2, 1);
    await page.getByTestId('mark-preview-close').click();
  }, 180_000);

  it('停用 then 删除 a seal', async () => {
    const page = app.page;
    const row = page.locator('[data-testid="seal-row"][data-name="合同专用章"]');
    await row.getByTestId('mark-disable').click();
    await page.getByTestId('mark-disable-confirm').click();
    await page.locator('[data-testid="seal-row"][data-name="合同专用章"][data-status="disabled"]').waitFor();
    await row.getByTestId('mark-delete').click();
    await page.getByTestId('mark-delete-confirm').click();
    await row.waitFor({ state: 'detached' });
  });

  it('saves a declarant signature (新增签名), the scan dropped onto the page', async () => {
    await app.makeSignature({ declarant: '张敏', scanPath: scans.signature, pin: SOFT_CARD_PIN });
  }, 120_000);

  it('shows a password user no 印章管理 or 授权管理, and main refuses the calls anyway', async () => {
    // One user at a time, as on a workstation: 退出, then sign in with a password.
    await app.logout();
    await app.login('legal', 'legal123');
    // The same person without the card is a password user: printing only.
    expect(await app.page.getByTestId('menu-seals').count()).toBe(0);
    expect(await app.page.getByTestId('menu-mark-authorization').count()).toBe(0);
    await expect(app.forgedCall('seals:list', [])).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await expect(app.forgedCall('authorization:submit', [])).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
