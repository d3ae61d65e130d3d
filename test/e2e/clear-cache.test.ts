// 设置 → 清除缓存 never costs a user's action, end to end through the real UI, the sandbox
// over HTTPS and a real CUPS queue: an original waiting in a paused queue, then its 是
// waiting in the outbox while the server cannot be reached, each makes 清除缓存 refuse
// and say how many, and leaves the cache as it was; once the server is back the outbox
// drains and 清除缓存 is allowed.
//
// The refusal for a print is met at the spooler, before the 是/否: the question itself
// cannot be dismissed and lies over the whole window (every page of the app opens it),
// so 设置 cannot be reached while it waits.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateDto } from '../../main/net/contract';
import zhCN from '../../renderer/src/i18n/zh-CN';
import type { AppPage } from '../support/app-page';
import { readSpooledJobs, runCupsCommand, waitForSpooledJob } from '../support/cups';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { waitUntil } from '../support/wait';

const PRINTER = 'CacheE2eDuplex';
let world: E2eWorld;
let app: AppPage;
let certificate: CertificateDto;
/** The cache as 设置 and 证书打印 showed it before anything was printed. */
let before: CacheAsShown;
let printId: string;

const unsent = (count: number) => zhCN.settings.cacheUnsentCount.replace('{{count}}', String(count));

beforeAll(async () => {
  world = await startE2eWorld({ printerName: PRINTER, seed: 23, certificateCount: 60 });
  // Chosen before the first sync, so the cache has it as the server has it.
  const [printable] = world.sandbox.control.listPrintable(1);
  if (!printable) throw new Error('the sandbox has no printable certificate');
  certificate = printable;
  app = await world.openPage();
  await app.login('demo', 'demo123');
  await app.waitForSyncedList();
  before = await cacheAsShown();
  expect(before.certificates).toBeGreaterThan(0);
  expect(before.unsent).toBe(unsent(0));
  expect(before.unfinishedPrints).toBeNull();
});

afterAll(async () => {
  world?.sandbox.control.clearFaults();
  await runCupsCommand('cupsenable', [PRINTER]).catch(() => undefined);
  await world?.stop();
});

interface CacheAsShown {
  /** 证书打印's total. */
  listed: number;
  /** 设置's 已缓存证书, as a number. */
  certificates: number;
  /** 设置's 未发送的操作, as shown ("1 项"). */
  unsent: string;
  /** 设置's 未确认的打印, shown only while there are some. */
  unfinishedPrints: string | null;
}

/**
 * 证书打印's total and 设置's figures, each read afresh: both pages load what they show
 * when they open, so neither can show what it showed before (a 刷新 could, for a moment).
 */
async function cacheAsShown(): Promise<CacheAsShown> {
  await app.openCertificatePrint();
  // Empty until the list's first page is in; an empty cache then shows 0.
  await app.page.locator('[data-testid="certificate-total"]:not([data-total=""])').waitFor();
  const listed = Number(await app.page.getByTestId('certificate-total').getAttribute('data-total'));
  await app.openSettings();
  const figures = app.page.getByTestId('cache-figures');
  await figures.waitFor();
  const unfinished = app.page.getByTestId('cache-unfinished-prints');
  return {
    listed,
    certificates: Number(await figures.getAttribute('data-certificates')),
    unsent: (await app.page.getByTestId('cache-unsent').textContent()) ?? '',
    unfinishedPrints: (await unfinished.count()) > 0 ? await unfinished.textContent() : null,
  };
}

/** 清除缓存 → 确定 in 设置; waits for main's refusal with this text. */
async function clearCacheRefused(text: string): Promise<void> {
  await app.page.getByTestId('cache-clear').click();
  await app.page.getByTestId('cache-clear-confirm').click();
  await app.errorShown(text);
  // Either answer is shown for a 清除缓存, never both.
  expect(await app.page.locator('.ant-message-notice').filter({ hasText: zhCN.settings.cacheCleared }).count()).toBe(0);
}

/** 设置's 刷新, every half second, until the figures show what is waited for. */
async function refreshUntil(description: string, shown: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  await waitUntil(
    description,
    async () => {
      await app.page.getByTestId('cache-refresh').click();
      await app.page.waitForTimeout(500);
      return shown();
    },
    timeoutMs,
  );
}

describe('清除缓存 never costs a user’s action', () => {
  it('refuses while an original is at the printer (1 份), and the cache stays as it was', async () => {
    // A paused queue keeps the original at the spooler, its 是/否 not asked yet.
    expect((await runCupsCommand('cupsdisable', [PRINTER])).code).toBe(0);
    try {
      await app.openCertificatePrint();
      await app.findByNumber(certificate.number);
      await app.select(certificate.number);
      await app.print('original', PRINTER);
      const job = app.page.locator(`[data-testid="print-job"][data-certificate-number="${certificate.number}"][data-state="printing"]`);
      await job.waitFor({ timeout: 60_000 });
      printId = (await job.getAttribute('data-print-id')) ?? '';
      expect(printId).not.toBe('');
      await app.closePrintQueue();

      await app.openSettings();
      await expect(app.page.getByTestId('cache-unfinished-prints').textContent()).resolves.toBe('1');
      await clearCacheRefused('还有 1 份证书正在打印或等待确认打印结果,缓存未清除');

      expect(await cacheAsShown()).toEqual({ ...before, unfinishedPrints: '1' });
      expect((await readSpooledJobs(world.printer!.spoolDir)).map((spooled) => spooled.jobName)).not.toContain(`${certificate.number} original`);
    } finally {
      await runCupsCommand('cupsenable', [PRINTER]);
    }
    // The print the refusal kept: it reaches the printer and its question is asked.
    await waitForSpooledJob(world.printer!.spoolDir, `${certificate.number} original`, 60_000);
    await app.confirmationShownFor(certificate.number);
    await expect(app.page.getByTestId('print-confirm').getAttribute('data-print-id')).resolves.toBe(printId);
  });

  it('with the server unreachable, 是 waits in the outbox: 未发送 1 项, 清除缓存 refuses and says so; the server back, it drains and 清除缓存 is allowed', async () => {
    world.sandbox.control.setFaults({ errorRate: 1 });
    try {
      const refusedBefore = world.sandbox.control.stats().faultsInjected.error;
      await app.answer(certificate.number, 'yes');
      await waitUntil('the client has tried to deliver the answer', () => world.sandbox.control.stats().faultsInjected.error > refusedBefore);

      // Still on 设置 from before: its figures are read again with 刷新.
      await refreshUntil('设置 shows the answer unsent', async () => (await app.page.getByTestId('cache-unsent').textContent()) === unsent(1), 30_000);
      // Answered: no print is unfinished any more; the outbox alone refuses.
      expect(await app.page.getByTestId('cache-unfinished-prints').count()).toBe(0);
      await clearCacheRefused('还有 1 项操作尚未发送到服务器');

      expect(await cacheAsShown()).toEqual({ ...before, unsent: unsent(1) });
      expect(world.sandbox.control.stats().confirmations[printId]?.applied ?? 0).toBe(0);
      expect(world.sandbox.control.getCertificate(certificate.certificateId)?.archiveStatus).toBe('unarchived');
    } finally {
      world.sandbox.control.clearFaults();
    }

    // The outbox retries by itself, with growing pauses (up to a minute).
    const shownUnsent = app.page.getByTestId('cache-unsent');
    await refreshUntil('the outbox is empty', async () => (await shownUnsent.textContent()) === unsent(0), 120_000);
    await waitUntil('the server archives the certificate', () => world.sandbox.control.getCertificate(certificate.certificateId)?.archiveStatus === 'archived');
    expect(world.sandbox.control.stats().confirmations[printId]?.applied).toBe(1);

    await app.page.getByTestId('cache-clear').click();
    await app.page.getByTestId('cache-clear-confirm').click();
    await app.page.locator('.ant-message-notice').filter({ hasText: zhCN.settings.cacheCleared }).waitFor();
    // Emptied and synced again: the same certificates, nothing unsent.
    const figures = app.page.getByTestId('cache-figures');
    await refreshUntil('the cache is synced again', async () => Number(await figures.getAttribute('data-certificates')) === before.certificates, 60_000);
    expect(await shownUnsent.textContent()).toBe(unsent(0));
  }, 240_000);
});
