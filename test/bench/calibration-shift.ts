// Benchmark: 打印校准 moves a job's PDF by the printer's offset, after the join of 打印正副本;
// both run in the PDF worker (main/pdf/pdf-worker.ts, the built out/main/pdf-worker.js),
// never on the main loop. Measured on the sandbox's 4-page 打印正副本 layout (text and vector
// lines, like the customs layouts), and on the same layout carrying a 600 dpi seal scan on
// every page, the heaviest a real layout gets: the shift's time through the worker, the
// join's for comparison, what the same shift costs in this thread (what main would stand
// still for without the worker), and the longest the main loop stood still meanwhile (held
// to the 50 ms). Also the calibration page, made in the worker the same way.

import { resolve } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { silentLogger } from '../../main/log/logger';
import { concatenatePdfs } from '../../main/pdf/merge';
import { shiftPdf } from '../../main/pdf/offset';
import { PdfWorker } from '../../main/pdf/pdf-worker-client';
import { buildApplicants, generateContent, generateCore } from '../sandbox/generate';
import { createLayoutRenderer } from '../sandbox/layout-pdf';
import { ratioOf, type BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

// What ships: `npm run bench` builds the app first.
export const BUILT_PDF_WORKER = resolve(__dirname, '../../out/main/pdf-worker.js');

const MAIN_LOOP_BLOCK_MS = 50;

async function withSeals(pdf: Uint8Array): Promise<Uint8Array> {
  // A 4.2 cm seal at 600 dpi: about 1000 × 1000 pixels, red on transparent, with noise so it does not compress away.
  const size = 1000;
  const raw = Buffer.alloc(size * size * 4);
  let state = 12345;
  const random = (): number => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < size * size; i++) {
    const x = (i % size) - size / 2;
    const y = Math.floor(i / size) - size / 2;
    // Scanner noise everywhere (a scan is never clean), ink on the ring.
    const ink = Math.abs(Math.hypot(x, y) - 430) < 40 || random() < 0.3;
    raw[i * 4] = 150 + Math.floor(random() * 105);
    raw[i * 4 + 1] = Math.floor(random() * 60);
    raw[i * 4 + 2] = Math.floor(random() * 60);
    raw[i * 4 + 3] = ink ? 255 : Math.floor(random() * 30);
  }
  const png = await sharp(raw, { raw: { width: size, height: size, channels: 4 } }).png().toBuffer();
  const doc = await PDFDocument.load(pdf);
  // One image per page, as the exporter's seal and the customs seal are separate per layout page.
  for (const page of doc.getPages()) page.drawImage(await doc.embedPng(png), { x: 380, y: 120, width: 119, height: 119 });
  return doc.save();
}

interface Timed {
  median: number;
  worst: number;
  /** The longest the main loop stood still during all the runs (a 1 ms timer's worst gap). */
  stall: number;
}

async function time(runs: number, action: () => Promise<unknown>): Promise<Timed> {
  const samples: number[] = [];
  let stall = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await action();
    samples.push(performance.now() - start);
  }
  clearInterval(timer);
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)]!, worst: samples.at(-1)!, stall };
}

export async function benchCalibrationShift(harness: BenchHarness, sizes: BenchSizes): Promise<void> {
  const renderer = await createLayoutRenderer();
  const plan = { seed: 9, count: 100, applicants: buildApplicants(9) };
  const content = generateContent(plan, 7, generateCore(plan, 7).slot, 'E24310ABCDEF0007');
  const textOnly = await concatenatePdfs([renderer.render(content, 'original'), renderer.render(content, 'copy')]);
  const sealed = await withSeals(textOnly);
  const offset = { xMm: 3.5, yMm: -2 };
  const runs = sizes.calibrationRuns;
  const worker = new PdfWorker({ workerPath: BUILT_PDF_WORKER, log: silentLogger });
  try {
    for (const [name, pdf] of [
      ['4-page layout', textOnly],
      ['4-page layout + 600 dpi seal', sealed],
    ] as const) {
      await worker.shift(pdf, offset); // warm-up: the thread, its JIT
      const shift = await time(runs, () => worker.shift(pdf, offset));
      const merge = await time(runs, () => worker.concatenate([pdf]));
      const inThread = await time(runs, () => shiftPdf(pdf, offset));
      const label = `calibration shift, ${name} (${(pdf.length / 1024).toFixed(0)} KiB)`;
      harness.record({ name: `${label}: in the PDF worker, median (ratio: / the join)`, value: shift.median, unit: 'ms', ratio: ratioOf(shift.median, merge.median) });
      harness.record({ name: `${label}: the join of 打印正副本 in the worker, median`, value: merge.median, unit: 'ms' });
      harness.record({ name: `${label}: the same shift on the calling thread, worst (what main would block without the worker)`, value: inThread.worst, unit: 'ms' });
      harness.record({ name: `${label}: longest main-loop stall while the worker shifts and joins`, value: Math.max(shift.stall, merge.stall), unit: 'ms', max: MAIN_LOOP_BLOCK_MS });
    }
  } finally {
    await worker.close();
  }
}

/** The calibration page, made in the PDF worker: its total time, and the longest the main loop stood still meanwhile. */
export async function benchCalibrationPage(harness: BenchHarness): Promise<void> {
  const worker = new PdfWorker({ workerPath: BUILT_PDF_WORKER, log: silentLogger });
  try {
    await worker.calibrationPage(null); // warm-up: fonts, JIT
    const page = await time(10, () => worker.calibrationPage({ xMm: 3.5, yMm: -2 }));
    harness.record({ name: 'calibration page: made in the PDF worker (median of 10)', value: page.median, unit: 'ms' });
    harness.record({ name: 'calibration page: longest main-loop stall meanwhile', value: page.stall, unit: 'ms', max: MAIN_LOOP_BLOCK_MS });
  } finally {
    await worker.close();
  }
}
