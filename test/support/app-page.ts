// What a user does in the app, as steps for the e2e tests. The selectors are the
// renderer's data-testid attributes and the manual's words.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';
import { BRIDGE_TOKEN_STORAGE_KEY } from '../../renderer/src/lib/browser-bridge';

export class AppPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async login(username: string, password: string): Promise<void> {
    await this.page.getByTestId('login-mode-password').click();
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
    await this.page.getByTestId('enterprise-name').waitFor();
  }

  /** 卡介质登录: waits for the card to be read, types the PIN and signs in. */
  async loginByCard(pin: string): Promise<void> {
    await this.typeCardPin(pin);
    await this.page.getByTestId('enterprise-name').waitFor();
  }

  async typeCardPin(pin: string): Promise<void> {
    await this.page.getByTestId('login-mode-card').click();
    await this.page.locator('[data-testid="card-info"][data-state="ready"]').waitFor({ timeout: 30_000 });
    await this.page.getByTestId('card-pin').fill(pin);
    await this.page.getByTestId('card-login-submit').click();
  }

  async logout(): Promise<void> {
    await this.page.getByTestId('logout').click();
    await this.page.getByTestId('login-mode-card').waitFor();
  }

  /** 印章制作 → 新增印章: the holder, validity and name, the scan, then 保存印章 with the card PIN. */
  async makeSeal(seal: { holder: string; validFrom: string; validTo: string; name: string; scanPath: string; pin: string }): Promise<void> {
    const page = this.page;
    await page.getByTestId('menu-seals').click();
    await page.getByTestId('seal-add').click();
    await this.closeScanTip();
    await page.getByTestId('seal-holder-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: seal.holder }).first().click();
    const validity = page.getByTestId('seal-validity');
    await validity.first().fill(seal.validFrom);
    await validity.first().press('Enter');
    await validity.nth(1).fill(seal.validTo);
    await validity.nth(1).press('Enter');
    await page.getByTestId('seal-name').fill(seal.name);
    await page.getByTestId('scan-file-input').setInputFiles(seal.scanPath);
    await this.saveCheckedMark(seal.pin);
    await page.locator(`[data-testid="seal-row"][data-name="${seal.name}"][data-status="active"]`).waitFor({ timeout: 30_000 });
  }

  /** 签名制作 → 新增签名 for a declarant; the scan is dropped onto the page, as a user drags it from the scanner's folder. */
  async makeSignature(signature: { declarant: string; scanPath: string; pin: string }): Promise<void> {
    const page = this.page;
    await page.getByTestId('menu-signatures').click();
    await page.getByTestId('signature-add').click();
    await this.closeScanTip();
    await page.getByTestId('signature-declarant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: signature.declarant }).first().click();
    const dataTransfer = await page.evaluateHandle(
      ([base64, name]) => {
        const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name, { type: 'image/png' }));
        return transfer;
      },
      [readFileSync(signature.scanPath).toString('base64'), basename(signature.scanPath)] as const,
    );
    await page.getByTestId('scan-drop-zone').dispatchEvent('drop', { dataTransfer });
    await this.saveCheckedMark(signature.pin);
    await page.locator('[data-testid="signature-row"][data-status="active"]').first().waitFor({ timeout: 30_000 });
  }

  /** The manual's tip that opens a new seal or signature: 知道了. */
  async closeScanTip(): Promise<void> {
    await this.page.getByTestId('scan-tip-ok').click();
    await this.page.getByTestId('scan-tip').waitFor({ state: 'hidden' });
  }

  private async saveCheckedMark(pin: string): Promise<void> {
    await this.page.locator('[data-testid="scan-report"][data-accepted="true"]').waitFor({ timeout: 60_000 });
    await this.page.getByTestId('mark-save').click();
    await this.page.getByTestId('pin-input').fill(pin);
    await this.page.getByTestId('pin-ok').click();
  }

  /** A call straight to main through the bridge with the page's own token, as a forged renderer would make it. */
  async forgedCall(channel: string, args: unknown[]): Promise<{ ok: boolean; error?: { code: string } }> {
    return this.page.evaluate(
      async ([name, body, storageKey]) => {
        const token = sessionStorage.getItem(storageKey) ?? '';
        const response = await fetch(`/ipc/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-bridge-token': token },
          body,
        });
        return (await response.json()) as { ok: boolean; error?: { code: string } };
      },
      [channel, JSON.stringify(args), BRIDGE_TOKEN_STORAGE_KEY] as const,
    );
  }

  /** 同步 in the header, after any sync still running, and waits until this one has finished (its success time is new). */
  async syncNow(timeout = 60_000): Promise<void> {
    const status = this.page.getByTestId('sync-status');
    await status.and(this.page.locator('[data-sync-state="idle"]')).waitFor({ timeout });
    const before = await status.getAttribute('data-last-success');
    await this.page.getByTestId('sync-start').click();
    await this.page.waitForFunction(
      (last) => {
        const element = document.querySelector('[data-testid="sync-status"]');
        return element?.getAttribute('data-sync-state') === 'idle' && element.getAttribute('data-last-success') !== last;
      },
      before,
      { timeout },
    );
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
      // It can close by itself between the look and the click (seen in CI): gone is closed too.
      await close.click({ timeout: 5_000 }).catch(async (error: unknown) => {
        if (await close.isVisible()) throw error;
      });
      await this.page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    }
  }

  async confirmationShownFor(number: string, timeout = 60_000): Promise<void> {
    await this.page.locator(`[data-testid="print-confirm"][data-certificate-number="${number}"]`).waitFor({ timeout });
  }

  /**
   * Waits for antd's error message with this text (fails after the timeout if none comes).
   * By its text, not the newest one on screen: an earlier message can still be showing.
   */
  async errorShown(text: string | RegExp, timeout = 30_000): Promise<void> {
    await this.page.locator('.ant-message-notice .ant-message-error').filter({ hasText: text }).first().waitFor({ timeout });
  }

  // 打印异常申请 ---------------------------------------------------------------

  /** The 异常申请 form, open for this certificate (after 否, or after clicking 异常申请). */
  exceptionForm(number: string) {
    return this.page.locator(`[data-testid="exception-form"][data-certificate-number="${number}"]`);
  }

  /** 取消打印: closes the form, nothing is applied for. */
  async cancelExceptionForm(): Promise<void> {
    await this.page.getByTestId('exception-cancel').click();
    await this.page.getByTestId('exception-form').waitFor({ state: 'detached' });
  }

  /** Picks the reason and the operation type in the open form and clicks 提交. */
  async submitException(reason: string, operationCode: string): Promise<void> {
    await this.page.getByTestId('exception-reason').click();
    await this.page.locator('.ant-select-item-option').filter({ hasText: reason }).first().click();
    await this.page.getByTestId(`exception-operation-${operationCode}`).click();
    await this.page.getByTestId('exception-submit').click();
  }

  exceptionApplication(number: string) {
    return this.page.locator(`[data-testid="exception-application-row"][data-certificate-number="${number}"]`);
  }

  exceptionCertificate(number: string) {
    return this.page.locator(`[data-testid="exception-certificate-row"][data-certificate-number="${number}"]`);
  }

  /** The menu's 证书打印, back from another page. */
  async openCertificatePrint(): Promise<void> {
    await this.page.getByTestId('menu-certificate-print').click();
    await this.page.getByTestId('certificate-query').waitFor();
  }

  // 设置 and 关于 -------------------------------------------------------------

  /** 设置 from the menu. */
  async openSettings(): Promise<void> {
    await this.page.getByTestId('menu-settings').click();
    await this.page.getByTestId('settings-page').waitFor();
  }

  /** 设置 → 服务器地址: types it and 保存; another server asks first whether to sign out, and is confirmed. */
  async setServerAddress(url: string, options: { otherServer: boolean }): Promise<void> {
    await this.page.getByTestId('settings-server-input').fill(url);
    await this.page.getByTestId('settings-server-save').click();
    if (options.otherServer) await this.page.getByTestId('settings-server-confirm').click();
  }

  /** Picks an option of an antd Select by its visible label. */
  async chooseOption(selectTestId: string, label: string): Promise<void> {
    await this.page.getByTestId(selectTestId).click();
    await this.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: label }).first().click();
  }
}
