// 证书下载 end to end, in the real UI against the sandbox: the page shows the manual's tip
// and the destinations the server allows (a new announcement through the control switch
// and the page follows), downloads an RCEP certificate's electronic version, draws it with
// pdf.js, draws it again from the cache with the server unreachable, saves it through the
// save path, and a batch of several can be cancelled.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eCertificatePaths, type CertificateDto } from '../../main/net/contract';
import { DEFAULT_E_CERTIFICATE_DESTINATIONS } from '../sandbox/server';
import { ApiClient as SandboxHttp } from '../sandbox/test-client';
import type { AppPage } from '../support/app-page';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { waitUntil } from '../support/wait';

let world: E2eWorld;
let app: AppPage;
let japan: CertificateDto;
let korea: CertificateDto;
let vietnam: CertificateDto;
let newZealand: CertificateDto;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const row = (number: string) => app.page.locator(`[data-testid="download-row"][data-certificate-number="${number}"]`);

async function destinationsShown(): Promise<string[]> {
  return app.page.getByTestId('download-destination').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-name') ?? ''));
}

async function searchNumber(number: string): Promise<void> {
  await app.page.getByTestId('download-query-number').fill(number);
  await app.page.getByTestId('download-query-search').click();
}

beforeAll(async () => {
  world = await startE2eWorld({});
  // Inserted before the first sync, so the cache has them from the start.
  [japan, korea, vietnam, newZealand] = world.sandbox.control.insertCertificates([
    { type: 'RC', content: { destinationCountry: '日本', destinationEn: 'JAPAN' } },
    { type: 'BR', content: { destinationCountry: '韩国', destinationEn: 'KOREA' } },
    { type: 'RC', content: { destinationCountry: '越南', destinationEn: 'VIET NAM' } },
    { type: 'RC', content: { destinationCountry: '新西兰', destinationEn: 'NEW ZEALAND' } },
  ]) as [CertificateDto, CertificateDto, CertificateDto, CertificateDto];
  app = await world.openPage();
  await app.login('demo', 'demo123');
  await app.waitForSyncedList();
});

afterAll(async () => {
  world?.sandbox.control.clearFaults();
  await world?.stop();
});

describe('证书下载', () => {
  it('has its own menu entry and page with the manual’s tip and the destinations the server allows', async () => {
    await app.page.getByTestId('menu-certificate-download').click();
    await app.page.getByTestId('downloads-page').waitFor();
    const tip = (await app.page.getByTestId('download-tip').textContent()) ?? '';
    expect(tip).toContain('该功能暂时适用于目的国为日本、新加坡、新西兰、澳大利亚、韩国的 RCEP 原产地证书,适用证书范围依据公告进行增减。');
    expect(await app.page.getByTestId('downloads-page').textContent()).toContain('RCEP 证书及 RCEP 背对背证书部分证书支持电子版下载');
    await app.page.getByTestId('download-destination').first().waitFor();
    expect(await destinationsShown()).toEqual([...DEFAULT_E_CERTIFICATE_DESTINATIONS]);
    await row(japan.number).waitFor();
    await row(korea.number).waitFor();
    expect(await row(vietnam.number).count()).toBe(0);
    expect(await row(japan.number).getAttribute('data-status')).toBe('none');
    mkdirSync('test-results', { recursive: true });
    await app.page.screenshot({ path: 'test-results/downloads-page.png' });
  });

  it('follows a new announcement from the server: a destination added, then taken away', async () => {
    world.sandbox.control.setECertificateDestinations([...DEFAULT_E_CERTIFICATE_DESTINATIONS, '越南']);
    await app.page.getByTestId('download-query-search').click();
    await app.page.locator('[data-testid="download-destination"][data-name="越南"]').waitFor();
    await row(vietnam.number).waitFor();
    world.sandbox.control.setECertificateDestinations(DEFAULT_E_CERTIFICATE_DESTINATIONS.filter((name) => name !== '韩国'));
    await app.page.getByTestId('download-query-search').click();
    await app.page.locator('[data-testid="download-destination"][data-name="越南"]').waitFor({ state: 'detached' });
    await row(korea.number).waitFor({ state: 'detached' });
    expect(await destinationsShown()).toEqual(['日本', '新加坡', '新西兰', '澳大利亚']);
    world.sandbox.control.setECertificateDestinations(DEFAULT_E_CERTIFICATE_DESTINATIONS);
    await app.page.getByTestId('download-query-search').click();
    await row(korea.number).waitFor();
  });

  it('downloads a selected certificate’s electronic version and shows it with pdf.js', async () => {
    await searchNumber(japan.number);
    await row(japan.number).waitFor();
    await row(japan.number).locator('.ant-checkbox-input').check();
    await app.page.getByTestId('download-selected').click();
    await app.page.locator('[data-testid="download-progress"][data-state="finished"][data-done="1"]').waitFor({ timeout: 30_000 });
    await app.page.locator(`[data-testid="download-row"][data-certificate-number="${japan.number}"][data-status="downloaded"]`).waitFor();

    await row(japan.number).getByTestId('download-view').click();
    const viewer = app.page.locator(`[data-testid="e-viewer"][data-state="ready"][data-certificate-number="${japan.number}"]`);
    await viewer.waitFor({ timeout: 30_000 });
    expect(await viewer.getAttribute('data-page-count')).toBe('1');
    expect(await app.page.locator('[data-testid="e-viewer"] canvas[data-testid="preview-page"]').count()).toBe(1);
    await app.page.screenshot({ path: 'test-results/e-certificate-view.png' });
    await app.page.getByTestId('e-viewer-close').click();
    await viewer.waitFor({ state: 'detached' });
  });

  it('shows it again from the cache with the server unreachable, and saves it through the save path', async () => {
    const http = new SandboxHttp(world.sandbox.url, world.sandbox.caCertPem);
    await http.login('demo', 'demo123');
    const served = await http.raw(eCertificatePaths.file(japan.certificateId));
    expect(served.status).toBe(200);

    world.sandbox.control.setFaults({ dropRate: 1 });
    try {
      await app.page.getByTestId('download-query-search').click();
      await app.page.getByTestId('download-scope-offline').waitFor({ timeout: 30_000 });
      expect(await destinationsShown()).toEqual([...DEFAULT_E_CERTIFICATE_DESTINATIONS]);
      await row(japan.number).getByTestId('download-view').click();
      const viewer = app.page.locator(`[data-testid="e-viewer"][data-state="ready"][data-certificate-number="${japan.number}"]`);
      await viewer.waitFor({ timeout: 30_000 });
      expect(await viewer.getAttribute('data-page-count')).toBe('1');
      await app.page.getByTestId('e-viewer-save').click();
      const saved = join(world.appDataDir, 'downloads', `${japan.number}-电子版.pdf`);
      await waitUntil('the e-version is saved', () => existsSync(saved));
      expect(sha256(readFileSync(saved))).toBe(sha256(served.body));
      await app.page.getByTestId('e-viewer-close').click();
    } finally {
      world.sandbox.control.clearFaults();
    }
  });

  it('downloads several selected with progress, and 取消下载 stops the batch', async () => {
    await app.page.getByTestId('download-query-number').fill('');
    await app.page.getByTestId('download-query-search').click();
    await row(newZealand.number).waitFor();
    await row(korea.number).locator('.ant-checkbox-input').check();
    await row(newZealand.number).locator('.ant-checkbox-input').check();
    world.sandbox.control.setFaults({ latencyMs: 5_000 });
    try {
      await app.page.getByTestId('download-selected').click();
      await app.page.locator('[data-testid="download-progress"][data-state="running"]').waitFor();
      await app.page.getByTestId('download-cancel').click();
      await app.page.locator('[data-testid="download-progress"][data-state="finished"][data-cancelled="true"]').waitFor({ timeout: 30_000 });
    } finally {
      world.sandbox.control.clearFaults();
    }
    expect(await row(korea.number).getAttribute('data-status')).toBe('none');
    expect(await row(newZealand.number).getAttribute('data-status')).toBe('none');

    await row(korea.number).locator('.ant-checkbox-input').check();
    await row(newZealand.number).locator('.ant-checkbox-input').check();
    await app.page.getByTestId('download-selected').click();
    await app.page.locator('[data-testid="download-progress"][data-state="finished"][data-done="2"]').waitFor({ timeout: 30_000 });
    await app.page.locator(`[data-testid="download-row"][data-certificate-number="${korea.number}"][data-status="downloaded"]`).waitFor();
    await app.page.locator(`[data-testid="download-row"][data-certificate-number="${newZealand.number}"][data-status="downloaded"]`).waitFor();
  });

  it('使用说明 has a section on it, with the manual’s tip', async () => {
    await app.page.getByTestId('menu-instructions').click();
    const tip = app.page.getByTestId('help-download-tip');
    await tip.waitFor();
    expect(await tip.textContent()).toContain('适用证书范围依据公告进行增减');
    expect(await app.page.getByTestId('instructions').textContent()).toContain('证书下载');
  });
});
