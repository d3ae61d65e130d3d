// 印章管理 end to end: the legal-person card user makes a seal from a scanner file
// (a refused scan shows its reasons first), saves it with the card PIN, 停用 then
// 删除; and makes a declarant signature. Scans come from the realistic generator.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScan } from '../fixtures/scans/generate';
import type { AppPage } from '../support/app-page';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { SOFT_CARD_PIN } from '../sandbox/server';
import { BRIDGE_TOKEN_STORAGE_KEY } from '../../renderer/src/lib/browser-bridge';

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
  await app.login('legal', 'legal123');
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
    await page.getByTestId('scan-tip-ok').click();
    await page.getByTestId('seal-holder-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '王建国' }).first().click();
    const validity = page.getByTestId('seal-validity');
    await validity.first().fill('2026-01-01');
    await validity.first().press('Enter');
    await validity.nth(1).fill('2027-12-31');
    await validity.nth(1).press('Enter');
    await page.getByTestId('seal-name').fill('合同专用章');

    await page.getByTestId('scan-file-input').setInputFiles(scans.lowResolution);
    await page.locator('[data-testid="scan-report"][data-accepted="false"]').waitFor({ timeout: 60_000 });
    expect((await page.getByTestId('scan-reason').allTextContents()).join(' ')).toMatch(/600/);
    await expect(page.getByTestId('mark-save').isDisabled()).resolves.toBe(true);

    await page.getByTestId('scan-file-input').setInputFiles(scans.goodSeal);
    await page.locator('[data-testid="scan-report"][data-accepted="true"]').waitFor({ timeout: 60_000 });
    const mark = page.getByTestId('true-size-mark');
    expect(Number(await mark.getAttribute('data-width-cm'))).toBeCloseTo(4.2, 1);
    await page.getByTestId('mark-save').click();
    await page.getByTestId('pin-input').fill(SOFT_CARD_PIN);
    await page.getByTestId('pin-ok').click();
    await page.locator('[data-testid="seal-row"][data-name="合同专用章"][data-status="active"]').waitFor({ timeout: 30_000 });
  });

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
    const page = app.page;
    await page.getByTestId('menu-signatures').click();
    await page.getByTestId('signature-add').click();
    await page.getByTestId('scan-tip-ok').click();
    await page.getByTestId('signature-declarant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '张敏' }).first().click();
    // Drag and drop, as a user drags the file from the scanner's folder.
    const dataTransfer = await page.evaluateHandle((base64) => {
      const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'signature.png', { type: 'image/png' }));
      return transfer;
    }, readFileSync(scans.signature).toString('base64'));
    await page.getByTestId('scan-drop-zone').dispatchEvent('drop', { dataTransfer });
    await page.locator('[data-testid="scan-report"][data-accepted="true"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('mark-save').click();
    await page.getByTestId('pin-input').fill(SOFT_CARD_PIN);
    await page.getByTestId('pin-ok').click();
    await page.locator('[data-testid="signature-row"][data-status="active"]').first().waitFor({ timeout: 30_000 });
  });

  it('shows an operator no 印章管理, and main refuses the calls anyway', async () => {
    // One user at a time, as on a workstation: 退出, then sign in as an operator.
    await app.page.getByTestId('logout').click();
    const operator = app;
    await operator.login('operator', 'operator123');
    expect(await operator.page.getByTestId('menu-seals').count()).toBe(0);
    // A forged call, straight to main through the bridge with the page's own token.
    const answer = await operator.page.evaluate(async (storageKey) => {
      const token = sessionStorage.getItem(storageKey) ?? '';
      const response = await fetch('/ipc/seals%3Alist', { method: 'POST', headers: { 'content-type': 'application/json', 'x-bridge-token': token }, body: '[]' });
      return (await response.json()) as { ok: boolean; error?: { code: string } };
    }, BRIDGE_TOKEN_STORAGE_KEY);
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
