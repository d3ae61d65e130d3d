// Benchmark: the main process's memory with the design-size cache (BENCH_ROWS, 1,000,000) on
// disk, idle. The app in browser mode (the Node process of main/browser runs the same
// app-core as the Electron build, its database worker thread included) signs in to the
// sandbox over HTTPS, shows the first page of 证书打印, finishes its sync (nothing new) and
// then sits idle; its resident set is read from /proc after IDLE_MS. The cache is the
// suite's shared one (./big-cache.ts).

import { readFileSync } from 'node:fs';
import { bigCache, openAppOnCache } from './big-cache';
import type { BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

const RSS_TARGET_MB = 250;
// "after it has shown the first list page and settled (say 5 s idle)"
const IDLE_MS = 5000;

/** VmRSS (now) and VmHWM (the peak so far) of a process, in MB. */
export function processMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

export async function benchMainRss(harness: BenchHarness, sizes: BenchSizes): Promise<void> {
  const cache = await bigCache(sizes.rows);
  const world = await openAppOnCache(cache);
  try {
    const { page } = world;
    await page.login('demo', 'demo123');
    await page.page.locator('[data-testid="certificate-row"]').first().waitFor({ timeout: 120_000 });
    await page.page.locator('[data-testid="sync-status"][data-sync-state="idle"]').waitFor({ timeout: 120_000 });
    // The figure must be of the big cache, not of an empty profile the app made beside it.
    const total = Number(await page.page.getByTestId('certificate-table').getAttribute('data-total'));
    if (total !== cache.rows) throw new Error(`the list shows ${total} certificates, not the cache's ${cache.rows}`);
    await new Promise((done) => setTimeout(done, IDLE_MS));
    const pid = world.app.process.pid;
    if (pid === undefined) throw new Error('the app process has no pid');
    const { rssMb, peakMb } = processMemory(pid);
    const at = `${cache.rows.toLocaleString('en-US')} cached`;
    harness.record({ name: `main process RSS, idle ${IDLE_MS / 1000} s after the first list page (${at})`, value: rssMb, unit: 'MB', max: RSS_TARGET_MB });
    harness.record({ name: `main process peak RSS since start (VmHWM, ${at})`, value: peakMb, unit: 'MB' });
  } finally {
    await world.stop();
    cache.release();
  }
}
