// The scan check through its worker thread, as the app runs it: the same report as
// the in-process analysis, limits enforced before decoding, hostile files refused
// without harming the worker, and a worker that hangs, runs out of memory, dies or
// talks nonsense replaced — the caller always gets a Chinese answer.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../main/core/errors';
import { createLogger, type Logger } from '../../main/log/logger';
import { ScanChecker, type ScanCheckerOptions } from '../../main/images/scan-check-client';
import { ScanInputError } from '../../main/images/scan-errors';
import { analyzeScan } from '../../main/images/seal-checker';
import { generateScan, type GeneratedScan } from '../fixtures/scans/generate';
import { judge, makeHostileFiles, outcomeOf, type HostileFile } from '../fixtures/scans/hostile';

const WORKER = resolve('test/support/scan-worker-from-source.cjs');
const lines: string[] = [];
const log: Logger = createLogger((line) => lines.push(line), '[scan] ');
const checkers: ScanChecker[] = [];
let seal: GeneratedScan;
let signature: GeneratedScan;
let hostile: HostileFile[];
let dir: string;

function checker(options: Partial<ScanCheckerOptions> = {}): ScanChecker {
  const made = new ScanChecker({ workerPath: WORKER, log, ...options });
  checkers.push(made);
  return made;
}

/** A worker script that behaves like the real one except on a trigger: to provoke what the real one must survive. */
function sabotagedWorker(name: string, body: string): string {
  const path = join(dir, `${name}.cjs`);
  writeFileSync(path, `const { parentPort } = require('node:worker_threads');\n${body}\nrequire(${JSON.stringify(WORKER)});\n`);
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'co-scan-worker-'));
  seal = await generateScan({ name: 'worker seal', seed: 301, dpi: 600, sheet: { widthCm: 10, heightCm: 12 }, format: 'jpeg', marks: [{ mark: { type: 'oval', widthCm: 4.6, heightCm: 3.4 }, ink: 'blue', rotationDeg: 2 }] });
  signature = await generateScan({ name: 'worker signature', seed: 302, dpi: 600, sheet: { widthCm: 8, heightCm: 6 }, format: 'png', marks: [{ mark: { type: 'signature', widthCm: 3, heightCm: 1.3 }, ink: 'black' }] });
  hostile = await makeHostileFiles();
});

afterAll(async () => {
  await Promise.all(checkers.map((made) => made.close()));
});

describe('ScanChecker', () => {
  it('gives exactly the report the in-process analysis gives, cleaned PNG included', async () => {
    const scans = checker();
    const viaWorker = await scans.check(seal.bytes, 'seal');
    const inProcess = await analyzeScan(seal.bytes, 'seal');
    expect(viaWorker.accepted).toBe(true);
    expect({ ...viaWorker, cleanedPng: null }).toEqual({ ...inProcess, cleanedPng: null });
    expect(Buffer.from(viaWorker.cleanedPng ?? [])).toEqual(Buffer.from(inProcess.cleanedPng ?? []));
    expect(lines.some((line) => line.includes('[scan] scan checked') && line.includes('"accepted":true'))).toBe(true);
  });

  it('moves a large scan handed over to the worker instead of copying it; one not handed over stays usable', async () => {
    const large = await generateScan({ name: 'worker large seal', seed: 303, dpi: 600, sheet: { widthCm: 10, heightCm: 12 }, format: 'png', marks: [{ mark: { type: 'round', diameterCm: 4.2 }, ink: 'red' }] });
    expect(large.bytes.byteLength).toBeGreaterThan(1024 * 1024);
    const scans = checker();
    const kept = Uint8Array.from(large.bytes);
    expect((await scans.check(kept, 'seal')).accepted).toBe(true);
    // equals(), not toEqual: a deep comparison of megabytes element by element exhausts the heap.
    expect(Buffer.from(kept).equals(Buffer.from(large.bytes))).toBe(true);
    const handed = Uint8Array.from(large.bytes);
    expect((await scans.check(handed, 'seal', { handOver: true })).accepted).toBe(true);
    // Detached: the worker got the memory itself.
    expect(handed.byteLength).toBe(0);
    // A small one is copied even when handed over (Node's pool of small buffers must never move).
    const small = Uint8Array.from(seal.bytes);
    expect(small.byteLength).toBeLessThan(1024 * 1024);
    expect((await scans.check(small, 'seal', { handOver: true })).accepted).toBe(true);
    expect(small.byteLength).toBe(seal.bytes.byteLength);
  });

  it('checks queued files one after another, each with its own answer', async () => {
    const scans = checker();
    const results = await Promise.allSettled([
      scans.check(seal.bytes, 'seal'),
      scans.check(signature.bytes, 'signature'),
      scans.check(new Uint8Array([1, 2, 3]), 'seal'),
      scans.check(signature.bytes, 'seal'),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { accepted: true, shape: 'oval' } });
    expect(results[1]).toMatchObject({ status: 'fulfilled', value: { accepted: true, color: 'black' } });
    expect(results[2]).toMatchObject({ status: 'rejected', reason: { problem: 'unsupported-format' } });
    expect(results[3]).toMatchObject({ status: 'fulfilled', value: { accepted: false, reasons: [expect.stringContaining('只能提取红色或蓝色')] } });
  });

  it('refuses a file over the byte limit without sending it to the worker, and one over the pixel limit from its header', async () => {
    const scans = checker({ maxBytes: 1000, maxPixels: 2_000_000 });
    const started = performance.now();
    await expect(scans.check(seal.bytes, 'seal')).rejects.toMatchObject({ problem: 'too-large', code: 'SCAN_INVALID', message: expect.stringContaining('文件过大') });
    expect(performance.now() - started).toBeLessThan(50);
    const pixels = checker({ maxPixels: 2_000_000 });
    // 10 × 12 cm at 600 dpi is 6.7 Mpx.
    await expect(pixels.check(seal.bytes, 'seal')).rejects.toMatchObject({ problem: 'too-many-pixels', message: expect.stringContaining('2362×2835') });
    await expect(pixels.check(new Uint8Array(0), 'seal')).rejects.toMatchObject({ problem: 'empty' });
  });

  it('refuses a sample of the hostile files through the worker, which keeps working', async () => {
    const scans = checker();
    const sample = hostile.filter((_, index) => index % 15 === 0);
    expect(sample.length).toBeGreaterThanOrEqual(30);
    const wrong: string[] = [];
    for (const file of sample) {
      const problem = judge(file, await outcomeOf(() => scans.check(file.bytes, 'seal')));
      if (problem) wrong.push(problem);
    }
    expect(wrong).toEqual([]);
    expect(await scans.check(seal.bytes, 'seal')).toMatchObject({ accepted: true });
  });

  it('stops a check that overruns its time, says so in Chinese, and checks the next file with a fresh worker', async () => {
    const hasty = checker({ timeoutMs: 30 });
    await expect(hasty.check(seal.bytes, 'seal')).rejects.toMatchObject({ problem: 'timeout', message: expect.stringMatching(/^图片检查超时/) });
    expect(lines.some((line) => line.includes('WARN') && line.includes('timed out'))).toBe(true);

    const path = sabotagedWorker('hangs-on-19-bytes', "parentPort.on('message', (m) => { if (m.bytes.length === 19) for (;;) {} });");
    const scans = checker({ workerPath: path, timeoutMs: 3000 });
    const started = performance.now();
    await expect(scans.check(new Uint8Array(19), 'seal')).rejects.toMatchObject({ problem: 'timeout', message: expect.stringContaining('超过 3 秒') });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await scans.check(seal.bytes, 'seal')).toMatchObject({ accepted: true });
  });

  it('replaces a worker that dies mid-check, and one that exhausts its heap', async () => {
    const path = sabotagedWorker('dies-on-13-bytes', "parentPort.on('message', (m) => { if (m.bytes.length === 13) process.exit(7); });");
    const scans = checker({ workerPath: path });
    await expect(scans.check(new Uint8Array(13), 'seal')).rejects.toMatchObject({ problem: 'crashed', message: expect.stringMatching(/^图片无法解析/) });
    expect(await scans.check(seal.bytes, 'seal')).toMatchObject({ accepted: true });

    const hungry = sabotagedWorker('eats-memory-on-17-bytes', "const hoard = []; parentPort.on('message', (m) => { if (m.bytes.length === 17) for (;;) hoard.push(new Array(1e5).fill({ m })); });");
    const limited = checker({ workerPath: hungry, maxHeapMb: 48, timeoutMs: 30_000 });
    await expect(limited.check(new Uint8Array(17), 'seal')).rejects.toMatchObject({ problem: 'crashed', message: expect.stringContaining('内存不足') });
    expect(await limited.check(signature.bytes, 'signature')).toMatchObject({ accepted: true });
  });

  it('treats a malformed reply as a failed check, not as a report', async () => {
    const path = sabotagedWorker('lies-on-11-bytes', "parentPort.on('message', (m) => { if (m.bytes.length === 11) parentPort.postMessage({ id: m.id, ok: true, report: { accepted: true } }); });");
    const scans = checker({ workerPath: path });
    await expect(scans.check(new Uint8Array(11).fill(0x42), 'seal')).rejects.toMatchObject({ problem: 'crashed' });
    expect(lines.some((line) => line.includes('malformed reply'))).toBe(true);
    expect(await scans.check(seal.bytes, 'seal')).toMatchObject({ accepted: true });
  });

  it('cancels a running or queued check, and close() cancels the rest', async () => {
    const scans = checker();
    const running = new AbortController();
    const queued = new AbortController();
    const first = scans.check(seal.bytes, 'seal', { signal: running.signal });
    const second = scans.check(seal.bytes, 'seal', { signal: queued.signal });
    queued.abort();
    running.abort();
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(second).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await scans.check(signature.bytes, 'signature')).toMatchObject({ accepted: true });
    const pending = expect(scans.check(seal.bytes, 'seal')).rejects.toBeInstanceOf(AppFailure);
    await scans.close();
    await pending;
    await expect(scans.check(seal.bytes, 'seal')).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reports the time and peak memory of each check', async () => {
    const scans = checker();
    const { report, usage } = await scans.checkDetailed(seal.bytes, 'seal');
    expect(report.accepted).toBe(true);
    expect(usage.ms).toBeGreaterThan(0);
    expect(usage.peakRssMb).toBeGreaterThan(10);
  });
});
