// 授权管理 end to end, in the real UI against the sandbox and a real CUPS queue:
// the legal person signs in with the e-port card through the websocket stand-in of
// the e-port client control, makes and authorizes the default seal and signature,
// waits out the 120 s before 授权结果 (on the page's clock, moved by the test) and
// reads the receipts as they arrive; a certificate approved before the authorization
// is flagged and explained; the exporter grants an agent proxy printing, and the
// agent prints the exporter's certificate on its behalf.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateDto } from '../../main/net/contract';
import { generateScan } from '../fixtures/scans/generate';
import type { AppPage } from '../support/app-page';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { AGENT_ENTERPRISE, DEMO_ENTERPRISE, SOFT_CARD_PIN } from '../sandbox/server';
import { readSpooledJobs } from '../support/cups';
import { waitUntil } from '../support/wait';

const PRINTER = 'E2eAgentDuplex';
let world: E2eWorld;
let app: AppPage;
let files: string;
let approvedBefore: CertificateDto;
let declaredByAgent: CertificateDto;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'co-e2e-authorization-'));
  world = await startE2eWorld({ printerName: PRINTER });
  const control = world.sandbox.control;
  control.setReceiptFaults({ failureRate: 0 });
  // Chosen before the first sync, so the cache has them from the start.
  const [before, byAgent] = control.insertCertificates([
    { content: { issueDate: '2024-01-15', approvedAt: '2024-01-15T10:00:00+08:00' } },
    // Declared by the agent for the demo enterprise (applicant slot 0), approved now.
    { enterpriseCode: AGENT_ENTERPRISE.code, applicantSlot: 0 },
  ]);
  if (!before || !byAgent) throw new Error('the sandbox did not insert the certificates');
  approvedBefore = before;
  declaredByAgent = byAgent;
  app = await world.openPage();
});

afterAll(async () => {
  await world?.stop();
  rmSync(files, { recursive: true, force: true });
});

async function scan(name: string, spec: Parameters<typeof generateScan>[0]): Promise<string> {
  const path = join(files, name);
  writeFileSync(path, (await generateScan(spec)).bytes);
  return path;
}

describe('卡介质登录 through the e-port control stand-in', () => {
  it('reads the inserted card, refuses a wrong PIN with the tries left, and signs in with the right one as 法人卡', async () => {
    await app.typeCardPin('12345678');
    const error = app.page.getByTestId('card-login-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('WRONG_PIN');
    expect(await error.textContent()).toMatch(/还可尝试 4 次/);
    await app.page.getByTestId('card-pin').fill(SOFT_CARD_PIN);
    await app.page.getByTestId('card-login-submit').click();
    await app.page.getByTestId('enterprise-name').waitFor();
    await app.page.getByTestId('menu-mark-authorization').waitFor();
  });
});

describe('印章签名授权', () => {
  it('authorizes the default seal and signature; 授权结果 opens after 120 s and shows the receipts as they arrive', async () => {
    const seal = await scan('seal.png', { name: 'seal', seed: 21, dpi: 600, sheet: 'a4', format: 'png', marks: [{ mark: { type: 'round', diameterCm: 4.0 }, ink: 'red' }] });
    const signature = await scan('signature.png', {
      name: 'signature', seed: 22, dpi: 600, sheet: 'a4', format: 'png', bilevel: true, marks: [{ mark: { type: 'signature', widthCm: 2.8, heightCm: 1.2 }, ink: 'black' }],
    });
    await app.makeSeal({ holder: '王建国', validFrom: '2026-01-01', validTo: '2028-12-31', name: '自助打印章', scanPath: seal, pin: SOFT_CARD_PIN });
    await app.makeSignature({ declarant: '张敏', scanPath: signature, pin: SOFT_CARD_PIN });

    const page = app.page;
    await page.getByTestId('menu-mark-authorization').click();
    await expect(page.getByTestId('auth-submit').isDisabled()).resolves.toBe(true);
    await page.getByTestId('auth-seal-row').first().getByTestId('auth-set-default').click();
    await page.locator('[data-testid="auth-seal-row"][data-default="true"]').waitFor();
    await page.getByTestId('auth-signature-row').first().getByTestId('auth-set-default').click();
    await page.locator('[data-testid="auth-signature-row"][data-default="true"]').waitFor();

    world.sandbox.control.setReceiptFaults({ failureRate: 0, failNext: 'signature' });
    // From here the page's clock moves only when the test says; installed this late so
    // that the dialogs before (whose animations run on timers) ran on real time.
    await page.clock.install();
    await page.getByTestId('auth-submit').click();
    const result = page.getByTestId('auth-result');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="auth-result"]')?.getAttribute('data-remaining')) > 100);
    await expect(result.isDisabled()).resolves.toBe(true);
    await page.clock.fastForward('01:00');
    expect(Number(await result.getAttribute('data-remaining'))).toBeLessThanOrEqual(61);
    await expect(result.isDisabled()).resolves.toBe(true);
    await page.clock.fastForward('01:01');
    await page.locator('[data-testid="auth-result"][data-remaining="0"]').waitFor();
    await result.click();

    const view = page.getByTestId('auth-result-view');
    await view.waitFor();
    await page.locator('[data-testid="auth-receipt"][data-kind="seal"][data-status="pending"]').waitFor();
    // The customs side answers: the seal is received, the signature fails with a reason.
    expect(world.sandbox.control.deliverReceipts()).toBeGreaterThan(0);
    await page.getByTestId('auth-result-refresh').click();
    await page.locator('[data-testid="auth-receipt"][data-kind="seal"][data-status="received"]').waitFor();
    await page.locator('[data-testid="auth-receipt"][data-kind="signature"][data-status="failed"]').waitFor();
    expect(await view.textContent()).toMatch(/签名/);

    // 授权 again: both receipts arrive; the enterprise's self-print date stays the first one in force.
    await page.getByTestId('auth-result-back').click();
    await page.getByTestId('auth-submit').click();
    await page.clock.fastForward('02:01');
    await page.locator('[data-testid="auth-result"][data-remaining="0"]').waitFor();
    world.sandbox.control.deliverReceipts();
    await result.click();
    await page.locator('[data-testid="auth-receipt"][data-kind="signature"][data-status="received"]').waitFor();
    await page.locator('[data-testid="auth-receipt"][data-kind="seal"][data-status="received"]').waitFor();
    expect(Date.parse((await page.getByTestId('auth-self-print-since').getAttribute('data-value')) ?? '')).toBe(Date.parse('2024-03-01T10:15:00+08:00'));
  }, 240_000);

  it('flags a certificate approved before the authorization, explains what to do, and refuses to print it', async () => {
    const page = app.page;
    await page.getByTestId('menu-certificate-print').click();
    await app.waitForSyncedList();
    await app.findByNumber(approvedBefore.number);
    const row = app.row(approvedBefore.number);
    expect(await row.getByTestId('certificate-self-print').getAttribute('data-status')).toBe('approved-before-authorization');
    await row.getByTestId('certificate-solution').click();
    const diagnosis = page.locator(`[data-testid="diagnosis"][data-certificate-number="${approvedBefore.number}"]`);
    await diagnosis.waitFor();
    expect(await diagnosis.getByTestId('diagnosis-problem').getAttribute('data-problem')).toBe('approved-before-authorization');
    expect(await diagnosis.textContent()).toMatch(/退回后重新审核通过/);
    await page.keyboard.press('Escape');
    await diagnosis.waitFor({ state: 'hidden' });

    await app.select(approvedBefore.number);
    await app.print('original', PRINTER);
    await app.errorShown(/早于印章签名授权回执时间/);
    await page.getByTestId('print-dialog-cancel').click();
    await page.getByTestId('print-dialog').waitFor({ state: 'hidden' });
    expect(await readSpooledJobs(world.printer?.spoolDir ?? '')).toEqual([]);
  }, 120_000);
});

describe('代理打印授权 and 委托企业列表', () => {
  it('an agent sees the exporter’s certificate it declared as not granted, and may not grant anything itself', async () => {
    await app.logout();
    await app.login('agent', 'agent123');
    await app.waitForSyncedList();
    // The workstation's previous user was the exporter: none of its cache shows here.
    await app.page.getByTestId('query-number').fill(approvedBefore.number);
    await app.page.getByTestId('query-search').click();
    await app.page.locator('[data-testid="certificate-total"][data-total="0"]').waitFor();
    await app.findByNumber(declaredByAgent.number);
    expect(await app.row(declaredByAgent.number).getByTestId('certificate-self-print').getAttribute('data-status')).toBe('proxy-not-granted');
    expect(await app.page.getByTestId('menu-proxy-grants').count()).toBe(0);
    await expect(app.forgedCall('proxy:grant', [{ agentCode: DEMO_ENTERPRISE.code }])).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  }, 120_000);

  it('the exporter checks the agent’s code, finds it and grants proxy printing once', async () => {
    await app.logout();
    await app.loginByCard(SOFT_CARD_PIN);
    const page = app.page;
    await page.getByTestId('menu-proxy-grants').click();
    await page.getByTestId('proxy-add').click();
    // One character off: the credit code's check character catches it before any server call.
    const wrong = AGENT_ENTERPRISE.code.slice(0, 17) + (AGENT_ENTERPRISE.code.endsWith('1') ? '2' : '1');
    await page.getByTestId('proxy-code').fill(wrong);
    await page.getByTestId('proxy-code-error').waitFor();
    expect(await page.getByTestId('proxy-code-error').textContent()).toMatch(/校验位/);
    await page.getByTestId('proxy-code').fill(AGENT_ENTERPRISE.code);
    await page.getByTestId('proxy-lookup').click();
    await page.locator(`[data-testid="proxy-found"][data-name="${AGENT_ENTERPRISE.nameCn}"]`).waitFor();
    await page.getByTestId('proxy-confirm').click();
    await page.locator(`[data-testid="proxy-grant-row"][data-agent-code="${AGENT_ENTERPRISE.code}"][data-status="active"]`).waitFor();
  }, 120_000);

  it('the agent finds the exporter among its principals and prints its certificate on its behalf', async () => {
    await app.logout();
    await app.login('agent', 'agent123');
    const page = app.page;
    await page.getByTestId('menu-principals').click();
    await page.locator(`[data-testid="principal-row"][data-code="${DEMO_ENTERPRISE.code}"][data-status="active"]`).waitFor();

    await page.getByTestId('menu-certificate-print').click();
    await app.waitForSyncedList();
    await app.findByNumber(declaredByAgent.number);
    expect(await app.row(declaredByAgent.number).getByTestId('certificate-self-print').count()).toBe(0);
    await app.select(declaredByAgent.number);
    await app.print('both', PRINTER);
    await page.locator(`[data-testid="print-job"][data-certificate-number="${declaredByAgent.number}"]`).getByTestId('print-job-on-behalf').waitFor();
    await app.answer(declaredByAgent.number, 'yes');
    await waitUntil('the server archives the certificate', () => world.sandbox.control.getCertificate(declaredByAgent.certificateId)?.archiveStatus === 'archived');
    expect(world.sandbox.control.getCertificate(declaredByAgent.certificateId)?.printStatus).toBe('printed');
    const [printId] = await page.locator(`[data-testid="print-job"][data-certificate-number="${declaredByAgent.number}"]`).evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-print-id')),
    );
    expect(world.sandbox.control.getPrint(printId ?? '')).toMatchObject({ onBehalfOf: { code: DEMO_ENTERPRISE.code }, answer: 'yes' });
  }, 180_000);
});
