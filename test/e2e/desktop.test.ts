// What desktop users expect, end to end in Chromium against the sandbox and a real CUPS
// queue: 常见问题及解答 and 版本说明 readable offline, the FAQ downloaded from 使用说明's
// button (bad content refused, the copy shown kept), keyboard navigation of the
// certificate list, a batch print whose jobs not yet started are cancelled, and a page
// that shows the app's state again after the app process restarted, without a reload.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPDATE_STATE_FILE } from '../../main/browser/update-state';
import { BUILT_IN_FAQ } from '../../main/services/help/builtin-faq';
import { FAQ_MESSAGES } from '../../main/services/help/help-service';
import { RELEASE_NOTES } from '../../renderer/src/features/help/releaseNotes';
import type { AppPage } from '../support/app-page';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import type { CertificateDto } from '../../main/net/contract';
import { SANDBOX_FAQ } from '../sandbox/server';

const PRINTER = 'DeskBatch';
let world: E2eWorld;
let app: AppPage;
/** Issued today, so they head the list; printable as originals. */
let batch: CertificateDto[];

beforeAll(async () => {
  world = await startE2eWorld({ certificateCount: 300, printerName: PRINTER, stableBridge: true });
  batch = world.sandbox.control.insertCertificates([1, 2, 3, 4].map(() => ({ layoutStatus: 'received' as const })));
  // The refresh after sign-in meets a broken server: the built-in copy must stay.
  world.sandbox.help.publishRaw('<html>系统维护中</html>');
  app = await world.openPage();
  await app.login('demo', 'demo123');
  // The first sync ends before any test takes the server away.
  await app.waitForSyncedList();
});

afterAll(async () => {
  await world?.stop();
});

const faqPage = () => app.page.getByTestId('faq-page');
async function faqShown(version: number, source: 'built-in' | 'downloaded'): Promise<void> {
  await app.page.locator(`[data-testid="faq-page"][data-faq-version="${version}"][data-faq-source="${source}"]`).waitFor();
}
/** Waits for a warning with this text (an earlier one may still be on screen). */
async function warningShown(text: string): Promise<void> {
  await app.page.locator('.ant-message-notice .ant-message-warning').filter({ hasText: text }).last().waitFor();
}

describe('常见问题及解答', () => {
  it('shows the built-in copy when the server sent content the contract refuses', async () => {
    await app.page.getByTestId('menu-faq').click();
    await faqShown(BUILT_IN_FAQ.version, 'built-in');
    const questions = await app.page.getByTestId('faq-question').allTextContents();
    expect(questions).toEqual(BUILT_IN_FAQ.sections.flatMap((section) => section.items.map((item) => item.question)));
    // An answer opens as plain text.
    await app.page.getByTestId('faq-question').first().click();
    await app.page.getByText(BUILT_IN_FAQ.sections[0]?.items[0]?.answer.split('\n')[0] ?? '').waitFor();

    await app.page.getByTestId('faq-download').click();
    await warningShown(FAQ_MESSAGES.SERVER_ERROR);
    await faqShown(BUILT_IN_FAQ.version, 'built-in');
  });

  it('downloads the latest edition with the button in 使用说明 and opens it', async () => {
    world.sandbox.help.publish(SANDBOX_FAQ);
    await app.page.getByTestId('menu-instructions').click();
    await app.page.getByTestId('instructions-faq').getByText('点击使用说明中的按钮即可下载最新的常见问题及解答').waitFor();
    await app.page.getByTestId('instructions-faq').getByTestId('faq-download').click();
    await faqShown(SANDBOX_FAQ.version, 'downloaded');
    await faqPage().getByText('证书下载', { exact: true }).waitFor();
    await app.page.getByText('哪些证书支持电子版下载?').click();
    await app.page.getByText(/RCEP 证书及 RCEP 背对背证书部分证书支持电子版下载/).waitFor();
    await app.page.screenshot({ path: 'test-results/desktop-faq.png' });
  });

  it('offline: says so, keeps the downloaded copy, and reads it after a reload', async () => {
    world.sandbox.control.setFaults({ errorRate: 1 });
    try {
      await app.page.getByTestId('faq-download').click();
      await warningShown(FAQ_MESSAGES.OFFLINE);
      await faqShown(SANDBOX_FAQ.version, 'downloaded');
      await app.page.reload();
      await app.page.getByTestId('enterprise-name').waitFor();
      await app.page.getByTestId('menu-faq').click();
      await faqShown(SANDBOX_FAQ.version, 'downloaded');
      // 版本说明 is built in: offline too.
      await app.page.getByTestId('menu-release-notes').click();
      await app.page.getByTestId('release-notes-current').getByText(`当前版本 ${RELEASE_NOTES[0]?.version ?? ''}`).waitFor();
    } finally {
      world.sandbox.control.clearFaults();
    }
  });
});

describe('版本说明', () => {
  it('shows this version’s notes from the bundle, and no update while the updater is idle', async () => {
    await app.page.getByTestId('menu-release-notes').click();
    const notes = app.page.locator('[data-testid="release-notes"][data-update-state="idle"]');
    await notes.waitFor();
    const current = RELEASE_NOTES[0];
    if (!current) throw new Error('no release notes');
    await notes.locator(`[data-testid="release-note"][data-version="${current.version}"]`).getByText(current.changes['zh-CN'][0] ?? '').waitFor();
    expect(await app.page.getByTestId('update-banner').count()).toBe(0);
    await app.page.screenshot({ path: 'test-results/desktop-release-notes.png' });
  });

  // Browser mode's updater is update-state.json (main/browser/update-state.ts): the states
  // below are what electron-updater's wrapper reports; the page is the one the app shows.
  it('shows the new version and its notes as plain text while it downloads and once it is downloaded; a state that is not one stays idle', async () => {
    const state = (value: unknown) => writeFileSync(join(world.appDataDir, UPDATE_STATE_FILE), JSON.stringify(value));
    const reopen = async (updateState: string) => {
      await app.page.getByTestId('menu-faq').click();
      await faqPage().waitFor();
      await app.page.getByTestId('menu-release-notes').click();
      await app.page.locator(`[data-testid="release-notes"][data-update-state="${updateState}"]`).waitFor();
    };
    try {
      const notes = '修复了双面打印的页序问题\n<b>新增</b>证书下载的批量保存';
      state({ state: 'downloading', version: '9.9.9', notes, percent: 42.7 });
      await reopen('downloading');
      const banner = app.page.getByTestId('update-banner');
      expect(await banner.getAttribute('data-version')).toBe('9.9.9');
      await banner.getByText('正在下载新版本 9.9.9:42%').waitFor();
      await banner.getByText('新版本 9.9.9 更新内容').waitFor();
      // The feed's text is shown as it is, never parsed as HTML.
      expect(await app.page.getByTestId('update-notes').textContent()).toBe(notes);
      expect(await app.page.getByTestId('update-notes').locator('b').count()).toBe(0);

      state({ state: 'downloaded', version: '9.9.9', notes: '' });
      await reopen('downloaded');
      await banner.getByText('新版本 9.9.9 已下载,退出并重新打开客户端后生效').waitFor();
      await app.page.getByTestId('update-notes').getByText('新版本未提供更新内容说明。').waitFor();

      state({ state: 'downloaded', version: '9.9.9', notes: 'x', extra: 'not a field of the state' });
      await reopen('idle');
      expect(await banner.count()).toBe(0);
    } finally {
      rmSync(join(world.appDataDir, UPDATE_STATE_FILE), { force: true });
    }
  });
});

describe('keyboard navigation of the certificate list', () => {
  it('moves a visible focus row with the arrows, Home/End and pages, scrolling it into view; Space selects, Enter previews', async () => {
    const page = app.page;
    await page.getByTestId('menu-certificate-print').click();
    const total = await app.waitForSyncedList();
    expect(total).toBeGreaterThan(100);
    const grid = page.getByTestId('certificate-table');
    expect(await grid.getAttribute('role')).toBe('grid');
    expect(await grid.getAttribute('aria-multiselectable')).toBe('true');
    await grid.focus();

    const focusIndex = async () => Number(await grid.getAttribute('data-focus-index'));
    const focusedRow = () => page.locator('[data-testid="certificate-row"][data-focused="true"]');
    /** The focused row lies wholly inside the grid's visible body, and is the grid's active descendant. */
    const focusedRowInView = async (index: number) => {
      await page.locator(`[data-testid="certificate-table"][data-focus-index="${index}"]`).waitFor();
      const row = page.locator(`[data-testid="certificate-row"][data-row-index="${index}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-focused')).toBe('true');
      expect(await grid.getAttribute('aria-activedescendant')).toBe(await row.getAttribute('id'));
      const [rowBox, gridBox] = [await row.boundingBox(), await grid.boundingBox()];
      if (!rowBox || !gridBox) throw new Error('not laid out');
      expect(rowBox.y).toBeGreaterThanOrEqual(gridBox.y + 39);
      expect(rowBox.y + rowBox.height).toBeLessThanOrEqual(gridBox.y + gridBox.height + 1);
    };

    await page.keyboard.press('ArrowDown');
    await focusedRowInView(0);
    // The focus is drawn, not only announced.
    expect(await focusedRow().evaluate((element) => getComputedStyle(element).boxShadow)).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await focusedRowInView(2);
    await page.keyboard.press('ArrowUp');
    await focusedRowInView(1);

    const row1 = page.locator('[data-testid="certificate-row"][data-row-index="1"]');
    await page.keyboard.press(' ');
    await page.locator('[data-testid="certificate-row"][data-row-index="1"][aria-selected="true"]').waitFor();
    await page.keyboard.press(' ');
    await page.locator('[data-testid="certificate-row"][data-row-index="1"][aria-selected="false"]').waitFor();
    await page.keyboard.press(' ');
    await page.locator('[data-testid="certificate-row"][data-row-index="1"][aria-selected="true"]').waitFor();
    const selectedNumber = await row1.getAttribute('data-certificate-number');

    // Far past the first screen: the list scrolls along.
    for (let step = 0; step < 29; step += 1) await page.keyboard.press('ArrowDown');
    await focusedRowInView(30);
    await page.keyboard.press('End');
    await focusedRowInView(total - 1);
    await page.keyboard.press('ArrowDown');
    await focusedRowInView(total - 1);
    await page.keyboard.press('PageUp');
    expect(await focusIndex()).toBeLessThan(total - 1);
    await focusedRowInView(await focusIndex());
    await page.keyboard.press('Home');
    await focusedRowInView(0);
    await page.keyboard.press('PageDown');
    await focusedRowInView(await focusIndex());
    expect(await focusIndex()).toBeGreaterThan(3);
    await page.screenshot({ path: 'test-results/desktop-keyboard.png' });

    // Enter previews the focused certificate, not the selected one.
    const focusedNumber = await focusedRow().getAttribute('data-certificate-number');
    expect(focusedNumber).not.toBe(selectedNumber);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="preview"][data-certificate-number="${focusedNumber ?? ''}"]`).waitFor();
    await page.getByTestId('preview-close').click();
    await page.getByTestId('preview').waitFor({ state: 'hidden' });
    // The selection made with Space is still there.
    await page.locator(`[data-testid="certificate-row"][data-certificate-number="${selectedNumber ?? ''}"][aria-selected="true"]`).waitFor();
  });
});

describe('batch printing with cancel', () => {
  it('shows the batch’s progress and cancels its jobs not started; those originals stay unprinted on the server', async () => {
    const page = app.page;
    // Another page and back: a fresh list, with nothing selected.
    await page.getByTestId('menu-release-notes').click();
    await page.getByTestId('menu-certificate-print').click();
    await app.waitForSyncedList();
    for (const certificate of batch) await app.select(certificate.number);
    await page.locator('[data-testid="certificate-selected-count"][data-count="4"]').waitFor();
    // Every server call takes 1.5 s: the first job is still registering when 取消 is pressed.
    world.sandbox.control.setFaults({ latencyMs: 1500 });
    try {
      await app.print('original', PRINTER);
      const progress = page.getByTestId('batch-progress');
      await page.locator('[data-testid="batch-progress"][data-total="4"][data-queued="3"]').waitFor();
      await page.getByTestId('batch-cancel').click();
      await page.locator('[data-testid="batch-progress"][data-queued="0"]').waitFor();
      world.sandbox.control.clearFaults();
      await page.locator('[data-testid="batch-progress"][data-done="4"]').waitFor({ timeout: 60_000 });
      expect(await progress.textContent()).toContain('批量打印进度:已结束 4 / 4(其中 3 份未打印:已取消或失败)');
      await page.screenshot({ path: 'test-results/desktop-batch-cancel.png' });

      const jobs = page.getByTestId('print-job');
      const states = new Map<string, { state: string; printId: string }>();
      for (const job of await jobs.all()) {
        states.set((await job.getAttribute('data-certificate-number')) ?? '', {
          state: (await job.getAttribute('data-state')) ?? '',
          printId: (await job.getAttribute('data-print-id')) ?? '',
        });
      }
      const printed = [...states.entries()].filter(([, job]) => job.state !== 'failed');
      const cancelled = [...states.entries()].filter(([, job]) => job.state === 'failed');
      expect(printed).toHaveLength(1);
      expect(cancelled).toHaveLength(3);
      for (const [number, job] of cancelled) {
        const item = page.locator(`[data-testid="print-job"][data-print-id="${job.printId}"]`);
        expect(await item.textContent()).toContain('已取消');
        expect(world.sandbox.control.getPrint(job.printId)).toBeNull();
        const certificate = batch.find((candidate) => candidate.number === number);
        expect(world.sandbox.control.getCertificate(certificate?.certificateId ?? '')?.printStatus).toBe('pending');
      }
      const [printedNumber, printedJob] = printed[0] ?? ['', { printId: '' }];
      expect(world.sandbox.control.getPrint(printedJob.printId)).toMatchObject({ kind: 'original' });
      await app.answer(printedNumber, 'yes');
    } finally {
      world.sandbox.control.clearFaults();
    }
  });
});

describe('the page after the app process restarted', () => {
  it('refetches print jobs and sync state when the event stream is back, without a reload', async () => {
    const page = app.page;
    const certificate = batch[1];
    if (!certificate) throw new Error('no certificate');
    await page.evaluate(() => {
      (window as unknown as { notReloaded?: boolean }).notReloaded = true;
    });
    const syncStatus = page.getByTestId('sync-status');
    await page.locator('[data-testid="sync-status"][data-sync-state="idle"]').waitFor();
    const lastSuccessBefore = await syncStatus.getAttribute('data-last-success');
    expect(lastSuccessBefore).toMatch(/^\d{4}-/);

    // The job is registering (the server answers slowly) when the process dies.
    world.sandbox.control.setFaults({ latencyMs: 20_000 });
    await app.select(certificate.number);
    await app.print('copy', PRINTER);
    const registering = page.locator(`[data-testid="print-job"][data-certificate-number="${certificate.number}"][data-state="reserving"]`);
    await registering.waitFor();
    const printId = (await registering.getAttribute('data-print-id')) ?? '';
    const job = page.locator(`[data-testid="print-job"][data-print-id="${printId}"]`);

    const refetched: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/ipc/')) refetched.push(decodeURIComponent(path.slice('/ipc/'.length)));
    });
    await world.app.crash();
    world.sandbox.control.clearFaults();
    await world.restartApp();

    // The restarted app fails the job that never reached the spooler, and syncs again; the page learns both.
    await page.locator(`[data-testid="print-job"][data-print-id="${printId}"][data-state="failed"]`).waitFor({ timeout: 30_000 });
    expect(await job.textContent()).toContain('程序在登记打印时退出');
    await page.waitForFunction(
      (before) => {
        const status = document.querySelector('[data-testid="sync-status"]');
        return status?.getAttribute('data-sync-state') === 'idle' && status.getAttribute('data-last-success') !== before;
      },
      lastSuccessBefore,
      { timeout: 30_000 },
    );
    expect(refetched).toEqual(expect.arrayContaining(['print:jobs', 'sync:state']));
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await app.closePrintQueue();
  });
});

describe('new printable certificates', () => {
  it('a sync that brings them tells the user in the app and with a desktop notification', async () => {
    const page = app.page;
    await page.context().grantPermissions(['notifications'], { origin: new URL(world.app.url).origin });
    // Layouts that fall due on the sandbox clock while this file runs would make other certificates
    // new and printable too: let every pending one arrive and sync it first, so exactly two are new below.
    world.sandbox.control.advanceLayouts();
    await app.syncNow();
    // The real web Notification, recorded on its way.
    await page.evaluate(() => {
      const Original = window.Notification;
      const shown: { title: string; body: string }[] = [];
      (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
      window.Notification = class extends Original {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          shown.push({ title, body: options?.body ?? '' });
        }
      } as typeof Notification;
    });
    world.sandbox.control.insertCertificates([{ layoutStatus: 'received' }, { layoutStatus: 'received' }, { layoutStatus: 'generated', sendingAfterMs: 600_000 }]);
    await page.getByTestId('menu-faq').click();
    await page.getByTestId('sync-start').click();
    const notice = page.locator('[data-testid="new-printable-notice"][data-count="2"]');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toBe('同步到 2 份新的可打印证书,请在证书打印中查看。');
    expect(await page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications)).toEqual([
      { title: '有新的可打印证书', body: '同步到 2 份新的可打印证书,请在证书打印中查看。' },
    ]);
    // 查看 opens 证书打印.
    await page.locator('.ant-notification-notice').getByRole('button', { name: '查看' }).click();
    await page.getByTestId('certificate-table').waitFor();
  }, 120_000);
});
