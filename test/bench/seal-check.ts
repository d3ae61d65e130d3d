// Benchmark: the seal check of whole A4 scans through the scan worker, as the app runs
// it. Reports the median time per check (and per megapixel), the worker's peak
// resident memory, and how 1200 dpi compares with 600 dpi. BENCH_SEAL_RUNS to change
// the number of checks per file (default 5). Targets (issue 9): a 600 dpi A4 scan, JPEG
// and PNG, is checked in ≤ 2 s with the worker's peak RSS ≤ 500 MB.

import { resolve } from 'node:path';
import { silentLogger } from '../../main/log/logger';
import { ScanChecker } from '../../main/images/scan-check-client';
import { generateScan, type ScanSpec } from '../fixtures/scans/generate';
import { median, ratioOf, type BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

const WORKER = resolve(__dirname, '../support/scan-worker-from-source.cjs');

interface Figures {
  label: string;
  megapixels: number;
  megabytes: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  coldMs: number;
  peakRssMb: number;
  /** The most the resident set grew during one check. */
  growthMb: number;
}

const CHECK_MS = 2000;
const PEAK_RSS_MB = 500;

async function measure(label: string, spec: ScanSpec, runs: number): Promise<Figures> {
  const { bytes } = await generateScan(spec);
  // A fresh checker per file: the first check includes starting the worker (as after app start).
  const checker = new ScanChecker({ workerPath: WORKER, log: silentLogger, timeoutMs: 120_000 });
  try {
    const coldStart = performance.now();
    const cold = await checker.checkDetailed(bytes, 'seal');
    const coldMs = performance.now() - coldStart;
    if (!cold.report.accepted) throw new Error(`benchmark scan refused: ${cold.report.reasons.join(' ')}`);
    const times: number[] = [];
    let peakRssMb = cold.usage.peakRssMb;
    let growthMb = cold.usage.peakRssMb - cold.usage.startRssMb;
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      const { usage } = await checker.checkDetailed(bytes, 'seal');
      times.push(performance.now() - started);
      peakRssMb = Math.max(peakRssMb, usage.peakRssMb);
      growthMb = Math.max(growthMb, usage.peakRssMb - usage.startRssMb);
    }
    const widthPx = Math.round((21 / 2.54) * spec.dpi);
    const heightPx = Math.round((29.7 / 2.54) * spec.dpi);
    return {
      label,
      megapixels: (widthPx * heightPx) / 1e6,
      megabytes: bytes.length / 1024 / 1024,
      medianMs: median(times),
      minMs: Math.min(...times),
      maxMs: Math.max(...times),
      coldMs,
      peakRssMb,
      growthMb,
    };
  } finally {
    await checker.close();
  }
}

/** `against`: the scan whose median the ratio column compares this one with. */
function report(harness: BenchHarness, figures: Figures, targets: boolean, against?: Figures): void {
  const label = `seal check ${figures.label} (${figures.megapixels.toFixed(1)} Mpx, ${figures.megabytes.toFixed(1)} MB)`;
  harness.record({
    name: `${label}: median${against ? ` (ratio: / ${against.label})` : ''}`,
    value: figures.medianMs,
    unit: 'ms',
    max: targets ? CHECK_MS : null,
    ratio: against ? ratioOf(figures.medianMs, against.medianMs) : undefined,
  });
  harness.record({ name: `seal check ${figures.label}: slowest`, value: figures.maxMs, unit: 'ms' });
  harness.record({ name: `seal check ${figures.label}: per megapixel`, value: figures.medianMs / figures.megapixels, unit: 'ms/Mpx' });
  harness.record({ name: `seal check ${figures.label}: first check with worker start`, value: figures.coldMs, unit: 'ms' });
  harness.record({ name: `seal check ${figures.label}: worker peak RSS`, value: figures.peakRssMb, unit: 'MB', max: targets ? PEAK_RSS_MB : null });
  harness.record({ name: `seal check ${figures.label}: RSS growth during one check`, value: figures.growthMb, unit: 'MB' });
}

export async function benchSealCheck(harness: BenchHarness, sizes: BenchSizes): Promise<void> {
  const runs = sizes.sealRuns;
  const seal = (dpi: number, format: ScanSpec['format']): ScanSpec => ({
    name: `bench ${dpi} ${format}`,
    seed: 900 + dpi,
    dpi,
    sheet: 'a4',
    paper: 'cream',
    format,
    jpegQuality: 85,
    marks: [{ mark: { type: 'round', diameterCm: 4.2 }, ink: 'red', rotationDeg: 3 }],
  });
  const jpeg600 = await measure('600 dpi A4 JPEG', seal(600, 'jpeg'), runs);
  report(harness, jpeg600, true);
  const png600 = await measure('600 dpi A4 PNG', { ...seal(600, 'png'), noiseSigma: 2.5 }, runs);
  // PNG has no shrink-on-load, so it is expected to cost more than JPEG.
  report(harness, png600, true, jpeg600);
  // 1200 dpi has no target of its own: it shows how the check scales with pixels.
  const jpeg1200 = await measure('1200 dpi A4 JPEG', seal(1200, 'jpeg'), Math.max(1, Math.ceil(runs / 2)));
  report(harness, jpeg1200, false, jpeg600);
}
