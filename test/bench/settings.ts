// Benchmark: 设置's two heavy actions. (1) The cache figures walk the profile folder: a
// big agent keeps two layouts per certificate (BENCH_LAYOUTS files, 20,000 by default).
// (2) 导出日志 of a full log and its rotated predecessor (2 × 5 MB): total time, and the
// longest the main loop stood still meanwhile (redaction runs there, compression does not).
// Both stalls are held to the main-loop limit of 50 ms.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../../main/log/logger';
import { measure } from '../../main/services/settings/cache-service';
import { SupportExport } from '../../main/services/settings/support-export';
import type { BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

const MAIN_LOOP_BLOCK_MS = 50;

async function loopStalls<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; maxStallMs: number }> {
  let maxStallMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxStallMs = Math.max(maxStallMs, now - last - 5);
    last = now;
  }, 5);
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  clearInterval(timer);
  return { result, ms, maxStallMs };
}

export async function benchSettings(harness: BenchHarness, sizes: BenchSizes): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'co-bench-settings-'));
  try {
    const files = sizes.layouts;
    const layouts = join(root, 'profile', 'layouts');
    mkdirSync(layouts, { recursive: true });
    writeFileSync(join(root, 'profile', 'cache.sqlite'), Buffer.alloc(1024 * 1024));
    const pdf = Buffer.alloc(4096, 1);
    for (let i = 0; i < files; i++) writeFileSync(join(layouts, `c${i}-${i % 2 ? 'copy' : 'original'}.pdf`), pdf);
    const figures = await loopStalls(() => measure(join(root, 'profile'), layouts));
    const cache = `设置 cache figures over ${files.toLocaleString('en-US')} layout files`;
    harness.record({ name: `${cache}: time`, value: figures.ms, unit: 'ms' });
    harness.record({ name: `${cache}: longest main-loop stall`, value: figures.maxStallMs, unit: 'ms', max: MAIN_LOOP_BLOCK_MS });
    harness.record({ name: `${cache}: counted`, value: figures.result.totalBytes / 1024 / 1024, unit: 'MB' });

    const logs = join(root, 'logs');
    mkdirSync(logs);
    const line = '2026-12-03T06:40:02.123Z INFO [sync] page applied {"received":500,"cursor":123456,"token":"[redacted]"} Bearer abcdefabcdefabcdefabcdefabcdefabcdef\n';
    const body = line.repeat(Math.ceil((sizes.logMb * 1024 * 1024) / line.length));
    writeFileSync(join(logs, 'main.log'), body);
    writeFileSync(join(logs, 'main.old.log'), body);
    let zipped = 0;
    const exporter = new SupportExport({
      logFile: join(logs, 'main.log'),
      saveFile: async (_name, bytes) => {
        zipped = bytes.length;
        return join(root, 'out.zip');
      },
      describe: async () => ({ version: 'bench' }),
      log: silentLogger,
    });
    const exported = await loopStalls(() => exporter.export());
    const logExport = `导出日志 of 2 × ${(body.length / 1024 / 1024).toFixed(1)} MB`;
    harness.record({ name: `${logExport}: time`, value: exported.ms, unit: 'ms' });
    harness.record({ name: `${logExport}: longest main-loop stall`, value: exported.maxStallMs, unit: 'ms', max: MAIN_LOOP_BLOCK_MS });
    harness.record({ name: `${logExport}: zip`, value: zipped / 1024, unit: 'KB' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
