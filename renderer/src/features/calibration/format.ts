import type { PrinterOffset } from '../../../../preload/contract';

/** One decimal, always, with the sign a user reads off the ruler: "3.5", "-2.0". */
export function mmText(value: number): string {
  return (Math.round(value * 10) / 10 || 0).toFixed(1);
}

export function offsetValues(offset: PrinterOffset): { x: string; y: string } {
  return { x: mmText(offset.xMm), y: mmText(offset.yMm) };
}
