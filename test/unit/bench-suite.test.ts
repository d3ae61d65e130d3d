// CI's smoke run of `npm run bench`: the whole suite at a tiny size, in a child process,
// must exit 0 and leave well-formed figures. Nothing here is about time: the figures of a
// smoke run on a shared machine say nothing, only that the suite still measures.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
// The suite's own machinery; every other file in test/bench is a benchmark.
const NOT_BENCHMARKS = new Set(['harness.ts', 'run.ts', 'sizes.ts', 'big-cache.ts']);
const BENCHMARK_FILES = readdirSync(join(ROOT, 'test/bench'))
  .filter((file) => file.endsWith('.ts') && !NOT_BENCHMARKS.has(file))
  .map((file) => basename(file, '.ts'));
const dir = mkdtempSync(join(tmpdir(), 'co-bench-smoke-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBench(env: Record<string, string>, limitMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, failed) => {
    // Its own process group, so that a kill reaches tsx's node and the benchmarks' children too.
    const proc = spawn(TSX, ['test/bench/run.ts'], { cwd: ROOT, env: { ...process.env, ...env }, detached: true });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A hung benchmark must fail the test, not hold CI.
    const timer = setTimeout(() => process.kill(-proc.pid!, 'SIGKILL'), limitMs);
    proc.on('error', failed);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('npm run bench at a tiny size', () => {
  it('runs every benchmark and writes one well-formed object per figure', async () => {
    const results = join(dir, 'bench-results.json');
    const run = await runBench({ BENCH_ROWS: '2000', BENCH_SEAL_RUNS: '1', BENCH_RUNS: '3', BENCH_LOG_MB: '1', BENCH_RESULTS: results }, 480_000);
    expect(run.code, `bench exited with ${run.code}:\n${run.stderr.slice(-4000)}`).toBe(0);

    const figures: unknown = JSON.parse(readFileSync(results, 'utf8'));
    expect(Array.isArray(figures)).toBe(true);
    const list = figures as Record<string, unknown>[];
    for (const figure of list) {
      expect(typeof figure, JSON.stringify(figure)).toBe('object');
      expect(typeof figure.name, JSON.stringify(figure)).toBe('string');
      expect((figure.name as string).length).toBeGreaterThan(0);
      expect(typeof figure.value === 'number' && Number.isFinite(figure.value), JSON.stringify(figure)).toBe(true);
      expect(typeof figure.unit === 'string' && figure.unit.length > 0, JSON.stringify(figure)).toBe(true);
      expect(figure.target === null || (typeof figure.target === 'number' && Number.isFinite(figure.target)), JSON.stringify(figure)).toBe(true);
      expect(figure.met === null || typeof figure.met === 'boolean', JSON.stringify(figure)).toBe(true);
      // A verdict needs a target, and a target always gets a verdict.
      expect(figure.met === null, JSON.stringify(figure)).toBe(figure.target === null);
    }
    const names = list.map((figure) => figure.name);
    expect(new Set(names).size).toBe(names.length);

    const reported = new Set(list.filter((figure) => !String(figure.name).endsWith(': duration')).map((figure) => figure.benchmark));
    expect(BENCHMARK_FILES.length).toBeGreaterThanOrEqual(7);
    for (const file of BENCHMARK_FILES) expect(reported, `no figure from test/bench/${file}.ts`).toContain(file);
    // Every file's figures carry targets somewhere: the suite is there to hold the targets.
    expect(list.filter((figure) => figure.target !== null).length).toBeGreaterThan(BENCHMARK_FILES.length);

    // The table printed is made of the same figures.
    for (const name of names) expect(run.stdout).toContain(String(name));
    expect(run.stdout).toMatch(/\d+ of \d+ targets met, \d+ missed/);
  }, 500_000);

  it('refuses a size that is not a positive integer, in Chinese, and writes nothing', async () => {
    const results = join(dir, 'refused.json');
    const run = await runBench({ BENCH_ROWS: '-5', BENCH_RESULTS: results }, 60_000);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('BENCH_ROWS 必须是正整数');
    expect(existsSync(results)).toBe(false);
  });
});
