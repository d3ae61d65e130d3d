// 导出证书 through the real UI: a query in the query area, 导出证书, the OS save dialog
// (browser mode's prepared answer), progress, 取消 — and the workbook read back with
// openpyxl, row by row against what the app's own search returns for the same query.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificatePage, CertificateQuery } from '../../preload/contract';
import { SAVE_DIALOG_ANSWER_FILE } from '../../main/browser/save-dialog';
import type { AppPage } from '../support/app-page';
import { startE2eWorld, type E2eWorld } from '../support/e2e-world';
import { plain, readWorkbook } from '../support/openpyxl';

const OWASP = [
  `=cmd|' /C calc'!A0`,
  `@SUM(1+1)*cmd|' /C calc'!A0`,
  `+1+1 cmd`,
  `-1+1 cmd`,
  `=HYPERLINK("http://evil.example/cmd","点击")`,
  "\t=cmd|' /C calc'!A0",
];

// Two buyers only 关键字 finds (no other field holds their names), one in Chinese.
const KEYWORD_CONSIGNEES = ['ZEBRAFINCH TRADING LLC\nDUBAI, UAE', '澳门鸿运翠鸟贸易行\n澳门新马路'];

let world: E2eWorld;
let app: AppPage;
let out: string;

beforeAll(async () => {
  // Enough rows that an export lasts long enough to be cancelled from the UI.
  world = await startE2eWorld({ certificateCount: 40_000, seed: 8 });
  // Archived: nothing prefetches their layouts, so only the list data matters here.
  world.sandbox.control.insertCertificates(OWASP.map((applicant) => ({ archiveStatus: 'archived' as const, content: { applicant } })));
  world.sandbox.control.insertCertificates(
    KEYWORD_CONSIGNEES.map((consignee) => ({ archiveStatus: 'archived' as const, content: { consignee } })),
  );
  out = mkdtempSync(join(tmpdir(), 'co-e2e-export-'));
  app = await world.openPage();
  await app.login('demo', 'demo123');
}, 240_000);

afterAll(async () => {
  await world?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

function answerSaveDialog(path: string): void {
  writeFileSync(join(world.appDataDir, SAVE_DIALOG_ANSWER_FILE), JSON.stringify({ path }));
}

/** Every row the app's own search returns for the query, page by page. */
async function searched(query: Omit<CertificateQuery, 'offset' | 'limit'>): Promise<CertificatePage['rows']> {
  const rows: CertificatePage['rows'] = [];
  for (let offset = 0; ; offset += 1000) {
    const result = (await app.forgedCall('certificates:search', [{ ...query, offset, limit: 1000 }])) as { ok: boolean; value?: CertificatePage };
    if (!result.ok || !result.value) throw new Error('search failed');
    rows.push(...result.value.rows);
    if (result.value.rows.length < 1000) return rows;
  }
}

describe('导出证书', () => {
  it('exports the query result of the query area; openpyxl reads the same rows, quote-prefixed where they look like formulas', async () => {
    const total = await app.waitForSyncedList();
    expect(total).toBeGreaterThan(5000);
    await app.page.getByTestId('query-applicant').fill('cmd');
    await app.page.getByTestId('query-search').click();
    await app.page.locator('[data-testid="certificate-total"][data-total="6"]').waitFor();

    const target = join(out, '证书导出.xlsx');
    answerSaveDialog(target);
    await app.page.getByTestId('action-export').click();
    const done = app.page.getByTestId('export-done');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toBe(`导出成功,共 6 条证书,已保存到 ${target}`);
    mkdirSync('test-results', { recursive: true });
    await app.page.screenshot({ path: 'test-results/export-done.png' });

    const rows = await searched({ applicant: 'cmd' });
    const [sheet, ...more] = await readWorkbook(target);
    expect(more).toHaveLength(0);
    if (!sheet) throw new Error('no sheet');
    expect(sheet.freezePanes).toBe('A2');
    expect(sheet.rows[0]?.map(plain)).toEqual(['证书编号', '证书类型', '申请人', '目的国', '签发日期', '版式状态', '归档状态', '打印状态', '异常打印次数', '解决办法']);
    const data = sheet.rows.slice(1);
    expect(data.map((row) => plain(row[0]!))).toEqual(rows.map((row) => row.number));
    expect(new Set(data.map((row) => plain(row[2]!)))).toEqual(new Set(OWASP.map((applicant) => `'${applicant}`)));
    for (const [index, row] of data.entries()) {
      expect(row[4]).toEqual({ type: 'datetime', value: `${rows[index]!.issueDate}T00:00:00` });
      expect(row[6]).toEqual({ type: 'string', value: '已归档' });
      expect(row[8]).toEqual({ type: 'number', value: rows[index]!.exceptionPrintCount });
    }
    expect(sheet.dataTypes.flat()).not.toContain('f');
    expect(readdirSync(out)).toEqual(['证书导出.xlsx']);
  });

  it('关键字 in the query area finds the certificates by consignee, Chinese or English, and refuses one character', async () => {
    await app.page.getByTestId('query-reset').click();
    const keyword = app.page.getByTestId('query-keyword');
    await keyword.fill('鸿');
    await app.page.getByTestId('query-search').click();
    await app.page.getByText('关键字至少 2 个字').waitFor();
    await keyword.fill('zebrafinch trad');
    await app.page.getByTestId('query-search').click();
    await app.page.locator('[data-testid="certificate-total"][data-total="1"]').waitFor();
    await keyword.fill('翠鸟');
    await app.page.getByTestId('query-search').click();
    await app.page.locator('[data-testid="certificate-total"][data-total="1"]').waitFor();
    const [row] = await searched({ keyword: '翠鸟' });
    expect(await app.row(row!.number).count()).toBe(1);
    const target = join(out, '关键字.xlsx');
    answerSaveDialog(target);
    await app.page.getByTestId('action-export').click();
    // The earlier export's message names its own file: wait for this one's.
    await app.page.getByTestId('export-done').filter({ hasText: target }).waitFor({ timeout: 60_000 });
    const [sheet] = await readWorkbook(target);
    expect(sheet?.rows.slice(1).map((cells) => plain(cells[0]!))).toEqual([row!.number]);
  });

  it('取消 during an export of every certificate leaves no file behind', async () => {
    await app.page.getByTestId('query-reset').click();
    await app.page.waitForFunction(() => Number(document.querySelector('[data-testid="certificate-total"]')?.getAttribute('data-total')) > 5000);
    const dir = join(out, 'cancel');
    mkdirSync(dir);
    answerSaveDialog(join(dir, 'all.xlsx'));
    await app.page.getByTestId('action-export').click();
    await app.page.getByTestId('export-progress').waitFor({ timeout: 30_000 });
    await app.page.getByTestId('export-cancel').click();
    await app.page.getByTestId('export-cancelled').waitFor({ timeout: 30_000 });
    await app.page.getByTestId('export-progress').waitFor({ state: 'hidden' });
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'all.xlsx'))).toBe(false);
  });
});
