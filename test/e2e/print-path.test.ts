// The product's central path, end to end through every layer: sign in → sync over
// HTTPS into SQLite → 证书打印 list → preview → print through a real CUPS queue to a
// simulated duplex colour printer → the spooler job followed to its end → 是/否 →
// the server archives (or records the failure).

import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateDto } from '../../main/net/contract';
import type { AppPage } from '../support/app-page';
import { waitForSpooledJob } from '../support/cups';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { waitUntil } from '../support/wait';

const PRINTER = 'E2eDuplex';
let world: E2eWorld;
let app: AppPage;
let printable: CertificateDto[];

beforeAll(async () => {
  world = await startE2eWorld({ printerName: PRINTER });
  // Chosen before the first sync, so the app's cache sees them as printable too.
  printable = world.sandbox.control.listPrintable(4);
  expect(printable).toHaveLength(4);
  app = await world.openPage();
  await app.login('demo', 'demo123');
});

afterAll(async () => {
  await world?.stop();
});

function newConfirmations(before: Record<string, unknown>): string[] {
  return Object.keys(world.sandbox.control.stats().confirmations).filter((printId) => !(printId in before));
}

describe('the print path', () => {
  it('syncs the certificates and lists them', async () => {
    const total = await app.waitForSyncedList();
    expect(total).toBeGreaterThan(100);
    mkdirSync('test-results', { recursive: true });
    await app.page.screenshot({ path: 'test-results/certificate-list.png' });
    await app.findByNumber(printable[0]!.number);
    await expect(app.row(printable[0]!.number).textContent()).resolves.toContain('待打印');
  });

  it('previews the copy (预览/下载副本): two A4 pages', async () => {
    await app.select(printable[0]!.number);
    await app.page.getByTestId('action-preview').click();
    const preview = app.page.locator(`[data-testid="preview"][data-state="ready"][data-certificate-number="${printable[0]!.number}"]`);
    await preview.waitFor({ timeout: 30_000 });
    expect(await preview.getAttribute('data-page-count')).toBe('2');
    await app.page.getByTestId('preview-close').click();
  });

  it('prints an original through CUPS two-sided, and 是 archives it at the server', async () => {
    const certificate = printable[0]!;
    await app.print('original', PRINTER);
    const spooled = await waitForSpooledJob(world.printer!.spoolDir, `${certificate.number} original`, 60_000);
    expect(spooled.pages).toBe(2);
    expect(spooled.pageSize).toMatch(/A4/);
    expect(spooled.sides).toBe('two-sided-long-edge');
    expect(spooled.printColorMode).toBe('color');
    await app.answer(certificate.number, 'yes');
    await waitUntil('the server archives the certificate', () => world.sandbox.control.getCertificate(certificate.certificateId)?.archiveStatus === 'archived');
    expect(world.sandbox.control.getCertificate(certificate.certificateId)?.printStatus).toBe('printed');
  });

  it('prints a copy (打印副本); 否 tells the server the print failed', async () => {
    const certificate = printable[1]!;
    const before = world.sandbox.control.stats().confirmations;
    await app.findByNumber(certificate.number);
    await app.select(certificate.number);
    await app.print('copy', PRINTER);
    const spooled = await waitForSpooledJob(world.printer!.spoolDir, `${certificate.number} copy`, 60_000);
    expect(spooled.pages).toBe(2);
    expect(spooled.sides).toBe('two-sided-long-edge');
    await app.answer(certificate.number, 'no');
    // 否 opens 打印异常申请 with this certificate; 取消打印 closes its form.
    await app.exceptionForm(certificate.number).waitFor();
    await app.cancelExceptionForm();
    await app.openCertificatePrint();
    let printId = '';
    await waitUntil('the server records the answer', () => {
      printId = newConfirmations(before)[0] ?? '';
      return printId !== '';
    });
    expect(world.sandbox.control.getPrint(printId)).toMatchObject({ certificateId: certificate.certificateId, kind: 'copy', answer: 'no', failed: true });
    expect(world.sandbox.control.getCertificate(certificate.certificateId)?.archiveStatus).toBe('unarchived');
  });

  it('prints original and copy together (打印正副本) as one four-page job', async () => {
    const certificate = printable[2]!;
    await app.findByNumber(certificate.number);
    await app.select(certificate.number);
    await app.print('both', PRINTER);
    const spooled = await waitForSpooledJob(world.printer!.spoolDir, `${certificate.number} both`, 60_000);
    expect(spooled.pages).toBe(4);
    expect(spooled.sides).toBe('two-sided-long-edge');
    await app.answer(certificate.number, 'no');
    await app.exceptionForm(certificate.number).waitFor();
    await app.cancelExceptionForm();
    await app.openCertificatePrint();
  });

  it('refuses a second original with the manual’s reason', async () => {
    // Printed and answered 否 just before: the original exists once, on paper.
    const printedTwice = printable[2]!;
    await app.findByNumber(printedTwice.number);
    await app.select(printedTwice.number);
    await app.page.getByTestId('action-print-original').click();
    await app.page.getByTestId('printer-select').click();
    await app.printerOption(PRINTER).click();
    await app.page.getByTestId('print-dialog-ok').click();
    await app.errorShown('正本已打印,不能重复打印');
    await app.page.getByTestId('print-dialog-cancel').click();

    // Archived after 是: 已归档的证书不可打印.
    const archived = printable[0]!;
    await app.findByNumber(archived.number);
    await expect(app.row(archived.number).textContent()).resolves.toContain('已归档');
    await app.select(archived.number);
    await app.page.getByTestId('action-print-original').click();
    await app.page.getByTestId('printer-select').click();
    await app.printerOption(PRINTER).click();
    await app.page.getByTestId('print-dialog-ok').click();
    await app.errorShown('已归档的证书不可打印');
    const spooledOriginals = world.sandbox.control.stats().printsRegistered;
    expect(spooledOriginals).toBe(3);
  });
});
