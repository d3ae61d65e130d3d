// 设置 and 关于 end to end, in the real UI against two real sandboxes: the cache figures,
// the language (saved in main, so it holds after a reload), a refused server address,
// 导出日志 (a real zip, without the password or the session token), the switch to a
// second server (signed out, its own cache) and the about box.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zhCN from '../../renderer/src/i18n/zh-CN';
import { startSandbox, type Sandbox } from '../sandbox/server';
import type { AppPage } from '../support/app-page';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { PYTHON } from '../support/openpyxl';

let world: E2eWorld;
let second: Sandbox;
let secondDir: string;
let app: AppPage;
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

beforeAll(async () => {
  world = await startE2eWorld({ certificateCount: 60, seed: 21 });
  // A second server the configured CA vouches for too.
  secondDir = mkdtempSync(join(tmpdir(), 'co-e2e-settings-b-'));
  mkdirSync(secondDir, { recursive: true });
  const caDir = dirname(world.sandbox.caCertPath);
  for (const name of ['sandbox-ca.pem', 'sandbox-ca-key.pem']) copyFileSync(join(caDir, name), join(secondDir, name));
  second = await startSandbox({ dataDir: secondDir, seed: 22, certificateCount: 15, log: () => {} });
  app = await world.openPage();
});

afterAll(async () => {
  await world?.stop();
  await second?.stop();
  rmSync(secondDir, { recursive: true, force: true });
});

describe('设置', () => {
  it('shows this enterprise’s cache figures once synced, and 清除缓存 empties and re-syncs it', async () => {
    await app.login('demo', 'demo123');
    await app.openSettings();
    const figures = app.page.getByTestId('cache-figures');
    // Figures are read when the page opens; 刷新 reads them again until the first sync is in.
    for (let i = 0; i < 60 && Number(await figures.getAttribute('data-certificates').catch(() => '0')) === 0; i++) {
      await app.page.getByTestId('cache-refresh').click();
      await app.page.waitForTimeout(500);
    }
    const count = Number(await figures.getAttribute('data-certificates'));
    expect(count).toBeGreaterThan(0);
    expect(await app.page.getByTestId('cache-certificates').textContent()).toBe(`${count} 份`);
    expect(await app.page.getByTestId('cache-location').textContent()).toContain(join(world.appDataDir, 'profiles'));
    expect(await app.page.getByTestId('cache-total').textContent()).toMatch(/\d+(\.\d)? (KB|MB)/);
    expect(await app.page.getByTestId('cache-unsent').textContent()).toBe('0 项');

    // 清除缓存 with nothing unsent: allowed, and the cache fills again by itself.
    await app.page.getByTestId('cache-clear').click();
    await app.page.getByTestId('cache-clear-confirm').click();
    await app.page.locator('.ant-message-notice').filter({ hasText: '缓存已清除' }).waitFor();
    for (let i = 0; i < 60 && Number(await figures.getAttribute('data-certificates')) !== count; i++) {
      await app.page.waitForTimeout(500);
      await app.page.getByTestId('cache-refresh').click();
    }
    expect(Number(await figures.getAttribute('data-certificates'))).toBe(count);
  });

  it('changes the language, and the UI keeps it after a reload', async () => {
    await app.chooseOption('settings-language-select', 'English');
    await app.page.getByTestId('menu-settings').filter({ hasText: 'Settings' }).waitFor();
    await app.page.reload();
    await app.page.getByTestId('enterprise-name').waitFor();
    expect(await app.page.getByTestId('menu-settings').textContent()).toContain('Settings');
    expect(await app.page.getByTestId('menu-certificate-print').textContent()).toContain('Certificate printing');
    // Back to Chinese, the manual's words, for the rest.
    await app.openSettings();
    await app.chooseOption('settings-language-select', '中文');
    await app.page.getByTestId('menu-settings').filter({ hasText: '设置' }).waitFor();
  });

  it('refuses a server address that is not https, in Chinese, and stays signed in', async () => {
    await app.setServerAddress('http://co.example.cn', { otherServer: false });
    const error = app.page.getByTestId('settings-server-error');
    await error.filter({ hasText: '服务器地址不正确' }).waitFor();
    // Counted once the refusal is shown: an address refused before any question never asks to sign out.
    expect(await app.page.getByTestId('settings-server-confirm').count()).toBe(0);
    expect(await error.textContent()).toContain('https://');
    expect(await app.page.getByTestId('enterprise-name').isVisible()).toBe(true);
  });

  it('导出日志 writes a real zip of the log and about.txt where its message says, without the password or the session token', async () => {
    // Browser mode's save dialog for 导出日志 always answers the data folder's downloads (main/browser/start.ts).
    const downloads = join(world.appDataDir, 'downloads');
    const zipsBefore = existsSync(downloads) ? readdirSync(downloads).filter((name) => name.endsWith('.zip')) : [];
    expect(zipsBefore).toEqual([]);
    // The signed-in user's session token, from where browser mode keeps it between runs.
    const { token } = JSON.parse(readFileSync(join(world.appDataDir, 'session.json'), 'utf8')) as { token: string };
    expect(token).toMatch(/^\S{16,}$/);

    await app.page.getByTestId('settings-export-logs').click();
    const [before] = zhCN.settings.logsExported.split('{{path}}');
    const notice = app.page.locator('.ant-message-notice').filter({ hasText: before! }).first();
    await notice.waitFor();
    const savedTo = (await notice.textContent())!.split(before!)[1]!.trim();
    expect(dirname(savedTo)).toBe(downloads);
    expect(basename(savedTo)).toMatch(/^原产地证书客户端日志-\d{8}-\d{6}\.zip$/);
    expect(readdirSync(downloads).filter((name) => name.endsWith('.zip'))).toEqual([basename(savedTo)]);

    // Python's zipfile, not the fflate that wrote it: -t reads every entry and checks its CRC.
    expect(execFileSync(PYTHON, ['-m', 'zipfile', '-t', savedTo], { encoding: 'utf8' })).toContain('Done testing');
    const unpacked = mkdtempSync(join(tmpdir(), 'co-e2e-logs-'));
    try {
      execFileSync(PYTHON, ['-m', 'zipfile', '-e', savedTo, unpacked]);
      const names = readdirSync(unpacked).sort();
      expect(names).toContain('main.log');
      expect(names).toContain('about.txt');
      expect(names.every((name) => name === 'about.txt' || /^main(\.old)?\.log$/.test(name))).toBe(true);

      const about = readFileSync(join(unpacked, 'about.txt'), 'utf8');
      expect(about).toContain(`version: ${version}`);
      expect(about).toContain(`server: ${new URL(world.sandbox.url).origin}`);
      const log = readFileSync(join(unpacked, 'main.log'), 'utf8');
      // This run's log: the sign-in and the 清除缓存 of this file's first test.
      expect(log).toContain('[session] signed in');
      expect(log).toContain('[cache] cache cleared');
      for (const name of names) {
        const text = readFileSync(join(unpacked, name), 'utf8');
        expect(text, name).not.toContain('demo123');
        expect(text, name).not.toContain(token);
      }
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });

  it('switching to a second server signs out; the login page’s 设置 shows it; signing in there opens its own cache; 关于 says so', async () => {
    const firstLocation = await app.page.getByTestId('cache-location').textContent();
    await app.setServerAddress(second.url, { otherServer: true });
    await app.page.getByTestId('login-mode-card').waitFor();

    await app.page.getByTestId('login-settings').click();
    const input = app.page.getByTestId('settings-server-input');
    await expect.poll(() => input.inputValue()).toBe(second.url);
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('settings-page').waitFor({ state: 'detached' });

    const requestsBefore = second.control.stats().requests;
    await app.login('demo', 'demo123');
    expect(second.control.stats().requests).toBeGreaterThan(requestsBefore);

    await app.page.getByTestId('about-open').click();
    await app.page.getByTestId('about-content').waitFor();
    expect(await app.page.getByTestId('about-version').textContent()).toBe(version);
    expect(await app.page.getByTestId('about-server').textContent()).toBe(second.url);
    await app.page.getByTestId('cache-certificates').waitFor();
    await app.page.keyboard.press('Escape');

    await app.openSettings();
    const secondLocation = await app.page.getByTestId('cache-location').textContent();
    expect(secondLocation).not.toBe(firstLocation);
  });
});
