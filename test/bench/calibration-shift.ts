// Benchmark: 打印校准 moves a job's PDF by the printer's offset on the main process, after
// concatenatePdfs. House rule: work over 40 ms leaves the main loop. Measured on the
// sandbox's 4-page 打印正副本 layout (text and vector lines, like the customs layouts), and
// on the same layout carrying a 600 dpi seal scan on every page, the heaviest a real
// layout gets. Reports the median and worst time of shiftPdf and, for comparison, of the
// concatenatePdfs the print path already does on the same input. Also the calibration page:
// how long the main loop stands still while it is made. shiftPdf runs on the main loop, so
// its worst time is a main-loop block: the limit of 50 ms applies to it and to the stall.

import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { makeCalibrationPage } from '../../main/pdf/calibration-page';
import { concatenatePdfs } from '../../main/pdf/merge';
import { shiftPdf } from '../../main/pdf/offset';
import { buildApplicants, generateContent, generateCore } from '../sandbox/generate';
import { createLayoutRenderer } from '../sandbox/layout-pdf';
import { median, ratioOf, type BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

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

async function time(runs: number, action: () => Promise<unknown>): Promise<{ median: number; worst: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await action();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)]!, worst: samples.at(-1)! };
}

export async function benchCalibrationShift(harness: BenchHarness, sizes: BenchSizes): Promise<void> {
  const renderer = await createLayoutRenderer();
  const plan = { seed: 9, count: 100, applicants: buildApplicants(9) };
  const content = generateContent(plan, 7, generateCore(plan, 7).slot, 'E24310ABCDEF0007');
  const textOnly = await concatenatePdfs([renderer.render(content, 'original'), renderer.render(content, 'copy')]);
  const sealed = await withSeals(textOnly);
  const offset = { xMm: 3.5, yMm: -2 };
  const runs = sizes.calibrationRuns;
  for (const [name, pdf] of [
    ['4-page layout', textOnly],
    ['4-page layout + 600 dpi seal', sealed],
  ] as const) {
    await shiftPdf(pdf, offset); // warm-up
    const shift = await time(runs, () => shiftPdf(pdf, offset));
    const merge = await time(runs, () => concatenatePdfs([pdf]));
    const label = `calibration shift, ${name} (${(pdf.length / 1024).toFixed(0)} KiB)`;
    harness.record({ name: `${label}: shiftPdf median (ratio: / concatenatePdfs)`, value: shift.median, unit: 'ms', ratio: ratioOf(shift.median, merge.median) });
    harness.record({ name: `${label}: shiftPdf worst`, value: shift.worst, unit: 'ms', max: MAIN_LOOP_BLOCK_MS });
    harness.record({ name: `${label}: concatenatePdfs median`, value: merge.median, unit: 'ms' });
  }
}

/** The calibration page: its total time, and the longest the main loop stood still while it was made. */
export async function benchCalibrationPage(harness: BenchHarness): Promise<void> {
  await makeCalibrationPage({ applied: null }); // warm-up: fonts, JIT
  const totals: number[] = [];
  const stalls: number[] = [];
  for (let i = 0; i < 10; i++) {
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 1);
    const start = performance.now();
    await makeCalibrationPage({ applied: { xMm: 3.5, yMm: -2 } });
    totals.push(performance.now() - start);
    clearInterval(timer);
    stalls.push(worst);
  }
  harness.record({ name: 'calibration page: made in (median of 10)', value: median(totals), unit: 'ms' });
  harness.record({ name: 'calibration page: longest main-loop stall, median', value: median(stalls), unit: 'ms' });
  harness.record({ name: 'calibration page: longest main-loop stall, worst', value: Math.max(...stalls), unit: 'ms', max: MAIN_LOOP_BLOCK_MS });
}
