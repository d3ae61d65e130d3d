// 打印异常申请 end to end through the real UI, the sandbox over HTTPS and a real CUPS
// queue: an original printed → 否 → the 打印异常申请 page opens with that certificate →
// reason and operation type → 提交 → 审核中 → the customs side approves → 审核通过 → one
// more original goes to the printer → counted once → a third original is refused.
// The page's own query area (type, issue-date range, archive status, 重置) is checked
// against the certificates the server's feed gives this enterprise.

import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesPageSchema, paths, type CertificateDto } from '../../main/net/contract';
import zhCN from '../../renderer/src/i18n/zh-CN';
import { ApiClient } from '../sandbox/test-client';
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

/** The printed certificates of the demo enterprise as the server has them, in the list's order (newest issue date, then number, first). */
async function printedOnServer(): Promise<CertificateDto[]> {
  const client = new ApiClient(world.sandbox.url, world.sandbox.caCertPem);
  await client.login('demo', 'demo123');
  const byId = new Map<string, CertificateDto>();
  for (let cursor = 0; ; ) {
    const page = changesPageSchema.parse(await client.getJson(`${paths.changes}?cursor=${cursor}&limit=1000`));
    for (const item of page.items) byId.set(item.certificateId, item);
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  const newestFirst = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
  return [...byId.values()]
    .filter((item) => item.printStatus === 'printed')
    .sort((a, b) => newestFirst(a.issueDate, b.issueDate) || newestFirst(a.number, b.number));
}

describe('打印异常申请: the query area', () => {
  /** The page's table shows ten certificates a page (PrintExceptionsPage). */
  const PAGE_SIZE = 10;
  const query = () => app.page.getByTestId('exception-query');
  const pagination = () => app.page.getByTestId('print-exceptions').locator('.ant-card').first().locator('.ant-pagination');
  const shownNumbers = () =>
    app.page.locator('[data-testid="exception-certificate-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-certificate-number') ?? ''));

  /** Every page of the table, one after another, lists exactly these certificates, in this order, and there is no page after. */
  async function expectListed(expected: readonly CertificateDto[]): Promise<void> {
    const numbers = expected.map((certificate) => certificate.number);
    const pages = Math.max(1, Math.ceil(numbers.length / PAGE_SIZE));
    for (let index = 0; index < pages; index += 1) {
      if (index > 0) await pagination().locator('.ant-pagination-next').click();
      await expect.poll(shownNumbers, { timeout: 30_000 }).toEqual(numbers.slice(index * PAGE_SIZE, (index + 1) * PAGE_SIZE));
    }
    expect(await pagination().locator('.ant-pagination-next').getAttribute('aria-disabled')).toBe('true');
  }

  /** Picks an option of a select by its field's label; `typed` for one with a search box, where typing narrows the (virtual) list to it. */
  async function choose(label: string, option: string, typed = false): Promise<void> {
    const select = query().getByLabel(label);
    await select.click();
    if (typed) await select.fill(option);
    const exactly = new RegExp(`^${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await app.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: exactly }).click();
  }

  async function issueDates(from: string, to: string): Promise<void> {
    const start = query().getByPlaceholder(zhCN.exceptions.query.issueDateFrom);
    await start.fill(from);
    await start.press('Enter');
    const end = query().getByPlaceholder(zhCN.exceptions.query.issueDateTo);
    await end.fill(to);
    await end.press('Enter');
  }

  const search = () => app.page.getByTestId('exception-query-search').click();
  const reset = () => query().getByRole('button', { name: zhCN.exceptions.query.reset, exact: true }).click();
  const typeLabel = (code: string) => `${code} ${zhCN.certTypes[code as keyof typeof zhCN.certTypes]}`;
  const within = (certificate: CertificateDto, from: string, to: string) => certificate.issueDate >= from && certificate.issueDate <= to;

  it('finds the printed certificates by type, issue-date range and archive status, alone and together; 重置 lists them all again', async () => {
    // The cache as the server has it now (the tests above printed and archived some).
    await app.syncNow();
    const printed = await printedOnServer();
    await app.page.getByTestId('menu-print-exceptions').click();
    await query().waitFor();
    await expectListed(printed);
    // Enough for every range below to lie inside it.
    expect(printed.length).toBeGreaterThan(6 * PAGE_SIZE);

    // 证书类型: the second most printed type, so other types are left out.
    const counts = new Map<string, number>();
    for (const certificate of printed) counts.set(certificate.type, (counts.get(certificate.type) ?? 0) + 1);
    const [, [type] = ['']] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const ofType = printed.filter((certificate) => certificate.type === type);
    await choose(zhCN.exceptions.query.type, typeLabel(type), true);
    await search();
    await expectListed(ofType);

    // 签发日期 alone: both ends are issue dates of printed certificates, and count (the range is inclusive).
    await reset();
    await expectListed(printed);
    const to = printed[PAGE_SIZE]?.issueDate ?? '';
    const from = printed[3 * PAGE_SIZE]?.issueDate ?? '';
    const inRange = printed.filter((certificate) => within(certificate, from, to));
    expect(inRange.filter((certificate) => certificate.issueDate === from).length).toBeGreaterThan(0);
    await issueDates(from, to);
    await search();
    await expectListed(inRange);

    // 归档状态 alone: 未归档.
    await reset();
    await expectListed(printed);
    const unarchived = printed.filter((certificate) => certificate.archiveStatus === 'unarchived');
    expect(unarchived.length).toBeGreaterThan(0);
    expect(unarchived.length).toBeLessThan(printed.length);
    await choose(zhCN.exceptions.query.archiveStatus, zhCN.status.archive.unarchived);
    await search();
    await expectListed(unarchived);

    // All three at once: 已归档 of that type within a wider range.
    await reset();
    await expectListed(printed);
    const wideFrom = printed[6 * PAGE_SIZE]?.issueDate ?? '';
    const together = printed.filter((certificate) => certificate.type === type && certificate.archiveStatus === 'archived' && within(certificate, wideFrom, to));
    expect(together.length).toBeGreaterThan(0);
    expect(together.length).toBeLessThan(ofType.length);
    await choose(zhCN.exceptions.query.type, typeLabel(type), true);
    await issueDates(wideFrom, to);
    await choose(zhCN.exceptions.query.archiveStatus, zhCN.status.archive.archived);
    await search();
    await expectListed(together);
    await app.page.screenshot({ path: 'test-results/exception-query.png' });

    // 重置 empties every field and lists every printed certificate again.
    await reset();
    await expectListed(printed);
    await expect(app.page.getByTestId('exception-query-number').inputValue()).resolves.toBe('');
    await expect(query().locator('.ant-select-selection-item').count()).resolves.toBe(0);
    await expect(query().getByPlaceholder(zhCN.exceptions.query.issueDateFrom).inputValue()).resolves.toBe('');
    await expect(query().getByPlaceholder(zhCN.exceptions.query.issueDateTo).inputValue()).resolves.toBe('');
  }, 180_000);
});
