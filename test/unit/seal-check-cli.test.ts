// `npm run seal-check`: one JSON report per file (the app's report, PNG bytes replaced
// by their size), cleaned PNGs written with --out, exit 1 when any file is refused,
// 2 on a usage error.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../main/images/seal-check-cli';
import { analyzeScan } from '../../main/images/seal-checker';
import { summarizeReport } from '../../main/images/scan-report';
import { generateScan } from '../fixtures/scans/generate';

const run = promisify(execFile);
let dir: string;
let good: string;
let big: string;
let signature: string;
let garbage: string;

/** Through `npm run seal-check` (the script as IT staff run it), or straight through node for speed. */
async function cli(args: string[], via: 'npm' | 'node' = 'node'): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, prefix] = via === 'npm' ? ['npm', ['run', '--silent', 'seal-check', '--']] : [process.execPath, ['--require', 'tsx/cjs', 'main/images/seal-check-cli.ts']];
  try {
    const { stdout, stderr } = await run(command, [...prefix, ...args], { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'co-seal-cli-'));
  const write = async (name: string, spec: Parameters<typeof generateScan>[0]) => {
    const path = join(dir, name);
    writeFileSync(path, (await generateScan(spec)).bytes);
    return path;
  };
  good = await write('good.jpg', { name: 'cli good', seed: 401, dpi: 600, sheet: { widthCm: 9, heightCm: 9 }, format: 'jpeg', marks: [{ mark: { type: 'round', diameterCm: 4.1 }, ink: 'red', rotationDeg: 2 }] });
  big = await write('big.png', { name: 'cli big', seed: 402, dpi: 600, sheet: { widthCm: 9, heightCm: 9 }, format: 'png', marks: [{ mark: { type: 'rect', widthCm: 6.2, heightCm: 3.5 }, ink: 'blue' }] });
  signature = await write('signature.png', { name: 'cli signature', seed: 403, dpi: 600, sheet: { widthCm: 7, heightCm: 5 }, format: 'png', marks: [{ mark: { type: 'signature', widthCm: 3, heightCm: 1.2 }, ink: 'black' }] });
  garbage = join(dir, 'notes.png');
  writeFileSync(garbage, '<html>not a scan</html>');
});

describe('seal-check CLI', () => {
  it('prints the same report the app computes, one JSON line per file, and exits 1 when any is refused', async () => {
    const out = join(dir, 'cleaned');
    const { code, stdout } = await cli(['--out', out, good, big, garbage, join(dir, 'missing.png')], 'npm');
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    const expected = summarizeReport(await analyzeScan(readFileSync(good), 'seal'));
    expect(lines[0]).toEqual({ file: good, ...expected, cleanedPngPath: join(out, 'good.seal.png') });
    expect(lines[0]).not.toHaveProperty('cleanedPng');
    expect(lines[1]).toMatchObject({ file: big, accepted: false, shape: 'rectangular', reasons: [expect.stringContaining('6.20 cm × 3.50 cm')], cleanedPngBytes: null });
    expect(lines[2]).toMatchObject({ file: garbage, accepted: false, error: { code: 'SCAN_INVALID', problem: 'unsupported-format', message: expect.stringContaining('HTML') } });
    expect(lines[3]).toMatchObject({ accepted: false, error: { code: 'READ_FAILED' } });
    expect(readdirSync(out)).toEqual(['good.seal.png']);
    const png = await sharp(join(out, 'good.seal.png')).metadata();
    expect(png.density).toBe(600);
    expect(readFileSync(join(out, 'good.seal.png')).length).toBe(expected.cleanedPngBytes);
  });

  it('exits 0 when every file passes, checking signatures with --kind signature', async () => {
    const { code, stdout } = await cli(['--kind', 'signature', signature]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ kind: 'signature', accepted: true, color: 'black' });
  });

  it('exits 2 on a usage error and explains the usage in Chinese', async () => {
    const { code, stderr } = await cli(['--kind', 'stamp', good]);
    expect(code).toBe(2);
    expect(stderr).toContain('--kind 只能是 seal 或 signature');
    expect(stderr).toContain('用法');
  });

  it('parses its arguments', () => {
    expect(parseArgs(['a.png', '--kind', 'signature', '--out', 'x', '--timeout', '5', 'b.jpg'])).toEqual({ kind: 'signature', out: 'x', timeoutMs: 5000, verbose: false, files: ['a.png', 'b.jpg'] });
    expect(parseArgs([])).toBe('没有指定要检查的文件');
    expect(parseArgs(['--bogus', 'a'])).toBe('未知参数 --bogus');
    expect(parseArgs(['--timeout', '-1', 'a'])).toMatch(/--timeout/);
    expect(parseArgs(['--help'])).toBe('');
  });
});
