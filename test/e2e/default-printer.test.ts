// 设置 → 默认打印机 end to end, in the real UI with two real CUPS queues: the choice is
// saved in main (it holds after reopening the page, a reload and a restart of the app),
// and it is the printer the print dialog of 证书打印 offers first.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zhCN from '../../renderer/src/i18n/zh-CN';
import type { CertificateDto } from '../../main/net/contract';
import type { AppPage } from '../support/app-page';
import { startCups, type CupsSim } from '../support/cups';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';

const FIRST = 'CoDefaultOne';
const SECOND = 'CoDefaultTwo';
let world: E2eWorld;
let second: CupsSim;
let app: AppPage;
let certificate: CertificateDto;
/** What the print dialog offers with nothing set in 设置 (the system default, else the first printer). */
let offeredWithoutSetting: string;
/** The other one of the two: choosing it in 设置 must change what the dialog offers. */
let chosen: string;

beforeAll(async () => {
  world = await startE2eWorld({ printerName: FIRST, certificateCount: 30, seed: 31 });
  // startE2eWorld makes one queue; a second one in the same CUPS makes the choice a choice.
  second = await startCups({ name: SECOND, duplex: true, color: true });
  [certificate] = world.sandbox.control.listPrintable(1) as [CertificateDto];
  app = await world.openPage();
  await app.login('demo', 'demo123');
});

afterAll(async () => {
  await world?.stop();
  await second?.stop();
});

/** The label an antd Select shows for its value (none when empty). */
async function shownValue(selectTestId: string): Promise<string> {
  return (await app.page.getByTestId(selectTestId).textContent()) ?? '';
}

/** 打印正本 for the certificate, and the printer its dialog has chosen once the list is in; the dialog is closed again. */
async function printerOfferedByPrintDialog(): Promise<string> {
  await app.openCertificatePrint();
  await app.findByNumber(certificate.number);
  // The selection may outlast a visit to 设置; a click then would clear it.
  if ((await app.row(certificate.number).getAttribute('data-selected')) !== 'true') await app.select(certificate.number);
  await app.page.getByTestId('action-print-original').click();
  await app.page.getByTestId('print-dialog').waitFor();
  // The printer check runs for the chosen printer: once it has an answer, the choice is made.
  await app.page.locator('[data-testid="printer-check"][data-suitable]').waitFor();
  const offered = await shownValue('printer-select');
  await app.page.getByTestId('print-dialog-cancel').click();
  await app.page.getByTestId('print-dialog').waitFor({ state: 'detached' });
  return offered;
}

/** 设置 → 默认打印机: picks the option and waits for main's 默认打印机已保存. */
async function chooseDefaultPrinter(label: string): Promise<void> {
  await app.openSettings();
  await app.chooseOption('settings-printer-select', label);
  await app.page.locator('.ant-message-notice').filter({ hasText: zhCN.settings.printerSaved }).last().waitFor();
  await expect.poll(() => shownValue('settings-printer-select')).toBe(label);
}

describe('设置 → 默认打印机', () => {
  it('lists both CUPS printers beside 使用系统默认打印机, which is the setting at first', async () => {
    await app.waitForSyncedList();
    offeredWithoutSetting = await printerOfferedByPrintDialog();
    expect([FIRST, SECOND]).toContain(offeredWithoutSetting);
    chosen = offeredWithoutSetting === FIRST ? SECOND : FIRST;

    await app.openSettings();
    await expect.poll(() => shownValue('settings-printer-select')).toBe(zhCN.settings.printerSystem);
    await app.page.getByTestId('settings-printer-select').click();
    const options = app.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await options.filter({ hasText: SECOND }).waitFor();
    const labels = await options.allTextContents();
    expect(labels).toEqual(expect.arrayContaining([zhCN.settings.printerSystem, FIRST, SECOND]));
    await app.page.keyboard.press('Escape');
  });

  it('saves the printer chosen: it is shown again after reopening 设置, a reload and a restart of the app', async () => {
    await chooseDefaultPrinter(chosen);

    await app.openCertificatePrint();
    await app.openSettings();
    expect(await shownValue('settings-printer-select')).toBe(chosen);

    await app.page.reload();
    await app.page.getByTestId('enterprise-name').waitFor();
    await app.openSettings();
    await expect.poll(() => shownValue('settings-printer-select')).toBe(chosen);

    // Kept by main, on disk: a new app process on the same data folder reads it back.
    const saved = JSON.parse(readFileSync(join(world.appDataDir, 'settings.json'), 'utf8')) as { defaultPrinter?: unknown };
    expect(saved.defaultPrinter).toBe(chosen);
    await world.app.stop();
    await world.restartApp();
    app = await world.openPage();
    await app.page.getByTestId('enterprise-name').waitFor();
    await app.openSettings();
    await expect.poll(() => shownValue('settings-printer-select')).toBe(chosen);
  });

  it('is the printer the print dialog of 证书打印 offers first, and follows a change back to the other one and to 使用系统默认打印机', async () => {
    expect(await printerOfferedByPrintDialog()).toBe(chosen);

    await chooseDefaultPrinter(offeredWithoutSetting);
    expect(await printerOfferedByPrintDialog()).toBe(offeredWithoutSetting);

    await chooseDefaultPrinter(chosen);
    expect(await printerOfferedByPrintDialog()).toBe(chosen);

    await chooseDefaultPrinter(zhCN.settings.printerSystem);
    expect(await printerOfferedByPrintDialog()).toBe(offeredWithoutSetting);
  });
});
