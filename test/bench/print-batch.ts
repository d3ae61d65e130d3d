// Benchmark: a batch print of 100 certificates (打印正副本) made ready for the spooler.
// The app never composes one job of 100: PrintService queues one job per certificate, so
// that each is registered, followed and confirmed on its own. What it does per job is
// measured here with its own code: the two layouts read from the profile's layout folder
// (hash-checked, as LayoutStore serves them), joined into one PDF and moved by the
// printer's calibration offset in the PDF worker (the built out/main/pdf-worker.js, as
// PrintService uses it), and written to the spool folder. The layouts are the sandbox's,
// downloaded over HTTPS before the clock starts, as a sync's prefetch leaves them. There are
// no duplex blank pages to add: every layout has an even number of pages and the spooler is
// asked for two-sided printing. For context, the same 100 certificates composed into one
// PDF, as a single job would need.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { PrinterOffset } from '../../preload/contract';
import { silentLogger } from '../../main/log/logger';
import { PdfWorker } from '../../main/pdf/pdf-worker-client';
import { LayoutStore } from '../../main/services/certificates/layout-store';
import { startSandbox } from '../sandbox/server';
import { openTestProfile, removeTestProfiles, testApi } from '../support/app-services';
import { BUILT_PDF_WORKER } from './calibration-shift';
import { median, type BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

/** Issue 9: "compose 100 certificates into one print job ≤ 2 s". */
const BATCH = 100;
const BATCH_TARGET_MS = 2000;
// A printer that was calibrated (打印校准), so every job is shifted as on a real workstation.
const OFFSET: PrinterOffset = { xMm: 1.5, yMm: -0.8 };
const RUNS = 3;

export async function benchPrintBatch(harness: BenchHarness, _sizes: BenchSizes): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'co-bench-print-'));
  const sandbox = await startSandbox({ dataDir: join(root, 'sandbox'), seed: 23, certificateCount: 2000, tickIntervalMs: 0 });
  const profile = openTestProfile(join(root, 'profile'));
  const pdfWorker = new PdfWorker({ workerPath: BUILT_PDF_WORKER, log: silentLogger });
  try {
    const api = testApi(sandbox.url, sandbox.caCertPem);
    api.setToken((await api.login({ username: 'demo', password: 'demo123' })).token);
    const certificates = sandbox.control.listPrintable(BATCH);
    if (certificates.length < BATCH) throw new Error(`the sandbox has only ${certificates.length} printable certificates`);
    await profile.db.call('upsertCertificates', certificates);
    const layouts = new LayoutStore(api);
    for (const certificate of certificates) {
      await layouts.read(profile, certificate, 'original');
      await layouts.read(profile, certificate, 'copy');
    }
    const spoolDir = join(root, 'spool');
    mkdirSync(spoolDir);

    const rssBefore = process.memoryUsage().rss;
    const batches: number[] = [];
    let pages = 0;
    let bytes = 0;
    for (let run = 0; run < RUNS; run++) {
      bytes = 0;
      const started = performance.now();
      for (const [index, certificate] of certificates.entries()) {
        const original = await layouts.read(profile, certificate, 'original');
        const copy = await layouts.read(profile, certificate, 'copy');
        const pdf = await pdfWorker.shift(await pdfWorker.concatenate([original, copy]), OFFSET);
        await writeFile(join(spoolDir, `${index}.pdf`), pdf);
        bytes += pdf.length;
        if (run === 0) pages += (await PDFDocument.load(pdf)).getPageCount();
      }
      batches.push(performance.now() - started);
      if (run === 0 && pages < BATCH * 2) throw new Error(`the batch's jobs have ${pages} pages, fewer than one original and one copy each`);
    }
    const peakMb = process.resourceUsage().maxRSS / 1024;

    // One PDF of the whole batch, the way a single job of 100 would have to be made.
    const single: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const documents: Uint8Array[] = [];
      for (const certificate of certificates) {
        documents.push(await layouts.read(profile, certificate, 'original'), await layouts.read(profile, certificate, 'copy'));
      }
      const pdf = await pdfWorker.shift(await pdfWorker.concatenate(documents), OFFSET);
      await writeFile(join(spoolDir, 'batch.pdf'), pdf);
      single.push(performance.now() - started);
    }

    const batchMs = median(batches);
    harness.record({ name: `batch print of ${BATCH} (打印正副本): ${BATCH} jobs ready for the spooler, median of ${RUNS}`, value: batchMs, unit: 'ms', max: BATCH_TARGET_MS });
    harness.record({ name: `batch print of ${BATCH}: per job (read, merge original + copy, shift, write)`, value: batchMs / BATCH, unit: 'ms' });
    harness.record({ name: `batch print of ${BATCH}: pages spooled`, value: pages, unit: 'pages' });
    harness.record({ name: `batch print of ${BATCH}: bytes spooled`, value: bytes / 1024 / 1024, unit: 'MB' });
    harness.record({
      name: `batch print of ${BATCH}: peak RSS of the process (sandbox included; ${Math.round(rssBefore / 1024 / 1024)} MB before)`,
      value: peakMb,
      unit: 'MB',
    });
    harness.record({ name: `the same ${BATCH} composed into one PDF (one job; the app does not do this)`, value: median(single), unit: 'ms', ratio: median(single) / batchMs });
  } finally {
    await pdfWorker.close();
    await profile.db.close();
    await sandbox.stop();
    removeTestProfiles();
    rmSync(root, { recursive: true, force: true });
  }
}
