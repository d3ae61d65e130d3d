// 打印校准: the rules an offset obeys, shared by the store (what it accepts) and the
// print path (what it applies). Pure: no I/O.

import { CALIBRATION_LIMIT_MM, CALIBRATION_STEP_MM, type PrinterOffset } from '../../preload/contract';

export const POINTS_PER_MM = 72 / 25.4;

/** Tenths of a millimetre, so 0.1-mm steps are checked on integers and not on binary fractions. */
function tenths(value: number): number | null {
  const scaled = value / CALIBRATION_STEP_MM;
  const rounded = Math.round(scaled);
  return Math.abs(scaled - rounded) < 1e-6 ? rounded : null;
}

/** The Chinese reason an offset is refused; null when it is acceptable. */
export function refuseOffset(offset: PrinterOffset): string | null {
  for (const [axis, value] of [
    ['水平', offset.xMm],
    ['垂直', offset.yMm],
  ] as const) {
    if (!Number.isFinite(value)) return `${axis}偏移必须是数字。`;
    if (Math.abs(value) > CALIBRATION_LIMIT_MM + 1e-9) return `${axis}偏移必须在 -${CALIBRATION_LIMIT_MM} 到 ${CALIBRATION_LIMIT_MM} 毫米之间。`;
    if (tenths(value) === null) return `${axis}偏移以 ${CALIBRATION_STEP_MM} 毫米为单位,最多一位小数。`;
  }
  return null;
}

/** An accepted offset with its float noise removed (0.30000000000000004 → 0.3). */
export function normaliseOffset(offset: PrinterOffset): PrinterOffset {
  const clean = (value: number): number => (tenths(value) ?? 0) / 10 || 0; // `|| 0` turns -0 into 0
  return { xMm: clean(offset.xMm), yMm: clean(offset.yMm) };
}

export function isZeroOffset(offset: PrinterOffset | null): boolean {
  return offset === null || (offset.xMm === 0 && offset.yMm === 0);
}

/**
 * The offset that makes the crosshair land where it should, from where the user measured
 * it on a calibration page that was printed with `applied` already in effect.
 */
export function offsetFromMeasurement(expected: PrinterOffset, measured: PrinterOffset, applied: PrinterOffset | null): PrinterOffset {
  const base = applied ?? { xMm: 0, yMm: 0 };
  const round = (value: number): number => Math.round(value * 10) / 10 || 0;
  return { xMm: round(base.xMm + expected.xMm - measured.xMm), yMm: round(base.yMm + expected.yMm - measured.yMm) };
}

/**
 * The translation in the page's user space (points, y up) that moves the content by the
 * offset as the sheet is seen: right by x, down by y. A page with /Rotate is shown turned
 * clockwise, so its user-space axes point elsewhere on the sheet.
 */
export function userSpaceShift(offset: PrinterOffset, rotationDegrees: number): { dx: number; dy: number } {
  const x = offset.xMm * POINTS_PER_MM;
  const y = offset.yMm * POINTS_PER_MM;
  const rotation = (((Math.round(rotationDegrees / 90) * 90) % 360) + 360) % 360;
  switch (rotation) {
    case 90:
      return { dx: y, dy: x };
    case 180:
      return { dx: -x, dy: y };
    case 270:
      return { dx: -y, dy: -x };
    default:
      return { dx: x, dy: -y };
  }
}
