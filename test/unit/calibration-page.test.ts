// 打印校准页: read back with poppler — the ruler numbers where the millimetres are, the
// crosshair where CALIBRATION_CROSSHAIR_MM says (rendered to pixels), the Chinese
// instructions present, and the page still usable when they cannot be rendered.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrationInstructions, makeCalibrationPage } from '../../main/pdf/calibration-page';
import { CALIBRATION_CROSSHAIR_MM } from '../../preload/contract';
import { MM_PER_POINT, pdfWords, type PdfWords } from '../support/poppler';

const root = mkdtempSync(join(tmpdir(), 'co-calibration-page-'));
const file = join(root, 'page.pdf');
let words: PdfWords;

beforeAll(async () => {
  writeFileSync(file, await makeCalibrationPage({ applied: { xMm: 3.5, yMm: -2 } }));
  words = await pdfWords(file);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mid = (a: number, b: number): number => ((a + b) / 2) * MM_PER_POINT;

describe('the calibration page', () => {
  it('is one A4 page', () => {
    expect(words.pages).toEqual([{ width: 595.28, height: 841.89 }]);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it('numbers the top ruler every 10 mm from the left edge, centred on its tick', () => {
    const top = words.words.filter((w) => /^\d+$/.test(w.text) && w.yMax * MM_PER_POINT < 15);
    expect(top.map((w) => Number(w.text))).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200]);
    for (const w of top) expect(Math.abs(mid(w.xMin, w.xMax) - Number(w.text))).toBeLessThan(0.1);
  });

  it('numbers the left ruler every 10 mm from the top edge, level with its tick', () => {
    const left = words.words.filter((w) => /^\d+$/.test(w.text) && w.xMax * MM_PER_POINT < 15 && w.yMin * MM_PER_POINT > 15);
    expect(left.map((w) => Number(w.text))).toEqual(Array.from({ length: 28 }, (_, i) => 20 + i * 10));
    // Poppler's box spans the font's ascent and descent, not the digits: within half a millimetre.
    for (const w of left) expect(Math.abs(mid(w.yMin, w.yMax) - Number(w.text))).toBeLessThan(0.5);
  });

  it('draws the crosshair where the instructions say, and the ticks at 1, 5 and 10 mm', async () => {
    // 254 dpi: ten pixels to the millimetre.
    execFileSync('pdftoppm', ['-r', '254', '-png', '-singlefile', file, join(root, 'page')]);
    const { data, info } = await sharp(readFileSync(join(root, 'page.png'))).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number): [number, number, number] => {
      const i = (y * info.width + x) * info.channels;
      return [data[i]!, data[i + 1]!, data[i + 2]!];
    };
    const red = (x: number, y: number): boolean => {
      const [r, g, b] = at(x, y);
      return r > 150 && g < 100 && b < 100;
    };
    // The vertical arm: red columns in a row 10 mm above the centre; the horizontal arm likewise.
    const cx = CALIBRATION_CROSSHAIR_MM.xMm * 10;
    const cy = CALIBRATION_CROSSHAIR_MM.yMm * 10;
    const columns = Array.from({ length: 200 }, (_, i) => cx - 100 + i).filter((x) => red(x, cy - 100));
    const rows = Array.from({ length: 200 }, (_, i) => cy - 100 + i).filter((y) => red(cx - 100, y));
    expect(columns.length).toBeGreaterThan(0);
    expect(rows.length).toBeGreaterThan(0);
    expect(Math.abs((columns[0]! + columns.at(-1)!) / 2 - cx)).toBeLessThanOrEqual(1.5);
    expect(Math.abs((rows[0]! + rows.at(-1)!) / 2 - cy)).toBeLessThanOrEqual(1.5);
    // Top ruler, a little below the edge: dark at every millimetre, ticks reaching 2.5, 4.5 and 7 mm.
    const dark = (x: number, y: number): boolean => at(x, y)[0] < 128;
    const tickLength = (mmPosition: number): number => {
      const x = mmPosition * 10;
      const hit = [x - 1, x, x + 1].find((column) => dark(column, 5));
      if (hit === undefined) return 0;
      let y = 5;
      while (y < 120 && dark(hit, y)) y++;
      return y / 10;
    };
    expect(tickLength(33)).toBeCloseTo(2.5, 0);
    expect(tickLength(35)).toBeCloseTo(4.5, 0);
    expect(tickLength(40)).toBeCloseTo(7, 0);
    expect(tickLength(33.5)).toBe(0);
  });

  it('carries the Chinese instructions (as an image: pdf-lib embeds no CJK font) and the offset it was printed with', () => {
    expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').filter((line) => /^\s+1\s+\d+\s+image\s+\d+\s+\d+\s+gray/.test(line))).toHaveLength(1);
    expect(calibrationInstructions({ xMm: 3.5, yMm: -2 })).toContain('本页已应用校准偏移 X +3.5 mm / Y -2.0 mm。');
    expect(calibrationInstructions(null)).toContain('本页未应用校准偏移。');
    expect(calibrationInstructions(null)[1]).toBe('测量十字线到纸张左边缘和上边缘的距离,填写实际值,系统自动计算偏移。');
    expect(words.words.map((w) => w.text).join(' ')).toContain(`Crosshair at ${CALIBRATION_CROSSHAIR_MM.xMm} mm from the left edge`);
  });

  it('still prints rulers and crosshair when the instructions cannot be rendered, and says so', async () => {
    const failures: unknown[] = [];
    const bytes = await makeCalibrationPage({
      applied: null,
      renderText: () => Promise.reject(new Error('no fonts')),
      onTextFailure: (error) => failures.push(error),
    });
    const fallback = join(root, 'fallback.pdf');
    writeFileSync(fallback, bytes);
    expect(failures).toHaveLength(1);
    expect(execFileSync('pdfimages', ['-list', fallback], { encoding: 'utf8' })).not.toMatch(/^\s+1\s+\d+\s+image/m);
    expect((await pdfWords(fallback)).words.filter((w) => w.text === '100')).toHaveLength(2);
  });
});
