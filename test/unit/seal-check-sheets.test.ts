// Whole A4 scans at 300, 600 and 1200 dpi, and phone photos of a sheet: the checker
// finds the mark on the page, measures it within 1 mm, and gives the right verdict
// for the right reasons.

import { describe, expect, it } from 'vitest';
import { analyzeScan } from '../../main/images/seal-checker';
import { defineScanCases, TOLERANCE_MM } from '../fixtures/scans/assert-case';
import { SHEET_CASES } from '../fixtures/scans/cases';

describe('seal check on whole sheets', () => {
  const { scans, errors } = defineScanCases('sheets', SHEET_CASES);

  it('reports the figures behind each refusal (300 dpi, phone photo)', async () => {
    const low = await analyzeScan(scans.get(SHEET_CASES[3]!.spec.name)!.bytes, 'seal');
    expect(low.dpi).toBe(300);
    expect(low.checks.find((check) => check.id === 'resolution')).toMatchObject({ figure: '300 dpi', verdict: 'fail' });
    expect(low.reasons[0]).toContain('300 dpi');
    const photo = await analyzeScan(scans.get(SHEET_CASES[6]!.spec.name)!.bytes, 'seal');
    expect(photo.dpi).toBeNull();
    expect(photo.widthCm).toBeNull();
    expect(photo.checks.find((check) => check.id === 'camera')?.figure).toContain('Apple iPhone 14');
    expect(photo.checks.find((check) => check.id === 'camera')?.figure).toContain('曝光时间 1/60 s');
    const keystone = Number(/([\d.]+)%/.exec(photo.checks.find((check) => check.id === 'perspective')?.figure ?? '')?.[1]);
    // The generator's trapezoid: top 68 % and bottom 94 % of the frame's width — about 32 % apart.
    expect(keystone).toBeGreaterThan(25);
    expect(keystone).toBeLessThan(40);
  });

  it(`measured every sheet within ${TOLERANCE_MM} mm`, () => {
    expect(errors.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...errors)).toBeLessThanOrEqual(TOLERANCE_MM);
  });
});
