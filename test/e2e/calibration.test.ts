// 打印校准 end to end through the real UI in Chromium: open the print dialog, open 打印校准,
// print the calibration page (it reaches the CUPS printer), enter where the crosshair
// landed, save, print an original — the PDF the printer received is moved by the offset.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateDto } from '../../main/net/contract';
import { CALIBRATION_JOB_TITLE } from '../../main/services/calibration/calibration-service';
import { CALIBRATION_CROSSHAIR_MM } from '../../preload/contract';
import { testApi } from '../support/app-services';
import type { AppPage } from '../support/app-page';
import { waitForSpooledJob } from '../support/cups';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { byPosition, MM_PER_POINT, pdfWords } from '../support/poppler';

const PRINTER = 'CalE2e';
let world: E2eWorld;
let app: AppPage;
let certificate: CertificateDto;
const scratch = mkdtempSync(join(tmpdir(), 'co-calibration-e2e-'));

beforeAll(async () => {
  world = await startE2eWorld({ printerName: PRINTER, seed: 8, certificateCount: 150 });
  certificate = world.sandbox.control.listPrintable(1)[0]!;
  app = await world.openPage();
  await app.login('demo', 'demo123');
});

afterAll(async () => {
  await world?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('打印校准 through the UI', () => {
  it('prints the calibration page from the print dialog, saves the measured offset, and shifts the next original by it', async () => {
    const { page } = app;
    await app.waitForSyncedList();
    await app.findByNumber(certificate.number);
    await app.select(certificate.number);
    await page.getByTestId('action-print-original').click();
    await page.getByTestId('print-dialog').waitFor();
    await page.getByTestId('printer-select').click();
    await app.printerOption(PRINTER).click();
    await page.locator('[data-testid="printer-check"][data-suitable="true"]').waitFor();
    // Not calibrated yet: the dialog says nothing about an offset.
    await expect(page.getByTestId('calibration-applied').count()).resolves.toBe(0);

    await page.getByTestId('open-calibration').click();
    const modal = page.locator(`[data-testid="calibration-modal"][data-printer="${PRINTER}"]`);
    await modal.waitFor();
    await expect(page.getByTestId('calibration-current').textContent()).resolves.toBe('未校准(不偏移)');
    await page.getByTestId('calibration-print-page').click();
    const calibrationPage = await waitForSpooledJob(world.printer!.spoolDir, CALIBRATION_JOB_TITLE, 60_000);
    expect(calibrationPage.pages).toBe(1);
    expect(calibrationPage.pageSize).toMatch(/A4/);
    // Nothing about the calibration page is registered with the server.
    expect(world.sandbox.control.stats().printsRegistered).toBe(0);

    // The user measured the crosshair 3.5 mm left of where it belongs and 2.0 mm lower.
    await page.getByTestId('calibration-measured-x').fill(String(CALIBRATION_CROSSHAIR_MM.xMm - 3.5));
    await page.getByTestId('calibration-measured-y').fill(String(CALIBRATION_CROSSHAIR_MM.yMm + 2));
    await expect(page.getByTestId('calibration-result').textContent()).resolves.toBe('将保存的偏移:X 3.5 mm / Y -2.0 mm');
    await page.getByTestId('calibration-save').click();
    await page.locator('[data-testid="calibration-current"]', { hasText: 'X 3.5 mm / Y -2.0 mm' }).waitFor();
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/calibration-modal.png' });
    await page.getByTestId('calibration-close').click();
    await modal.waitFor({ state: 'hidden' });
    await expect(page.getByTestId('calibration-applied').textContent()).resolves.toBe('已应用校准偏移 3.5 mm / -2.0 mm');
    await page.screenshot({ path: 'test-results/calibration-print-dialog.png' });

    await page.getByTestId('print-dialog-ok').click();
    const spooled = await waitForSpooledJob(world.printer!.spoolDir, `${certificate.number} original`, 60_000);
    await app.answer(certificate.number, 'yes');

    // The original as the server made it, fetched separately, against what the printer received.
    const api = testApi(world.sandbox.url, world.sandbox.caCertPem);
    api.setToken((await api.login({ username: 'demo', password: 'demo123' })).token);
    const registered = world.sandbox.control.getCertificate(certificate.certificateId)!;
    const reference = join(scratch, 'original.pdf');
    writeFileSync(reference, await api.layout(certificate.certificateId, 'original', registered.layouts!.original.sha256));
    const [before, after] = [await pdfWords(reference), await pdfWords(spooled.file)];
    expect(spooled.pages).toBe(before.pages.length);
    expect(spooled.pageSize).toMatch(/A4/);
    // CUPS sets the sheet to the printer's exact A4 (595.2756 × 841.8898 pt): the same size within a thousandth of a millimetre.
    expect(after.pages).toHaveLength(before.pages.length);
    for (const [i, size] of after.pages.entries()) {
      expect(Math.abs(size.width - before.pages[i]!.width)).toBeLessThan(0.01);
      expect(Math.abs(size.height - before.pages[i]!.height)).toBeLessThan(0.01);
    }
    // CUPS may deliver the pages in reverse (this queue does, for face-up output): pair each
    // received page with the layout page that carries the same words, then compare positions.
    const pageWords = (words: typeof before.words, page: number) => byPosition(words.filter((w) => w.page === page));
    const text = (words: typeof before.words) => words.map((w) => w.text).join(' ');
    expect(before.words.length).toBeGreaterThan(100);
    for (let page = 1; page <= after.pages.length; page++) {
      const now = pageWords(after.words, page);
      const source = before.pages.findIndex((_size, i) => text(pageWords(before.words, i + 1)) === text(now)) + 1;
      expect(source).toBeGreaterThan(0);
      const was = pageWords(before.words, source);
      expect(now.length).toBe(was.length);
      for (const [i, word] of now.entries()) {
        expect(Math.abs((word.xMin - was[i]!.xMin) * MM_PER_POINT - 3.5)).toBeLessThanOrEqual(0.05);
        expect(Math.abs((word.yMin - was[i]!.yMin) * MM_PER_POINT + 2)).toBeLessThanOrEqual(0.05);
      }
    }
  });

  it('refuses an offset beyond ±10 mm before saving, and 恢复默认 removes the offset', async () => {
    const { page } = app;
    const next = world.sandbox.control.listPrintable(1)[0]!;
    await app.findByNumber(next.number);
    await app.select(next.number);
    await page.getByTestId('action-print-copy').click();
    await page.getByTestId('print-dialog').waitFor();
    await page.getByTestId('printer-select').click();
    await app.printerOption(PRINTER).click();
    await page.getByTestId('calibration-applied').waitFor();
    await page.getByTestId('open-calibration').click();
    await page.locator('[data-testid="calibration-current"]', { hasText: 'X 3.5 mm / Y -2.0 mm' }).waitFor();

    // Printed with 3.5 mm already; a crosshair measured 15 mm off would need 18.5 mm.
    await page.getByTestId('calibration-measured-x').fill(String(CALIBRATION_CROSSHAIR_MM.xMm - 15));
    await page.getByTestId('calibration-measured-y').fill(String(CALIBRATION_CROSSHAIR_MM.yMm));
    await expect(page.getByTestId('calibration-refusal').textContent()).resolves.toContain('水平偏移必须在 -10 到 10 毫米之间');
    await expect(page.getByTestId('calibration-save').isDisabled()).resolves.toBe(true);

    await page.getByTestId('calibration-reset').click();
    await page.locator('[data-testid="calibration-current"]', { hasText: '未校准(不偏移)' }).waitFor();
    await page.getByTestId('calibration-close').click();
    await page.getByTestId('calibration-modal').waitFor({ state: 'hidden' });
    await page.getByTestId('calibration-applied').waitFor({ state: 'detached' });
    await page.getByTestId('print-dialog-cancel').click();
  });

  it('explains 打印校准 in 使用说明', async () => {
    await app.page.getByTestId('menu-instructions').click();
    const help = app.page.getByTestId('instructions');
    await help.getByText('打印校准', { exact: true }).waitFor();
    await expect(help.textContent()).resolves.toContain('测量十字线到纸张左边缘和上边缘的距离,填写实际值,系统自动计算偏移');
    await expect(help.textContent()).resolves.toContain('偏移的正值表示向右、向下移动');
  });
});
