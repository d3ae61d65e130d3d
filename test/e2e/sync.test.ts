// 同步 in the header, end to end in Chromium against the sandbox: 常见问题及解答 refreshed
// by itself at sign-in and with every sync (no download button pressed, the page only
// opened again), and a slow sync whose progress is shown, cancelled with 取消 — the
// pages it had received stay in the list — and then run again to the end.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaqDocumentDto } from '../../main/net/contract';
import type { AppPage } from '../support/app-page';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { SANDBOX_FAQ } from '../sandbox/server';

let world: E2eWorld;
let app: AppPage;

/** An edition after `previous` with one more section; its question is what the page must show. */
function nextEdition(previous: FaqDocumentDto, title: string, question: string, answer: string): FaqDocumentDto {
  return { version: previous.version + 1, publishedAt: '2026-12-05T09:00:00+08:00', sections: [...previous.sections, { title, items: [{ question, answer }] }] };
}
const AT_SIGN_IN = nextEdition(SANDBOX_FAQ, '登录', '登录后常见问题及解答会自动更新吗?', '会。登录成功后客户端自动下载最新的常见问题及解答。');
const AFTER_SYNC = nextEdition(AT_SIGN_IN, '同步', '同步时常见问题及解答会更新吗?', '会。每次同步时客户端同时下载最新的常见问题及解答。');

beforeAll(async () => {
  world = await startE2eWorld({ seed: 17 });
  // Published before anyone signs in: only the refresh at sign-in can bring it.
  world.sandbox.help.publish(AT_SIGN_IN);
  app = await world.openPage();
  await app.login('demo', 'demo123');
  await app.waitForSyncedList();
});

afterAll(async () => {
  await world?.stop();
});

/** Opens 常见问题及解答 anew (from another page, as a user comes back to it) and answers the edition it shows. */
async function openFaq(): Promise<string | null> {
  await app.page.getByTestId('menu-release-notes').click();
  await app.page.getByTestId('release-notes').waitFor();
  await app.page.getByTestId('menu-faq').click();
  const page = app.page.locator('[data-testid="faq-page"]:not([data-faq-version=""])');
  await page.waitFor();
  return `${await page.getAttribute('data-faq-version')} ${await page.getAttribute('data-faq-source')}`;
}

async function questionShown(question: string, answer: string): Promise<void> {
  const faq = app.page.getByTestId('faq-page');
  await faq.getByTestId('faq-question').filter({ hasText: question }).click();
  await faq.getByText(answer).waitFor();
}

describe('常见问题及解答 refreshed by itself', () => {
  it('at sign-in: the edition the server published before shows, with its new entry', async () => {
    await expect.poll(openFaq, { timeout: 30_000 }).toBe(`${AT_SIGN_IN.version} downloaded`);
    await questionShown('登录后常见问题及解答会自动更新吗?', '会。登录成功后客户端自动下载最新的常见问题及解答。');
  });

  it('with a sync: an edition published later shows after 同步 in the header', async () => {
    world.sandbox.help.publish(AFTER_SYNC);
    // Nothing asks the server on its own in between: the page still shows the edition of the sign-in.
    expect(await openFaq()).toBe(`${AT_SIGN_IN.version} downloaded`);
    await app.syncNow();
    await expect.poll(openFaq, { timeout: 30_000 }).toBe(`${AFTER_SYNC.version} downloaded`);
    await questionShown('同步时常见问题及解答会更新吗?', '会。每次同步时客户端同时下载最新的常见问题及解答。');
    await app.page.screenshot({ path: 'test-results/sync-faq.png' });
  });
});

describe('同步 with 取消', () => {
  const status = () => app.page.getByTestId('sync-status');
  const total = async () => Number(await app.page.getByTestId('certificate-total').getAttribute('data-total'));

  /** 证书编号 in 证书打印's query, then 查询; '' lists everything again. */
  async function queryNumber(number: string): Promise<void> {
    await app.page.getByTestId('query-number').fill(number);
    await app.page.getByTestId('query-search').click();
  }

  it('shows the progress; 取消 stops it as 同步已取消, keeping the pages received; the next 同步 brings the rest', async () => {
    await app.openCertificatePrint();
    const before = await app.waitForSyncedList();
    const lastSuccess = await status().getAttribute('data-last-success');
    expect(lastSuccess).toMatch(/^\d{4}-/);
    // More than two pages of changes; layouts far in the future, so the sync fetches none of them.
    const inserted = world.sandbox.control.insertCertificates(Array.from({ length: 1200 }, () => ({ layoutStatus: 'generated' as const, sendingAfterMs: 3_600_000 })));
    const first = inserted[0];
    const last = inserted.at(-1);
    if (!first || !last) throw new Error('nothing inserted');

    // Every server call takes 3 s: the next page is still on its way when 取消 is pressed.
    world.sandbox.control.setFaults({ latencyMs: 3000 });
    try {
      await app.page.getByTestId('sync-start').click();
      const progress = app.page.getByTestId('sync-progress').filter({ hasText: /已接收 [1-9]\d* 条/ });
      await progress.waitFor({ timeout: 60_000 });
      const [, received] = /^同步中:已接收 (\d+) 条,版式 0 份$/.exec((await progress.textContent()) ?? '') ?? [];
      expect(Number(received)).toBeGreaterThan(0);
      expect(Number(received)).toBeLessThan(inserted.length);
      await app.page.getByTestId('sync-cancel').click();

      await status().and(app.page.locator('[data-sync-state="cancelled"]')).waitFor({ timeout: 30_000 });
      expect(await status().textContent()).toContain('同步已取消');
      // A cancelled run is no success: the time shown is still the last one.
      expect(await status().getAttribute('data-last-success')).toBe(lastSuccess);
      await app.page.screenshot({ path: 'test-results/sync-cancelled.png' });
    } finally {
      world.sandbox.control.clearFaults();
    }

    // What was received stays: the list has grown, but not by all of them.
    await expect.poll(total, { timeout: 30_000 }).toBeGreaterThan(before);
    expect(await total()).toBeLessThan(before + inserted.length);
    await app.findByNumber(first.number);
    await queryNumber(last.number);
    await app.page.locator('[data-testid="certificate-total"][data-total="0"]').waitFor();

    // 同步 again: it goes on from there to the end.
    await app.page.getByTestId('sync-start').click();
    await app.page.waitForFunction(
      (previous) => {
        const element = document.querySelector('[data-testid="sync-status"]');
        return element?.getAttribute('data-sync-state') === 'idle' && element.getAttribute('data-last-success') !== previous;
      },
      lastSuccess,
      { timeout: 60_000 },
    );
    await app.findByNumber(last.number);
    await queryNumber('');
    await expect.poll(total, { timeout: 30_000 }).toBe(before + inserted.length);
  }, 120_000);
});
