// What a user does in the certificate print page, as steps for the e2e tests. The
// selectors are the renderer's data-testid attributes and the manual's words.

import type { Page } from 'playwright-core';

export class AppPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async login(username: string, password: string): Promise<void> {
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
    await this.page.getByTestId('enterprise-name').waitFor();
  }

  /** Waits until a sync has finished and the list shows certificates. */
  async waitForSyncedList(): Promise<number> {
    await this.page.locator('[data-testid="sync-status"][data-sync-state="idle"]').waitFor({ timeout: 60_000 });
    const total = this.page.getByTestId('certificate-total');
    await this.page.waitForFunction(() => Number(document.querySelector('[data-testid="certificate-total"]')?.getAttribute('data-total')) > 0);
    return Number(await total.getAttribute('data-total'));
  }

  async findByNumber(number: string): Promise<void> {
    await this.page.getByTestId('query-number').fill(number);
    await this.page.getByTestId('query-search').click();
    await this.row(number).waitFor();
  }

  row(number: string) {
    return this.page.locator(`[data-testid="certificate-row"][data-certificate-number="${number}"]`);
  }

  async select(number: string): Promise<void> {
    await this.row(number).getByTestId('certificate-select').click();
  }

  /** Clicks 打印正副本 / 打印正本 / 打印副本, picks the printer and starts. */
  async print(kind: 'both' | 'original' | 'copy', printer: string): Promise<void> {
    await this.page.getByTestId(`action-print-${kind}`).click();
    const dialog = this.page.getByTestId('print-dialog');
    await dialog.waitFor();
    await this.page.getByTestId('printer-select').click();
    await this.printerOption(printer).click();
    await this.page.locator('[data-testid="printer-check"][data-suitable="true"]').waitFor();
    await this.page.getByTestId('print-dialog-ok').click();
  }

  /** An entry of the printer list; the default printer's label carries a mark after the name. */
  printerOption(printer: string) {
    return this.page.locator('.ant-select-item-option').filter({ hasText: printer }).first();
  }

  /** The manual's dialog: 请确认证书(…)是否已打印成功 → 是 / 否. */
  async answer(number: string, answer: 'yes' | 'no', timeout = 60_000): Promise<void> {
    const dialog = this.page.locator(`[data-testid="print-confirm"][data-certificate-number="${number}"]`);
    await dialog.waitFor({ timeout });
    await this.page.getByTestId(answer === 'yes' ? 'print-confirm-yes' : 'print-confirm-no').click();
    await dialog.waitFor({ state: 'hidden' });
    await this.closePrintQueue();
  }

  /** The print queue drawer opens when a print starts; a user closes it to go on. */
  async closePrintQueue(): Promise<void> {
    const close = this.page.locator('.ant-drawer-open .ant-drawer-close');
    if (await close.isVisible()) {
      await close.click();
      await this.page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    }
  }

  async confirmationShownFor(number: string, timeout = 60_000): Promise<void> {
    await this.page.locator(`[data-testid="print-confirm"][data-certificate-number="${number}"]`).waitFor({ timeout });
  }

  /** The text of the error message antd shows for a refused action. */
  async errorMessage(): Promise<string> {
    const notice = this.page.locator('.ant-message-notice .ant-message-error').last();
    await notice.waitFor();
    return (await notice.textContent()) ?? '';
  }
}
