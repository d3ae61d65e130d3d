// Over 500 malformed and hostile files through the checker: each one gets a clear,
// Chinese ScanInputError of the expected kind (or, when it is a real if unusual image,
// a proper report), nothing else escapes, nothing hangs, and nothing is written.

import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeScan } from '../../main/images/seal-checker';
import { judge, makeHostileFiles, outcomeOf, type HostileFile } from '../fixtures/scans/hostile';

let files: HostileFile[] = [];

beforeAll(async () => {
  files = await makeHostileFiles();
});

describe('hostile and malformed files', () => {
  it('has at least 500 of them, of every family', () => {
    expect(files.length).toBeGreaterThanOrEqual(500);
    for (const family of ['truncated', 'flipped', 'overwritten', 'declaring', 'bomb', 'animated', 'random bytes', 'CMYK', '16-bit', 'SVG', 'HTML', 'empty']) {
      expect(files.some((file) => file.name.includes(family)), family).toBe(true);
    }
  });

  it('refuses each with a clear error of the expected kind, or reports it properly; never anything else', async () => {
    const before = new Set(readdirSync(tmpdir()));
    const wrong: string[] = [];
    for (const file of files) {
      const problem = judge(file, await outcomeOf(() => analyzeScan(file.bytes, 'seal')));
      if (problem) wrong.push(problem);
    }
    expect(wrong).toEqual([]);
    // Nothing stored: no file appeared in the temporary directory (libvips' disc cache included).
    const appeared = readdirSync(tmpdir()).filter((name) => !before.has(name) && /vips|sharp|\.v$/i.test(name));
    expect(appeared).toEqual([]);
  });

  it('refuses a decodable but unusual image properly: CMYK and 16-bit seals are analysed', async () => {
    const cmyk = files.find((file) => file.name === 'CMYK JPEG with a seal')!;
    const report = await analyzeScan(cmyk.bytes, 'seal');
    expect(report).toMatchObject({ accepted: true, color: 'red', shape: 'round' });
    expect(report.widthCm).toBeCloseTo(4, 1);
    const grey = files.find((file) => file.name === '16-bit grey PNG')!;
    const greyReport = await analyzeScan(grey.bytes, 'seal');
    expect(greyReport.accepted).toBe(false);
    expect(greyReport.checks.find((check) => check.id === 'color')).toMatchObject({ verdict: 'fail', figure: expect.stringContaining('黑色') });
  });

  it('names what a non-scan file is', async () => {
    const named = async (name: string) => (await outcomeOf(() => analyzeScan(files.find((file) => file.name === name)!.bytes, 'seal'))).message;
    expect(await named('animated GIF')).toContain('GIF');
    expect(await named('SVG renamed .png')).toContain('SVG');
    expect(await named('PDF renamed .png')).toContain('PDF');
    expect(await named('AVIF (a phone format)')).toContain('HEIC/AVIF');
    expect(await named('three-page TIFF')).toContain('多页');
    expect(await named('PNG declaring 100000×100000')).toContain('100000×100000');
    expect(await named('empty file')).toContain('0 字节');
  });
});
