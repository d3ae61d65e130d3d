// Benchmark: 导出证书 of 100,000 certificates (BENCH_EXPORT_ROWS to change) through the
// real export worker. Reports rows, seconds, rows/s, the file size, the peak RSS of the
// process, the worker's peak V8 heap and how late the main event loop ran meanwhile.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../main/db/connection';
import { applyChangesPage } from '../../main/db/queries/sync';
import { runExport } from '../../main/export/export-runner';
import { silentLogger } from '../../main/log/logger';
import { CERTIFICATE_TYPES } from '../../main/net/contract';
import { makeCertificate } from '../fixtures/certificates';

const WORKER = resolve('test/support/export-worker-from-source.cjs');
const COUNTRIES = ['日本', '韩国', '越南', '泰国', '印度尼西亚', '澳大利亚', '新西兰', '新加坡', '智利', '秘鲁'];

export async function benchExport(): Promise<void> {
  const rows = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'co-bench-export-'));
  try {
    const databasePath = join(dir, 'cache.sqlite');
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

    const target = join(dir, 'export.xlsx');
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
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    console.log('\n导出证书 (export to .xlsx, streaming worker)');
    console.log(`  rows            ${result.rows.toLocaleString()}`);
    console.log(`  seconds         ${seconds.toFixed(2)}`);
    console.log(`  rows/s          ${Math.round(result.rows / seconds).toLocaleString()}`);
    console.log(`  file            ${mb(statSync(target).size)}`);
    console.log(`  peak RSS        ${mb(peakRss)} (whole process: main + workers; ${mb(rssBefore)} before the export)`);
    console.log(`  worker heap     ${mb(result.heapPeakBytes)} peak V8 heap used`);
    console.log(`  main loop lag   ${maxLagMs.toFixed(0)} ms worst (sampled every 20 ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
