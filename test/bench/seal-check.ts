// Benchmark: the seal check of whole A4 scans through the scan worker, as the app runs
// it. Reports the median time per check (and per megapixel), the worker's peak
// resident memory, and how 1200 dpi compares with 600 dpi. BENCH_SEAL_RUNS to change
// the number of checks per file (default 5).

import { resolve } from 'node:path';
import { silentLogger } from '../../main/log/logger';
import { ScanChecker } from '../../main/images/scan-check-client';
import { generateScan, type ScanSpec } from '../fixtures/scans/generate';

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

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

function print(figures: Figures): void {
  console.log(
    `seal check: ${figures.label} (${figures.megapixels.toFixed(1)} Mpx, ${figures.megabytes.toFixed(1)} MB): ` +
      `median ${figures.medianMs.toFixed(0)} ms (${figures.minMs.toFixed(0)}–${figures.maxMs.toFixed(0)}), ` +
      `${(figures.medianMs / figures.megapixels).toFixed(1)} ms/Mpx, first check with worker start ${figures.coldMs.toFixed(0)} ms, ` +
      `process peak RSS ${figures.peakRssMb.toFixed(0)} MB, of which the check itself +${figures.growthMb.toFixed(0)} MB`,
  );
}

export async function benchSealCheck(): Promise<void> {
  const runs = Number(process.env.BENCH_SEAL_RUNS ?? 5);
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
  print(jpeg600);
  const png600 = await measure('600 dpi A4 PNG', { ...seal(600, 'png'), noiseSigma: 2.5 }, runs);
  print(png600);
  const jpeg1200 = await measure('1200 dpi A4 JPEG', seal(1200, 'jpeg'), Math.max(1, Math.ceil(runs / 2)));
  print(jpeg1200);
  console.log(
    `seal check: 1200 dpi takes ${(jpeg1200.medianMs / jpeg600.medianMs).toFixed(2)}× the time of 600 dpi for 4× the pixels; ` +
      `PNG takes ${(png600.medianMs / jpeg600.medianMs).toFixed(2)}× JPEG (no shrink-on-load for PNG)`,
  );
}
