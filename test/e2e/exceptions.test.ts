// 打印异常申请 end to end through the real UI, the sandbox over HTTPS and a real CUPS
// queue: an original printed → 否 → the 打印异常申请 page opens with that certificate →
// reason and operation type → 提交 → 审核中 → the customs side approves → 审核通过 → one
// more original goes to the printer → counted once → a third original is refused.

import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateDto } from '../../main/net/contract';
import type { AppPage } from '../support/app-page';
import { readSpooledJobs, waitForSpooledJob } from '../support/cups';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { waitUntil } from '../support/wait';

const PRINTER = 'ExcE2eDuplex';
const REASON = '打印机卡纸或故障';
let world: E2eWorld;
let app: AppPage;
let certificate: CertificateDto;
let archived: CertificateDto;

const originalsAtPrinter = async (number: string) =>
  (await readSpooledJobs(world.printer!.spoolDir)).filter((job) => job.jobName === `${number} original`).length;

beforeAll(async () => {
  world = await startE2eWorld({ printerName: PRINTER, seed: 31 });
  // Chosen before the first sync, so the cache has them as the server has them.
  const [printable] = world.sandbox.control.listPrintable(1);
  const [inserted] = world.sandbox.control.insertCertificates([{ archiveStatus: 'archived', printStatus: 'printed' }]);
  if (!printable || !inserted) throw new Error('the sandbox has no printable certificate');
  certificate = printable;
  archived = inserted;
  // The sandbox's ticker decides an application 30–120 s after it is made; on a slow run it may
  // come before the test's own decision, and then it must approve as the test does.
  world.sandbox.control.setExceptionSettings({ approveRate: 1 });
  app = await world.openPage();
  await app.login('demo', 'demo123');
  await app.waitForSyncedList();
});

afterAll(async () => {
  await world?.stop();
});

describe('打印异常申请', () => {
  it('answering 否 opens 打印异常申请 with the certificate chosen; 提交 makes a pending application', async () => {
    await app.findByNumber(certificate.number);
    await app.select(certificate.number);
    await app.print('original', PRINTER);
    await waitForSpooledJob(world.printer!.spoolDir, `${certificate.number} original`, 60_000);
    await app.answer(certificate.number, 'no');

    await app.exceptionForm(certificate.number).waitFor();
    await expect(app.page.getByTestId('menu-print-exceptions').getAttribute('class')).resolves.toContain('selected');
    // The page lists the printed certificate, found by its number.
    await app.exceptionCertificate(certificate.number).waitFor();
    mkdirSync('test-results', { recursive: true });
    await app.page.screenshot({ path: 'test-results/exception-form.png' });
    await app.submitException(REASON, 'reprint-original');
    await app.page.locator('.ant-message-success').filter({ hasText: '提交成功' }).waitFor();
    await app.page.getByTestId('exception-form').waitFor({ state: 'detached' });
    const row = app.exceptionApplication(certificate.number);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('pending');
    await expect(row.textContent()).resolves.toContain('审核中');
    await expect(row.textContent()).resolves.toContain(REASON);
  });

  it('refuses a second open application for the same certificate', async () => {
    await app.exceptionCertificate(certificate.number).getByTestId('exception-apply').click();
    await app.exceptionForm(certificate.number).waitFor();
    await app.submitException('其他', 'reprint-both');
    await app.errorShown('不能重复申请');
    await app.cancelExceptionForm();
    await expect(app.page.getByTestId('exception-application-row').count()).resolves.toBe(1);
  });

  it('refuses an archived certificate', async () => {
    await app.page.getByTestId('exception-query-number').fill(archived.number);
    await app.page.getByTestId('exception-query-search').click();
    const row = app.exceptionCertificate(archived.number);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('已归档');
    await row.getByTestId('exception-apply').click();
    await app.submitException(REASON, 'reprint-original');
    await app.errorShown('已归档的证书不可进行异常申请');
    await app.cancelExceptionForm();
    await expect(app.exceptionApplication(archived.number).count()).resolves.toBe(0);
  });

  it('shows 审核通过 once the customs side approves; one more original goes to the printer and is counted once', async () => {
    // 1, or 0 when the ticker approved it first on a slow run (see beforeAll).
    expect(world.sandbox.control.decideExceptions('approve')).toBeLessThanOrEqual(1);
    // The list asks again by itself while an application is pending.
    await app.page.locator(`[data-testid="exception-application-row"][data-certificate-number="${certificate.number}"][data-status="approved"]`).waitFor({ timeout: 30_000 });
    await expect(app.exceptionApplication(certificate.number).textContent()).resolves.toContain('审核通过');

    await app.openCertificatePrint();
    await app.findByNumber(certificate.number);
    await app.select(certificate.number);
    const registered = world.sandbox.control.stats().printsRegistered;
    await app.print('original', PRINTER);
    await waitUntil('the second original at the printer', async () => (await originalsAtPrinter(certificate.number)) === 2, 60_000);
    await app.answer(certificate.number, 'no');
    // 否 again: the page opens again; 取消打印 closes the form without applying.
    await app.exceptionForm(certificate.number).waitFor();
    await app.cancelExceptionForm();

    await waitUntil('the sandbox counts the exception print', () => world.sandbox.control.getCertificate(certificate.certificateId)?.exceptionPrintCount === 1);
    expect(world.sandbox.control.stats().exceptionPrintsReported).toBe(1);
    expect(world.sandbox.control.stats().printsRegistered).toBe(registered + 1);
    // 提交成功后,在证书打印页面需要点击"查询"按钮: the list shows the count after a query.
    await app.page.getByTestId('exception-query-search').click();
    await waitUntil('the list shows the count', async () => {
      await app.page.getByTestId('exception-query-search').click();
      return (await app.exceptionCertificate(certificate.number).getByTestId('exception-print-count').textContent()) === '1';
    });
    await app.page.getByTestId('exception-list-refresh').click();
    await app.page.locator(`[data-testid="exception-application-row"][data-certificate-number="${certificate.number}"][data-print-use="counted"]`).waitFor();
    await app.page.screenshot({ path: 'test-results/exception-list.png' });
  });

  it('refuses a third original: the approval is used up', async () => {
    await app.openCertificatePrint();
    await app.findByNumber(certificate.number);
    // The list's 异常打印次数.
    await expect(app.row(certificate.number).locator('.cert-exception-count').textContent()).resolves.toBe('1');
    await app.select(certificate.number);
    const registered = world.sandbox.control.stats().printsRegistered;
    await app.page.getByTestId('action-print-original').click();
    await app.page.getByTestId('printer-select').click();
    await app.printerOption(PRINTER).click();
    await app.page.getByTestId('print-dialog-ok').click();
    await app.errorShown('正本已打印,不能重复打印');
    await app.page.getByTestId('print-dialog-cancel').click();
    expect(world.sandbox.control.stats().printsRegistered).toBe(registered);
    expect(await originalsAtPrinter(certificate.number)).toBe(2);
  });
});
