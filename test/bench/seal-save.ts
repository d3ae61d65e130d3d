// Benchmark: saving a checked seal in browser mode, as a user does it: a 600 dpi A4
// scan chosen in 新增印章 (check), then 保存 with the card PIN until the row is
// active (save). Real sandbox over HTTPS, the built app in browser mode, Chromium.
// Every bridge call is timed in the page, so the figures show where the time goes.
// BENCH_SEAL_RUNS sets the number of saves per format (at most 3: each is a whole check and save).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateScan, type ScanSpec } from '../fixtures/scans/generate';
import { SOFT_CARD_PIN } from '../sandbox/server';
import { startE2eWorld } from '../support/e2e-world';
import type { BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

interface CallTiming {
  channel: string;
  requestBytes: number;
  responseBytes: number;
  ms: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function benchSealSave(harness: BenchHarness, sizes: BenchSizes): Promise<void> {
  const runs = Math.max(1, Math.min(3, sizes.sealRuns));
  const files = mkdtempSync(join(tmpdir(), 'co-bench-seal-save-'));
  const world = await startE2eWorld({ certificateCount: 20 });
  try {
    const app = await world.openPage();
    const page = app.page;
    // Times each bridge call from the request to the decoded answer, to split the save into its calls.
    await page.evaluate(() => {
      const timings: CallTiming[] = [];
      (window as unknown as { __bridgeTimings: CallTiming[] }).__bridgeTimings = timings;
      const original = window.fetch.bind(window);
      window.fetch = async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (!url.includes('/ipc/')) return original(input, init);
        const started = performance.now();
        const body = init?.body;
        const requestBytes = typeof body === 'string' ? body.length : body instanceof Blob ? body.size : body instanceof ArrayBuffer ? body.byteLength : ArrayBuffer.isView(body) ? body.byteLength : 0;
        const response = await original(input, init);
        const buffer = await response.arrayBuffer();
        timings.push({ channel: decodeURIComponent(url.slice(url.indexOf('/ipc/') + 5)), requestBytes, responseBytes: buffer.byteLength, ms: performance.now() - started });
        return new Response(buffer, { status: response.status, headers: response.headers });
      };
    });
    await app.loginByCard(SOFT_CARD_PIN);
    const formats: ScanSpec['format'][] = ['png', 'jpeg'];
    for (const format of formats) {
      const spec: ScanSpec = {
        name: `bench save ${format}`, seed: 930, dpi: 600, sheet: 'a4', format, jpegQuality: 85,
        marks: [{ mark: { type: 'round', diameterCm: 4.2 }, ink: 'red', rotationDeg: 2 }],
      };
      const bytes = (await generateScan(spec)).bytes;
      const path = join(files, `seal.${format}`);
      writeFileSync(path, bytes);
      const checks: number[] = [];
      const saves: number[] = [];
      const totals: number[] = [];
      let calls: CallTiming[] = [];
      for (let run = 0; run < runs; run += 1) {
        const name = `基准${format}${run}`;
        await page.getByTestId('menu-seals').click();
        await page.getByTestId('seal-add').click();
        await app.closeScanTip();
        await page.getByTestId('seal-holder-select').click();
        await page.locator('.ant-select-item-option').first().click();
        const validity = page.getByTestId('seal-validity');
        await validity.first().fill('2026-01-01');
        await validity.first().press('Enter');
        await validity.nth(1).fill('2027-12-31');
        await validity.nth(1).press('Enter');
        await page.getByTestId('seal-name').fill(name);
        await page.evaluate(() => ((window as unknown as { __bridgeTimings: CallTiming[] }).__bridgeTimings.length = 0));
        const started = performance.now();
        await page.getByTestId('scan-file-input').setInputFiles(path);
        await page.locator('[data-testid="scan-report"][data-accepted="true"]').waitFor({ timeout: 120_000 });
        const checked = performance.now();
        await page.getByTestId('mark-save').click();
        await page.getByTestId('pin-input').fill(SOFT_CARD_PIN);
        await page.getByTestId('pin-ok').click();
        await page.locator(`[data-testid="seal-row"][data-name="${name}"][data-status="active"]`).waitFor({ timeout: 120_000 });
        const saved = performance.now();
        checks.push(checked - started);
        saves.push(saved - checked);
        totals.push(saved - started);
        calls = await page.evaluate(() => [...(window as unknown as { __bridgeTimings: CallTiming[] }).__bridgeTimings]);
      }
      // The bridge alone: as many bytes as the scan in a frame whose empty file name the schema refuses after
      // the whole body was read and decoded, so no check runs.
      const uploads: number[] = [];
      for (let run = 0; run < runs; run += 1) {
        uploads.push(
          await page.evaluate(async ([length, storageKey, contentType]) => {
            // Bytes of the scan's length (their content does not matter to the bridge; a 114 MB base64 string through evaluate would).
            const scan = new Uint8Array(length).map((_, index) => index & 0xff);
            const json = new TextEncoder().encode('[{"kind":"seal","fileName":"","bytes":{"$bin":0}}]');
            const header = new DataView(new ArrayBuffer(8));
            [0x43, 0x4f, 0x57, 0x31].forEach((byte, index) => header.setUint8(index, byte));
            header.setUint32(4, json.length);
            const table = new DataView(new ArrayBuffer(8));
            table.setUint32(0, 1);
            table.setUint32(4, scan.length);
            const started = performance.now();
            const response = await fetch('/ipc/scans%3Acheck', {
              method: 'POST',
              headers: { 'content-type': contentType, 'x-bridge-token': sessionStorage.getItem(storageKey) ?? '' },
              body: new Blob([header.buffer, json, table.buffer, scan]),
            });
            await response.arrayBuffer();
            return performance.now() - started;
          }, [bytes.length, 'bridge.token', 'application/vnd.co-wire'] as const),
        );
      }
      const mb = (count: number) => (count / 1024 / 1024).toFixed(1);
      harness.record({ name: `seal save in browser mode, 600 dpi A4 ${format.toUpperCase()}: check → save`, value: median(totals), unit: 'ms', max: 2000 });
      harness.record({ name: `seal save in browser mode, 600 dpi A4 ${format.toUpperCase()}: the save alone`, value: median(saves), unit: 'ms', max: 2000 });
      harness.record({ name: `the bridge alone, ${mb(bytes.length)} MB up`, value: median(uploads), unit: 'ms' });
      const heavy = calls.filter((call) => call.ms >= 20 || call.requestBytes + call.responseBytes > 100_000);
      for (const call of heavy) {
        console.log(`  last run: ${call.channel} ${call.ms.toFixed(0)} ms, up ${mb(call.requestBytes)} MB, down ${mb(call.responseBytes)} MB`);
      }
    }
  } finally {
    await world.stop();
    rmSync(files, { recursive: true, force: true });
  }
}
