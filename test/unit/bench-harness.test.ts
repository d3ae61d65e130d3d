// The benchmark harness's verdicts and the suite's sizes: what `npm run bench` prints as
// met or missed must follow from the figure and its target, and a bad size must stop the
// run before anything is measured.

import { describe, expect, it } from 'vitest';
import { BenchHarness } from '../bench/harness';
import { readBenchSizes } from '../bench/sizes';

describe('BenchHarness', () => {
  it('judges a figure against an upper or a lower bound, and gives no verdict without a target', () => {
    const harness = new BenchHarness();
    harness.begin('export');
    expect(harness.record({ name: 'time', value: 5, unit: 's', max: 5 }).met).toBe(true);
    expect(harness.record({ name: 'slow time', value: 5.01, unit: 's', max: 5 }).met).toBe(false);
    expect(harness.record({ name: 'share', value: 0.49, unit: 'ratio', min: 0.5 }).met).toBe(false);
    expect(harness.record({ name: 'good share', value: 0.5, unit: 'ratio', min: 0.5 }).met).toBe(true);
    const free = harness.record({ name: 'file size', value: 3.2, unit: 'MB', max: null });
    expect(free).toMatchObject({ target: null, bound: null, met: null });
    expect('ratio' in free).toBe(false);
    expect(harness.record({ name: 'with ratio', value: 2, unit: 'ms', ratio: 1.5 }).ratio).toBe(1.5);
    expect(harness.figures.every((figure) => figure.benchmark === 'export')).toBe(true);
  });

  it('refuses a broken measurement instead of writing null into the JSON', () => {
    const harness = new BenchHarness();
    expect(() => harness.record({ name: 'orphan', value: 1, unit: 'ms' })).toThrow(/outside a benchmark/);
    harness.begin('cache-search');
    expect(() => harness.record({ name: 'nan', value: Number.NaN, unit: 'ms' })).toThrow(/not a finite number/);
    expect(() => harness.record({ name: 'inf', value: 1, unit: 'ms', ratio: Infinity })).toThrow(/not a finite number/);
    expect(() => harness.record({ name: 'both', value: 1, unit: 'ms', max: 2, min: 0 })).toThrow(/both/);
    harness.record({ name: 'once', value: 1, unit: 'ms' });
    expect(() => harness.record({ name: 'once', value: 2, unit: 'ms' })).toThrow(/twice/);
    expect(harness.figures.map((figure) => figure.name)).toEqual(['once']);
  });

  it("takes over a child's figures only when they are well formed, keeping their verdicts", () => {
    const child = new BenchHarness();
    child.begin('seal-check');
    child.record({ name: 'peak RSS', value: 613, unit: 'MB', max: 500 });
    child.record({ name: 'rate', value: 10, unit: 'rows/s', min: 5, ratio: 0.9 });
    const parent = new BenchHarness();
    parent.begin('seal-check');
    parent.adopt(JSON.parse(JSON.stringify(child.figures)));
    expect(parent.figures).toEqual(child.figures);
    expect(() => parent.adopt([{ name: 'x', value: null, unit: 'ms', target: null, bound: null, met: null, benchmark: 'seal-check' }])).toThrow();
    expect(() => parent.adopt({ figures: [] })).toThrow();
  });

  it('prints one row per figure under its benchmark, and counts the targets met', () => {
    const harness = new BenchHarness();
    harness.begin('export');
    harness.record({ name: 'export: time', value: 4.2, unit: 's', max: 5 });
    harness.begin('seal-check');
    harness.record({ name: 'seal check: peak RSS', value: 613, unit: 'MB', max: 500, ratio: 1.23 });
    harness.record({ name: '证书下载 list: p50', value: 0.5, unit: 'ms' });
    const lines = harness.table().split('\n');
    expect(lines.find((line) => line.startsWith('export: time'))).toMatch(/4\.20\s+s\s+≤ 5\s+yes/);
    expect(lines.find((line) => line.startsWith('seal check: peak RSS'))).toMatch(/613\s+MB\s+≤ 500\s+NO\s+1\.23×/);
    expect(lines.find((line) => line.startsWith('证书下载 list: p50'))).toMatch(/0\.50\s+ms\s+—\s+—/);
    expect(lines.indexOf('[seal-check]')).toBeGreaterThan(lines.indexOf('[export]'));
    expect(lines.at(-1)).toBe('1 of 2 targets met, 1 missed');
  });
});

describe('readBenchSizes', () => {
  it('defaults to issue 9 sizes, and BENCH_ROWS scales the derived ones', () => {
    expect(readBenchSizes({})).toEqual({
      rows: 1_000_000,
      exportRows: 100_000,
      firstSyncRows: 100_000,
      syncRows: 200_000,
      syncSmallRows: 20_000,
      layouts: 20_000,
      logMb: 5,
      sealRuns: 5,
      calibrationRuns: 30,
    });
    expect(readBenchSizes({ BENCH_ROWS: '2000' })).toMatchObject({ rows: 2000, exportRows: 200, syncRows: 400, syncSmallRows: 40, layouts: 40 });
    expect(readBenchSizes({ BENCH_ROWS: '2000', BENCH_EXPORT_ROWS: '1_000_000' }).exportRows).toBe(1_000_000);
  });

  it('refuses anything but a positive integer, naming the variable in Chinese', () => {
    for (const bad of ['0', '-5', '1.5', 'abc', '1e400']) {
      expect(() => readBenchSizes({ BENCH_ROWS: bad }), bad).toThrow(/BENCH_ROWS 必须是正整数/);
    }
    expect(() => readBenchSizes({ BENCH_SEAL_RUNS: 'many' })).toThrow(/BENCH_SEAL_RUNS/);
  });
});
