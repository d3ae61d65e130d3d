// 打印校准 through the real print path: the sandbox over HTTPS, the database worker, and
// CUPS with two simulated printers, one calibrated (x = 3.5 mm, y = -2.0 mm) and one not.
// The same certificate layout goes to both; poppler reads the PDFs the printers received.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/log/logger';
import { CupsBackend } from '../../main/print';
import { CalibrationService, CALIBRATION_JOB_TITLE } from '../../main/services/calibration/calibration-service';
import { CalibrationStore } from '../../main/services/calibration/calibration-store';
import { LayoutStore } from '../../main/services/certificates/layout-store';
import { PrintService } from '../../main/services/printing/print-service';
import type { Profile } from '../../main/services/session/session-service';
import type { PrintJobView } from '../../preload/contract';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { openTestProfile, testApi, testPdfWorker } from '../support/app-services';
import { readSpooledJobs, startCups, waitForSpooledJob, type CupsSim } from '../support/cups';
import { byPosition, MM_PER_POINT, pdfRawText, pdfWords, type PdfWords } from '../support/poppler';

const OFFSET = { xMm: 3.5, yMm: -2 };
let root: string;
let sandbox: Sandbox;
let shifted: CupsSim;
let plain: CupsSim;
let profile: Profile;
let store: CalibrationStore;
let calibration: CalibrationService;
let printing: PrintService;
const events: PrintJobView[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'co-calibration-print-'));
  sandbox = await startSandbox({ dataDir: join(root, 'sandbox'), seed: 23, certificateCount: 120, tickIntervalMs: 0 });
  shifted = await startCups({ name: 'CalShifted', duplex: true, color: true });
  plain = await startCups({ name: 'CalPlain', duplex: true, color: true });
  const api = testApi(sandbox.url, sandbox.caCertPem);
  api.setToken((await api.login({ username: 'demo', password: 'demo123' })).token);
  profile = openTestProfile(join(root, 'profile'));
  await profile.db.call('upsertCertificates', sandbox.control.listPrintable(4));
  const backend = new CupsBackend();
  store = new CalibrationStore({ file: join(root, 'data', 'calibration.json'), log: silentLogger });
  const pdf = testPdfWorker();
  calibration = new CalibrationService({ store, backend, spoolDir: root, pdf, log: silentLogger });
  printing = new PrintService({
    api,
    backend,
    calibration: store,
    layouts: new LayoutStore(api),
    pdf,
    profile: () => profile,
    spoolDir: root,
    emit: (job) => events.push(job),
    onConfirmed: () => {},
    log: silentLogger,
    jobPollMs: 200,
  });
});

afterAll(async () => {
  await printing?.idle();
  await profile?.db.close();
  await plain?.stop();
  await shifted?.stop();
  await sandbox?.stop();
  rmSync(root, { recursive: true, force: true });
});

function expectMovedBy(afterWords: PdfWords, beforeWords: PdfWords, offset: { xMm: number; yMm: number }): void {
  expect(afterWords.pages).toEqual(beforeWords.pages);
  const before = byPosition(beforeWords.words);
  const after = byPosition(afterWords.words);
  expect(after.map((w) => [w.page, w.text])).toEqual(before.map((w) => [w.page, w.text]));
  for (const [i, word] of after.entries()) {
    const was = before[i]!;
    for (const [moved, expected] of [
      [(word.xMin - was.xMin) * MM_PER_POINT, offset.xMm],
      [(word.xMax - was.xMax) * MM_PER_POINT, offset.xMm],
      [(word.yMin - was.yMin) * MM_PER_POINT, offset.yMm],
      [(word.yMax - was.yMax) * MM_PER_POINT, offset.yMm],
    ] as const) {
      if (Math.abs(moved - expected) > 0.05) throw new Error(`"${word.text}" on page ${word.page} moved ${moved.toFixed(3)} mm, not ${expected} mm`);
    }
  }
}

describe('打印校准 with real CUPS printers', () => {
  it('refuses an offset for a printer the spooler does not know, and one beyond the limits', async () => {
    await expect(calibration.set('CalNoSuchPrinter', OFFSET)).rejects.toMatchObject({ code: 'PRINTER_NOT_FOUND' });
    await expect(calibration.set(shifted.printerName, { xMm: 12, yMm: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('毫米') });
    expect(await store.offsetFor(shifted.printerName)).toBeNull();
  });

  it('spools the calibration page, one A4 sheet without registration, and with the offset once it is set', async () => {
    const registered = sandbox.control.stats().printsRegistered;
    const { spoolerJobId } = await calibration.printPage(shifted.printerName);
    expect(spoolerJobId).not.toBe('');
    const first = await waitForSpooledJob(shifted.spoolDir, CALIBRATION_JOB_TITLE);
    expect(first.pages).toBe(1);
    expect(first.pageSize).toMatch(/A4/);
    expect(first.sides).toBe('one-sided');

    await calibration.set(shifted.printerName, OFFSET);
    await calibration.printPage(shifted.printerName);
    let jobs: Awaited<ReturnType<typeof readSpooledJobs>> = [];
    const deadline = Date.now() + 20_000;
    while ((jobs = (await readSpooledJobs(shifted.spoolDir)).filter((j) => j.jobName === CALIBRATION_JOB_TITLE)).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(jobs).toHaveLength(2);
    const [before, after] = [await pdfWords(jobs[0]!.file), await pdfWords(jobs[1]!.file)];
    // The ruler numbers land 3.5 mm further right and 2 mm higher: the page shows the offset in force.
    const hundred = (words: PdfWords) => words.words.find((w) => w.text === '100' && w.yMax * MM_PER_POINT < 15)!;
    expect((hundred(after).xMin - hundred(before).xMin) * MM_PER_POINT).toBeCloseTo(3.5, 1);
    expect((hundred(after).yMin - hundred(before).yMin) * MM_PER_POINT).toBeCloseTo(-2, 1);
    // It is not a certificate: nothing was registered with the server.
    expect(sandbox.control.stats().printsRegistered).toBe(registered);
  });

  it('moves every word of a certificate by exactly the offset on the calibrated printer, and nothing else changes', async () => {
    const certificate = sandbox.control.listPrintable(4)[1]!;
    expect(await store.offsetFor(shifted.printerName)).toEqual(OFFSET);
    expect(await store.offsetFor(plain.printerName)).toBeNull();
    await printing.start({ certificateIds: [certificate.certificateId], kind: 'copy', printer: plain.printerName });
    await printing.start({ certificateIds: [certificate.certificateId], kind: 'copy', printer: shifted.printerName });
    await printing.idle();
    const title = `${certificate.number} copy`;
    const reference = await waitForSpooledJob(plain.spoolDir, title);
    const moved = await waitForSpooledJob(shifted.spoolDir, title);
    expect(moved.pages).toBe(reference.pages);
    expect(moved.pages).toBe(2);
    expect(moved.pageSize).toBe(reference.pageSize);
    expect(moved.pageSize).toMatch(/A4/);
    expect(moved.sides).toBe('two-sided-long-edge');
    const before = await pdfWords(reference.file);
    const after = await pdfWords(moved.file);
    expect(before.words.length).toBeGreaterThan(100);
    expectMovedBy(after, before, OFFSET);
    // The same text in the same content order: only its place on the sheet changed.
    expect(await pdfRawText(moved.file)).toBe(await pdfRawText(reference.file));
  });

  it('prints unchanged again after 恢复默认', async () => {
    const certificate = sandbox.control.listPrintable(4)[2]!;
    await calibration.clear(shifted.printerName);
    await printing.start({ certificateIds: [certificate.certificateId], kind: 'copy', printer: plain.printerName });
    await printing.start({ certificateIds: [certificate.certificateId], kind: 'copy', printer: shifted.printerName });
    await printing.idle();
    const title = `${certificate.number} copy`;
    expectMovedBy(await pdfWords((await waitForSpooledJob(shifted.spoolDir, title)).file), await pdfWords((await waitForSpooledJob(plain.spoolDir, title)).file), { xMm: 0, yMm: 0 });
  });
});
