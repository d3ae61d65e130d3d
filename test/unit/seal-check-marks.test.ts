// Every kind of mark, ink, file format and fault on 10 × 10 cm sheets at 600 dpi (and
// a cropped seal at 1200 dpi): sizes within 1 mm, the right verdict for the right
// reason, and the cleaned transparent PNG exactly when accepted.

import { describe, expect, it } from 'vitest';
import { analyzeScan } from '../../main/images/seal-checker';
import { defineScanCases, TOLERANCE_MM } from '../fixtures/scans/assert-case';
import { MARK_CASES } from '../fixtures/scans/cases';

describe('seal check of every kind of mark', () => {
  const { scans, errors } = defineScanCases('marks', MARK_CASES);

  it('covers rotation up to 5°, JPEG quality 60–95, every format and both kinds', () => {
    const specs = MARK_CASES.map((scanCase) => scanCase.spec);
    expect(Math.max(...specs.flatMap((spec) => spec.marks.map((mark) => Math.abs(mark.rotationDeg ?? 0))))).toBe(5);
    const qualities = specs.filter((spec) => spec.format === 'jpeg').map((spec) => spec.jpegQuality ?? 85);
    expect(Math.min(...qualities)).toBe(60);
    expect(Math.max(...qualities)).toBe(95);
    expect(new Set(specs.map((spec) => spec.format))).toEqual(new Set(['png', 'jpeg', 'tiff', 'bmp']));
    expect(new Set(MARK_CASES.map((scanCase) => scanCase.kind))).toEqual(new Set(['seal', 'signature']));
  });

  it('refuses a seal that is too big with the measured figure and the limit in the reason', async () => {
    const scanCase = MARK_CASES.find((candidate) => candidate.spec.name.startsWith('red round 4.9'))!;
    const report = await analyzeScan(scans.get(scanCase.spec.name)!.bytes, 'seal');
    expect(report.reasons).toEqual([expect.stringContaining('直径 4.90 cm')]);
    expect(report.reasons[0]).toContain('直径 ≤ 4.5 cm');
  });

  it(`measured every mark within ${TOLERANCE_MM} mm`, () => {
    expect(errors.length).toBeGreaterThanOrEqual(25);
    expect(Math.max(...errors)).toBeLessThanOrEqual(TOLERANCE_MM);
  });
});
