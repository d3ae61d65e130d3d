// `npm run bench [-- NAME...]`: every benchmark (or the named ones), one after another, at
// the sizes of ./sizes.ts; then the table of figures and targets, and the same figures in
// bench-results.json (BENCH_RESULTS to write elsewhere). Each benchmark runs in a child
// process of its own, so its peak RSS is its own and not what an earlier one left behind;
// a benchmark that fails does not stop the others, but the run exits 1.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchCacheSearch } from './cache-search';
import { benchCacheWrite } from './cache-write';
import { benchCalibrationPage, benchCalibrationShift } from './calibration-shift';
import { benchECertificateSearch } from './e-certificate-search';
import { benchExport } from './export';
import { benchEventLoop } from './event-loop';
import { benchFirstSync } from './first-sync';
import { BIG_CACHE_VARIABLE } from './big-cache';
import { BenchHarness, formatNumber } from './harness';
import { benchListUi } from './list-ui';
import { benchMainRss } from './main-rss';
import { benchPrintBatch } from './print-batch';
import { benchSealCheck } from './seal-check';
import { benchSealSave } from './seal-save';
import { benchSettings } from './settings';
import { readBenchSizes, type BenchSizes } from './sizes';
import { benchSyncNewPrintable } from './sync-new-printable';
import { benchTextSearch } from './text-search';

type Benchmark = (harness: BenchHarness, sizes: BenchSizes) => Promise<void>;

/** Keyed by file name: the smoke test checks that each file in test/bench reports figures. */
const BENCHMARKS: Record<string, Benchmark> = {
  'cache-search': benchCacheSearch,
  'seal-check': benchSealCheck,
  export: benchExport,
  'calibration-shift': async (harness, sizes) => {
    await benchCalibrationShift(harness, sizes);
    await benchCalibrationPage(harness);
  },
  'e-certificate-search': benchECertificateSearch,
  'text-search': benchTextSearch,
  settings: benchSettings,
  'sync-new-printable': benchSyncNewPrintable,
  'cache-write': async (harness, sizes) => {
    await benchCacheWrite(harness, sizes);
  },
  'first-sync': async (harness, sizes) => {
    await benchFirstSync(harness, sizes);
  },
  'seal-save': benchSealSave,
  'print-batch': benchPrintBatch,
  'main-rss': benchMainRss,
  'list-ui': benchListUi,
  'event-loop': benchEventLoop,
};

// The whole suite at the default sizes must finish within this (issue 9).
const SUITE_LIMIT_S = 30 * 60;

// Set by the parent: the child runs the one benchmark named and writes its figures here.
const CHILD_OUTPUT = 'BENCH_CHILD_OUTPUT';

async function child(name: string, output: string): Promise<number> {
  const harness = new BenchHarness();
  harness.begin(name);
  await BENCHMARKS[name]!(harness, readBenchSizes());
  harness.write(output);
  return 0;
}

/** The benchmark in its own process (the same Node and tsx hooks as this one); its figures, or null if it failed. */
async function isolated(name: string, dir: string, bigCacheDir: string): Promise<unknown> {
  const output = join(dir, `${name}.json`);
  const code = await new Promise<number | null>((done, failed) => {
    const proc = spawn(process.execPath, [...process.execArgv, __filename, name], {
      env: { ...process.env, [CHILD_OUTPUT]: output, [BIG_CACHE_VARIABLE]: bigCacheDir },
      stdio: 'inherit',
    });
    proc.on('error', failed);
    proc.on('exit', (exitCode, signal) => done(signal ? null : exitCode));
  });
  if (code !== 0) return null;
  return JSON.parse(readFileSync(output, 'utf8')) as unknown;
}

async function main(): Promise<number> {
  const sizes = readBenchSizes();
  const childOutput = process.env[CHILD_OUTPUT];
  if (childOutput) return child(process.argv[2]!, childOutput);
  const unknown = process.argv.slice(2).filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`未知的基准测试: ${unknown.join(', ')}。可选: ${Object.keys(BENCHMARKS).join(', ')}`);
    return 2;
  }
  const selected = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(BENCHMARKS);
  const harness = new BenchHarness();
  const failed: string[] = [];
  console.log(`[bench] sizes ${JSON.stringify(sizes)}`);
  const suiteStart = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'co-bench-run-'));
  // The design-size cache, built by the first benchmark that needs it and opened by the rest (./big-cache.ts).
  const bigCacheDir = mkdtempSync(join(tmpdir(), 'co-bench-big-cache-'));
  for (const name of selected) {
    console.log(`[bench] ${name} …`);
    const started = performance.now();
    harness.begin(name);
    try {
      const figures = await isolated(name, dir, bigCacheDir);
      if (figures === null) throw new Error('it exited with an error (its output is above)');
      harness.adopt(figures);
    } catch (error: unknown) {
      failed.push(name);
      console.error(`[bench] ${name} failed:`, error);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`[bench] ${name} took ${formatNumber(seconds)} s`);
    harness.record({ name: `${name}: duration`, value: seconds, unit: 's' });
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(bigCacheDir, { recursive: true, force: true });
  const total = (performance.now() - suiteStart) / 1000;
  harness.begin('run');
  // Only a run of the whole suite can be held to the whole suite's limit.
  const whole = selected.length === Object.keys(BENCHMARKS).length;
  harness.record({ name: 'suite: duration', value: total, unit: 's', max: whole ? SUITE_LIMIT_S : null });
  const output = process.env.BENCH_RESULTS ?? resolve(__dirname, '../../bench-results.json');
  harness.write(output);
  console.log(`\n${harness.table()}\n\nfigures written to ${output}`);
  if (failed.length > 0) {
    console.error(`[bench] failed: ${failed.join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
