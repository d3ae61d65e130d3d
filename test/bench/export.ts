// Benchmark: 导出证书 of 100,000 certificates (BENCH_EXPORT_ROWS to change) through the
// real export worker, then of the design-size cache (BENCH_ROWS, shared with main-rss and
// list-ui through ./big-cache.ts). Reports for each seconds, rows/s, the file size, the peak RSS of the
// process, the worker's peak V8 heap and how late the main event loop ran meanwhile.
// Targets (issue 9): 100,000 rows in ≤ 5 s with peak RSS ≤ 300 MB; 1,000,000 rows with
// peak RSS ≤ 400 MB; the main loop never blocked more than 50 ms.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../main/db/connection';
import { applyChangesPage } from '../../main/db/queries/sync';
import { runExport } from '../../main/export/export-runner';
import { silentLogger } from '../../main/log/logger';
import { CERTIFICATE_TYPES } from '../../main/net/contract';
import { makeCertificate } from '../fixtures/certificates';
import { BIG_CACHE_VARIABLE, bigCache } from './big-cache';
import type { BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

// The worker the app ships (`npm run bench` builds it first), not the one compiled from source
// on load as the tests start it: the figure is the user's.
const WORKER = resolve('out/main/export-worker.js');
const COUNTRIES = ['日本', '韩国', '越南', '泰国', '印度尼西亚', '澳大利亚', '新西兰', '新加坡', '智利', '秘鲁'];

const MAIN_LOOP_BLOCK_MS = 50;

// A target for N rows holds for fewer rows too; above the largest size the issue names there is none.
function exportTargets(rows: number): { seconds: number | null; peakRssMb: number | null } {
  if (rows <= 100_000) return { seconds: 5, peakRssMb: 300 };
  if (rows <= 1_000_000) return { seconds: null, peakRssMb: 400 };
  return { seconds: null, peakRssMb: null };
}

/** The cache to export: `rows` certificates written by the sync's own write path. */
function buildCache(databasePath: string, rows: number): void {
  const db = openDatabase(databasePath);
  for (let start = 0; start < rows; start += 1000) {
    const page = Array.from({ length: Math.min(1000, rows - start) }, (_, offset) => {
      const index = start + offset;
      const type = CERTIFICATE_TYPES[index % CERTIFICATE_TYPES.length]!;
      return makeCertificate({
        certificateId: `c${index}`,
        seq: index + 1,
        number: `${type}${String(index).padStart(11, '0')}${String(index % 10000).padStart(4, '0')}`,
        type,
        applicant: `委托企业${index % 400}号进出口有限公司`,
        destinationCountry: COUNTRIES[index % COUNTRIES.length]!,
        issueDate: new Date(Date.UTC(2020 + (index % 5), 0, 1) + (index % 365) * 86_400_000).toISOString().slice(0, 10),
        exceptionPrintCount: index % 4,
      });
    });
    applyChangesPage(db, page, start + page.length);
  }
  db.close();
}

export async function benchExport(harness: BenchHarness, sizes: BenchSizes): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'co-bench-export-'));
  // The design-size cache (./big-cache.ts), shared with the other benchmarks of the run or, run
  // on its own, in a folder of this run.
  const shared = process.env[BIG_CACHE_VARIABLE];
  const bigCacheRoot = shared ?? mkdtempSync(join(tmpdir(), 'co-bench-big-cache-'));
  try {
    const databasePath = join(dir, 'cache.sqlite');
    // Caches are built in a process of their own: built here, the rows' garbage and SQLite's pages
    // stayed in this process's RSS (317 MB before the export began at 100,000), which is not the export's cost.
    execFileSync(process.execPath, [...process.execArgv, __filename, databasePath, String(sizes.exportRows)], { stdio: 'inherit' });
    await measureExport(harness, databasePath, join(dir, 'export.xlsx'));
    if (sizes.rows > sizes.exportRows) {
      execFileSync(process.execPath, [...process.execArgv, __filename, BIG_CACHE_ARGUMENT, String(sizes.rows)], {
        stdio: 'inherit',
        env: { ...process.env, [BIG_CACHE_VARIABLE]: bigCacheRoot },
      });
      const big = await bigCache(sizes.rows, bigCacheRoot);
      await measureExport(harness, join(big.dir, 'cache.sqlite'), join(dir, 'export-big.xlsx'));
    }
  } finally {
    if (!shared) rmSync(bigCacheRoot, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 导出证书 of the whole cache at `databasePath` (the export opens it read-only), with the process's RSS and main loop watched. */
async function measureExport(harness: BenchHarness, databasePath: string, target: string): Promise<void> {
  global.gc?.();
  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;
  let maxLagMs = 0;
  let expected = performance.now() + 20;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - expected);
    expected = now + 20;
  }, 20);
  const started = performance.now();
  const result = await runExport({ workerPath: WORKER, databasePath, query: {}, target, onProgress: () => {}, log: silentLogger }).finally(() =>
    clearInterval(sampler),
  );
  const seconds = (performance.now() - started) / 1000;
  const mb = (bytes: number) => bytes / 2 ** 20;
  const targets = exportTargets(result.rows);
  const label = `export ${result.rows.toLocaleString('en-US')} rows to .xlsx`;
  harness.record({ name: `${label}: time`, value: seconds, unit: 's', max: targets.seconds });
  harness.record({ name: `${label}: rate`, value: result.rows / seconds, unit: 'rows/s' });
  harness.record({ name: `${label}: file size`, value: mb(statSync(target).size), unit: 'MB' });
  // Whole process: main and the worker thread; the cache written before is in the figure before.
  harness.record({ name: `${label}: peak RSS`, value: mb(peakRss), unit: 'MB', max: targets.peakRssMb });
  harness.record({ name: `${label}: RSS before the export`, value: mb(rssBefore), unit: 'MB' });
  harness.record({ name: `${label}: worker peak V8 heap`, value: mb(result.heapPeakBytes), unit: 'MB' });
  harness.record({ name: `${label}: main loop lag, worst (sampled every 20 ms)`, value: maxLagMs, unit: 'ms', max: MAIN_LOOP_BLOCK_MS });
}

const BIG_CACHE_ARGUMENT = '--big-cache';

// Run as a script by benchExport: node export.ts DATABASE ROWS, or node export.ts --big-cache ROWS.
if (require.main === module) {
  if (process.argv[2] === BIG_CACHE_ARGUMENT) void bigCache(Number(process.argv[3]));
  else buildCache(process.argv[2]!, Number(process.argv[3]));
}
